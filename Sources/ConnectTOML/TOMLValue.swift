/// A value of connectd's config file.
public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The type's name for error messages ("a string", "a list", ...).
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "a number"
        case .boolean: "true or false"
        case .array: "a list"
        case .table: "a table"
        }
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var integer: Int? { if case .integer(let n) = self { n } else { nil } }
    public var boolean: Bool? { if case .boolean(let b) = self { b } else { nil } }
    public var array: [TOMLValue]? { if case .array(let a) = self { a } else { nil } }
    public var table: TOMLTable? { if case .table(let t) = self { t } else { nil } }
}

/// Keys and values in the order written, with the line of each key (for messages).
public struct TOMLTable: Equatable, Sendable {
    public private(set) var entries: [(key: String, value: TOMLValue, line: Int)] = []

    public init() {}

    public subscript(key: String) -> TOMLValue? { entries.first { $0.key == key }?.value }

    mutating func append(key: String, value: TOMLValue, line: Int) {
        entries.append((key, value, line))
    }

    public static func == (a: TOMLTable, b: TOMLTable) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.key == $1.key && $0.value == $1.value && $0.line == $1.line }
    }
}
