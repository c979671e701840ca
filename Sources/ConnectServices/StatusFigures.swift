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
    /// Nudges and prompts wait until then (a pause that has not ended).
    public let pausedUntil: Date?

    public init(live: LiveState, rules: ScheduleRules, now: Date) {
        people = live.schedule.count
        interactions = live.interactionCount
        due = live.schedule.dueCount(at: now)
        openNudges = live.openNudgeCount
        let paused = Scheduler.pausedUntil(live.scheduler, rules: rules).flatMap { $0 > now ? $0 : nil }
        pausedUntil = paused
        // Nothing goes out before a pause ends.
        nextNudge = Scheduler.nextNudge(live.scheduler, now: now, rules: rules).map { max($0, paused ?? $0) }
        nextPrompt = Scheduler.nextPrompt(live.scheduler, after: now, rules: rules).map { max($0, paused ?? $0) }
        streak = live.streak(now: now)
        untriaged = live.untriagedCount
        catchUpsPerDay = live.schedule.catchUpsPerDay
    }
}
