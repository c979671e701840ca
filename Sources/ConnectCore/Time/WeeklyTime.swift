import Foundation
import ConnectTime
/// A weekly wall-clock moment, "Sun 18:00": when the reflection prompt comes.
public struct WeeklyTime: Hashable, Sendable, CustomStringConvertible {
    /// 1 = Sunday ... 7 = Saturday.
    public let weekday: Int
    public let time: TimeOfDay

    public init?(weekday: Int, time: TimeOfDay) {
        guard (1...7).contains(weekday), time.hour < 24 else { return nil }
        self.weekday = weekday
        self.time = time
    }

    public var description: String { CalendarNames.shortWeekday(weekday) + " \(time)" }

    /// "Sun 18:00", "sunday 18:00", "Mon 9:30".
    public static func parse(_ text: String) -> WeeklyTime? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let weekday = CalendarNames.weekday(named: String(parts[0])),
              let time = TimeOfDay.parse(parts[1]) else { return nil }
        return WeeklyTime(weekday: weekday, time: time)
    }

    /// The local day of the latest occurrence at or before `now`.
    func mostRecentDay(atOrBefore now: Date, calendar: LocalCalendar) -> CivilDate {
        let today = calendar.day(of: now)
        let back = (today.weekday - weekday + 7) % 7
        let day = today.adding(days: -back) ?? today
        if calendar.instant(time, on: day) <= now { return day }
        return day.adding(days: -7) ?? day
    }

    /// The latest occurrence at or before `now`.
    public func mostRecent(atOrBefore now: Date, calendar: LocalCalendar) -> Date {
        calendar.instant(time, on: mostRecentDay(atOrBefore: now, calendar: calendar))
    }

    /// The first occurrence strictly after `instant`.
    public func next(after instant: Date, calendar: LocalCalendar) -> Date {
        let recent = mostRecentDay(atOrBefore: instant, calendar: calendar)
        return calendar.instant(time, on: recent.adding(days: 7) ?? recent)
    }
}
