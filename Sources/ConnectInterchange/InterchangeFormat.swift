/// The kinds of file `connectctl import` takes, told apart by their content (the name may lie).
public enum InterchangeFormat: String, Sendable, CaseIterable {
    case vcard
    case linkedIn = "linkedin-csv"
    case json

    /// The format of a file from its first bytes; nil when it is none of them.
    public static func detect(_ start: ArraySlice<UInt8>) -> InterchangeFormat? {
        var bytes = start.prefix(65536)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else { return nil }
        let rest = bytes[first...]
        if rest.first == UInt8(ascii: "{") { return .json }
        if String(decoding: rest.prefix(11), as: UTF8.self).uppercased() == "BEGIN:VCARD" { return .vcard }
        if LinkedInFormat.looksLikeConnections(rest) { return .linkedIn }
        return nil
    }

    /// What `detect` could not recognise, in words for the user.
    public static let expected = "a vCard file (.vcf: BEGIN:VCARD ...), LinkedIn's Connections.csv, or the JSON of 'connectctl export --format json'"
}
