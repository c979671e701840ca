import ConnectCore
import Foundation
import TOMLKit

/// The user's settings, read from `config.toml`. Every key is optional; `config/config.toml` in the
/// repository documents each one with its default. Values are validated here, naming the key.
public struct DaemonConfig: Equatable, Sendable {
    /// The cadence of a person added without `--every`.
    public var defaultCadence = Cadence(count: 3, unit: .week)
    /// The zone that decides local times (days, weekdays, noon); nil means the system's.
    public var timeZoneIdentifier: String?

    public init() {}

    /// The time zone in force: the configured one, else the system's.
    public var timeZone: TimeZone {
        timeZoneIdentifier.flatMap(TimeZone.init(identifier:)) ?? TimeZone.current
    }

    /// A Gregorian calendar in `timeZone`, weeks starting Monday: what all local-time rules use.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        return calendar
    }

    /// Reads the file at `path`; a missing file means all defaults.
    public static func load(path: String) throws(ConfigError) -> DaemonConfig {
        guard FileManager.default.fileExists(atPath: path) else { return DaemonConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a regular file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "it is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses TOML text; `path` is only used in error messages.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> DaemonConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(path: path, line: error.source.begin.line, column: error.source.begin.column, reason: error.description)
        } catch {
            throw .syntax(path: path, line: 0, column: 0, reason: "\(error)")
        }
        var config = DaemonConfig()
        let reader = ConfigReader(path: path)
        for key in table.keys {
            let value = table[key]!
            switch key {
            case "default_cadence":
                let text = try reader.string(value, key: key, expected: "a cadence like \"3w\"")
                do { config.defaultCadence = try Cadence.parse(text) } catch {
                    throw .invalidValue(path: path, key: key, reason: error.description)
                }
            case "time_zone":
                let text = try reader.string(value, key: key, expected: "an IANA zone name like \"Europe/Berlin\"")
                if text.isEmpty { config.timeZoneIdentifier = nil; continue }
                guard TimeZone(identifier: text) != nil else {
                    throw .invalidValue(path: path, key: key, reason: "'\(text)' is not a known time zone; use a name from 'timedatectl list-timezones', or \"\" for the system's")
                }
                config.timeZoneIdentifier = text
            default:
                throw .unknownKey(path: path, key: key, known: ["default_cadence", "time_zone"])
            }
        }
        return config
    }
}

/// Typed access to TOML values with errors that name the key and what was expected.
struct ConfigReader {
    let path: String

    func string(_ value: TOMLValueConvertible, key: String, expected: String) throws(ConfigError) -> String {
        guard let text = value.string else { throw .wrongType(path: path, key: key, expected: expected, found: "\(value.type)") }
        return text
    }
}
