import ConnectCore
import ConnectServices
import ConnectStore
import Foundation

/// Applies a button pressed on a desktop notification through the same services as
/// `connectctl done`, `snooze` and `skip` (so the journal shows the same entries).
enum DesktopActions {
    /// What Done logs, since a button cannot ask: the kind last done with them; a message for
    /// someone not met yet; else "other". Never a made-up note.
    static func doneKind(last: InteractionKind?, nudge: NudgeKind) -> InteractionKind {
        last ?? (nudge == .firstContact ? .message : .other)
    }

    static func apply(_ target: DesktopTarget, action: String, runtime: DaemonRuntime) {
        let now = runtime.clock()
        do {
            switch target {
            case .prompt(let id):
                _ = try runtime.keeper.write(now: now, settings: runtime.settings) { try $0.session.markPromptSeen(id: id, at: now) }
                runtime.log.info("Prompt #\(id) seen on the desktop (\(action)).")
            case .nudge(var id):
                // A digest's button names its own nudge: "done-42".
                var action = action
                if action.hasPrefix("done-"), let named = Int64(action.dropFirst(5)) {
                    id = named
                    action = "done"
                }
                let (_, events) = try runtime.keeper.write(now: now, settings: runtime.settings) { ws -> Void in
                    guard let nudge = try ws.session.nudge(id: id) else { return }
                    guard nudge.status == .open else {
                        runtime.log.info("Ignored '\(action)' on nudge #\(id): it is \(nudge.status.rawValue) already.")
                        return
                    }
                    let person = "#\(nudge.personID)"
                    switch action {
                    case "done":
                        let kind = doneKind(last: try ws.session.lastContact(personID: nudge.personID)?.kind, nudge: nudge.kind)
                        _ = try InteractionLog.log(person, kind: kind, at: now, note: nil, in: ws)
                    case "snooze":
                        _ = try Postponing.snooze(person, for: runtime.config.desktop.snooze, in: ws)
                    case "skip":
                        _ = try Postponing.skip(person, in: ws)
                    default:
                        break
                    }
                }
                runtime.announce(events)
                runtime.requestReplan()
            }
        } catch {
            runtime.log.warning("Could not apply '\(action)' from a desktop notification: \(error)")
        }
    }
}
