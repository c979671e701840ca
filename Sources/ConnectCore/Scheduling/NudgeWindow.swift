import Foundation

/// One local day's nudge window: when it opens and closes and the budget slots inside it.
/// Slot k (0-based) unlocks the (k+1)-th nudge of the day, so a day's nudges are spread evenly
/// across the active hours: with a budget of 2 and 09:00-20:00, at 09:00 and 14:30 at the earliest.
public struct NudgeWindow: Equatable, Sendable {
    public let start: Date
    public let end: Date
    public let slots: [Date]

    /// The window of the local day containing `day`, or nil on a quiet day or an empty window.
    public init?(dayOf day: Date, rules: ScheduleRules, calendar: Calendar) {
        guard rules.dailyBudget > 0, !rules.quietDays.contains(calendar.component(.weekday, from: day)) else { return nil }
        let start = LocalTime.instant(rules.activeFrom, onDayOf: day, calendar: calendar)
        let end = LocalTime.instant(rules.activeUntil, onDayOf: day, calendar: calendar)
        guard end > start else { return nil }
        let step = end.timeIntervalSince(start) / Double(rules.dailyBudget)
        self.start = start
        self.end = end
        slots = (0..<rules.dailyBudget).map { start.addingTimeInterval(Double($0) * step) }
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
    /// how many went out on each local day (`deliveredOn` is keyed by the window's start). Looks up
    /// to two years ahead; nil when the rules allow nothing (every day quiet, budget 0).
    public static func nextOpportunity(atOrAfter instant: Date, rules: ScheduleRules, calendar: Calendar,
                                       deliveredOn: (NudgeWindow) -> Int) -> Date? {
        var day = instant
        for _ in 0..<730 {
            if let window = NudgeWindow(dayOf: day, rules: rules, calendar: calendar),
               let moment = window.opportunity(atOrAfter: instant, delivered: deliveredOn(window)) {
                return moment
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: day)) else { return nil }
            day = next.addingTimeInterval(3 * 3600) // safely inside the next local day, whatever DST does
        }
        return nil
    }
}
