import Foundation

/// A catch-up you arranged ("lunch with Ada on Friday at 12:30"): it holds the person's nudges
/// until it is over, and once it is, connectd asks once whether it happened. "It happened" logs
/// it as an interaction at the planned time.
public struct PlannedCatchUp: Equatable, Sendable {
    public enum State: String, Sendable, CaseIterable {
        case planned
        case happened
        case cancelled
    }

    public var id: Int64
    public var personID: Int64
    public var kind: InteractionKind
    public var startsAt: Date
    public var endsAt: Date
    public var place: String?
    public var note: String?
    /// The name every machine and calendar knows it by.
    public var uid: String
    public var state: State
    /// When connectd asked whether it happened (nil: not yet).
    public var askedAt: Date?
    /// The interaction "It happened" logged.
    public var interactionID: Int64?

    public init(id: Int64 = 0, personID: Int64, kind: InteractionKind, startsAt: Date, endsAt: Date, place: String? = nil,
                note: String? = nil, uid: String = "", state: State = .planned, askedAt: Date? = nil, interactionID: Int64? = nil) {
        self.id = id
        self.personID = personID
        self.kind = kind
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.place = place
        self.note = note
        self.uid = uid
        self.state = state
        self.askedAt = askedAt
        self.interactionID = interactionID
    }

    /// How long after a plan ends its person's nudges still wait for the answer to "did it
    /// happen?": long enough for a weekend away, short enough that an unanswered question never
    /// silences someone for good.
    public static let answerGrace: TimeInterval = 7 * 86400

    /// The length of a plan without `--for`.
    public static let defaultLength: TimeInterval = 3600

    /// The longest plan (`--for`): a weekend trip, not a season.
    public static let longestLength: TimeInterval = 14 * 86400

    /// How far ahead a plan may be: a mistyped year is refused rather than kept.
    public static let furthestAhead: TimeInterval = 2 * 366 * 86400
}
