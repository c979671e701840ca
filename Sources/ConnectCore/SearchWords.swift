/// How text is cut into the words a search finds, for the index and for the query alike: runs
/// of letters, marks and digits, folded as names are (`NameKey.fold`: "Łukasz" is found by
/// "lukasz", "Zoë" by "zoe"); in scripts written without spaces (Chinese, Japanese, Korean)
/// each character is a word of its own, so that a query of several characters is a phrase and
/// finds them inside a longer word ("東京" in "東京大学").
///
/// The search index remembers words made by this code: a change to what it produces must come
/// with a new tokenizer name and a migration that builds the index again.
public enum SearchWords {
    /// A word: its folded form and where it stands in the text (UTF-8 byte offsets).
    public struct Word: Equatable, Sendable {
        public var folded: String
        public var bytes: Range<Int>
        /// Written without spaces: one character, part of a phrase with its neighbours.
        public var isCharacter: Bool
    }

    /// The words of `text`, in order.
    public static func words(_ text: String) -> [Word] {
        var text = text
        return text.withUTF8 { buffer in
            var result: [Word] = []
            forEach(in: buffer) { result.append($0) }
            return result
        }
    }

    /// Calls `body` with each word of the UTF-8 bytes `text`, in order. Bytes that are not
    /// UTF-8 separate words and are never part of one.
    public static func forEach(in text: UnsafeBufferPointer<UInt8>, _ body: (Word) -> Void) {
        var start: Int? = nil
        var ascii = true
        var offset = 0
        func finish(at end: Int) {
            guard let begin = start else { return }
            start = nil
            let slice = UnsafeBufferPointer(rebasing: text[begin..<end])
            let folded = ascii ? String(decoding: slice.map(lowercasedASCII), as: UTF8.self)
                               : NameKey.fold(String(decoding: slice, as: UTF8.self)).replacingSpaces()
            if !folded.isEmpty { body(Word(folded: folded, bytes: begin..<end, isCharacter: false)) }
        }
        while offset < text.count {
            guard let (scalar, width) = decode(text, at: offset) else {
                finish(at: offset)
                offset += 1
                continue
            }
            if isCharacterWord(scalar) {
                finish(at: offset)
                let folded = NameKey.fold(String(scalar))
                // A sound mark alone (half-width ﾞ) folds to nothing, as it does inside ガ.
                if !folded.isEmpty { body(Word(folded: folded, bytes: offset..<(offset + width), isCharacter: true)) }
            } else if isWordPart(scalar) {
                if start == nil {
                    start = offset
                    ascii = true
                }
                if scalar.value >= 0x80 { ascii = false }
            } else {
                finish(at: offset)
            }
            offset += width
        }
        finish(at: text.count)
    }

    /// A character that is a word of its own: the scripts written without spaces, also in their
    /// half-width and compatibility forms (ｶﾀｶﾅ is found as カタカナ).
    static func isCharacterWord(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3130...0x318F, 0xFF61...0xFF9F, 0xFFA0...0xFFDC: true
        default: NameKey.isWrittenWithoutSpaces(scalar)
        }
    }

    /// Letters, digits and the marks that belong to them.
    static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let byte = UInt8(scalar.value)
            return (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return !TextRules.isInvisibleMark(scalar)
        default:
            return false
        }
    }

    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The scalar at `offset` and its width in bytes; nil for bytes that are not UTF-8 there.
    private static func decode(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int)? {
        let lead = text[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let width: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: width = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: width = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: width = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard offset + width <= text.count else { return nil }
        for index in (offset + 1)..<(offset + width) {
            let byte = text[index]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        // Overlong forms and surrogates are not UTF-8.
        let smallest: UInt32 = width == 2 ? 0x80 : width == 3 ? 0x800 : 0x10000
        guard value >= smallest, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, width)
    }
}

private extension String {
    /// A word folds to one token even where folding made several words of it ("½" → "1⁄2").
    func replacingSpaces() -> String { contains(" ") ? split(separator: " ").joined() : self }
}
