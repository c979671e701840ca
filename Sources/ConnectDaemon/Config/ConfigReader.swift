import ConnectCore
import ConnectTOML

/// Typed access to TOML values with errors that name the key and what was expected.
struct ConfigReader {
    let path: String

    /// A cadence or duration string ("3w", "10s"), with the parser's sentence when it is not one.
    func cadence(_ value: TOMLValue, key: String, expected: String) throws(ConfigError) -> Cadence {
        let text = try string(value, key: key, expected: expected)
        do { return try Cadence.parse(text) } catch {
            throw .invalidValue(path: path, key: key, reason: error.description)
        }
    }

    /// A whole number inside `bounds`; `range` says the bounds in words for the error.
    func int(_ value: TOMLValue, key: String, in bounds: ClosedRange<Int>, range: String) throws(ConfigError) -> Int {
        guard let number = value.integer else { throw .wrongType(path: path, key: key, expected: "a whole number", found: value.typeName) }
        guard bounds.contains(number) else { throw .invalidValue(path: path, key: key, reason: "must be \(range), not \(number)") }
        return number
    }

    func bool(_ value: TOMLValue, key: String) throws(ConfigError) -> Bool {
        guard let flag = value.boolean else { throw .wrongType(path: path, key: key, expected: "true or false", found: value.typeName) }
        return flag
    }

    /// The keys of a `[section]` table with their qualified names ("nudges.daily_budget") and values.
    func entries(of value: TOMLValue, section: String) throws(ConfigError) -> [(key: String, name: String, value: TOMLValue)] {
        guard let table = value.table else {
            throw .wrongType(path: path, key: section, expected: "a table ([\(section)])", found: value.typeName)
        }
        return table.entries.map { ($0.key, "\(section).\($0.key)", $0.value) }
    }

    /// A path that is absolute or starts with "~/" (the home directory); "" means none (nil).
    func path(_ value: TOMLValue, key: String, expected: String) throws(ConfigError) -> String? {
        let text = try string(value, key: key, expected: expected + ", or \"\" for none")
        guard text.isEmpty || text.hasPrefix("/") || text.hasPrefix("~/") else {
            throw .invalidValue(path: path, key: key, reason: "\(CoreError.quote(text)) is not an absolute path or one starting with \"~/\"")
        }
        return text.isEmpty ? nil : text
    }

    func string(_ value: TOMLValue, key: String, expected: String) throws(ConfigError) -> String {
        guard let text = value.string else { throw .wrongType(path: path, key: key, expected: expected, found: value.typeName) }
        return text
    }
}
