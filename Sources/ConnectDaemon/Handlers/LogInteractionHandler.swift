import ConnectCore
import ConnectProtocol

/// `io.connectd.LogInteraction`: records that the user connected with someone.
struct LogInteractionHandler: MethodHandler {
    func handle(_ parameters: LogInteractionParameters, in context: DaemonContext) throws -> LogInteractionReply {
        let now = context.clock()
        let kind = try context.parameter("kind") { () throws(CoreError) in try InteractionKind.parse(parameters.kind) }
        let at = try context.parameter("at") { () throws(CoreError) in
            try WhenParser.parse(parameters.at ?? "now", now: now, calendar: context.calendar)
        }
        let (person, interaction, last) = try context.store.write { session in
            let person = try context.resolvePerson(parameters.person, in: session)
            let interaction = try session.insert(
                Interaction(personID: person.id, kind: kind, at: at, note: parameters.note.nonBlank), loggedAt: now)
            return (person, interaction, try session.interactions(personID: person.id, limit: 1).first)
        }
        context.log.info("Logged \(kind.rawValue) with \(person.name) (#\(person.id)).")
        return LogInteractionReply(
            interaction: PersonPresenter.info(interaction, personName: person.name),
            person: context.info(person, lastContact: last, now: now))
    }
}
