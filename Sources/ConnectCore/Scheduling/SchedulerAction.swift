import Foundation

/// What the daemon must do now, as decided by `Scheduler.plan`. The daemon records each delivery
/// durably, then announces it, then sleeps until `wake`.
public enum SchedulerAction: Equatable, Sendable {
    case deliverNudge(NudgeDelivery)
    case deliverPrompt(PromptDelivery)
    /// Ask whether the person's planned catch-ups that are over happened.
    case askWhetherItHappened(personID: Int64)
    case wake(at: Date)
}

/// Why someone is nudged: their cadence says it is time, they are someone you wanted to meet, or
/// it is their day (their birthday, an anniversary, another of their dates).
public enum NudgeKind: String, Equatable, Sendable, CaseIterable {
    case catchUp = "catch-up"
    case firstContact = "first-contact"
    /// Stored and sent as "birthday", the name it had while birthdays were the only dates.
    case occasion = "birthday"
}

public struct NudgeDelivery: Equatable, Sendable {
    public let personID: Int64
    public let kind: NudgeKind
    /// When the person became due.
    public let dueSince: Date
    /// When this nudge should have gone out had the daemon been awake; `late` compares with it.
    public let plannedAt: Date
    public let late: Bool
    /// True when an ignored, older nudge for this person is retired by this one.
    public let replacesOpenNudge: Bool

    public init(personID: Int64, dueSince: Date, plannedAt: Date, late: Bool, replacesOpenNudge: Bool, kind: NudgeKind = .catchUp) {
        self.personID = personID
        self.kind = kind
        self.dueSince = dueSince
        self.plannedAt = plannedAt
        self.late = late
        self.replacesOpenNudge = replacesOpenNudge
    }
}

public struct PromptDelivery: Equatable, Sendable {
    public let promptID: String
    /// The weekly slot this prompt belongs to (unique per week: recorded so it never fires twice).
    public let slot: Date
    public let late: Bool

    public init(promptID: String, slot: Date, late: Bool) {
        self.promptID = promptID
        self.slot = slot
        self.late = late
    }
}
