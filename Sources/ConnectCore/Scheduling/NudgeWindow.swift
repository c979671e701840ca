import ConnectTime
import Foundation

/// One local day's nudge window: when it opens and closes and the budget slots inside it.
/// Slot k (0-based) unlocks the (k+1)-th nudge of the day, so a day's nudges are spread evenly
/// across the active hours: with a budget of 2 and 09:00-20:00, at 09:00 and 14:30 at the earliest.
public struct NudgeWindow: Equatable, Sendable {
    public let day: CivilDate
    public let start: Date
    public let end: Date
    public let slots: [Date]

    /// The window of a local day, or nil on a quiet day or with no budget. With a digest time
    /// the window opens then and every slot unlocks at once: the day's nudges go out together.
    public init?(day: CivilDate, rules: ScheduleRules, calendar: LocalCalendar) {
        guard rules.dailyBudget > 0, !rules.quietDays.contains(day.weekday) else { return nil }
        var start = calendar.instant(rules.activeFrom, on: day)
        var end = calendar.instant(rules.activeUntil, on: day)
        if let digest = rules.digest {
            start = calendar.instant(digest, on: day)
            if end <= start, let next = day.adding(days: 1) { end = calendar.instant(TimeOfDay(hour: 0, minute: 0)!, on: next) }
        }
        guard end > start else { return nil }
        let step = rules.digest == nil ? end.timeIntervalSince(start) / Double(rules.dailyBudget) : 0
        self.day = day
        self.start = start
        self.end = end
        slots = (0..<rules.dailyBudget).map { start.addingTimeInterval(Double($0) * step) }
    }

    /// The window of the local day containing `instant`.
    public init?(dayOf instant: Date, rules: ScheduleRules, calendar: LocalCalendar) {
        self.init(day: calendar.day(of: instant), rules: rules, calendar: calendar)
    }

    public func contains(_ instant: Date) -> Bool { instant >= start && instant < end }

    /// The earliest instant at or after `instant` at which one more nudge may go out today, given that
    /// `delivered` went out already; nil if none today.
    public func opportunity(atOrAfter instant: Date, delivered: Int) -> Date? {
        guard delivered < slots.count else { return nil }
        let moment = max(instant, slots[delivered])
        return moment < end ? moment : nil
    }

    /// The earliest instant at or after `instant`, on any day, at which a nudge could go out, given
    /// how many went out in each day's window. Looks up to two years ahead; nil when the rules
    /// allow nothing (every day quiet, budget 0).
    public static func nextOpportunity(atOrAfter instant: Date, rules: ScheduleRules, calendar: LocalCalendar,
                                       deliveredIn: (NudgeWindow) -> Int) -> Date? {
        var day = calendar.day(of: instant)
        for _ in 0..<730 {
            if let window = NudgeWindow(day: day, rules: rules, calendar: calendar),
               let moment = window.opportunity(atOrAfter: instant, delivered: deliveredIn(window)) {
                return moment
            }
            guard let next = day.adding(days: 1) else { return nil }
            day = next
        }
        return nil
    }
}
