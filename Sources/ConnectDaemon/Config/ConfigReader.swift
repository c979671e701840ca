import ConnectCore
import TOMLKit

/// Typed access to TOML values with errors that name the key and what was expected.
struct ConfigReader {
    let path: String

    /// A cadence or duration string ("3w", "10s"), with the parser's sentence when it is not one.
    func cadence(_ value: TOMLValueConvertible, key: String, expected: String) throws(ConfigError) -> Cadence {
        let text = try string(value, key: key, expected: expected)
        do { return try Cadence.parse(text) } catch {
            throw .invalidValue(path: path, key: key, reason: error.description)
        }
    }

    /// A whole number inside `bounds`; `range` says the bounds in words for the error.
    func int(_ value: TOMLValueConvertible, key: String, in bounds: ClosedRange<Int>, range: String) throws(ConfigError) -> Int {
        guard let number = value.int else { throw .wrongType(path: path, key: key, expected: "a whole number", found: "\(value.type)") }
        guard bounds.contains(number) else { throw .invalidValue(path: path, key: key, reason: "must be \(range), not \(number)") }
        return number
    }

    func bool(_ value: TOMLValueConvertible, key: String) throws(ConfigError) -> Bool {
        guard let flag = value.bool else { throw .wrongType(path: path, key: key, expected: "true or false", found: "\(value.type)") }
        return flag
    }

    /// The keys of a `[section]` table with their qualified names ("nudges.daily_budget") and values.
    func entries(of value: TOMLValueConvertible, section: String) throws(ConfigError) -> [(key: String, name: String, value: TOMLValueConvertible)] {
        guard let table = value.table else {
            throw .wrongType(path: path, key: section, expected: "a table ([\(section)])", found: "\(value.type)")
        }
        return table.keys.compactMap { key in table[key].map { (key, "\(section).\(key)", $0) } }
    }

    func string(_ value: TOMLValueConvertible, key: String, expected: String) throws(ConfigError) -> String {
        guard let text = value.string else { throw .wrongType(path: path, key: key, expected: expected, found: "\(value.type)") }
        return text
    }
}
