import ConnectCore
import ConnectProtocol
import ConnectStore
import Foundation

/// Snooze and skip: both move the person's next due instant and close their open nudge.
enum Postponer {
    static func postpone(query: String, status: NudgeRecord.Status, event: DaemonEvent.Kind, in context: DaemonContext,
                         until: (Person, Date) -> Date) throws -> PostponeReply {
        let now = context.clock()
        let (person, closed, last) = try context.store.write { session in
            var person = try context.resolvePerson(query, in: session)
            let due = until(person, now)
            try session.setDueOverride(personID: person.id, due)
            person.dueOverride = due
            let closed = try session.closeOpenNudges(personID: person.id, status: status, at: now)
            return (person, closed, try session.interactions(personID: person.id, limit: 1).first)
        }
        let due = person.dueOverride ?? now
        let verb = event == .nudgeSnoozed ? "Snoozed" : "Skipped"
        _ = context.notify(DaemonEvent(kind: event, summary: "\(verb) \(person.name)",
                                   body: "Next nudge not before \(PersonPresenter.timestamp(due)).", person: person, at: now))
        return PostponeReply(person: context.info(person, lastContact: last, now: now),
                             until: PersonPresenter.timestamp(due), closedNudges: closed)
    }
}
