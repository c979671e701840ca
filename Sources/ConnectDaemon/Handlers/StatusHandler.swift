import ConnectCore
import ConnectProtocol
import Foundation

/// `io.connectd.Status`: version, uptime, where things are, and counts.
struct StatusHandler: MethodHandler {
    func handle(_ parameters: NoParameters, in context: DaemonContext) throws -> StatusReply {
        let now = context.clock()
        let (people, interactions, due) = try context.store.read { session in
            let dueCount = try session.dueInputs().filter { DueStatus($0, now: now, calendar: context.calendar).isDue }.count
            return (try session.peopleCount(), try session.interactionCount(), dueCount)
        }
        return StatusReply(
            version: ConnectVersion.string, pid: Int(getpid()), startedAt: PersonPresenter.timestamp(context.startedAt),
            uptimeSeconds: Int(now.timeIntervalSince(context.startedAt)), stateDirectory: context.paths.stateDirectory,
            database: context.paths.database, socket: context.paths.socket, timeZone: context.config.timeZone.identifier,
            people: people, interactions: interactions, due: due)
    }
}
