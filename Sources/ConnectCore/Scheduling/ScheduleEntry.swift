import Foundation

/// One person as the scheduler sees them: what decides when they are due and may be nudged.
public struct ScheduleEntry: Equatable, Sendable {
    public var personID: Int64
    /// Nil: the person is listed but never due (not scheduled).
    public var cadence: Cadence?
    /// When the person was added.
    public var addedAt: Date
    /// The latest interaction, if any.
    public var lastContact: Date?
    /// Set by snooze, skip or `--due now`: due at this instant instead.
    public var dueOverride: Date?
    /// When the open (delivered, not yet acted on) nudge for this person went out, if any.
    public var openNudgeSince: Date?
    /// When the due date was last set by a change (nil: at start-up). A due instant that was
    /// already past when it was set is simply due now, never "late".
    public var scheduledAt: Date?
    /// Someone to meet: nudged for a first contact (paced per week) instead of on a cadence.
    public var wantToMeet: Bool
    /// Their birthday and other dates: nudged on the morning of each, outside the budget.
    public var occasions: [YearlyDate]
    /// A circle's maximum: past it since the last contact they count as overdue and go first.
    public var maximum: Cadence?
    /// A planned catch-up holds their nudges until this instant (a week after it ends:
    /// `PlannedCatchUp.answerGrace`).
    public var heldUntil: Date?
    /// When connectd asks whether a planned catch-up happened: the end of the earliest one not
    /// asked about yet.
    public var questionAt: Date?

    public init(personID: Int64, cadence: Cadence?, addedAt: Date, lastContact: Date? = nil, dueOverride: Date? = nil,
                openNudgeSince: Date? = nil, scheduledAt: Date? = nil, wantToMeet: Bool = false, occasions: [YearlyDate] = [],
                maximum: Cadence? = nil, heldUntil: Date? = nil, questionAt: Date? = nil) {
        self.heldUntil = heldUntil
        self.questionAt = questionAt
        self.maximum = maximum
        self.wantToMeet = wantToMeet
        self.occasions = occasions
        self.personID = personID
        self.cadence = cadence
        self.addedAt = addedAt
        self.lastContact = lastContact
        self.dueOverride = dueOverride
        self.openNudgeSince = openNudgeSince
        self.scheduledAt = scheduledAt
    }

    /// The instant the cadence counts from: the last contact, or when the person was added.
    public var anchor: Date { lastContact ?? addedAt }

    /// When they become (or became) due; nil when not scheduled. A planned catch-up holds it.
    public func dueAt(calendar: LocalCalendar) -> Date? {
        guard let cadence else { return nil }
        let due = dueOverride ?? cadence.next(after: anchor, calendar: calendar)
        return heldUntil.map { max($0, due) } ?? due
    }

    /// When they may be nudged: when due, or, with an ignored open nudge, once it is stale.
    public func eligibleAt(due: Date, renudgeAfter: TimeInterval) -> Date {
        guard let open = openNudgeSince else { return due }
        return max(due, open.addingTimeInterval(renudgeAfter))
    }

    /// Time since contact over cadence: 1.0 means due now, 2.0 twice as long as wanted.
    public func overdueRatio(now: Date) -> Double {
        guard let cadence else { return 0 }
        return now.timeIntervalSince(anchor) / cadence.nominalSeconds
    }

    /// Past a circle's maximum since the last contact.
    public func isPastMaximum(now: Date) -> Bool {
        guard let maximum else { return false }
        return now.timeIntervalSince(anchor) > maximum.nominalSeconds
    }

    /// The order of `due` and of nudges: those past their circle's maximum first, then the
    /// highest overdue ratio, ties by id.
    public static func mostOverdueFirst(now: Date) -> (ScheduleEntry, ScheduleEntry) -> Bool {
        { a, b in
            let (pa, pb) = (a.isPastMaximum(now: now), b.isPastMaximum(now: now))
            if pa != pb { return pa }
            let (ra, rb) = (a.overdueRatio(now: now), b.overdueRatio(now: now))
            return ra != rb ? ra > rb : a.personID < b.personID
        }
    }
}
