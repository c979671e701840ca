import Foundation

/// Reads the `--at` of an interaction relative to `now` in the user's calendar. Date-only forms mean
/// noon of that day (or `now` if noon has not come yet today). The future is refused.
public enum WhenParser {
    public static func parse(_ text: String, now: Date, calendar: Calendar) throws(CoreError) -> Date {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        let result: Date
        switch s {
        case "", "now", "today", "just now": result = now
        case "yesterday": result = try noon(daysBefore: 1, now: now, calendar: calendar, text: text)
        default:
            if let days = daysAgo(s) {
                result = try noon(daysBefore: days, now: now, calendar: calendar, text: text)
            } else if let weekday = weekdayNumber(s) {
                let today = calendar.component(.weekday, from: now)
                result = try noon(daysBefore: (today - weekday + 7) % 7, now: now, calendar: calendar, text: text)
            } else if let absolute = absolute(s, calendar: calendar) {
                let isToday = calendar.isDate(absolute.date, inSameDayAs: now)
                result = absolute.dateOnly && isToday ? min(absolute.date, now) : absolute.date
            } else {
                throw .invalidWhen(text)
            }
        }
        // A minute of slack: clocks of client and daemon may differ slightly.
        guard result <= now.addingTimeInterval(60) else { throw .whenInFuture(text) }
        return result
    }

    private static func noon(daysBefore days: Int, now: Date, calendar: Calendar, text: String) throws(CoreError) -> Date {
        guard days == 0 || days > 0 && days < 36_600 else { throw .invalidWhen(text) }
        guard let day = calendar.date(byAdding: .day, value: -days, to: calendar.startOfDay(for: now)),
              let noon = calendar.date(bySettingHour: 12, minute: 0, second: 0, of: day) else { throw .invalidWhen(text) }
        return min(noon, now)
    }

    /// "3 days ago", "1 day ago", "2 weeks ago", "3d ago".
    private static func daysAgo(_ s: String) -> Int? {
        guard s.hasSuffix(" ago") else { return nil }
        let body = s.dropLast(4).trimmingCharacters(in: .whitespaces)
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard let n = Int(digits) else { return nil }
        switch body.dropFirst(digits.count).trimmingCharacters(in: .whitespaces) {
        case "d", "day", "days": return n
        case "w", "week", "weeks": return n * 7
        default: return nil
        }
    }

    private static func weekdayNumber(_ s: String) -> Int? {
        let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        var word = s
        if word.hasPrefix("last ") { word = String(word.dropFirst(5)) }
        guard word.count >= 3, let index = names.firstIndex(where: { $0.hasPrefix(word) }) else { return nil }
        return index + 1
    }

    /// ISO 8601 forms: `2026-11-28`, `2026-11-28T14:30`, `2026-11-28 14:30:05`, with optional `Z` or ±hh:mm.
    private static func absolute(_ s: String, calendar: Calendar) -> (date: Date, dateOnly: Bool)? {
        let scalars = Array(s.uppercased().replacingOccurrences(of: " ", with: "T"))
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            let part = scalars[range]
            guard part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(String(part))
        }
        guard let year = number(0..<4), scalars.count >= 10, scalars[4] == "-", scalars[7] == "-",
              let month = number(5..<7), let day = number(8..<10) else { return nil }
        var parts = DateComponents(year: year, month: month, day: day)
        var dateOnly = true
        var index = 10
        var zone = calendar.timeZone
        if index < scalars.count {
            guard scalars[index] == "T", let hour = number(11..<13), scalars.count >= 16, scalars[13] == ":",
                  let minute = number(14..<16) else { return nil }
            parts.hour = hour
            parts.minute = minute
            parts.second = 0
            index = 16
            if index < scalars.count, scalars[index] == ":" {
                guard let second = number(17..<19) else { return nil }
                parts.second = second
                index = 19
            }
            dateOnly = false
            if index < scalars.count {
                if scalars[index] == "Z", index + 1 == scalars.count {
                    zone = TimeZone(identifier: "UTC")!
                } else if scalars[index] == "+" || scalars[index] == "-", scalars.count == index + 6,
                          let oh = number(index + 1..<index + 3), scalars[index + 3] == ":",
                          let om = number(index + 4..<index + 6) {
                    let sign = scalars[index] == "-" ? -1 : 1
                    guard let fixed = TimeZone(secondsFromGMT: sign * (oh * 3600 + om * 60)) else { return nil }
                    zone = fixed
                } else {
                    return nil
                }
            }
        } else {
            parts.hour = 12
            parts.minute = 0
            parts.second = 0
        }
        var cal = calendar
        cal.timeZone = zone
        guard (1...12).contains(month), (1...31).contains(day), (parts.hour ?? 0) < 24, (parts.minute ?? 0) < 60,
              (parts.second ?? 0) < 60, let date = cal.date(from: parts),
              cal.component(.day, from: date) == day else { return nil }
        return (date, dateOnly)
    }
}
