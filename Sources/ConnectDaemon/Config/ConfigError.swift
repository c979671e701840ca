import ConnectCore

/// A configuration file that cannot be used; each case names the file, the key and the fix.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case syntax(path: String, line: Int, column: Int, reason: String)
    case wrongType(path: String, key: String, expected: String, found: String)
    case invalidValue(path: String, key: String, reason: String)
    case unknownKey(path: String, key: String, known: [String])
    /// Someone else could have written it (its [sync] command and hooks run as us).
    case untrusted(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "Cannot read the config file \(path): \(reason). Fix its permissions, or start with --config pointing elsewhere."
        case .syntax(let path, let line, let column, let reason):
            "\(path):\(line):\(column): \(reason). Fix the TOML syntax there (see config/config.toml for every key)."
        case .wrongType(let path, let key, let expected, let found):
            "\(path): '\(key)' must be \(expected) (found \(found))."
        case .invalidValue(let path, let key, let reason):
            "\(path): '\(key)': \(reason)"
        case .untrusted(let path, let reason):
            "The config file \(path) is not used: \(reason). A config says what connectd runs as you, so only you (or root) may be able to change it."
        case .unknownKey(let path, let key, let known):
            "\(path): unknown key \(CoreError.quote(key)). Known keys: \(known.joined(separator: ", ")). Check the spelling or remove it."
        }
    }
}
