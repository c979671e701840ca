import ConnectTime
import Foundation

/// Reads the `--at` of an interaction relative to `now` in the user's calendar. Date-only forms
/// mean noon of that day (or `now` if noon has not come yet today). Accepts times from
/// 1900-01-01 up to a minute from now (clocks of client and daemon may differ slightly); every
/// number is bounded before any arithmetic, so no input can overflow.
public enum WhenParser {
    /// The earliest day `--at` accepts.
    public static let earliest = CivilDate(year: 1900, month: 1, day: 1)!

    public static func parse(_ text: String, now: Date, calendar: LocalCalendar) throws(CoreError) -> Date {
        guard text.utf8.count <= 64 else { throw .invalidWhen(text) }
        let s = text.trimmingSpaces.lowercased()
        let today = calendar.day(of: now)
        let result: Date
        switch s {
        case "now", "today", "just now": result = now
        case "yesterday": result = try noon(daysBefore: 1, today: today, now: now, calendar: calendar, text: text)
        default:
            if let days = try daysAgo(s, text: text) {
                result = try noon(daysBefore: days, today: today, now: now, calendar: calendar, text: text)
            } else if let weekday = weekday(s) {
                // "friday" is the latest Friday, today included; "last friday" is before today.
                let back = (today.weekday - weekday + 7) % 7
                result = try noon(daysBefore: back == 0 && s.hasPrefix("last ") ? 7 : back, today: today, now: now, calendar: calendar, text: text)
            } else if let absolute = try absolute(s, calendar: calendar, text: text) {
                let isToday = absolute.dateOnly && calendar.day(of: absolute.date) == today
                result = isToday ? min(absolute.date, now) : absolute.date
            } else {
                throw .invalidWhen(text)
            }
        }
        guard result <= now.addingTimeInterval(60) else { throw .whenInFuture(text) }
        guard calendar.day(of: result) >= earliest else { throw .whenOutOfRange(text) }
        return result
    }

    private static func noon(daysBefore days: Int, today: CivilDate, now: Date, calendar: LocalCalendar, text: String) throws(CoreError) -> Date {
        guard let day = today.adding(days: -days), day >= earliest else { throw .whenOutOfRange(text) }
        return min(calendar.instant(LocalDateTime(date: day, hour: 12, minute: 0)), now)
    }

    /// "3 days ago", "1 day ago", "2 weeks ago", "3d ago": the number of days.
    private static func daysAgo(_ s: String, text: String) throws(CoreError) -> Int? {
        guard s.hasSuffix(" ago") else { return nil }
        let body = s.dropLast(4).trimmingSpaces
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        let multiplier: Int
        switch body.dropFirst(digits.count).trimmingSpaces {
        case "d", "day", "days": multiplier = 1
        case "w", "week", "weeks": multiplier = 7
        default: return nil
        }
        // Anything with more than six digits reaches back before 1900.
        guard digits.count <= 6, let n = Int(digits) else { throw .whenOutOfRange(text) }
        return n * multiplier
    }

    private static func weekday(_ s: String) -> Int? {
        CalendarNames.weekday(named: s.hasPrefix("last ") ? String(s.dropFirst(5)) : s)
    }

    /// ISO 8601 forms: `2026-11-28`, `2026-11-28T14:30`, `2026-11-28 14:30:05`, with optional `Z` or ±hh:mm.
    private static func absolute(_ s: String, calendar: LocalCalendar, text: String) throws(CoreError) -> (date: Date, dateOnly: Bool)? {
        let c = Array(s.uppercased().utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= c.count, c[range].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return c[range].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard c.count >= 10, let year = number(0..<4), c[4] == UInt8(ascii: "-"), c[7] == UInt8(ascii: "-"),
              let month = number(5..<7), let day = number(8..<10) else { return nil }
        guard year >= earliest.year else { throw .whenOutOfRange(text) }
        guard let date = CivilDate(year: year, month: month, day: day) else { throw .invalidWhen(text) }
        if c.count == 10 { return (calendar.instant(LocalDateTime(date: date, hour: 12, minute: 0)), true) }
        guard c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: " "), c.count >= 16, let hour = number(11..<13),
              c[13] == UInt8(ascii: ":"), let minute = number(14..<16) else { throw .invalidWhen(text) }
        var second = 0
        var index = 16
        if index < c.count, c[index] == UInt8(ascii: ":") {
            guard let value = number(17..<19) else { throw .invalidWhen(text) }
            second = value
            index = 19
        }
        guard hour < 24, minute < 60, second < 60 else { throw .invalidWhen(text) }
        let local = LocalDateTime(date: date, hour: hour, minute: minute, second: second)
        if index == c.count { return (calendar.instant(local), false) }
        let offset: Int
        if c[index] == UInt8(ascii: "Z"), index + 1 == c.count {
            offset = 0
        } else if c[index] == UInt8(ascii: "+") || c[index] == UInt8(ascii: "-"), c.count == index + 6,
                  let oh = number(index + 1..<index + 3), c[index + 3] == UInt8(ascii: ":"), let om = number(index + 4..<index + 6),
                  oh <= 18, om < 60 {
            offset = (c[index] == UInt8(ascii: "-") ? -1 : 1) * (oh * 3600 + om * 60)
        } else {
            throw .invalidWhen(text)
        }
        return (Date(timeIntervalSince1970: Double(local.localSeconds - Int64(offset))), false)
    }
}
