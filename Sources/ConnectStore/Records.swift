import ConnectCore
import Foundation

/// A nudge as recorded: delivered (recorded before it is announced), then closed by the user.
public struct NudgeRecord: Equatable, Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case open, done, snoozed, skipped, expired
    }

    public var id: Int64
    public var personID: Int64
    public var dueSince: Date
    public var plannedAt: Date
    public var deliveredAt: Date
    /// Nil until every notification channel was called; a nil after a crash means "announce again, late".
    public var announcedAt: Date?
    public var late: Bool
    public var status: Status
    public var closedAt: Date?
    /// The machine that delivered it, when another machine did (through the vdir mirror).
    public var deliveredOn: String? = nil
    public var kind: NudgeKind = .catchUp
}

/// A weekly prompt as recorded, with the user's answers.
public struct PromptRecord: Equatable, Sendable {
    public var id: Int64
    public var promptID: String
    public var text: String
    public var slot: Date
    public var deliveredAt: Date
    public var announcedAt: Date?
    public var late: Bool
    public var answers: [Answer]

    public struct Answer: Equatable, Sendable {
        public var text: String
        public var at: Date
    }
}
