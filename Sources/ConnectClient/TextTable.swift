/// Left-aligned columns separated by two spaces, for human output. Widths count terminal columns:
/// East Asian wide characters take two, combining marks none.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(header: [String]) {
        self.header = header
    }

    public mutating func add(_ row: [String]) {
        rows.append(row.map(TerminalText.safe))
    }

    public func render() -> String {
        let all = [header] + rows
        let cellWidths = all.map { $0.map(TerminalText.width) }
        var widths = [Int](repeating: 0, count: header.count)
        for row in cellWidths {
            for (column, width) in row.enumerated() where column < widths.count { widths[column] = max(widths[column], width) }
        }
        var text = ""
        for (rowIndex, row) in all.enumerated() {
            if rowIndex > 0 { text += "\n" }
            for (column, cell) in row.enumerated() {
                if column > 0 { text += "  " }
                text += cell
                if column < row.count - 1, column < widths.count {
                    text += String(repeating: " ", count: max(0, widths[column] - cellWidths[rowIndex][column]))
                }
            }
        }
        return text
    }
}

/// Text on a terminal: how many columns it takes, and without control characters (whatever is
/// stored, nothing printed can move the cursor or change the terminal).
public enum TerminalText {
    /// Columns `text` takes in a terminal.
    public static func width(_ text: String) -> Int {
        var columns = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x20 && value < 0x7F {
                columns += 1
                continue
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: continue
            default: break
            }
            if value == 0x200B { continue }
            columns += isWide(value) || (scalar.properties.isEmojiPresentation && value > 0xFF) ? 2 : 1
        }
        return columns
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, the common blocks).
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// `text` with control and bidi-override characters shown as escapes (`\e`, `\u{202e}`).
    public static func safe(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }), text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result += scalar == "\u{1B}" ? "\\e" : "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t")
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
