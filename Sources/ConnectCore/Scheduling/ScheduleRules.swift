import Foundation

/// The user's rules for when the daemon may speak up (from the `[nudges]` and `[reflection]` config).
public struct ScheduleRules: Equatable, Sendable {
    /// At most this many nudges per local day.
    public var dailyBudget: Int = 2
    /// Nudges only between these local times...
    public var activeFrom = TimeOfDay(hour: 9, minute: 0)!
    public var activeUntil = TimeOfDay(hour: 20, minute: 0)!
    /// ...and never on these weekdays (1 = Sunday ... 7 = Saturday).
    public var quietDays: Set<Int> = []
    /// When the weekly reflection prompt fires; nil turns prompts off.
    public var reflectionAt: WeeklyTime? = WeeklyTime(weekday: 1, time: TimeOfDay(hour: 18, minute: 0)!)
    /// A nudge left open this long is retired and the person may be nudged again.
    public var renudgeAfter: TimeInterval = 7 * 86400
    /// First-contact nudges (people you want to meet) in any 7 days, apart from the budget.
    public var firstContactPerWeek = 1
    /// With a digest time, the day's nudges go out together at that time instead of spread out.
    public var digest: TimeOfDay?
    /// A missed delivery counts as late only when it comes more than this long after its instant.
    public var lateAfter: TimeInterval = 120

    public init() {}
}

/// When a delivery is "late", defined once for the daemon, the simulator and the texts: it should
/// have gone out while connectd was not running (or the machine slept), and comes noticeably
/// after its instant. A due instant that was already past when it was set is not late: it is due now.
public enum Lateness {
    /// `plannedAt`: when it would have gone out; `awakeSince`: since when connectd has been running and awake.
    public static func isLate(plannedAt: Date, awakeSince: Date, now: Date, rules: ScheduleRules) -> Bool {
        plannedAt < awakeSince && now.timeIntervalSince(plannedAt) > rules.lateAfter
    }
}
