/// An open follow-up as it crosses the socket (see `type FollowUp`): `number` is its place among
/// the person's open ones, oldest first, as `--closes` takes it.
public struct FollowUpInfo: Codable, Equatable, Sendable {
    public var number: Int
    public var personId: Int64
    public var personName: String
    public var text: String
    public var createdAt: String

    public init(number: Int, personId: Int64, personName: String, text: String, createdAt: String) {
        self.number = number
        self.personId = personId
        self.personName = personName
        self.text = text
        self.createdAt = createdAt
    }
}

public struct FollowUpsParameters: Codable, Sendable {
    public var limit: Int?
    public init(limit: Int? = nil) { self.limit = limit }
}

public struct FollowUpsReply: Codable, Sendable {
    public var followUps: [FollowUpInfo]
    /// How many are open in all (the list stops at the limit).
    public var total: Int

    public init(followUps: [FollowUpInfo], total: Int) {
        self.followUps = followUps
        self.total = total
    }
}
