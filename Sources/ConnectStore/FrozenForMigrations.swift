import Foundation

/// The code the migrations run, as it was when each was written: a migration runs once, on
/// databases of any age, and must do then what it did when it was written, whatever the live
/// `NameKey` and `ItemIdentity` become (a change to them would otherwise change an old migration
/// silently). Copies on purpose; never edit one, add a new version for a new migration.
enum FrozenForMigrations {
    /// `NameKey.fold` as of v10 (v4's keys are made again by v10, so v4 uses it too); v11 also
    /// drops the marks that show nothing.
    static func fold(_ text: String, dropInvisibleMarks: Bool) -> String {
        var folded = ""
        var pendingSpace = false
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            let category = scalar.properties.generalCategory
            if category == .nonspacingMark || category == .enclosingMark { continue }
            if dropInvisibleMarks, invisibleMarks.contains(scalar.value) { continue }
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

    static func words(_ text: String, dropInvisibleMarks: Bool) -> [String] {
        fold(text, dropInvisibleMarks: dropInvisibleMarks).split(separator: " ").map(String.init)
    }

    /// `NameKey.searchWords` as of v10.
    static func searchWords(_ text: String, dropInvisibleMarks: Bool) -> [String] {
        var result: [String] = []
        for word in words(text, dropInvisibleMarks: dropInvisibleMarks) {
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

    static func isWrittenWithoutSpaces(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }

    /// The marks v11 removes from names.
    static let invisibleMarks: Set<UInt32> = [0xFEFF, 0x200B, 0x2060, 0x180E, 0x200E, 0x200F, 0x061C]

    private static let letters: [Unicode.Scalar: String] = [
        "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ı": "i", "ƶ": "z",
        "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th",
    ]

    private static let separators: Set<Unicode.Scalar> = ["-", "'", "\u{2019}", ".", ",", "\u{2010}", "\u{2011}", "_"]

    /// `ItemIdentity.interaction` and `.reflection` as of v7: the UIDs every machine agrees on.
    static func interactionUID(person: String, at: Date, kind: String, note: String?) -> String {
        "interaction-" + hash([person, milliseconds(at), kind, note ?? ""])
    }

    static func reflectionUID(slot: Date, answer: String) -> String {
        "reflection-" + hash([milliseconds(slot), answer])
    }

    private static func hash(_ parts: [String]) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func milliseconds(_ date: Date) -> String {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        return Int64(exactly: value).map(String.init) ?? String(value)
    }
}
