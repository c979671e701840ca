/// The part of TOML that connectd's config file uses, read strictly and without traps: tables
/// (`[nudges]`), `key = value` with bare or quoted keys, basic and literal strings (one line),
/// whole numbers, booleans and arrays of those (over several lines too), and comments. Anything
/// else TOML has (dotted keys, inline tables, floats, dates, multi-line strings, arrays of
/// tables) is refused with a sentence saying so, as is a repeated key or table.
///
/// Written here instead of used from a library because the C++ parser we had (toml++ through
/// TOMLKit) aborts the process on some inputs (`[é]`): a config reload must never take the
/// daemon down.
public enum TOMLDocument {
    /// Longest accepted file, in bytes: a config is a few hundred.
    public static let maxBytes = 1 << 20
    /// Deepest nesting of arrays.
    public static let maxDepth = 16

    /// Parses `text` into its root table.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxBytes else { throw TOMLError(line: 1, column: 1, reason: "the file is larger than 1 MiB") }
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }
}

/// Where and why a document was refused.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let reason: String

    public var description: String { "line \(line), column \(column): \(reason)" }
}

private struct Parser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var column: Int { index - lineStart + 1 }

    func fail(_ reason: String) -> TOMLError { TOMLError(line: line, column: column, reason: reason) }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func document() throws(TOMLError) -> TOMLTable {
        var root = TOMLTable()
        var tableName: String?
        var section = TOMLTable()
        var seenTables: Set<String> = []
        func close(_ root: inout TOMLTable, _ name: String?, _ section: TOMLTable, line: Int) {
            if let name { root.append(key: name, value: .table(section), line: line) }
        }
        var sectionLine = 1
        while true {
            skipBlankAndComments()
            guard let byte = current else { break }
            if byte == UInt8(ascii: "[") {
                let headerLine = line
                index += 1
                if current == UInt8(ascii: "[") { throw fail("arrays of tables ([[...]]) are not used in connectd's config") }
                skipSpaces()
                let name = try key()
                skipSpaces()
                if current == UInt8(ascii: ".") { throw fail("nested tables ([a.b]) are not used in connectd's config") }
                guard current == UInt8(ascii: "]") else { throw fail("a table header ends with ']'") }
                index += 1
                try endOfLine()
                guard !seenTables.contains(name), root[name] == nil else {
                    throw TOMLError(line: headerLine, column: 1, reason: "the table [\(name)] appears twice")
                }
                close(&root, tableName, section, line: sectionLine)
                seenTables.insert(name)
                tableName = name
                section = TOMLTable()
                sectionLine = headerLine
                continue
            }
            let keyLine = line, keyColumn = column
            let name = try key()
            skipSpaces()
            if current == UInt8(ascii: ".") { throw fail("dotted keys (a.b = ...) are not used in connectd's config; use a [table]") }
            guard current == UInt8(ascii: "=") else { throw fail("expected '=' after the key '\(name)'") }
            index += 1
            skipSpaces()
            let value = try self.value(depth: 0)
            try endOfLine()
            if tableName == nil {
                guard root[name] == nil else { throw TOMLError(line: keyLine, column: keyColumn, reason: "the key '\(name)' appears twice") }
                root.append(key: name, value: value, line: keyLine)
            } else {
                guard section[name] == nil else { throw TOMLError(line: keyLine, column: keyColumn, reason: "the key '\(name)' appears twice") }
                section.append(key: name, value: value, line: keyLine)
            }
        }
        close(&root, tableName, section, line: sectionLine)
        return root
    }

    // MARK: Layout

    mutating func skipSpaces() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
    }

    mutating func newline() {
        index += 1
        line += 1
        lineStart = index
    }

    /// Blank lines, comment lines and line breaks.
    mutating func skipBlankAndComments() {
        while let byte = current {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): index += 1
            case UInt8(ascii: "\n"): newline()
            case UInt8(ascii: "\r") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"): index += 1
            case UInt8(ascii: "#"): skipComment()
            default: return
            }
        }
    }

    mutating func skipComment() {
        while let byte = current, byte != UInt8(ascii: "\n") { index += 1 }
    }

    /// Only spaces and a comment may follow a value or header on its line.
    mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if current == UInt8(ascii: "#") { skipComment() }
        if current == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
        guard let byte = current else { return }
        guard byte == UInt8(ascii: "\n") else { throw fail("unexpected \(describe(byte)) after the value; one key = value per line") }
        newline()
    }

    func describe(_ byte: UInt8) -> String {
        if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = Array("0123456789abcdef")
        return "byte 0x" + String([hex[Int(byte >> 4)], hex[Int(byte & 15)]])
    }

    // MARK: Keys

    static func isBare(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    mutating func key() throws(TOMLError) -> String {
        guard let byte = current else { throw fail("expected a key") }
        if byte == UInt8(ascii: "\"") { return try basicString() }
        if byte == UInt8(ascii: "'") { return try literalString() }
        let start = index
        while let byte = current, Self.isBare(byte) { index += 1 }
        guard index > start else {
            throw fail("expected a key (letters A-Z, digits, '-' and '_', or a quoted key), found \(describe(byte))")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    // MARK: Values

    mutating func value(depth: Int) throws(TOMLError) -> TOMLValue {
        guard let byte = current else { throw fail("expected a value after '='") }
        switch byte {
        case UInt8(ascii: "\""): return .string(try basicString())
        case UInt8(ascii: "'"): return .string(try literalString())
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "{"): throw fail("inline tables ({...}) are not used in connectd's config")
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .boolean(try boolean())
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try integer())
        default: throw fail("expected a value (a \"string\", a number, true or false, or a [list]), found \(describe(byte))")
        }
    }

    mutating func boolean() throws(TOMLError) -> Bool {
        for (word, value) in [("true", true), ("false", false)] {
            let utf8 = Array(word.utf8)
            if index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 {
                let after = index + utf8.count
                if after == bytes.count || !Self.isBare(bytes[after]) {
                    index = after
                    return value
                }
            }
        }
        throw fail("expected true or false; text goes in quotes")
    }

    /// A decimal whole number with an optional sign and single underscores between digits.
    mutating func integer() throws(TOMLError) -> Int {
        let start = index
        var negative = false
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
            negative = current == UInt8(ascii: "-")
            index += 1
        }
        var value = 0
        var digits = 0
        var previousUnderscore = false
        while let byte = current {
            if byte >= 0x30 && byte <= 0x39 {
                let digit = Int(byte - 0x30)
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { throw TOMLError(line: line, column: start - lineStart + 1, reason: "the number is too large") }
                value = sum
                digits += 1
                previousUnderscore = false
            } else if byte == UInt8(ascii: "_"), digits > 0, !previousUnderscore {
                previousUnderscore = true
            } else {
                break
            }
            index += 1
        }
        guard digits > 0, !previousUnderscore else { throw TOMLError(line: line, column: start - lineStart + 1, reason: "expected a whole number") }
        if let byte = current, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: ":") {
            throw fail("only whole numbers are used in connectd's config (durations are strings like \"10s\")")
        }
        if let byte = current, Self.isBare(byte) { throw fail("unexpected \(describe(byte)) in a number; text goes in quotes") }
        return value
    }

    mutating func array(depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth < TOMLDocument.maxDepth else { throw fail("lists are nested too deeply") }
        index += 1 // [
        var elements: [TOMLValue] = []
        while true {
            skipBlankAndComments()
            guard let byte = current else { throw fail("the list is not closed with ']'") }
            if byte == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            elements.append(try value(depth: depth + 1))
            skipBlankAndComments()
            if current == UInt8(ascii: ",") {
                index += 1
            } else if current == nil {
                throw fail("the list is not closed with ']'")
            } else if current != UInt8(ascii: "]") {
                throw fail("expected ',' or ']' in the list")
            }
        }
    }

    /// "…" on one line, with TOML's escapes. Control characters other than tab are refused.
    mutating func basicString() throws(TOMLError) -> String {
        index += 1
        if current == UInt8(ascii: "\""), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
            throw fail("multi-line strings (\"\"\") are not used in connectd's config")
        }
        var result: [UInt8] = []
        while true {
            guard let byte = current, byte != UInt8(ascii: "\n") else { throw fail("the string is not closed with '\"' on its line") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: result, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw fail("the string is not closed") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""): result.append(0x22)
                case UInt8(ascii: "\\"): result.append(0x5C)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "f"): result.append(0x0C)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "u"): result += try unicodeEscape(digits: 4)
                case UInt8(ascii: "U"): result += try unicodeEscape(digits: 8)
                default: throw fail("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
                }
            case 0x09, 0x20...0x7E, 0x80...0xFF:
                result.append(byte)
            default:
                throw fail("a control character in a string; write it as an escape like \\n")
            }
        }
    }

    mutating func unicodeEscape(digits: Int) throws(TOMLError) -> [UInt8] {
        guard index + digits <= bytes.count else { throw fail("an incomplete \\u escape") }
        var scalar: UInt32 = 0
        for byte in bytes[index..<index + digits] {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("a \\u escape takes hexadecimal digits")
            }
            scalar = scalar << 4 | digit
        }
        index += digits
        guard let unicode = Unicode.Scalar(scalar) else { throw fail("\\u escape of something that is not a character") }
        return Array(String(Character(unicode)).utf8)
    }

    /// '…' on one line, taken as written.
    mutating func literalString() throws(TOMLError) -> String {
        index += 1
        if current == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "'") {
            throw fail("multi-line strings (''') are not used in connectd's config")
        }
        let start = index
        while let byte = current, byte != UInt8(ascii: "'") {
            guard byte != UInt8(ascii: "\n") else { throw fail("the string is not closed with \"'\" on its line") }
            guard byte == 0x09 || byte >= 0x20, byte != 0x7F else { throw fail("a control character in a string") }
            index += 1
        }
        guard current != nil else { throw fail("the string is not closed with \"'\"") }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        return text
    }
}
