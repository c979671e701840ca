import Foundation

/// How often the user wants to be in touch with someone ("every 3 weeks"), also used for
/// durations (snooze 3d). Months and years are calendar units (31 January plus one month is the
/// last day of February), days and weeks keep the local time of day, the rest are fixed lengths;
/// seconds and minutes exist so that tests and demos need not wait weeks. Always positive and at
/// most ten years: no other value can be made.
public struct Cadence: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, CaseIterable, Sendable {
        case second, minute, hour, day, week, month, year

        /// The short suffix used in the canonical form (`3w`, `1m`, `90s`, `5min`).
        public var suffix: String {
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

        /// Approximate length, used to compare how overdue people are and to bound counts.
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

    /// The longest cadence or duration there is.
    public static let maximumSeconds = 10 * Unit.year.nominalSeconds

    /// Nil unless `count` is positive and the whole is at most ten years.
    public init?(count: Int, unit: Unit) {
        guard count > 0, Double(count) * unit.nominalSeconds <= Self.maximumSeconds + 1 else { return nil }
        self.count = count
        self.unit = unit
    }

    /// Canonical short form, stored in the database and accepted back by `parse`.
    public var description: String { "\(count)\(unit.suffix)" }

    /// Human form for output: "every 3 weeks".
    public var phrase: String { "every " + length }

    /// "3 weeks", "1 day": the length alone (for snooze durations).
    public var length: String { "\(count) \(unit.rawValue)\(count == 1 ? "" : "s")" }

    public var nominalSeconds: Double { Double(count) * unit.nominalSeconds }

    /// The instant one cadence after `date`.
    public func next(after date: Date, calendar: LocalCalendar) -> Date {
        switch unit {
        case .second, .minute, .hour: date.addingTimeInterval(nominalSeconds)
        case .day: calendar.adding(days: count, to: date)
        case .week: calendar.adding(days: 7 * count, to: date)
        case .month: calendar.adding(months: count, to: date)
        case .year: calendar.adding(months: 12 * count, to: date)
        }
    }

    /// Parses `3d`, `2w`, `6w`, `1m`, `3m`, `1y`, `90s`, `5min`, long forms (`3 weeks`, `every 2 months`)
    /// and the words `daily`, `weekly`, `fortnightly`, `monthly`, `quarterly`, `yearly`.
    /// A duration (snooze, timeouts): the same forms as a cadence, refused in words about durations.
    public static func parseDuration(_ text: String) throws(CoreError) -> Cadence {
        do {
            return try parse(text)
        } catch .invalidCadence, .nonPositiveCadence {
            throw .invalidDuration(text)
        }
    }

    public static func parse(_ text: String) throws(CoreError) -> Cadence {
        if let canonical = canonical(text) { return canonical }
        var s = text.trimmingSpaces.lowercased()
        if s.hasPrefix("every ") { s = String(s.dropFirst(6).trimmingSpaces) }
        switch s {
        case "daily", "day": return Cadence(count: 1, unit: .day)!
        case "weekly", "week": return Cadence(count: 1, unit: .week)!
        case "fortnightly", "fortnight": return Cadence(count: 2, unit: .week)!
        case "monthly", "month": return Cadence(count: 1, unit: .month)!
        case "quarterly", "quarter": return Cadence(count: 3, unit: .month)!
        case "yearly", "annually", "year": return Cadence(count: 1, unit: .year)!
        default: break
        }
        if s.hasPrefix("-") { throw .nonPositiveCadence(text) }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        let rest = String(s.dropFirst(digits.count).trimmingSpaces)
        guard !digits.isEmpty, let unit = unitNames[rest] else { throw .invalidCadence(text) }
        // Ten digits exceed any valid count: refuse before converting, so nothing can overflow.
        guard digits.count <= 9, let count = Int(digits) else { throw .cadenceTooLong(text) }
        guard count > 0 else { throw .nonPositiveCadence(text) }
        guard let cadence = Cadence(count: count, unit: unit) else { throw .cadenceTooLong(text) }
        return cadence
    }

    /// The stored form ("3w", "90s", "5min") without allocating: how 100,000 rows load quickly.
    public static func canonical(_ text: String) -> Cadence? {
        var count = 0, digits = 0, suffix = 0, suffixLength = 0
        for byte in text.utf8 {
            if suffixLength == 0, byte >= 48, byte <= 57 {
                guard digits < 9 else { return nil }
                count = count * 10 + Int(byte - 48)
                digits += 1
            } else {
                guard suffixLength < 3 else { return nil }
                suffix = suffix << 8 | Int(byte)
                suffixLength += 1
            }
        }
        guard digits > 0 else { return nil }
        let unit: Unit
        switch suffix {
        case 0x73: unit = .second // s
        case 0x6D_69_6E: unit = .minute // min
        case 0x68: unit = .hour // h
        case 0x64: unit = .day // d
        case 0x77: unit = .week // w
        case 0x6D: unit = .month // m
        case 0x79: unit = .year // y
        default: return nil
        }
        return Cadence(count: count, unit: unit)
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
