import ConnectCore
import ConnectProtocol
import ConnectStore
import Foundation

/// Logging an interaction, shared by `log` and `done`: it resets the person's clock, clears a
/// snooze or skip, and closes their open nudge (done), all in one transaction.
enum InteractionLogger {
    struct Result {
        let person: Person
        let interaction: Interaction
        let closedNudges: Int
    }

    static func log(query: String, kind: InteractionKind, at: Date, note: String?, in context: DaemonContext) throws -> Result {
        let now = context.clock()
        let result = try context.store.write { session in
            var person = try context.resolvePerson(query, in: session)
            let interaction = try session.insert(Interaction(personID: person.id, kind: kind, at: at, note: note?.nonBlank), loggedAt: now)
            try session.setDueOverride(personID: person.id, nil)
            person.dueOverride = nil
            let closed = try session.closeOpenNudges(personID: person.id, status: .done, at: now)
            return Result(person: person, interaction: interaction, closedNudges: closed)
        }
        context.log.info("Logged \(kind.rawValue) with \(result.person.name) (#\(result.person.id)).")
        if result.closedNudges > 0 {
            _ = context.notify(DaemonEvent(kind: .nudgeDone, summary: "Connected with \(result.person.name)",
                                       body: "Logged \(kind.rawValue); the nudge is closed.", person: result.person, at: now))
        }
        return result
    }

    /// The reply form: the interaction and the person with their latest contact.
    static func info(_ result: Result, in context: DaemonContext) throws -> (InteractionInfo, PersonInfo) {
        let last = try context.store.read { try $0.interactions(personID: result.person.id, limit: 1).first }
        return (PersonPresenter.info(result.interaction, personName: result.person.name),
                context.info(result.person, lastContact: last, now: context.clock()))
    }
}
