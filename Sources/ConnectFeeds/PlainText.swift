import ConnectCore

/// Text from a feed or a page made plain: tags dropped, character references and the common
/// named entities decoded, control characters and terminal escapes dropped, whitespace made
/// single spaces. A title is shown in a terminal and a notification, never interpreted.
public enum PlainText {
    static let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–",
                                          "mdash": "—", "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "copy": "©"]

    /// Linear in the text, which is cut at four times `limit` first.
    public static func from(html whole: String, limit: Int = 300) -> String {
        let text = whole.prefix(limit * 4)
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<" {
                // A '<' without a '>' after it is text, and so is everything after it.
                guard let close = text[index...].firstIndex(of: ">") else {
                    out += text[index...]
                    break
                }
                out.append(" ")
                index = text.index(after: close)
                continue
            }
            if character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let name = String(text[text.index(after: index)..<semicolon])
                if let decoded = decode(name) {
                    out.append(decoded)
                    index = text.index(after: semicolon)
                    continue
                }
            }
            out.append(character)
            index = text.index(after: index)
        }
        return cleaned(out, limit: limit)
    }

    static func decode(_ name: String) -> String? {
        if let value = named[name] { return value }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let code = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        return code.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
    }

    /// Control and bidi characters dropped, whitespace collapsed, cut at `limit` (Core's rule).
    public static func cleaned(_ text: String, limit: Int) -> String { TextRules.cleaned(text, limit: limit) }
}
