import Foundation

/// A wall-clock time of day, "09:00". `24:00` is allowed as the end of a window (the next midnight).
public struct TimeOfDay: Hashable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    public var minutesSinceMidnight: Int { hour * 60 + minute }
    public var description: String { (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)" }

    /// A window "09:00-20:00": start before end, start before 24:00, end at most 24:00.
    public static func parseWindow(_ text: String) -> (from: TimeOfDay, until: TimeOfDay)? {
        let parts = text.split(separator: "-").map(String.init)
        guard parts.count == 2, let from = parse(parts[0]), let until = parse(parts[1]),
              from.hour < 24, until.minutesSinceMidnight > from.minutesSinceMidnight else { return nil }
        return (from, until)
    }

    /// "9:00", "09:00", "18:30", "24:00".
    public static func parse(_ text: String) -> TimeOfDay? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...59).contains(minute), (0...23).contains(hour) || (hour == 24 && minute == 0) else { return nil }
        return TimeOfDay(hour: hour, minute: minute)
    }
}

/// Turns local wall-clock times into instants with explicit DST rules.
public enum LocalTime {
    /// The instant of `time` on the local day that contains `day`. A time inside a DST gap gives the
    /// first valid instant after the gap (the transition itself); an ambiguous time gives its first
    /// occurrence, so it fires once. `24:00` is the start of the next day.
    public static func instant(_ time: TimeOfDay, onDayOf day: Date, calendar: Calendar) -> Date {
        let start = calendar.startOfDay(for: day)
        if time.hour == 24 {
            return calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86400)
        }
        var parts = calendar.dateComponents([.year, .month, .day], from: start)
        parts.hour = time.hour
        parts.minute = time.minute
        parts.second = 0
        guard let candidate = calendar.date(from: parts) else { return start }
        if matches(candidate, time, calendar) {
            // Ambiguous (fall back): an earlier instant with the same wall time is the first occurrence.
            for shift in [3600.0, 1800.0, 7200.0] {
                let earlier = candidate.addingTimeInterval(-shift)
                if matches(earlier, time, calendar), calendar.isDate(earlier, inSameDayAs: candidate) { return earlier }
            }
            return candidate
        }
        // In a gap (spring forward): the first valid instant after it is the transition.
        if let transition = calendar.timeZone.nextDaylightSavingTimeTransition(after: start),
           calendar.isDate(transition, inSameDayAs: start) {
            return transition
        }
        return candidate
    }

    private static func matches(_ date: Date, _ time: TimeOfDay, _ calendar: Calendar) -> Bool {
        let local = calendar.dateComponents([.hour, .minute], from: date)
        return local.hour == time.hour && local.minute == time.minute
    }
}

/// A weekly wall-clock moment, "Sun 18:00".
public struct WeeklyTime: Hashable, Sendable, CustomStringConvertible {
    /// 1 = Sunday ... 7 = Saturday (Calendar's numbering).
    public let weekday: Int
    public let time: TimeOfDay

    public init(weekday: Int, time: TimeOfDay) {
        self.weekday = weekday
        self.time = time
    }

    public static let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public var description: String { Self.names[weekday - 1].capitalized + " \(time)" }

    /// "Sun 18:00", "sunday 18:00", "Mon 9:30".
    public static func parse(_ text: String) -> WeeklyTime? {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let weekday = Weekday.parse(String(parts[0])), let time = TimeOfDay.parse(String(parts[1])),
              time.hour < 24 else { return nil }
        return WeeklyTime(weekday: weekday, time: time)
    }

    /// The latest occurrence at or before `now`.
    public func mostRecent(atOrBefore now: Date, calendar: Calendar) -> Date {
        let today = calendar.component(.weekday, from: now)
        let back = (today - weekday + 7) % 7
        let day = calendar.date(byAdding: .day, value: -back, to: calendar.startOfDay(for: now)) ?? now
        let slot = LocalTime.instant(time, onDayOf: day, calendar: calendar)
        if slot <= now { return slot }
        let weekBefore = calendar.date(byAdding: .day, value: -7, to: day) ?? day
        return LocalTime.instant(time, onDayOf: weekBefore, calendar: calendar)
    }

    /// The first occurrence strictly after `instant`.
    public func next(after instant: Date, calendar: Calendar) -> Date {
        let recent = mostRecent(atOrBefore: instant, calendar: calendar)
        let day = calendar.date(byAdding: .day, value: 7, to: calendar.startOfDay(for: recent)) ?? recent
        return LocalTime.instant(time, onDayOf: day, calendar: calendar)
    }
}

/// Weekday names and abbreviations.
public enum Weekday {
    /// "sun", "Sunday", "MON" → 1...7 (1 = Sunday).
    public static func parse(_ text: String) -> Int? {
        let word = text.lowercased()
        guard word.count >= 3 else { return nil }
        let full = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        return full.firstIndex { $0.hasPrefix(word) }.map { $0 + 1 }
    }
}
