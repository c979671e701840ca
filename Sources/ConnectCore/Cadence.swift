import Foundation

/// How often the user wants to be in touch with someone ("every 3 weeks").
/// Months and years are calendar units (the 31st plus one month is the last day of the next month),
/// the rest are fixed lengths; seconds and minutes exist so that tests and demos need not wait weeks.
public struct Cadence: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, CaseIterable, Sendable {
        case second, minute, hour, day, week, month, year

        /// The short suffix used in the canonical form (`3w`, `1m`, `90s`, `5min`).
        var suffix: String {
            switch self {
            case .second: "s"
            case .minute: "min"
            case .hour: "h"
            case .day: "d"
            case .week: "w"
            case .month: "m"
            case .year: "y"
            }
        }

        /// Approximate length, used only to compare how overdue people are.
        var nominalSeconds: Double {
            switch self {
            case .second: 1
            case .minute: 60
            case .hour: 3600
            case .day: 86400
            case .week: 7 * 86400
            case .month: 30.436875 * 86400
            case .year: 365.2425 * 86400
            }
        }
    }

    public let count: Int
    public let unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// Canonical short form, stored in the database and accepted back by `parse`.
    public var description: String { "\(count)\(unit.suffix)" }

    /// Human form for output: "every 3 weeks".
    public var phrase: String { "every \(count) \(unit.rawValue)\(count == 1 ? "" : "s")" }

    public var nominalSeconds: Double { Double(count) * unit.nominalSeconds }

    /// The instant one cadence after `date`. Seconds, minutes and hours are fixed lengths; days and
    /// weeks keep the local time of day across DST; months and years follow the calendar.
    public func next(after date: Date, calendar: Calendar) -> Date {
        let stepped: Date?
        switch unit {
        case .second, .minute, .hour: return date.addingTimeInterval(nominalSeconds)
        case .day: stepped = calendar.date(byAdding: .day, value: count, to: date)
        case .week: stepped = calendar.date(byAdding: .day, value: 7 * count, to: date)
        case .month: stepped = calendar.date(byAdding: .month, value: count, to: date)
        case .year: stepped = calendar.date(byAdding: .year, value: count, to: date)
        }
        return stepped ?? date.addingTimeInterval(nominalSeconds)
    }

    /// Parses `3d`, `2w`, `6w`, `1m`, `3m`, `1y`, `90s`, `5min`, long forms (`3 weeks`, `every 2 months`)
    /// and the words `daily`, `weekly`, `fortnightly`, `monthly`, `quarterly`, `yearly`.
    public static func parse(_ text: String) throws(CoreError) -> Cadence {
        var s = text.trimmingCharacters(in: .whitespaces).lowercased()
        if s.hasPrefix("every ") { s = String(s.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
        switch s {
        case "daily", "day": return Cadence(count: 1, unit: .day)
        case "weekly", "week": return Cadence(count: 1, unit: .week)
        case "fortnightly", "fortnight": return Cadence(count: 2, unit: .week)
        case "monthly", "month": return Cadence(count: 1, unit: .month)
        case "quarterly", "quarter": return Cadence(count: 3, unit: .month)
        case "yearly", "annually", "year": return Cadence(count: 1, unit: .year)
        default: break
        }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        let rest = s.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, let count = Int(digits), let unit = unitNames[rest] else {
            throw .invalidCadence(text)
        }
        guard count > 0 else { throw .invalidCadence(text) }
        let cadence = Cadence(count: count, unit: unit)
        guard cadence.nominalSeconds <= 10 * Unit.year.nominalSeconds else { throw .invalidCadence(text) }
        return cadence
    }

    private static let unitNames: [String: Unit] = {
        var names: [String: Unit] = [:]
        for (unit, words) in [
            (Unit.second, ["s", "sec", "secs", "second", "seconds"]),
            (.minute, ["min", "mins", "minute", "minutes"]),
            (.hour, ["h", "hr", "hrs", "hour", "hours"]),
            (.day, ["d", "day", "days"]),
            (.week, ["w", "wk", "wks", "week", "weeks"]),
            (.month, ["m", "mo", "mon", "month", "months"]),
            (.year, ["y", "yr", "yrs", "year", "years"]),
        ] {
            for word in words { names[word] = unit }
        }
        return names
    }()
}
