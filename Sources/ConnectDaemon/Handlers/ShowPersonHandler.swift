import ConnectProtocol

/// `io.connectd.ShowPerson`: a person with their most recent interactions.
struct ShowPersonHandler: MethodHandler {
    func handle(_ parameters: PersonQuery, in context: DaemonContext) throws -> ShowPersonReply {
        let limit = try HistoryHandler.validLimit(parameters.limit, default: 10)
        let now = context.clock()
        return try context.store.read { session in
            let person = try context.resolvePerson(parameters.person, in: session)
            let recent = try session.interactions(personID: person.id, limit: limit)
            return ShowPersonReply(
                person: context.info(person, lastContact: recent.first, now: now),
                interactions: recent.map { PersonPresenter.info($0, personName: person.name) })
        }
    }
}
