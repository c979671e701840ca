import ConnectProtocol
import ConnectServices
import Glibc

/// `io.connectd.Status`: version, uptime, where things are, and counts: from memory, O(log n).
struct StatusHandler: MethodHandler {
    func handle(_ p: StatusParameters, in context: RequestContext) throws -> StatusReply {
        let runtime = context.runtime
        let figures = StatusFigures(live: context.workspace.live, rules: context.workspace.settings.rules, now: context.now)
        let wire = context.wire
        return StatusReply(
            version: ConnectVersion.string, pid: Int(getpid()), startedAt: wire.time(runtime.startedAt),
            uptimeSeconds: Int(max(0, min(context.now.timeIntervalSince(runtime.startedAt), 1e12))),
            stateDirectory: runtime.paths.stateDirectory, database: runtime.paths.database, socket: runtime.paths.socket,
            timeZone: context.workspace.calendar.identifier, people: figures.people, interactions: figures.interactions,
            due: figures.due, openNudges: figures.openNudges, nextNudge: figures.nextNudge.map(wire.time),
            nextPrompt: figures.nextPrompt.map(wire.time), streak: figures.streak, untriaged: figures.untriaged,
            catchUpsPerDay: (figures.catchUpsPerDay * 100).rounded() / 100, dailyBudget: context.workspace.settings.rules.dailyBudget,
            vdir: runtime.syncDirectory, machine: runtime.syncDirectory == nil ? nil : runtime.machineName,
            configProblem: runtime.configProblem, syncProblem: runtime.syncProblem,
            pausedUntil: figures.pausedUntil.map(wire.time), pauseReason: figures.pausedUntil == nil ? nil : try Pausing.current(in: context.workspace)?.reason,
            openProposals: try context.workspace.session.openProposalCount(cap: 1000))
    }
}
