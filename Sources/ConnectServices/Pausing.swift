import ConnectCore
import ConnectTime
import Foundation

/// A pause of every nudge and prompt (a holiday): until the start of the active hours of a day
/// in your time zone (what was held then comes in the day, never at midnight).
/// Afterwards the overdue come back within the daily budget, spread over the next days, not all
/// on the first morning, and a held Sunday question comes once; a birthday during the pause
/// passes without its nudge.
public enum Pausing {
    /// The longest pause, so that a mistyped year is refused rather than a year of silence kept.
    public static let longestDays = 366

    /// Pauses until the active hours of `day` begin (`reason` checked by `TextRules`); returns
    /// that instant (as of now: the day
    /// is kept, so a change of time zone or active hours moves it along).
    public static func pause(until day: CivilDate, reason: String?, in ws: Workspace) throws -> Date {
        let until = ending(day, in: ws)
        let today = ws.calendar.day(of: ws.now)
        guard day > today else { throw ServiceError.pauseNotAhead(day) }
        guard let last = today.adding(days: longestDays), !(last < day) else { throw ServiceError.pauseTooLong(day, longestDays: longestDays) }
        try ws.session.setPause(until: day, reason: reason)
        return until
    }

    private static func ending(_ day: CivilDate, in ws: Workspace) -> Date {
        Scheduler.pauseEnd(day, calendar: ws.calendar, rules: ws.settings.rules)
    }

    /// The pause that has not ended yet, if any (one whose day has come is none).
    public static func current(in ws: Workspace) throws -> (until: Date, reason: String?)? {
        guard let pause = try ws.session.pause() else { return nil }
        let until = ending(pause.until, in: ws)
        return until > ws.now ? (until, pause.reason) : nil
    }

    /// Ends a pause early; returns until when it was to last (nil: there was none).
    public static func resume(in ws: Workspace) throws -> Date? {
        let running = try current(in: ws)
        if try ws.session.pause() != nil { try ws.session.clearPause() }
        return running?.until
    }
}
