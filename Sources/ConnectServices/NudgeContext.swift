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
    /// The circle whose cadence they follow, and that cadence (they have none of their own).
    public var circle: (name: String, every: Cadence)?
    /// The newest thing they published in the last 30 days (from their feed): a nudge leads with it.
    public var published: PublishedItem?

    public init(last: LastContact?, latestNote: LastContact? = nil, followUps: [FollowUp] = [], suggestion: (kind: InteractionKind, lastAt: Date)? = nil,
                circle: (name: String, every: Cadence)? = nil, published: PublishedItem? = nil) {
        self.published = published
        self.last = last
        self.latestNote = latestNote
        self.followUps = followUps
        self.suggestion = suggestion
        self.circle = circle
    }

    /// Five indexed statements for one person (their circle comes from the schedule in memory).
    public static func load(_ person: Person, in ws: Workspace) throws -> NudgeContext {
        let session = ws.session
        let live = ws.live
        let circle = live.circle(of: person.id).flatMap { name in live.schedule[person.id]?.cadence.map { (name, $0) } }
        return NudgeContext(last: try session.lastContact(personID: person.id), latestNote: try session.latestNote(personID: person.id),
                            followUps: try session.openFollowUps(personID: person.id),
                            suggestion: suggestion(try session.lastContactByKind(personID: person.id)), circle: circle,
                            published: try Feeds.recent(of: person.id, in: ws))
    }

    /// The kind done longest ago, when there are at least two kinds to choose from.
    public static func suggestion(_ kinds: [(kind: InteractionKind, at: Date)]) -> (kind: InteractionKind, lastAt: Date)? {
        let kinds = kinds.filter { $0.kind != .other }
        guard kinds.count >= 2, let oldest = kinds.min(by: { ($0.at, $0.kind.rawValue) < ($1.at, $1.kind.rawValue) }) else { return nil }
        return (oldest.kind, oldest.at)
    }
}
