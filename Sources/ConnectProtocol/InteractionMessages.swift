/// An interaction as it crosses the socket (see `type Interaction` in the interface description).
public struct InteractionInfo: Codable, Equatable, Sendable {
    public var id: Int64
    public var personId: Int64
    public var personName: String
    public var kind: String
    public var at: String
    public var note: String?

    public init(id: Int64, personId: Int64, personName: String, kind: String, at: String, note: String?) {
        self.id = id
        self.personId = personId
        self.personName = personName
        self.kind = kind
        self.at = at
        self.note = note
    }
}

public struct LogInteractionParameters: Codable, Sendable {
    public var person: String
    public var kind: String
    public var at: String?
    public var note: String?
    /// Follow-ups to remember ("send her the article"), and numbers of open ones now done.
    public var next: [String]?
    public var closes: [Int]?

    public init(person: String, kind: String, at: String? = nil, note: String? = nil) {
        self.person = person
        self.kind = kind
        self.at = at
        self.note = note
    }
}

public struct LogInteractionReply: Codable, Sendable {
    public var interaction: InteractionInfo
    public var person: PersonInfo
    /// The person's open follow-ups after this log, and how many it closed.
    public var followUps: [FollowUpInfo]
    /// The text of each follow-up closed.
    public var closedFollowUps: [String]
    public init(interaction: InteractionInfo, person: PersonInfo, followUps: [FollowUpInfo] = [], closedFollowUps: [String] = []) {
        self.interaction = interaction
        self.person = person
        self.followUps = followUps
        self.closedFollowUps = closedFollowUps
    }
}

public struct HistoryParameters: Codable, Sendable {
    public var person: String?
    public var limit: Int?
    public init(person: String? = nil, limit: Int? = nil) {
        self.person = person
        self.limit = limit
    }
}

public struct HistoryReply: Codable, Sendable {
    public var interactions: [InteractionInfo]
    public init(interactions: [InteractionInfo]) { self.interactions = interactions }
}
