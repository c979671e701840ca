import ConnectTime
import Foundation

/// Reads when a planned catch-up is, relative to `now` in the user's calendar: `fri 12:30`,
/// `friday`, `tomorrow 19:00`, `today 18:00`, `18:00`, `in 3 days`, `2026-12-11 12:30`. A day
/// without a time means noon. A weekday is the next such day whose time is still ahead (today
/// included). A zone may follow (`fri 12:30 Asia/Tokyo`: lunch where you will be then). Refuses
/// times past, more than two years ahead, and wall-clock times that do not exist on that day (the
/// hour the clocks skip) with the time to use instead.
public enum PlanTimeParser {
    /// `zone` resolves a zone name written after the time (nil: not a zone this machine knows).
    public static func parse(_ text: String, now: Date, calendar home: LocalCalendar,
                             zone: (String) -> LocalCalendar? = { _ in nil }) throws(CoreError) -> Date {
        guard text.utf8.count <= 64 else { throw .invalidPlanTime(text) }
        var written = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var calendar = home
        if let last = written.last, last.contains("/") || ["UTC", "GMT"].contains(last.uppercased()) {
            guard let there = zone(last.contains("/") ? last : last.uppercased()) else { throw .unknownZone(text, zone: last) }
            calendar = there
            written.removeLast()
        }
        let words = written.map { $0.lowercased() }
        guard !words.isEmpty else { throw .invalidPlanTime(text) }
        // What `log --at` reads as the past is the past here too.
        if words == ["yesterday"] || words.last == "ago" || words.first == "last" { throw .planInPast(text) }
        // A time of day, if the last word is one.
        var time: TimeOfDay?
        var dayWords = words
        if let last = words.last, let parsed = timeOfDay(last) {
            time = parsed
            dayWords.removeLast()
        }
        let today = calendar.day(of: now)
        let noon = TimeOfDay(hour: 12, minute: 0)!
        let local: LocalDateTime
        switch dayWords.count {
        case 0:
            // "18:00": today.
            guard let time else { throw .invalidPlanTime(text) }
            local = LocalDateTime(date: today, hour: time.hour, minute: time.minute)
        case 1 where dayWords[0] == "today":
            local = LocalDateTime(date: today, hour: (time ?? noon).hour, minute: (time ?? noon).minute)
        case 1 where dayWords[0] == "tomorrow":
            guard let day = today.adding(days: 1) else { throw .invalidPlanTime(text) }
            local = LocalDateTime(date: day, hour: (time ?? noon).hour, minute: (time ?? noon).minute)
        case 1:
            let chosen = time ?? noon
            if let weekday = CalendarNames.weekday(named: dayWords[0]) {
                // The next such day whose time is ahead: today if it is that day and not too late.
                var ahead = (weekday - today.weekday + 7) % 7
                if ahead == 0, calendar.instant(LocalDateTime(date: today, hour: chosen.hour, minute: chosen.minute)) <= now { ahead = 7 }
                guard let day = today.adding(days: ahead) else { throw .invalidPlanTime(text) }
                local = LocalDateTime(date: day, hour: chosen.hour, minute: chosen.minute)
            } else if let day = isoDay(dayWords[0]) {
                local = LocalDateTime(date: day, hour: chosen.hour, minute: chosen.minute)
            } else if let (day, clock) = isoDayAndTime(dayWords[0]), time == nil {
                local = LocalDateTime(date: day, hour: clock.hour, minute: clock.minute)
            } else {
                throw .invalidPlanTime(text)
            }
        case 3 where dayWords[0] == "in":
            // "in 3 days", "in 2 weeks" (at most 99 of either: beyond that, give a date).
            guard dayWords[1].count <= 2, dayWords[1].allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(dayWords[1]) else {
                throw .invalidPlanTime(text)
            }
            let days: Int
            switch dayWords[2] {
            case "day", "days": days = n
            case "week", "weeks": days = n * 7
            default: throw .invalidPlanTime(text)
            }
            guard let day = today.adding(days: days) else { throw .invalidPlanTime(text) }
            local = LocalDateTime(date: day, hour: (time ?? noon).hour, minute: (time ?? noon).minute)
        default:
            throw .invalidPlanTime(text)
        }
        let instant = calendar.instant(local)
        guard calendar.local(instant) == local else {
            // The clocks skip this time on that day: say which time exists instead.
            throw .planTimeSkipped(text, zone: calendar.identifier, instead: calendar.local(instant).description)
        }
        guard instant > now else { throw .planInPast(text) }
        guard instant.timeIntervalSince(now) <= PlannedCatchUp.furthestAhead else { throw .planTooFar(text) }
        return instant
    }

    /// "12:30", "9:05", "noon".
    private static func timeOfDay(_ word: String) -> TimeOfDay? {
        if word == "noon" { return TimeOfDay(hour: 12, minute: 0) }
        guard let time = TimeOfDay.parse(word), time.hour < 24 else { return nil }
        return time
    }

    /// "2026-12-11".
    private static func isoDay(_ word: String) -> CivilDate? {
        guard word.utf8.count == 10 else { return nil }
        return CivilDate(iso: word)
    }

    /// "2026-12-11t12:30" (lowercased).
    private static func isoDayAndTime(_ word: String) -> (CivilDate, TimeOfDay)? {
        let parts = word.split(separator: "t", maxSplits: 1)
        guard parts.count == 2, let day = isoDay(String(parts[0])), let time = timeOfDay(String(parts[1])) else { return nil }
        return (day, time)
    }
}
