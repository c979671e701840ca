import Foundation

/// Everything the scheduler needs to decide, read from the store at one instant.
public struct SchedulerState: Equatable, Sendable {
    /// One person as the scheduler sees them.
    public struct Candidate: Equatable, Sendable {
        public var personID: Int64
        public var cadence: Cadence
        /// Last contact, or when the person was added.
        public var anchor: Date
        /// Set by snooze, skip or `--due now`: the person is due at this instant instead.
        public var dueOverride: Date?
        /// When the open (delivered, not yet acted on) nudge for this person went out, if any.
        public var openNudgeSince: Date?

        public init(personID: Int64, cadence: Cadence, anchor: Date, dueOverride: Date? = nil, openNudgeSince: Date? = nil) {
            self.personID = personID
            self.cadence = cadence
            self.anchor = anchor
            self.dueOverride = dueOverride
            self.openNudgeSince = openNudgeSince
        }

        /// When they become (or became) due.
        public func dueAt(calendar: Calendar) -> Date {
            dueOverride ?? cadence.next(after: anchor, calendar: calendar)
        }

        /// Time since contact over cadence: who is most overdue goes first.
        public func overdueRatio(now: Date) -> Double {
            now.timeIntervalSince(anchor) / cadence.nominalSeconds
        }

        /// The order of `due` and of nudges: highest overdue ratio first, ties by id (stable).
        public static func mostOverdueFirst(now: Date) -> (Candidate, Candidate) -> Bool {
            { a, b in
                let (ra, rb) = (a.overdueRatio(now: now), b.overdueRatio(now: now))
                return ra != rb ? ra > rb : a.personID < b.personID
            }
        }
    }

    public var candidates: [Candidate]
    /// Instants of nudge deliveries, at least those of the last two days (for the daily budget).
    public var nudgeDeliveries: [Date]
    /// The weekly slot of the last prompt delivered, if any.
    public var lastPromptSlot: Date?
    /// Prompts are owed only for slots after this instant (the first start): no backlog at install.
    public var promptEpoch: Date
    /// Ids of the prompts delivered so far, oldest first (for rotation).
    public var promptHistory: [String]

    public init(candidates: [Candidate], nudgeDeliveries: [Date] = [], lastPromptSlot: Date? = nil,
                promptEpoch: Date, promptHistory: [String] = []) {
        self.candidates = candidates
        self.nudgeDeliveries = nudgeDeliveries
        self.lastPromptSlot = lastPromptSlot
        self.promptEpoch = promptEpoch
        self.promptHistory = promptHistory
    }
}
