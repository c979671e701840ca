import Foundation

/// How names are compared: without case, accents or width ("Zoë" = "zoe", "Ｂjörn" = "bjorn",
/// and the letters Unicode does not decompose: "Łukasz" = "lukasz", "Ævar" = "aevar", "Straße" = "strasse"),
/// and with `-`, `'`, `’`, `.` and `,` separating words ("Marie-Claire" has the words "marie" and
/// "claire"). Names are shown as written; only matching uses these keys.
public enum NameKey {
    /// The folded text: compatibility decomposition, combining marks dropped, lower-cased,
    /// separators turned into single spaces.
    public static func fold(_ text: String) -> String {
        var folded = ""
        var pendingSpace = false
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            let category = scalar.properties.generalCategory
            if category == .nonspacingMark || category == .enclosingMark || TextRules.isInvisibleMark(scalar) { continue }
            if scalar.properties.isWhitespace || separators.contains(scalar) {
                pendingSpace = !folded.isEmpty
                continue
            }
            if pendingSpace {
                folded.append(" ")
                pendingSpace = false
            }
            for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                if let plain = letters[lower] { folded.unicodeScalars.append(contentsOf: plain.unicodeScalars) } else { folded.unicodeScalars.append(lower) }
            }
        }
        return folded
    }

    /// The folded words of a name.
    public static func words(_ text: String) -> [String] {
        fold(text).split(separator: " ").map(String.init)
    }

    /// The words a name is found by: its words, and for a word in a script written without
    /// spaces (Chinese, Japanese, Korean) also each of its endings, so that "小龍" finds 李小龍
    /// as "lovelace" finds Ada Lovelace.
    public static func searchWords(_ text: String) -> [String] {
        var result: [String] = []
        for word in words(text) {
            result.append(word)
            guard word.unicodeScalars.contains(where: isWrittenWithoutSpaces) else { continue }
            var rest = Substring(word)
            for _ in 0..<min(word.count - 1, 8) {
                rest = rest.dropFirst()
                result.append(String(rest))
            }
        }
        return result
    }

    /// Han, kana and Hangul (syllables and, as folding decomposes them, jamo).
    public static func isWrittenWithoutSpaces(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }

    /// Letters with a stroke or ligatures that have no decomposition, as people type them on a
    /// keyboard without them.
    private static let letters: [Unicode.Scalar: String] = [
        "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ı": "i", "ƶ": "z",
        "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th",
    ]

    private static let separators: Set<Unicode.Scalar> = ["-", "'", "\u{2019}", ".", ",", "\u{2010}", "\u{2011}", "_"]
}
