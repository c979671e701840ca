import ConnectCore
import ConnectStore
import Foundation

/// Applies a button pressed on a desktop notification through the same code as `connectctl done`,
/// `snooze` and `skip` (so the journal shows the same entries). Returns true when the schedule changed.
enum DesktopActions {
    static func apply(_ target: DesktopTarget, action: String, context: DaemonContext) -> Bool {
        do {
            switch target {
            case .prompt(let id):
                try context.store.write { try $0.markPromptSeen(id: id, at: context.clock()) }
                context.log.info("Prompt #\(id) seen on the desktop (\(action)).")
                return false
            case .nudge(let id):
                guard let nudge = try context.store.read({ try $0.nudge(id: id) }) else { return false }
                guard nudge.status == .open else {
                    context.log.info("Ignored '\(action)' on nudge #\(id): it is \(nudge.status.rawValue) already.")
                    return false
                }
                let query = "#\(nudge.personID)"
                switch action {
                case "done":
                    _ = try InteractionLogger.log(query: query, kind: .other, at: context.clock(),
                                                  note: "Marked done from a desktop notification", in: context)
                case "snooze":
                    let duration = context.config.desktop.snooze
                    _ = try Postponer.postpone(query: query, status: .snoozed, event: .nudgeSnoozed, in: context) { _, now in
                        duration.next(after: now, calendar: context.calendar)
                    }
                case "skip":
                    _ = try Postponer.postpone(query: query, status: .skipped, event: .nudgeSkipped, in: context) { person, now in
                        person.cadence.next(after: now, calendar: context.calendar)
                    }
                default:
                    return false
                }
                return true
            }
        } catch {
            context.log.warning("Could not apply '\(action)' from a desktop notification: \(error)")
            return false
        }
    }
}
