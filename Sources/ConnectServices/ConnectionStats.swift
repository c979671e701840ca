import ConnectCore
import ConnectStore
import Foundation

/// A picture of how you keep in touch (`connectctl stats`): how many people are on track, due
/// (for less than a week) or overdue (for a week or more); connections per week over the last
/// 26 weeks and by kind; the people you are losing touch with (due the longest); and the
/// reflection streak. Counts come from memory in O(log n); the weeks from one statement each.
public struct ConnectionStats: Sendable {
    public static let weekCount = 26

    public let people: Int
    public let onTrack: Int
    public let due: Int
    public let overdue: Int
    public let untriaged: Int
    /// Connections per week, oldest week first; the last is the 7 days before now.
    public let weeks: [Int]
    public let byKind: [(kind: InteractionKind, count: Int)]
    public let losingTouch: [WeekReview.Overdue]
    public let streak: Int

    public static func read(in ws: Workspace) throws -> ConnectionStats {
        let schedule = ws.live.schedule
        let dueNow = schedule.dueCount(at: ws.now)
        let overdue = schedule.dueCount(at: ws.now.addingTimeInterval(-7 * 86400))
        let scheduled = schedule.count - schedule.unscheduledCount
        let losing = schedule.mostOverdue(at: ws.now, limit: 5)
        let names = Dictionary(uniqueKeysWithValues: try ws.session.people(ids: losing.map(\.entry.personID)).map { ($0.id, $0.name) })
        let since = ws.now.addingTimeInterval(-Double(weekCount) * 7 * 86400)
        return ConnectionStats(
            people: schedule.count, onTrack: max(0, scheduled - dueNow), due: dueNow - overdue, overdue: overdue,
            untriaged: ws.live.untriagedCount,
            weeks: try ws.session.interactionsPerWeek(until: ws.now, weeks: weekCount).reversed(),
            byKind: try ws.session.interactionsByKind(from: since, until: ws.now),
            losingTouch: losing.map { WeekReview.Overdue(personID: $0.entry.personID, name: names[$0.entry.personID] ?? "#\($0.entry.personID)",
                                                         dueSince: $0.due, overdueRatio: $0.entry.overdueRatio(now: ws.now)) },
            streak: ws.live.streak(now: ws.now))
    }

}
