/// The lines of a card that connectd keeps without reading them (an address, a photo, another
/// program's X- property): only lines that cannot stand in for connectd's own properties. A
/// line named UID, FN, EMAIL, X-CONNECTD-…, BEGIN or END would be read back in place of the
/// person's own value (the reader keeps the last one it sees), so an export or a synced card
/// could take over someone else's card; such lines are dropped, as are lines past the size bound.
public enum CardExtras {
    /// Most lines kept per person.
    public static let maxLines = 1000

    /// `lines` without what must not be kept, in order, within `ContactRecord.maxExtraBytes`.
    public static func sanitized(_ lines: [String]) -> [String] {
        var kept: [String] = []
        var labels: [(group: String, line: String)] = []
        var groups = Set<String>()
        var bytes = 0
        for line in lines.prefix(maxLines * 2) {
            guard !line.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }),
                  let content = VCardContentLine(Array(line.utf8)), !content.name.isEmpty else { continue }
            if content.name == "X-ABLABEL" {
                // The label of a kept property (an address's "Studio"): kept with it, never alone.
                if let group = content.group { labels.append((group, line)) }
                continue
            }
            guard keepsRaw(content), bytes + line.utf8.count <= ContactRecord.maxExtraBytes, kept.count < maxLines else { continue }
            bytes += line.utf8.count
            kept.append(line)
            if let group = content.group { groups.insert(group) }
        }
        for label in labels where groups.contains(label.group) && bytes + label.line.utf8.count <= ContactRecord.maxExtraBytes && kept.count < maxLines {
            bytes += label.line.utf8.count
            kept.append(label.line)
        }
        return kept
    }

    /// Whether the reader keeps a line as it is instead of reading it into a field: a property
    /// connectd does not use, a binary value, a birthday given as text. The one rule for both
    /// reading and writing, so that a kept line is kept again when the card is read back.
    static func keepsRaw(_ content: VCardContentLine) -> Bool {
        if content.encoding == "b" || content.encoding == "base64" { return true }
        if content.name == "BDAY" || content.name == "ANNIVERSARY", content.parameter("VALUE")?.lowercased() == "text" { return true }
        // A TZ given as an offset ("-05:00") or a URI names no zone: kept as it came.
        if content.name == "TZ", !isZoneName(content.rawValue) { return true }
        return isUnread(content.name)
    }

    /// Whether connectd leaves a property as it is (it neither reads it into a field nor writes it).
    private static func isUnread(_ name: String) -> Bool {
        switch name {
        case "BEGIN", "END", "VERSION", "FN", "N", "ORG", "TITLE", "NOTE", "UID", "KIND", "EMAIL", "TEL", "URL", "X-SOCIALPROFILE",
             "CATEGORIES", "BDAY", "ANNIVERSARY", "X-ABDATE", "RELATED", "X-ABRELATEDNAMES", "TZ", "REV", "X-ABLABEL", "PRODID", "X-CONNECTD-CADENCE", "X-CONNECTD-MET", "X-CONNECTD-INTO", "X-CONNECTD-FEED",
             "X-CONNECTD-LAST-CONTACT", "X-CONNECTD-IGNORED", "X-CONNECTD-DUE", "X-CONNECTD-ADDED", "X-CONNECTD-FIELD-REV":
            false
        default:
            !name.hasPrefix("X-CONNECTD-")
        }
    }

    /// "Asia/Tokyo", "UTC": letters first, then letters, digits and `_+-/`, without an offset's ':'.
    private static func isZoneName(_ value: some Collection<UInt8>) -> Bool {
        guard let first = value.first, (first | 0x20) >= 97, (first | 0x20) <= 122, value.count <= 200 else { return false }
        return value.allSatisfy { byte in
            (byte | 0x20 >= 97 && byte | 0x20 <= 122) || (byte >= 48 && byte <= 57) || "_+-/".utf8.contains(byte)
        }
    }
}
