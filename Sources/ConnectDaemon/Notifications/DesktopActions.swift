import ConnectCore
import ConnectServices
import ConnectStore
import ConnectSystemd
import Foundation

/// Applies a button pressed on a desktop notification through the same services as
/// `connectctl done`, `snooze` and `skip` (so the journal shows the same entries), as one of the
/// daemon's own commands (`DaemonCommands.submit`): the nudge names the person by id.
enum DesktopActions {
    /// What Done logs, since a button cannot ask: the kind last done with them; a message for
    /// someone not met yet; else "other". Never a made-up note.
    static func doneKind(last: InteractionKind?, nudge: NudgeKind) -> InteractionKind {
        last ?? (nudge == .firstContact ? .message : .other)
    }

    static func apply(_ target: DesktopTarget, action: String, snooze: Cadence, log: Log, in ws: Workspace) throws {
        switch target {
        case .proposals(let upTo):
            // "Review" leaves them to 'connectctl proposals'; "Log all" counts what was shown.
            guard action == "log-all" else { return log.info("Found contacts left to review: connectctl proposals.") }
            let (accepted, more) = try Detecting.acceptAll(upTo: upTo, in: ws)
            log.info("Logged \(accepted) found contact\(accepted == 1 ? "" : "s") from a desktop notification"
                     + (more ? "; older ones are open: connectctl proposals." : "."))
        case .plan(let id):
            guard try ws.session.plan(id: id)?.state == .planned else { return log.info("Ignored '\(action)' on plan #\(id): it is answered already.") }
            switch action {
            case "happened":
                let (plan, logged) = try Planning.happened(id, in: ws)
                log.info("Logged \(plan.kind.rawValue) with \(logged.person.person.name) as planned (plan #\(id)), from a desktop notification.")
            case "didnt":
                _ = try Planning.cancel(id, in: ws)
                log.info("Plan #\(id) did not happen: cancelled from a desktop notification.")
            case "move":
                let plan = try Planning.moveByAWeek(id, in: ws)
                log.info("Plan #\(id) moved a week, to \(ws.calendar.local(plan.startsAt)) (connectctl move \(id) WHEN sets another time).")
            default:
                break
            }
        case .prompt(let id):
            try ws.session.markPromptSeen(id: id, at: ws.now)
            log.info("Prompt #\(id) seen on the desktop (\(action)).")
        case .nudge(var id):
            // A digest's button names its own nudge: "done-42".
            var action = action
            if action.hasPrefix("done-"), let named = Int64(action.dropFirst(5)) {
                id = named
                action = "done"
            }
            guard let nudge = try ws.session.nudge(id: id), let person = try ws.session.person(id: nudge.personID) else { return }
            guard nudge.status == .open else {
                log.info("Ignored '\(action)' on nudge #\(id): it is \(nudge.status.rawValue) already.")
                return
            }
            switch action {
            case "done":
                let kind = doneKind(last: try ws.session.lastContact(personID: person.id)?.kind, nudge: nudge.kind)
                _ = try InteractionLog.log(person, kind: kind, at: ws.now, note: nil, next: [], closes: [], in: ws)
            case "snooze":
                _ = try Postponing.snooze(person, for: snooze, in: ws)
            case "skip":
                _ = try Postponing.skip(person, in: ws)
            default:
                break
            }
        }
    }
}
