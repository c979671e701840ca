import ConnectServices
import ConnectStore
import ConnectSystemd
import Foundation

/// What desktop notifications remember in the state, so that a button pressed after a restart
/// still finds its nudge, and what a pressed button does. Every change is one of the daemon's
/// own commands, run in a turn's batch like a client's request.
final class DesktopMemory {
    private let runtime: DaemonRuntime
    private let commands: DaemonCommands

    init(runtime: DaemonRuntime, commands: DaemonCommands) {
        self.runtime = runtime
        self.commands = commands
    }

    /// A notification showing `target` went up under `id`.
    func shown(_ id: UInt32, target: DesktopTarget) {
        commands.submit("remember desktop notification \(id) (its buttons work until connectd restarts)") {
            try $0.session.recordDesktopNotification(id, target: target, at: $0.now)
        }
    }

    /// The notification `id` was closed: forget it.
    func closed(_ id: UInt32) {
        commands.submit("forget closed desktop notification \(id)") { try $0.session.forgetDesktopNotification(id) }
    }

    /// What a notification shown by an earlier run stands for, if it is ours.
    func target(_ id: UInt32) -> DesktopTarget? {
        do {
            return try runtime.keeper.read(now: runtime.clock(), settings: runtime.settings) { try $0.session.desktopTarget(id) }
        } catch {
            runtime.log.warning("Could not look up desktop notification \(id): \(error)")
            return nil
        }
    }

    /// A button ("done", "snooze", "skip", "default") was pressed on `target`.
    func pressed(_ action: String, on target: DesktopTarget) {
        let runtime = runtime
        commands.submit("apply '\(action)' from a desktop notification") { ws in
            try DesktopActions.apply(target, action: action, snooze: runtime.config.desktop.snooze, log: runtime.log, in: ws)
        }
    }

    /// After each commit that closed nudges shown on the desktop, `closeStale` runs on the loop.
    func afterCommitsClosingNudges(_ closeStale: @escaping () -> Void) {
        let store = runtime.keeper.store
        runtime.keeper.onCommit { if store.changes.hasStaleNotifications { closeStale() } }
    }

    /// The notifications whose nudges closed (elsewhere, or by a command): they go off the
    /// screen, and are forgotten.
    func takeClosedNudges() -> [UInt32] {
        let store = runtime.keeper.store
        let stale = store.changes.takeStaleNotifications()
        do {
            let closed = try store.read { session in try stale.filter { try !session.isNudgeOpen($0.nudge) } }.map(\.notification)
            guard !closed.isEmpty else { return [] }
            commands.submit("forget \(closed.count) closed desktop notifications") { ws in
                for id in closed { try ws.session.forgetDesktopNotification(id) }
            }
            return closed
        } catch {
            runtime.log.warning("Could not close the desktop notifications of closed nudges: \(error)")
            return []
        }
    }
}
