import ConnectCore
import ConnectProtocol
import Foundation

/// `io.connectd.Status`: version, uptime, where things are, and counts.
struct StatusHandler: MethodHandler {
    func handle(_ parameters: NoParameters, in context: DaemonContext) throws -> StatusReply {
        let now = context.clock()
        let (outlook, interactions, streak) = try context.store.read { session in
            (try ScheduleOutlook(session, context: context, now: now), try session.interactionCount(),
             try ReflectionPresenter.streak(session, now: now))
        }
        let due = outlook.state.candidates.filter { $0.dueAt(calendar: context.calendar) <= now }.count
        return StatusReply(
            version: ConnectVersion.string, pid: Int(getpid()), startedAt: PersonPresenter.timestamp(context.startedAt),
            uptimeSeconds: Int(now.timeIntervalSince(context.startedAt)), stateDirectory: context.paths.stateDirectory,
            database: context.paths.database, socket: context.paths.socket, timeZone: context.config.timeZone.identifier,
            people: outlook.people, interactions: interactions, due: due, openNudges: outlook.openNudges,
            nextNudge: outlook.nextNudge.map(PersonPresenter.timestamp), nextPrompt: outlook.nextPrompt.map(PersonPresenter.timestamp),
            streak: streak)
    }
}
