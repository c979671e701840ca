import ConnectProtocol

/// `io.connectd.RemovePerson`: forgets a person and their interactions; replies with what was removed.
struct RemovePersonHandler: MethodHandler {
    func handle(_ parameters: PersonQuery, in context: DaemonContext) throws -> PersonReply {
        let now = context.clock()
        let (person, last) = try context.store.write { session in
            let person = try context.resolvePerson(parameters.person, in: session)
            let last = try session.interactions(personID: person.id, limit: 1).first
            try session.deletePerson(id: person.id)
            return (person, last)
        }
        context.log.info("Removed \(person.name) (#\(person.id)).")
        return PersonReply(person: context.info(person, lastContact: last, now: now))
    }
}
