import ConnectCore
import Foundation

/// Writes vCard 4.0 (RFC 6350): CRLF line ends, TEXT escaped, lines folded at 75 octets without
/// splitting a UTF-8 sequence, no BOM. connectd's own fields go in X-CONNECTD-* properties so
/// that an export imports back with nothing lost.
public enum VCardWriter {
    public static func card(_ contact: ContactRecord, product: String) -> String {
        var lines: [String] = ["BEGIN:VCARD", "VERSION:4.0", "PRODID:" + product]
        if let uid = contact.uid { lines.append("UID:" + uid) }
        lines.append("FN:" + VCardText.escape(contact.name))
        lines.append("N:" + structuredName(contact.name).map(VCardText.escape).joined(separator: ";"))
        for email in contact.emails { lines.append("EMAIL" + typeParameters(email) + ":" + VCardText.escape(email.value)) }
        for phone in contact.phones { lines.append("TEL;VALUE=text" + typeParameters(phone) + ":" + VCardText.escape(phone.value)) }
        if let organization = contact.organization { lines.append("ORG:" + VCardText.escape(organization)) }
        if let title = contact.title { lines.append("TITLE:" + VCardText.escape(title)) }
        if let birthday = contact.birthday { lines.append("BDAY:" + basic(birthday)) }
        // The anniversary as vCard 4 has it; other dates as Apple and Google write them (a
        // group of the date and its label), which their address books and connectd read back.
        var group = 0
        for date in contact.dates {
            if date.label == ImportantDate.anniversary, !lines.contains(where: { $0.hasPrefix("ANNIVERSARY:") }) {
                lines.append("ANNIVERSARY:" + basic(date.date))
            } else {
                group += 1
                lines.append("date\(group).X-ABDATE:" + date.date.description)
                lines.append("date\(group).X-ABLabel:" + VCardText.escape(date.label))
            }
        }
        for relation in contact.related {
            var line = "RELATED;TYPE=" + parameterValue(relation.type) + ";VALUE=text"
            if let uid = relation.uid { line += ";X-CONNECTD-UID=" + parameterValue(uid) }
            lines.append(line + ":" + VCardText.escape(relation.name))
        }
        if let zone = contact.timeZone { lines.append("TZ:" + VCardText.escape(zone)) }
        for url in contact.urls { lines.append("URL:" + url) }
        if !contact.categories.isEmpty { lines.append("CATEGORIES:" + contact.categories.map(VCardText.escape).joined(separator: ",")) }
        if let note = contact.note { lines.append("NOTE:" + VCardText.escape(note)) }
        if let cadence = contact.cadence { lines.append("X-CONNECTD-CADENCE:" + VCardText.escape(cadence)) }
        if let met = contact.met { lines.append("X-CONNECTD-MET:" + VCardText.escape(met)) }
        if let interests = contact.interests { lines.append("X-CONNECTD-INTO:" + VCardText.escape(interests)) }
        if let feed = contact.feed { lines.append("X-CONNECTD-FEED:" + VCardText.escape(feed)) }
        if let last = contact.lastContact { lines.append("X-CONNECTD-LAST-CONTACT:" + VCardDate.basicUTC(last)) }
        if contact.ignored { lines.append("X-CONNECTD-IGNORED:true") }
        if let added = contact.addedAt { lines.append("X-CONNECTD-ADDED:" + VCardDate.basicUTC(added)) }
        if let due = contact.dueOverride { lines.append("X-CONNECTD-DUE:" + VCardDate.basicUTC(due)) }
        if !contact.fieldRevisions.isEmpty {
            let revisions = contact.fieldRevisions.sorted { $0.key.rawValue < $1.key.rawValue }
            lines.append("X-CONNECTD-FIELD-REV:" + revisions.map { "\($0.key.rawValue)=" + VCardDate.basicUTC($0.value) }.joined(separator: ","))
        }
        if let revision = contact.revision { lines.append("REV:" + VCardDate.basicUTC(revision)) }
        // What another program put on the card, as it came (unfolded): written back unchanged,
        // except what could stand in for connectd's own properties.
        lines += CardExtras.sanitized(contact.extraLines)
        lines.append("END:VCARD")
        return lines.map(fold).joined()
    }

    /// `;TYPE=work,pref` and, for an address book's own label, `;LABEL="Studio"`; empty without.
    private static func typeParameters(_ point: ContactPoint) -> String {
        var text = ""
        let types = point.types.filter { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
        if !types.isEmpty { text += ";TYPE=" + types.joined(separator: ",") }
        if let label = point.label, !label.isEmpty { text += ";LABEL=\"" + caretEncoded(label) + "\"" }
        return text
    }

    /// A parameter value: as it is when it is a token ("child"), else quoted ("best friend").
    private static func parameterValue(_ value: String) -> String {
        value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } && !value.isEmpty ? value : "\"" + caretEncoded(value) + "\""
    }

    /// RFC 6868: ^ and " in a parameter value are caret-encoded; line breaks too.
    private static func caretEncoded(_ value: String) -> String {
        value.replacingOccurrences(of: "^", with: "^^").replacingOccurrences(of: "\"", with: "^'").replacingOccurrences(of: "\n", with: "^n")
    }

    /// "19901017", or "--1017" without a year: BDAY's and ANNIVERSARY's basic form.
    private static func basic(_ date: YearlyDate) -> String {
        let month = date.month < 10 ? "0\(date.month)" : "\(date.month)"
        let day = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        return (date.year.map { String(repeating: "0", count: max(0, 4 - String($0).count)) + String($0) } ?? "--") + month + day
    }

    /// N from a display name: the last word as family name, the rest as given names. Readers
    /// that show N (khard) then show the person; connectd itself reads FN.
    static func structuredName(_ name: String) -> [String] {
        let words = name.split(separator: " ").map(String.init)
        guard words.count > 1 else { return [name, "", "", "", ""] }
        return [words.last!, words.dropLast().joined(separator: " "), "", "", ""]
    }

    /// One content line with CRLF, folded so that no line exceeds 75 octets.
    static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line + "\r\n" }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 70 * 3 + 2)
        var start = 0
        var limit = 75
        while start < bytes.count {
            var end = min(start + limit, bytes.count)
            // Never cut inside a UTF-8 sequence: back up to a lead byte.
            while end < bytes.count, end > start + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            if start > 0 { result += [0x0D, 0x0A, 0x20] }
            result += bytes[start..<end]
            start = end
            limit = 74
        }
        result += [0x0D, 0x0A]
        return String(decoding: result, as: UTF8.self)
    }
}
