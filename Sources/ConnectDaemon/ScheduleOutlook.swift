import ConnectCore
import ConnectStore
import Foundation

/// Where the schedule stands at one instant: what `status`, the STATUS= line and `prompt` report.
struct ScheduleOutlook {
    let state: SchedulerState
    let people: Int
    let openNudges: Int
    /// When the next nudge is expected if nobody acts first.
    let nextNudge: Date?
    /// When the next weekly prompt comes; nil when prompts are off.
    let nextPrompt: Date?

    init(_ session: StoreSession, context: DaemonContext, now: Date) throws {
        state = try context.schedulerState(session, now: now)
        people = state.candidates.count
        openNudges = try session.openNudges().count
        nextNudge = Scheduler.upcoming(state, now: now, calendar: context.calendar, rules: context.config.rules, limit: 1).first?.at
        nextPrompt = context.nextPrompt(after: now, epoch: state.promptEpoch)
    }

    /// The one-line STATUS= summary.
    var statusLine: String {
        "Keeping in touch with \(people) \(people == 1 ? "person" : "people"); \(openNudges) open nudge\(openNudges == 1 ? "" : "s"); "
            + "next nudge \(nextNudge.map(PersonPresenter.timestamp) ?? "none"); next prompt \(nextPrompt.map(PersonPresenter.timestamp) ?? "off")"
    }
}
