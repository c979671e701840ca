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
            if category == .nonspacingMark || category == .enclosingMark { continue }
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

    /// Letters with a stroke or ligatures that have no decomposition, as people type them on a
    /// keyboard without them.
    private static let letters: [Unicode.Scalar: String] = [
        "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ı": "i", "ƶ": "z",
        "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th",
    ]

    private static let separators: Set<Unicode.Scalar> = ["-", "'", "\u{2019}", ".", ",", "\u{2010}", "\u{2011}", "_"]
}
