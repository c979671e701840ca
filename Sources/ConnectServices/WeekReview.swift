import ConnectCore
import ConnectStore
import Foundation

/// The week in review, shown with the Sunday prompt and by `connectctl week`: who you connected
/// with in the 7 days before now (by kind), the follow-ups still open, who is most overdue, how
/// many weeks in a row you reflected, and the question to think about.
public struct WeekReview: Sendable {
    public struct Kind: Sendable {
        public let kind: InteractionKind
        public let count: Int
        /// Who, in the order of the week, each once.
        public let people: [String]
    }

    public struct Overdue: Sendable {
        public let personID: Int64
        public let name: String
        public let dueSince: Date
        public let overdueRatio: Double
    }

    public let from: Date
    public let until: Date
    public let connections: Int
    public let people: Int
    public let byKind: [Kind]
    public let openFollowUps: Int
    /// The oldest open follow-ups (at most 3).
    public let followUps: [(followUp: FollowUp, personName: String, number: Int)]
    public let mostOverdue: [Overdue]
    public let streak: Int
    public let question: String?
    /// Contacts found in what you sent, waiting to be counted (`connectctl proposals`).
    public let openProposals: Int
    /// Plans of the coming 7 days (and those over, not answered yet), the earliest first.
    public let planned: [(plan: PlannedCatchUp, name: String)]

    /// `question`: the prompt's text (the one being delivered, or the one `prompt` would show).
    public static func read(question: String?, in ws: Workspace) throws -> WeekReview {
        let from = ws.now.addingTimeInterval(-7 * 86400)
        let week = try ws.session.interactions(from: from, until: ws.now, limit: 5000)
        var kinds: [InteractionKind: (count: Int, people: [String])] = [:]
        var people = Set<Int64>()
        // Each person once per kind, in the order of the week: a set to ask, not the list
        // (a busy week of 5,000 contacts made that 12 million comparisons).
        var listed = Set<PersonKind>()
        // A lunch with two people is one connection, and each of them was seen.
        for (interaction, name) in week {
            kinds[interaction.kind, default: (0, [])].count += 1
            for (id, name) in [(interaction.personID, name)] + interaction.with.map({ ($0.id, $0.name) }) {
                people.insert(id)
                if listed.insert(PersonKind(personID: id, kind: interaction.kind)).inserted {
                    kinds[interaction.kind, default: (0, [])].people.append(name)
                }
            }
        }
        let byKind = kinds.map { Kind(kind: $0.key, count: $0.value.count, people: $0.value.people) }
            .sorted { ($0.count, $1.kind.rawValue) > ($1.count, $0.kind.rawValue) }
        let followUps = try ws.session.openFollowUps(limit: 3)
        let overdue = ws.live.schedule.mostOverdue(at: ws.now, limit: 3)
        let names = Dictionary(uniqueKeysWithValues: try ws.session.people(ids: overdue.map(\.entry.personID)).map { ($0.id, $0.name) })
        return WeekReview(
            from: from, until: ws.now, connections: week.count, people: people.count, byKind: byKind, openFollowUps: followUps.total,
            followUps: followUps.items,
            mostOverdue: overdue.map { Overdue(personID: $0.entry.personID, name: names[$0.entry.personID] ?? "#\($0.entry.personID)",
                                               dueSince: $0.due, overdueRatio: $0.entry.overdueRatio(now: ws.now)) },
            streak: ws.live.streak(now: ws.now), question: question, openProposals: try ws.session.openProposalCount(cap: 1000),
            planned: try Planning.coming(days: 7, limit: 10, in: ws))
    }

    private struct PersonKind: Hashable {
        let personID: Int64
        let kind: InteractionKind
    }

    /// The question of the week: the latest prompt while unanswered, else the next one.
    public static func currentQuestion(in ws: Workspace) throws -> String? {
        let state = try Reflecting.prompt(in: ws)
        if let current = state.current, current.answers.isEmpty { return current.text }
        return state.next?.text
    }
}
