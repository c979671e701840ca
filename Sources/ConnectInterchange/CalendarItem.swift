import ConnectCore
import Foundation

/// One iCalendar item (RFC 5545) of connectd's vdir mirror: a VJOURNAL for an interaction or a
/// reflection, a VTODO for a nudge. Written with CRLF, escaped and folded like vCards; read
/// tolerantly (LF endings and reordered properties come back from servers).
public struct CalendarItem: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case journal = "VJOURNAL"
        case todo = "VTODO"
    }

    public var kind: Kind
    public var uid: String
    /// DTSTAMP: when the item was last written (UTC).
    public var stamp: Date
    /// DTSTART: when the interaction happened, the reflection was written, the nudge fell due.
    public var start: Date?
    public var summary: String?
    public var description: String?
    public var categories: [String] = []
    /// VTODO: NEEDS-ACTION, COMPLETED or CANCELLED.
    public var status: String?
    /// X-CONNECTD-PERSON: the person's UID.
    public var person: String?
    /// X-CONNECTD-MACHINE: which machine claimed (delivered) a nudge.
    public var machine: String?
    /// X-CONNECTD-KIND: the interaction kind (SUMMARY is for people).
    public var interactionKind: String?
    /// X-CONNECTD-SLOT: the weekly prompt a reflection answers.
    public var slot: Date?
    /// X-CONNECTD-PROMPT: which prompt of the library that was.
    public var promptID: String?
    /// ATTENDEE: everyone at an interaction with several people (each by their UID).
    public var attendees: [Attendee] = []

    /// A person at an interaction: `ATTENDEE;CN=name:urn:x-connectd-person:UID` (the UID
    /// percent-encoded, so any UID is a valid address).
    public struct Attendee: Equatable, Sendable {
        public var uid: String
        public var name: String

        public init(uid: String, name: String) {
            self.uid = uid
            self.name = name
        }

        static let scheme = "urn:x-connectd-person:"

        var line: String {
            // A quoted parameter value holds anything but double quotes and control characters.
            let cn = String(name.unicodeScalars.filter { $0 != "\"" && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
            let kept = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~@")
            return "ATTENDEE;CN=\"\(cn)\":" + Self.scheme + (uid.addingPercentEncoding(withAllowedCharacters: kept) ?? "")
        }

        /// The UID of an ATTENDEE value connectd wrote; nil for any other address.
        static func uid(fromValue value: String) -> String? {
            guard value.lowercased().hasPrefix(scheme) else { return nil }
            return String(value.dropFirst(scheme.count)).removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    public init(kind: Kind, uid: String, stamp: Date) {
        self.kind = kind
        self.uid = uid
        self.stamp = stamp
    }

    /// The whole file: VCALENDAR around one item.
    public func text(product: String) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + product, "BEGIN:" + kind.rawValue, "UID:" + uid,
                     "DTSTAMP:" + VCardDate.basicUTC(stamp)]
        if let start { lines.append("DTSTART:" + VCardDate.basicUTC(start)) }
        if let summary { lines.append("SUMMARY:" + VCardText.escape(summary)) }
        if let description { lines.append("DESCRIPTION:" + VCardText.escape(description)) }
        if !categories.isEmpty { lines.append("CATEGORIES:" + categories.map(VCardText.escape).joined(separator: ",")) }
        if let status { lines.append("STATUS:" + status) }
        if let person { lines.append("X-CONNECTD-PERSON:" + VCardText.escape(person)) }
        if let machine { lines.append("X-CONNECTD-MACHINE:" + VCardText.escape(machine)) }
        if let interactionKind { lines.append("X-CONNECTD-KIND:" + interactionKind) }
        if let slot { lines.append("X-CONNECTD-SLOT:" + VCardDate.basicUTC(slot)) }
        if let promptID { lines.append("X-CONNECTD-PROMPT:" + VCardText.escape(promptID)) }
        lines += attendees.map(\.line)
        lines += ["END:" + kind.rawValue, "END:VCALENDAR"]
        return lines.map(VCardWriter.fold).joined()
    }

    /// The first VJOURNAL or VTODO of a file; nil when there is none or it has no UID.
    public static func parse(_ bytes: [UInt8]) throws -> CalendarItem? {
        var lines = VCardLineReader(source: MemoryBytes(bytes), lineLimit: VCardReader<MemoryBytes>.maxLineBytes)
        var item: CalendarItem?
        var inside = false
        while let line = try lines.next() {
            guard let content = VCardContentLine(line.bytes) else { continue }
            let value = String(decoding: content.rawValue, as: UTF8.self).trimmingSpaces
            let text = VCardText.unescape(value, version: "4.0")
            switch content.name {
            case "BEGIN":
                if let kind = Kind(rawValue: value.uppercased()), item == nil {
                    item = CalendarItem(kind: kind, uid: "", stamp: Date(timeIntervalSince1970: 0))
                    inside = true
                }
            case "END":
                if inside, Kind(rawValue: value.uppercased()) == item?.kind { inside = false }
            case _ where !inside: continue
            case "UID": item?.uid = text
            case "DTSTAMP": item?.stamp = VCardDate.timestamp(value) ?? Date(timeIntervalSince1970: 0)
            case "DTSTART": item?.start = VCardDate.timestamp(value)
            case "SUMMARY": item?.summary = text
            case "DESCRIPTION": item?.description = text
            case "CATEGORIES": item?.categories = VCardText.split(value, on: ",").map { VCardText.unescape($0, version: "4.0") }
            case "STATUS": item?.status = value.uppercased()
            case "X-CONNECTD-PERSON": item?.person = text
            // Names made for machines: whatever another machine (or someone) wrote, kept safe to show.
            case "X-CONNECTD-MACHINE": item?.machine = TextRules.token(text)
            case "X-CONNECTD-KIND": item?.interactionKind = value.lowercased()
            case "X-CONNECTD-SLOT": item?.slot = VCardDate.timestamp(value)
            case "X-CONNECTD-PROMPT": item?.promptID = TextRules.token(text)
            case "ATTENDEE":
                // At most as many as one interaction may have people: a forged file lists more.
                if let uid = Attendee.uid(fromValue: value), (item?.attendees.count ?? 0) < 64 { item?.attendees.append(Attendee(uid: uid, name: "")) }
            default: continue
            }
        }
        guard let item, !item.uid.isEmpty else { return nil }
        return item
    }
}
