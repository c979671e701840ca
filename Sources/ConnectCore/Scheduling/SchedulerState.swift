import ConnectTime
import Foundation

/// Everything the scheduler needs to decide. The daemon keeps one in memory and changes it in the
/// same step as each write; the simulator drives its own.
public struct SchedulerState: Sendable {
    public var schedule: Schedule
    /// Instants of nudge deliveries, at least those of the last two days (for the daily budget).
    public var nudgeDeliveries: [Date]
    /// The weekly slot of the last prompt delivered, if any.
    public var lastPromptSlot: Date?
    /// Prompts are owed only for slots after this instant (the first start): no backlog at install.
    public var promptEpoch: Date
    /// Ids of the prompts delivered so far, oldest first (for rotation).
    public var promptHistory: [String]
    /// Since when the daemon has been running and awake: what was planned before was missed.
    public var awakeSince: Date
    /// First-contact nudges of at least the last 7 days (for their weekly pace).
    public var firstContactDeliveries: [Date] = []
    /// The latest nudge of each person's day (birthday, dates), of at least the last two days.
    public var birthdayDeliveries: [Int64: Date] = [:]
    /// A pause (a holiday): no nudge and no prompt goes out before the active hours of this day
    /// begin (in the calendar and rules of the moment, so travelling moves it along); then the
    /// overdue come back within the daily budget, as after days with the machine off.
    public var pausedUntilDay: CivilDate?

    public init(schedule: Schedule, nudgeDeliveries: [Date] = [], lastPromptSlot: Date? = nil, promptEpoch: Date,
                promptHistory: [String] = [], awakeSince: Date) {
        self.schedule = schedule
        self.nudgeDeliveries = nudgeDeliveries
        self.lastPromptSlot = lastPromptSlot
        self.promptEpoch = promptEpoch
        self.promptHistory = promptHistory
        self.awakeSince = awakeSince
    }

    /// Forgets deliveries older than two days: the budget looks at the current day only.
    public mutating func pruneDeliveries(now: Date) {
        nudgeDeliveries.removeAll { now.timeIntervalSince($0) > 2 * 86400 }
        firstContactDeliveries.removeAll { now.timeIntervalSince($0) > 8 * 86400 }
        birthdayDeliveries = birthdayDeliveries.filter { now.timeIntervalSince($0.value) <= 2 * 86400 }
    }
}
