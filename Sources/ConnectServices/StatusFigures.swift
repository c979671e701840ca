import ConnectCore
import Foundation

/// Where the schedule stands, from memory alone: O(log n) whatever the number of people. What
/// `status` and the STATUS= line report.
public struct StatusFigures: Equatable, Sendable {
    public let people: Int
    public let interactions: Int
    public let due: Int
    public let openNudges: Int
    public let nextNudge: Date?
    public let nextPrompt: Date?
    public let streak: Int
    public let untriaged: Int
    /// What the cadences of everyone scheduled ask of the daily budget.
    public let catchUpsPerDay: Double

    public init(live: LiveState, rules: ScheduleRules, now: Date) {
        people = live.schedule.count
        interactions = live.interactionCount
        due = live.schedule.dueCount(at: now)
        openNudges = live.openNudgeCount
        nextNudge = Scheduler.nextNudge(live.scheduler, now: now, rules: rules)
        nextPrompt = Scheduler.nextPrompt(live.scheduler, after: now, rules: rules)
        streak = live.streak(now: now)
        untriaged = live.untriagedCount
        catchUpsPerDay = live.schedule.catchUpsPerDay
    }
}
