/// How many interactions of one kind, and with whom (`type KindCount`).
public struct KindCountInfo: Codable, Equatable, Sendable {
    public var kind: String
    public var count: Int
    public var people: [String]

    public init(kind: String, count: Int, people: [String]) {
        self.kind = kind
        self.count = count
        self.people = people
    }
}

/// Someone due for a while (`type Overdue`): since when, and how far past their cadence (1.0: due now).
public struct OverdueInfo: Codable, Equatable, Sendable {
    public var personId: Int64
    public var name: String
    public var dueSince: String
    public var overdueRatio: Double

    public init(personId: Int64, name: String, dueSince: String, overdueRatio: Double) {
        self.personId = personId
        self.name = name
        self.dueSince = dueSince
        self.overdueRatio = overdueRatio
    }
}

/// Reply of `io.connectd.Week`: the week in review, and `text` as the Sunday prompt shows it.
public struct WeekReply: Codable, Sendable {
    public var from: String
    public var until: String
    public var connections: Int
    public var people: Int
    public var byKind: [KindCountInfo]
    public var openFollowUps: Int
    public var followUps: [FollowUpInfo]
    public var mostOverdue: [OverdueInfo]
    public var streak: Int
    public var question: String?
    public var text: String

    public init(from: String, until: String, connections: Int, people: Int, byKind: [KindCountInfo], openFollowUps: Int,
                followUps: [FollowUpInfo], mostOverdue: [OverdueInfo], streak: Int, question: String?, text: String) {
        self.from = from
        self.until = until
        self.connections = connections
        self.people = people
        self.byKind = byKind
        self.openFollowUps = openFollowUps
        self.followUps = followUps
        self.mostOverdue = mostOverdue
        self.streak = streak
        self.question = question
        self.text = text
    }
}

/// Reply of `io.connectd.Stats`. `weeks`: connections per week, oldest first, the last being
/// the 7 days before now; `byKind` over the same 26 weeks.
public struct StatsReply: Codable, Sendable {
    public var people: Int
    public var onTrack: Int
    public var due: Int
    public var overdue: Int
    public var untriaged: Int
    public var weeks: [Int]
    public var byKind: [KindCountInfo]
    public var losingTouch: [OverdueInfo]
    public var streak: Int

    public init(people: Int, onTrack: Int, due: Int, overdue: Int, untriaged: Int, weeks: [Int], byKind: [KindCountInfo],
                losingTouch: [OverdueInfo], streak: Int) {
        self.people = people
        self.onTrack = onTrack
        self.due = due
        self.overdue = overdue
        self.untriaged = untriaged
        self.weeks = weeks
        self.byKind = byKind
        self.losingTouch = losingTouch
        self.streak = streak
    }
}
