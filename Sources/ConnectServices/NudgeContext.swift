import ConnectCore
import ConnectStore
import Foundation

/// What a nudge can say about what to talk about, beyond the person's card: what you promised
/// last time, the latest note you wrote, and a kind of catch-up you used to do with them and
/// have not done for the longest time.
public struct NudgeContext: Sendable {
    public var last: LastContact?
    /// The most recent interaction that has a note (the last one's, or an earlier one's).
    public var latestNote: LastContact?
    /// Open follow-ups, oldest first.
    public var followUps: [FollowUp]
    /// Among two or more kinds done with them before, the one done longest ago, and when.
    public var suggestion: (kind: InteractionKind, lastAt: Date)?

    public init(last: LastContact?, latestNote: LastContact? = nil, followUps: [FollowUp] = [], suggestion: (kind: InteractionKind, lastAt: Date)? = nil) {
        self.last = last
        self.latestNote = latestNote
        self.followUps = followUps
        self.suggestion = suggestion
    }

    /// Four indexed statements for one person.
    public static func load(_ person: Person, in session: StoreSession) throws -> NudgeContext {
        let kinds = try session.lastContactByKind(personID: person.id)
        return NudgeContext(last: try session.lastContact(personID: person.id), latestNote: try session.latestNote(personID: person.id),
                            followUps: try session.openFollowUps(personID: person.id), suggestion: suggestion(kinds))
    }

    /// The kind done longest ago, when there are at least two kinds to choose from.
    public static func suggestion(_ kinds: [(kind: InteractionKind, at: Date)]) -> (kind: InteractionKind, lastAt: Date)? {
        let kinds = kinds.filter { $0.kind != .other }
        guard kinds.count >= 2, let oldest = kinds.min(by: { ($0.at, $0.kind.rawValue) < ($1.at, $1.kind.rawValue) }) else { return nil }
        return (oldest.kind, oldest.at)
    }
}
