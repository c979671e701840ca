import Foundation

/// One unfolded vCard line split into its parts: `[group "."] name *(";" param) ":" value`
/// (RFC 6350 §3.3). Names are upper-cased; parameter names too, and TYPE values lower-cased and
/// split on commas (also when quoted). A 2.1 parameter without `=` is a TYPE value, or the
/// ENCODING / VALUE it names. The value is kept as raw bytes: decoding depends on the property.
struct VCardContentLine {
    var group: String?
    var name: String
    var parameters: [(name: String, values: [String])]
    var rawValue: ArraySlice<UInt8>
    /// The whole line.
    private let bytes: [UInt8]

    /// Nil when the line has no ':' (outside quotes) or no name.
    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        var quoted = false
        var colon: Int?
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == UInt8(ascii: ":"), !quoted {
                colon = index
                break
            }
        }
        guard let colon else { return nil }
        rawValue = bytes[(colon + 1)...]
        parameters = []
        // The name (and group) from the bytes: most lines have no parameters at all, and this is
        // the reader's hottest path (a card of 40,000 lines once held the loop 120 ms).
        let semicolon = bytes[..<colon].firstIndex(of: UInt8(ascii: ";")) ?? colon
        var nameBytes = bytes[..<semicolon]
        while let first = nameBytes.first, first == 0x20 || first == 0x09 { nameBytes = nameBytes.dropFirst() }
        while let last = nameBytes.last, last == 0x20 || last == 0x09 { nameBytes = nameBytes.dropLast() }
        if let dot = nameBytes.firstIndex(of: UInt8(ascii: ".")) {
            group = String(decoding: nameBytes[..<dot].map(Self.lower), as: UTF8.self)
            nameBytes = nameBytes[(dot + 1)...]
        }
        name = String(decoding: nameBytes.map(Self.upper), as: UTF8.self)
        guard !name.isEmpty else { return nil }
        guard semicolon < colon else { return }
        let head = String(decoding: bytes[(semicolon + 1)..<colon], as: UTF8.self)
        for part in Self.splitParameters(head) {
            let text = part.trimmingSpaces
            guard !text.isEmpty else { continue }
            if let equals = text.firstIndex(of: "=") {
                let key = text[..<equals].trimmingSpaces.uppercased()
                let value = text[text.index(after: equals)...].trimmingSpaces
                parameters.append((key, Self.parameterValues(value, splitCommas: key == "TYPE")))
            } else {
                switch text.uppercased() {
                case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B": parameters.append(("ENCODING", [text.lowercased()]))
                case "INLINE", "URL", "URI", "CID", "CONTENT-ID": parameters.append(("VALUE", [text.lowercased()]))
                default: parameters.append(("TYPE", [text.lowercased()]))
                }
            }
        }
    }

    private static func upper(_ byte: UInt8) -> UInt8 { byte >= 97 && byte <= 122 ? byte - 32 : byte }
    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// The whole unfolded line as it came (to keep a property connectd does not use).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Values of a parameter (first name wins for single-valued ones).
    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.values.first
    }

    /// Every TYPE value, lower-cased, without duplicates; `PREF=1` counts as "pref".
    var types: [String] {
        var seen = Set<String>()
        var result: [String] = []
        for parameter in parameters where parameter.name == "TYPE" {
            for value in parameter.values {
                let lower = value.lowercased()
                if !lower.isEmpty, seen.insert(lower).inserted { result.append(lower) }
            }
        }
        if parameter("PREF") != nil, seen.insert("pref").inserted { result.append("pref") }
        return result
    }

    var encoding: String? { parameter("ENCODING")?.lowercased() }

    /// Splits on ';' outside double quotes.
    private static func splitParameters(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == ";", !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    /// A parameter's values: quotes removed, RFC 6868 caret escapes decoded, split on commas.
    private static func parameterValues(_ text: String, splitCommas: Bool) -> [String] {
        var values: [String] = []
        var current = ""
        var quoted = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\"": quoted.toggle()
            case "^":
                switch iterator.next() {
                case "n": current.append("\n")
                case "'": current.append("\"")
                case "^": current.append("^")
                case let other?: current.append("^"); current.append(other)
                case nil: current.append("^")
                }
            case "," where splitCommas || !quoted:
                values.append(current)
                current = ""
            default: current.append(character)
            }
        }
        values.append(current)
        return values.map { $0.trimmingSpaces }
    }
}
