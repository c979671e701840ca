/// What a text field may hold: no control characters (terminal escapes would run whenever the
/// text is shown), no bidi overrides, and a bounded length. One place for every field's rules.
public enum TextRules {
    public enum Field: String, Sendable {
        case name, met = "how you met", into = "'into' text", notes, note, tag, link, answer, followUp = "follow-up"
        case email = "e-mail address", phone = "phone number", organization, title, uid = "UID", label, news
        case reason = "pause's reason"
        case subject = "mail's subject"
        case place

        /// Longest accepted text, in characters.
        public var limit: Int {
            switch self {
            case .name, .reason, .subject, .place: 200
            case .tag, .label, .phone: 64
            case .email: 320
            case .organization, .title, .uid, .news: 500
            case .met, .into, .followUp: 1000
            case .link: 2000
            case .notes, .note, .answer: 10000
            }
        }

        /// Whether line breaks and tabs are allowed.
        var multiline: Bool { self == .notes || self == .note || self == .answer }
    }

    /// The text trimmed and without invisible marks, or a refusal naming the field.
    public static func check(_ text: String, _ field: Field) throws(CoreError) -> String {
        for scalar in text.unicodeScalars where scalar.properties.generalCategory == .control || isBidiControl(scalar) {
            if field.multiline, scalar == "\n" || scalar == "\t" || scalar == "\r" { continue }
            throw .controlCharacters(field: field.rawValue)
        }
        let trimmed = withoutInvisibleMarks(text).trimmingWhitespace
        guard trimmed.count <= field.limit else { throw .tooLong(field: field.rawValue, limit: field.limit) }
        return trimmed
    }

    /// Text from outside that is shown, not typed (a feed's title): control and bidi characters
    /// and invisible marks dropped, runs of whitespace made one space, cut at `limit` characters
    /// (with "…"). Never refuses: what is left is plain text safe to show.
    public static func cleaned(_ text: String, limit: Int) -> String {
        var result = ""
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                space = !result.isEmpty
                continue
            }
            if scalar.properties.generalCategory == .control { continue }
            if isBidiControl(scalar) || isInvisibleMark(scalar) { continue }
            if space { result.unicodeScalars.append(" ") }
            space = false
            result.unicodeScalars.append(scalar)
        }
        return result.count <= limit ? result : String(result.prefix(max(0, limit - 1))) + "…"
    }

    /// Embedding and override controls (U+202A...U+202E, U+2066...U+2069): they reorder what a
    /// terminal shows and can disguise text.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// A name made for machines (a machine's name in the vdir, a prompt's id): ASCII letters,
    /// digits, '-', '_' and '.', at most 64.
    public static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy(isTokenByte)
    }

    /// Such a name from outside made safe to keep and show: other characters become '?', and it is cut at 64.
    public static func token(_ text: String) -> String {
        String(decoding: text.utf8.prefix(64).map { isTokenByte($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 45 || byte == 95 || byte == 46
    }

    /// Marks that show nothing and mean nothing in a name or a note: a byte order mark, zero-width
    /// space, word joiner, Mongolian vowel separator, and the left-to-right, right-to-left and
    /// Arabic letter marks. A name that began with U+FEFF could never be found. (Zero-width
    /// joiners and non-joiners stay: emoji and scripts such as Persian need them.)
    public static func isInvisibleMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFEFF, 0x200B, 0x2060, 0x180E, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    static func withoutInvisibleMarks(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isInvisibleMark) else { return text }
        var result = ""
        result.unicodeScalars.append(contentsOf: text.unicodeScalars.filter { !isInvisibleMark($0) })
        return result
    }

    /// True when nothing in `text` would show: only spaces, format characters and combining marks.
    static func isInvisible(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator, .format, .nonspacingMark, .enclosingMark, .control: true
            default: scalar.properties.isDefaultIgnorableCodePoint
            }
        }
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines.
    var trimmingWhitespace: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
