import ConnectTime
import Foundation

/// The time where someone lives: what `show` and a nudge say ("it is 23:10 for Ada"), and
/// whether it is night there.
public struct TheirTime: Sendable, Equatable {
    public let calendar: LocalCalendar
    public let local: LocalDateTime
    public let offsetSeconds: Int

    public init(calendar: LocalCalendar, now: Date) {
        self.calendar = calendar
        local = calendar.local(now)
        offsetSeconds = calendar.utcOffset(at: now)
    }

    /// The hours a call is welcome: from 08:00 until 21:00.
    public static let dayStarts = 8
    public static let dayEnds = 21
    /// From 22:00 until 07:00 it is night (`due` marks them; between the two, it is evening or early).
    public var isNight: Bool { local.hour >= 22 || local.hour < 7 }

    /// The next hour, from `now` on within two days, when it is day both for you (`mine`) and for
    /// them: 08:00 to 21:00 in both zones. Walks hour by hour, so DST changes on either side count.
    public static func sharedDaytime(now: Date, mine: LocalCalendar, theirs: LocalCalendar) -> (start: Date, end: Date)? {
        func isDay(_ date: Date, _ calendar: LocalCalendar) -> Bool {
            let hour = calendar.local(date).hour
            return hour >= dayStarts && hour < dayEnds
        }
        let hour = 3600.0
        let startOfHour = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / hour).rounded(.down) * hour)
        var start: Date?
        for step in 0...48 {
            let at = startOfHour.addingTimeInterval(Double(step) * hour)
            let shared = isDay(at, mine) && isDay(at, theirs)
            if shared, start == nil { start = max(at, now) }
            if !shared, let begun = start { return (begun, at) }
        }
        return start.map { ($0, startOfHour.addingTimeInterval(49 * hour)) }
    }
}
