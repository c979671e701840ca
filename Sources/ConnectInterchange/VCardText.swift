import Foundation

/// Decoding and encoding of vCard values: quoted-printable, charsets, escapes, compound values
/// and lists (RFC 6350 §3.4, RFC 2426 §4, vCard 2.1 §2.1.3).
enum VCardText {
    /// Text from a value's bytes: quoted-printable decoded when the line says so, then read in
    /// its CHARSET (UTF-8 unless a 2.1 line names another). Nil when the bytes are not text in
    /// that charset, or the charset is not one connectd reads.
    static func decode(_ raw: ArraySlice<UInt8>, quotedPrintable: Bool, charset: String?) -> String? {
        let bytes = quotedPrintable ? Self.quotedPrintable(raw) : Array(raw)
        switch charset?.lowercased() {
        case nil, "utf-8", "utf8", "us-ascii", "ascii":
            return String(validating: bytes, as: UTF8.self)
        case "iso-8859-1", "latin1", "iso8859-1":
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        case "windows-1252", "cp1252":
            return String(bytes: bytes, encoding: .windowsCP1252)
        case "shift_jis", "shift-jis", "sjis":
            return String(bytes: bytes, encoding: .shiftJIS)
        default:
            // UTF-7 and the like: read as UTF-8 they would be stored as their encoding ("+AGE-").
            return nil
        }
    }

    /// `=XX` octets; anything else as it is (soft line breaks were joined by the line reader).
    static func quotedPrintable(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(raw.count)
        var index = raw.startIndex
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "="), index + 2 < raw.endIndex, let high = hex(raw[index + 1]), let low = hex(raw[index + 2]) {
                result.append(high << 4 | low)
                index += 3
            } else {
                result.append(byte)
                index += 1
            }
        }
        return result
    }

    /// Splits on `separator` where it is not escaped with a backslash; escapes stay for `unescape`.
    /// At most `limit` parts: the text after the last one is not read.
    static func split(_ text: String, on separator: Character, limit: Int = .max) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if parts.count >= limit { return parts }
            if escaped {
                current.append("\\")
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        parts.append(current)
        return parts
    }

    /// Undoes TEXT escapes: `\\` `\,` `\;` `\:` and `\n` / `\N` (2.1 only knows `\;`, `\\` and
    /// Android's `\n`); an unknown escape keeps both characters. Line breaks become LF.
    static func unescape(_ text: String, version: String) -> String {
        guard text.contains("\\") || text.contains("\r") else { return text }
        var result = ""
        var escaped = false
        let legacy = version == "2.1"
        for character in text {
            if escaped {
                if character == "n" || character == "N" {
                    result.append("\n")
                } else if character == "\\" || character == ";" || (!legacy && (character == "," || character == ":")) {
                    result.append(character)
                } else {
                    result.append("\\")
                    result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// TEXT escaping for writing (RFC 6350 §3.4): backslash, line breaks, comma, semicolon.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": continue
            case ",": result += "\\,"
            case ";": result += "\\;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
