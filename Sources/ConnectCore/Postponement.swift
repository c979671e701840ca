import Foundation

/// The rules of "not now": snooze and skip never bring a due date forward and never lose it.
public enum Postponement {
    /// Snooze: due not before `now + duration`. Nil when the person is due at that time or later
    /// anyway: then there is nothing to snooze.
    public static func snooze(currentDue: Date?, duration: Cadence, now: Date, calendar: LocalCalendar) -> Date? {
        let until = duration.next(after: now, calendar: calendar)
        if let due = currentDue, due >= until { return nil }
        return until
    }

    /// Skip this cycle: one cadence past the current due date, or one cadence from now when that
    /// date has passed already.
    public static func skip(currentDue: Date?, cadence: Cadence, now: Date, calendar: LocalCalendar) -> Date {
        cadence.next(after: max(currentDue ?? now, now), calendar: calendar)
    }
}
