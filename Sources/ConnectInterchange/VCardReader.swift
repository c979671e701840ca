import ConnectCore
import Foundation

/// Reads vCard 2.1, 3.0 and 4.0 files card by card, in bounded memory: each card becomes an
/// `ContactRecord`, each line or card that cannot be used an `ImportProblem` with its line.
/// Lenient where real exporters are sloppy (missing END, a line without ':', a BOM, `\:` in
/// URLs, folds inside UTF-8 sequences), and never guesses a value it cannot read.
public struct VCardReader<Source: ByteSource> {
    private var lines: VCardLineReader<Source>
    private var queue: [ImportItem] = []
    private var card: CardBuilder?
    private var outsideReported = false
    private var finished = false

    /// Longest logical line kept (a photo can be large); longer ones are reported and dropped.
    public static var maxLineBytes: Int { 8 << 20 }

    /// `lineLimit`: the longest line kept (tests use a small one).
    public init(source: Source, lineLimit: Int = maxLineBytes) {
        lines = VCardLineReader(source: source, lineLimit: lineLimit)
    }

    /// The next contact or problem, in file order; nil at the end.
    public mutating func next() throws -> ImportItem? {
        while queue.isEmpty, !finished { try step() }
        return queue.isEmpty ? nil : queue.removeFirst()
    }

    private mutating func step() throws {
        guard let line = try lines.next() else {
            if var open = card {
                open.contact.remarks.append("it has no END:VCARD and was read up to the end of the file")
                finish(open)
            }
            card = nil
            finished = true
            return
        }
        if line.tooLong {
            if card != nil {
                card!.note("the property on line \(line.number) (longer than \(Self.size(lines.lineLimit)))")
            } else {
                queue.append(.problem(ImportProblem(line: line.number, message: "a line longer than \(Self.size(lines.lineLimit)) was left out")))
            }
            return
        }
        if let open = card, open.isFull, !Self.startsCardBoundary(line.bytes) {
            // A card past its bound: its further lines are counted, not parsed.
            card!.skipProperty()
            return
        }
        guard let content = VCardContentLine(line.bytes) else {
            if card != nil {
                card!.note("line \(line.number) (a content line without ':')")
            } else if !outsideReported {
                queue.append(.problem(ImportProblem(line: line.number, message: "text outside BEGIN:VCARD ... END:VCARD was left out")))
                outsideReported = true
            }
            return
        }
        if content.name == "BEGIN", Self.value(content) == "VCARD" {
            if var open = card {
                open.contact.remarks.append("it has no END:VCARD and ends where the next card begins, on line \(line.number)")
                finish(open)
            }
            card = CardBuilder(line: line.number)
            outsideReported = false
            return
        }
        guard card != nil else {
            if !outsideReported {
                queue.append(.problem(ImportProblem(line: line.number, message: "text outside BEGIN:VCARD ... END:VCARD was left out")))
                outsideReported = true
            }
            return
        }
        if content.name == "END", Self.value(content) == "VCARD" {
            finish(card!)
            card = nil
            return
        }
        // In place: a copy of the card per property made reading quadratic in its properties.
        card!.add(content, line: line.number)
    }

    /// "8 MiB", "16 KiB".
    static func size(_ bytes: Int) -> String { bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB" }

    /// Whether a line may be BEGIN or END (so that a card past its bound still ends where it ends).
    private static func startsCardBoundary(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return first | 0x20 == UInt8(ascii: "b") || first | 0x20 == UInt8(ascii: "e")
    }

    /// A short value upper-cased without surrounding spaces (BEGIN and END), without decoding a long one.
    private static func value(_ content: VCardContentLine) -> String {
        guard content.rawValue.count <= 64 else { return "" }
        return String(decoding: content.rawValue, as: UTF8.self).trimmingSpaces.uppercased()
    }

    private mutating func finish(_ builder: CardBuilder) {
        switch builder.build() {
        case .success(let contact): queue.append(.contact(contact))
        case .failure(let problem): queue.append(.problem(problem))
        }
    }
}

/// The properties of one card as they come, then the contact they make. Bounded: at most
/// `maxProperties` properties and `ContactRecord.maxListValues` values per list are read, and
/// `ContactRecord.maxExtraBytes` of properties connectd does not use are kept (as raw lines).
private struct CardBuilder {
    let line: Int
    var version = "3.0"
    var formattedName: String?
    var nameParts: [String] = []
    var organization: [String] = []
    var labels: [String: String] = [:]
    /// The raw X-ABLabel line of each group, kept when the group's property is kept raw too.
    var labelLines: [String: String] = [:]
    var pendingLabels: [(group: String, kind: Kind, index: Int)] = []
    var kind: String?
    var contact: ContactRecord
    var properties = 0
    var extraBytes = 0
    /// What was left out, counted ("e-mail addresses": 99000 beyond the first 1000; 0 when not
    /// counted), said once at the end; and the properties past `maxProperties`.
    var droppedValues: [String: Int] = [:]
    var skippedProperties = 0
    var unreadable = 0

    static let maxProperties = 5_000

    /// Past its bound: further properties are counted and left out.
    var isFull: Bool { properties >= Self.maxProperties }

    mutating func skipProperty() {
        properties += 1
        skippedProperties += 1
    }

    enum Kind { case email, phone, url, date, relation }

    init(line: Int) {
        self.line = line
        contact = ContactRecord(line: line, name: "")
    }

    /// Notes a value that could not be used (the card itself is still used).
    mutating func note(_ what: String) {
        if contact.leftOut.count < 20 { contact.leftOut.append(what) } else { unreadable += 1 }
    }

    /// Whether a list may take one more value; counts what it may not (`what` names the list).
    private mutating func room(_ count: Int, _ what: StaticString) -> Bool {
        guard count < ContactRecord.maxListValues else {
            droppedValues[what.description, default: 0] += 1
            return false
        }
        return true
    }

    /// Takes one property; a value that cannot be read is noted in the contact's `leftOut` (the
    /// card itself is still used).
    mutating func add(_ content: VCardContentLine, line number: Int) {
        properties += 1
        guard properties <= Self.maxProperties else {
            skippedProperties += 1
            return
        }
        if CardExtras.keepsRaw(content) {
            keepRaw(content, line: number)
            return
        }
        guard content.rawValue.count <= Self.rawLimit(content.name) else {
            note("the \(content.name) on line \(number) (longer than the \(Self.rawLimit(content.name) >> 10) KiB connectd reads)")
            return
        }
        guard let decoded = VCardText.decode(content.rawValue, quotedPrintable: content.encoding == "quoted-printable",
                                             charset: content.parameter("CHARSET")) else {
            let charset = content.parameter("CHARSET").map { " (\($0.prefix(20)), a character set connectd does not read)" } ?? " (not valid UTF-8)"
            note("the \(content.name) on line \(number)\(charset)")
            return
        }
        let text = decoded.trimmingSpaces
        let cardVersion = version
        func unescaped() -> String { VCardText.unescape(text, version: cardVersion).trimmingWhitespace }
        switch content.name {
        case "PRODID": break // the program that wrote it: connectd writes its own
        case "VERSION": version = text
        case "FN": formattedName = unescaped()
        case "N": nameParts = VCardText.split(text, on: ";", limit: 8).map { VCardText.unescape($0, version: version).trimmingSpaces }
        case "ORG": organization = VCardText.split(text, on: ";", limit: 8).map { VCardText.unescape($0, version: version).trimmingSpaces }
        case "TITLE": contact.title = nonEmpty(unescaped())
        case "NOTE": contact.note = nonEmpty(unescaped())
        case "UID": contact.uid = nonEmpty(unescaped())
        case "KIND": kind = text.lowercased()
        case "EMAIL":
            if let value = nonEmpty(unescaped()), room(contact.emails.count, "e-mail addresses") {
                contact.emails.append(ContactPoint(value: value, types: content.types.filter { $0 != "internet" }, label: content.parameter("LABEL")))
                remember(content.group, .email, contact.emails.count - 1)
            }
        case "TEL":
            var value = unescaped()
            if value.lowercased().hasPrefix("tel:") { value = String(value.dropFirst(4)) }
            if let value = nonEmpty(value), room(contact.phones.count, "phone numbers") {
                contact.phones.append(ContactPoint(value: value, types: content.types, label: content.parameter("LABEL")))
                remember(content.group, .phone, contact.phones.count - 1)
            }
        case "URL", "X-SOCIALPROFILE":
            if let value = nonEmpty(unescaped()), value.contains(":") || value.contains("."), room(contact.urls.count, "links") {
                contact.urls.append(value)
                remember(content.group, .url, contact.urls.count - 1)
            }
        case "CATEGORIES":
            let room = ContactRecord.maxListValues - contact.categories.count
            let values = VCardText.split(text, on: ",", limit: room + 1)
            if values.count > room { droppedValues["tags"] = 0 }
            contact.categories += values.prefix(room).compactMap { nonEmpty(VCardText.unescape($0, version: version).trimmingSpaces) }
        case "BDAY":
            guard var birthday = YearlyDate.parse(text) else {
                note("the birthday '\(text.prefix(40))' (not a date like 1990-05-17 or --05-17)")
                return
            }
            if let omitted = content.parameter("X-APPLE-OMIT-YEAR"), Int(omitted) == birthday.year {
                birthday = YearlyDate(year: nil, month: birthday.month, day: birthday.day) ?? birthday
            }
            contact.birthday = birthday
        case "ANNIVERSARY", "X-ABDATE":
            guard var date = YearlyDate.parse(text) else {
                note("the date '\(text.prefix(40))' (not a date like 2004-10-05 or --10-05)")
                return
            }
            if let omitted = content.parameter("X-APPLE-OMIT-YEAR"), Int(omitted) == date.year {
                date = YearlyDate(year: nil, month: date.month, day: date.day) ?? date
            }
            if room(contact.dates.count, "dates") {
                // Apple's and Google's dates are named by their group's X-ABLabel (read at the end).
                contact.dates.append(ImportantDate(label: content.name == "ANNIVERSARY" ? ImportantDate.anniversary : "date", date: date))
                if content.name == "X-ABDATE" { remember(content.group, .date, contact.dates.count - 1) }
            }
        case "RELATED", "X-ABRELATEDNAMES":
            var value = unescaped()
            var uid = content.parameter("X-CONNECTD-UID")
            if value.lowercased().hasPrefix("urn:uuid:") {
                uid = String(value.dropFirst("urn:uuid:".count))
                value = content.parameter("X-CONNECTD-NAME") ?? uid ?? value
            }
            if let name = nonEmpty(value), room(contact.related.count, "relationships") {
                contact.related.append(Relation(name: name, type: content.types.first { $0 != "pref" } ?? "related", uid: uid.flatMap(nonEmpty)))
                if content.name == "X-ABRELATEDNAMES" { remember(content.group, .relation, contact.related.count - 1) }
            }
        case "TZ": contact.timeZone = nonEmpty(unescaped())
        case "REV": contact.revision = VCardDate.timestamp(text)
        case "X-ABLABEL":
            if let group = content.group {
                labels[group] = Self.appleLabel(unescaped())
                let line = content.text
                if extraBytes + line.utf8.count <= ContactRecord.maxExtraBytes {
                    extraBytes += line.utf8.count
                    labelLines[group] = line
                }
            }
        case "X-CONNECTD-CADENCE": contact.cadence = nonEmpty(unescaped())
        case "X-CONNECTD-MET": contact.met = nonEmpty(unescaped())
        case "X-CONNECTD-INTO": contact.interests = nonEmpty(unescaped())
        case "X-CONNECTD-FEED": contact.feed = nonEmpty(unescaped())
        case "X-CONNECTD-LAST-CONTACT": contact.lastContact = VCardDate.timestamp(text)
        case "X-CONNECTD-IGNORED": contact.ignored = text.lowercased() == "true"
        case "X-CONNECTD-DUE": contact.dueOverride = VCardDate.timestamp(text)
        case "X-CONNECTD-ADDED": contact.addedAt = VCardDate.timestamp(text)
        case "X-CONNECTD-FIELD-REV":
            for pair in text.split(separator: ",").prefix(64) {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, let field = PersonField(rawValue: parts[0].trimmingSpaces),
                   let date = VCardDate.timestamp(parts[1].trimmingSpaces) {
                    contact.fieldRevisions[field] = date
                }
            }
        default: keepRaw(content, line: number)
        }
    }

    /// The longest raw value of a property read into a field that is worth decoding: past the
    /// field's own limit (in characters) even when every character takes 4 bytes, quoted-printable
    /// besides. Checked here, on the reader's thread, so that the loop never checks a huge value.
    static func rawLimit(_ name: String) -> Int {
        switch name {
        case "NOTE": 128 << 10
        case "CATEGORIES": 256 << 10
        case "URL", "X-SOCIALPROFILE": 8 << 10
        case "FN", "N", "ORG", "TITLE", "X-CONNECTD-MET", "X-CONNECTD-INTO": 16 << 10
        default: 4 << 10
        }
    }

    /// A property connectd does not use (an address, a photo, another program's X-), kept as
    /// its line so that writing the card again loses nothing; bounded in size.
    private mutating func keepRaw(_ content: VCardContentLine, line number: Int) {
        let text = content.text
        guard extraBytes + text.utf8.count <= ContactRecord.maxExtraBytes else {
            note("the \(content.name.prefix(40)) on line \(number) (connectd keeps at most \(ContactRecord.maxExtraBytes >> 10) KiB of properties it does not use)")
            return
        }
        extraBytes += text.utf8.count
        contact.extraLines.append(text)
    }

    private mutating func remember(_ group: String?, _ kind: Kind, _ index: Int) {
        if let group { pendingLabels.append((group, kind, index)) }
    }

    /// Apple's `_$!<HomePage>!$_` codes become plain words; custom labels stay as written.
    static func appleLabel(_ label: String) -> String {
        guard label.hasPrefix("_$!<"), label.hasSuffix(">!$_") else { return label }
        return String(label.dropFirst(4).dropLast(4)).lowercased()
    }

    private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// The contact, or why the card is not one.
    func build() -> Result<ContactRecord, ImportProblem> {
        if kind == "group" || kind == "location" {
            return .failure(ImportProblem(line: line, message: "a \(kind ?? "") card (not a person) was left out"))
        }
        var contact = self.contact
        for (what, count) in droppedValues.sorted(by: { $0.key < $1.key }) {
            let limit = "\(what) beyond the first \(ContactRecord.maxListValues)"
            contact.leftOut.append(count > 0 ? "\(count) \(limit)" : limit)
        }
        if unreadable > 0 { contact.leftOut.append("\(unreadable) other values that could not be read") }
        if skippedProperties > 0 { contact.leftOut.append("\(skippedProperties) properties beyond the first \(Self.maxProperties)") }
        let used = Set(pendingLabels.map(\.group))
        // The label of a property kept raw (an address's "Studio") stays with it.
        for (group, line) in labelLines.sorted(by: { $0.key < $1.key }) where !used.contains(group) {
            contact.extraLines.append(line)
        }
        for (group, kind, index) in pendingLabels {
            guard let label = labels[group] else { continue }
            switch kind {
            case .email: contact.emails[index].label = label
            case .phone: contact.phones[index].label = label
            case .url: break
            case .date: contact.dates[index].label = label
            case .relation: contact.related[index].type = label.lowercased()
            }
        }
        contact.organization = organization.first.flatMap(nonEmpty)
        let fromN = [nameParts.count > 3 ? nameParts[3] : "", nameParts.count > 1 ? nameParts[1] : "",
                     nameParts.count > 2 ? nameParts[2] : "", nameParts.first ?? "", nameParts.count > 4 ? nameParts[4] : ""]
            .filter { !$0.isEmpty }.joined(separator: " ")
        let candidates = [formattedName ?? "", fromN, contact.organization ?? "", contact.emails.first?.value ?? "", contact.phones.first?.value ?? ""]
        guard let name = candidates.first(where: { !$0.isEmpty }) else {
            return .failure(ImportProblem(line: line, message: "a card without any name, organization, e-mail address or phone number was left out"))
        }
        contact.name = name
        return .success(contact)
    }
}
