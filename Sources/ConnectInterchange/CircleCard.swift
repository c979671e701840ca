import ConnectCore
import Foundation

/// A circle in the vdir: a vCard 4 group card (`KIND:group`, RFC 6350 §6.1.4) named by its tag,
/// with its cadence, its maximum and the people tagged (`MEMBER`, §6.6.5). Membership is the
/// tag on each person's card; `MEMBER` only lets address books show the group, and is not read.
public struct CircleCard: Equatable, Sendable {
    public var name: String
    /// Cadences as connectd writes them ("1m", "6w"); checked by whoever applies the card.
    public var every: String
    public var atMost: String?
    public var revision: Date
    /// People's UIDs (at most `maxMembers` are written).
    public var members: [String]

    public static let maxMembers = 2_000

    public init(name: String, every: String, atMost: String?, revision: Date, members: [String] = []) {
        self.name = name
        self.every = every
        self.atMost = atMost
        self.revision = revision
        self.members = members
    }

    public static func uid(_ name: String) -> String { ItemIdentity.circle(name) }

    public func text(product: String) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:4.0", "PRODID:" + product, "KIND:group", "UID:" + VCardText.escape(Self.uid(name)),
                     "FN:" + VCardText.escape(name), "X-CONNECTD-CIRCLE:" + VCardText.escape(name), "X-CONNECTD-CIRCLE-EVERY:" + every]
        if let atMost { lines.append("X-CONNECTD-CIRCLE-AT-MOST:" + atMost) }
        lines.append("NOTE:" + VCardText.escape("connectd keeps in touch with everyone tagged \(name) every \(every)"
                                                + (atMost.map { "; past \($0) they count as overdue." } ?? ".")))
        lines.append("REV:" + VCardDate.basicUTC(revision))
        lines += members.prefix(Self.maxMembers).compactMap(Self.memberURI).map { "MEMBER:" + $0 }
        lines.append("END:VCARD")
        return lines.map(VCardWriter.fold).joined()
    }

    /// A member as a URI: a UUID as `urn:uuid:`, a UID that is a URI already as it is; other
    /// UIDs cannot be named in MEMBER and are left out (the tag still holds them).
    static func memberURI(_ uid: String) -> String? {
        if UUID(uuidString: uid) != nil { return "urn:uuid:" + uid.lowercased() }
        if uid.contains(":"), !uid.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" }) { return uid }
        return nil
    }

    public enum Parsed: Equatable {
        /// Not a circle's card (a person, another program's group).
        case notCircle
        case circle(CircleCard)
        /// A circle's card that cannot be used: why.
        case unusable(String)
    }

    /// Reads a card that may be a circle's: one with `X-CONNECTD-CIRCLE` (or a circle's UID).
    public static func parse(_ bytes: [UInt8]) -> Parsed {
        // Most cards are people's: a look for "circle" spares them a second reading.
        guard mentionsCircle(bytes) else { return .notCircle }
        var reader = VCardLineReader(source: MemoryBytes(bytes), lineLimit: 64 << 10)
        var fields: [String: String] = [:]
        var members: [String] = []
        while let line = try? reader.next() {
            guard !line.tooLong, let content = VCardContentLine(line.bytes) else { continue }
            let value = VCardText.unescape(String(decoding: content.rawValue, as: UTF8.self), version: "4.0").trimmingSpaces
            switch content.name {
            case "MEMBER": if members.count < maxMembers { members.append(value) }
            case "UID", "KIND", "REV", "X-CONNECTD-CIRCLE", "X-CONNECTD-CIRCLE-EVERY", "X-CONNECTD-CIRCLE-AT-MOST":
                if fields[content.name] == nil { fields[content.name] = value }
            default: break
            }
        }
        guard let name = fields["X-CONNECTD-CIRCLE"] else {
            return fields["UID"]?.hasPrefix(ItemIdentity.circlePrefix) == true ? .unusable("a circle's card without X-CONNECTD-CIRCLE") : .notCircle
        }
        guard fields["KIND"]?.lowercased() == "group" else { return .unusable("a circle's card must be KIND:group") }
        guard fields["UID"] == uid(name) else { return .unusable("a circle's card has the UID \(uid(name))") }
        guard let every = fields["X-CONNECTD-CIRCLE-EVERY"], !every.isEmpty else { return .unusable("the circle's card has no X-CONNECTD-CIRCLE-EVERY") }
        guard let revision = fields["REV"].flatMap(VCardDate.timestamp) else { return .unusable("the circle's card has no REV") }
        return .circle(CircleCard(name: name, every: every, atMost: fields["X-CONNECTD-CIRCLE-AT-MOST"].flatMap { $0.isEmpty ? nil : $0 },
                                  revision: revision, members: members))
    }

    /// Whether "circle" (in any case) is in the bytes.
    static func mentionsCircle(_ bytes: [UInt8]) -> Bool {
        let word = Array("circle".utf8)
        guard bytes.count >= word.count else { return false }
        var index = 0
        while index <= bytes.count - word.count {
            var matched = 0
            while matched < word.count, bytes[index + matched] | 0x20 == word[matched] { matched += 1 }
            if matched == word.count { return true }
            index += 1
        }
        return false
    }
}
