import ConnectCore
import ConnectProtocol
import Foundation

/// `io.connectd.Status`: version, uptime, where things are, and counts.
struct StatusHandler: MethodHandler {
    func handle(_ parameters: NoParameters, in context: DaemonContext) throws -> StatusReply {
        let now = context.clock()
        let (people, interactions, open, streak, state) = try context.store.read { session in
            (try session.peopleCount(), try session.interactionCount(), try session.openNudges().count,
             try ReflectionPresenter.streak(session, now: now), try context.schedulerState(session, now: now))
        }
        let due = state.candidates.filter { $0.dueAt(calendar: context.calendar) <= now }.count
        let nextNudge = Scheduler.upcoming(state, now: now, calendar: context.calendar, rules: context.config.rules, limit: 1).first?.at
        let nextPrompt = context.config.rules.reflectionAt?.next(after: max(now, state.promptEpoch), calendar: context.calendar)
        return StatusReply(
            version: ConnectVersion.string, pid: Int(getpid()), startedAt: PersonPresenter.timestamp(context.startedAt),
            uptimeSeconds: Int(now.timeIntervalSince(context.startedAt)), stateDirectory: context.paths.stateDirectory,
            database: context.paths.database, socket: context.paths.socket, timeZone: context.config.timeZone.identifier,
            people: people, interactions: interactions, due: due, openNudges: open,
            nextNudge: nextNudge.map(PersonPresenter.timestamp), nextPrompt: nextPrompt.map(PersonPresenter.timestamp), streak: streak)
    }
}
