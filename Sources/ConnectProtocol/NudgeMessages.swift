/// A delivered nudge as it crosses the socket (see `type Nudge`).
public struct NudgeInfo: Codable, Equatable, Sendable {
    public var id: Int64
    public var personId: Int64
    public var personName: String
    public var dueSince: String
    public var plannedAt: String
    public var deliveredAt: String
    public var late: Bool
    public var status: String
    public var closedAt: String?
    public var summary: String
    public var body: String
    /// The machine that delivered it, when another one did (through the vdir mirror).
    public var deliveredOn: String?

    public init(id: Int64, personId: Int64, personName: String, dueSince: String, plannedAt: String, deliveredAt: String,
                late: Bool, status: String, closedAt: String?, summary: String, body: String, deliveredOn: String? = nil) {
        self.deliveredOn = deliveredOn
        self.id = id
        self.personId = personId
        self.personName = personName
        self.dueSince = dueSince
        self.plannedAt = plannedAt
        self.deliveredAt = deliveredAt
        self.late = late
        self.status = status
        self.closedAt = closedAt
        self.summary = summary
        self.body = body
    }
}

public struct UpcomingNudge: Codable, Equatable, Sendable {
    public var personId: Int64
    public var personName: String
    public var at: String
    /// "catch-up", or "first-contact" for someone to meet (when expected: an estimate).
    public var kind: String

    public init(personId: Int64, personName: String, at: String, kind: String = "catch-up") {
        self.personId = personId
        self.personName = personName
        self.at = at
        self.kind = kind
    }
}

public struct NudgesReply: Codable, Sendable {
    public var open: [NudgeInfo]
    public var recent: [NudgeInfo]
    public var upcoming: [UpcomingNudge]

    public init(open: [NudgeInfo], recent: [NudgeInfo], upcoming: [UpcomingNudge]) {
        self.open = open
        self.recent = recent
        self.upcoming = upcoming
    }
}

public struct DoneParameters: Codable, Sendable {
    public var person: String
    public var kind: String?
    public var note: String?
    public var next: [String]?
    public var closes: [Int]?

    public init(person: String, kind: String? = nil, note: String? = nil) {
        self.person = person
        self.kind = kind
        self.note = note
    }
}

public struct DoneReply: Codable, Sendable {
    public var interaction: InteractionInfo
    public var person: PersonInfo
    public var closedNudges: Int
    public var followUps: [FollowUpInfo]
    /// The text of each follow-up closed.
    public var closedFollowUps: [String]

    public init(interaction: InteractionInfo, person: PersonInfo, closedNudges: Int, followUps: [FollowUpInfo] = [], closedFollowUps: [String] = []) {
        self.interaction = interaction
        self.person = person
        self.closedNudges = closedNudges
        self.followUps = followUps
        self.closedFollowUps = closedFollowUps
    }
}

public struct SnoozeParameters: Codable, Sendable {
    public var person: String
    public var duration: String?

    public init(person: String, duration: String? = nil) {
        self.person = person
        self.duration = duration
    }
}

/// Reply of Snooze and Skip: the person and when they are due now. `changed` is false when a
/// snooze had nothing to do (the person is due later than that anyway).
public struct PostponeReply: Codable, Sendable {
    public var person: PersonInfo
    public var until: String
    public var closedNudges: Int
    public var changed: Bool

    public init(person: PersonInfo, until: String, closedNudges: Int, changed: Bool) {
        self.person = person
        self.until = until
        self.closedNudges = closedNudges
        self.changed = changed
    }
}
