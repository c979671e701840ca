import ConnectCore
import ConnectProtocol

/// `io.connectd.EditPerson`: changes only the fields given; "" clears met, into and notes.
struct EditPersonHandler: MethodHandler {
    func handle(_ parameters: EditPersonParameters, in context: DaemonContext) throws -> PersonReply {
        let newName = try parameters.name.map { name in
            try context.parameter("name") { () throws(CoreError) in try Person.normalizedName(name) }
        }
        let cadence = try parameters.every.map { every in
            try context.parameter("every") { () throws(CoreError) in try Cadence.parse(every) }
        }
        let now = context.clock()
        let (person, last) = try context.store.write { session in
            var person = try context.resolvePerson(parameters.person, in: session)
            if let newName {
                if let other = try session.personID(named: newName), other != person.id {
                    throw VarlinkError.personExists(newName, id: other)
                }
                person.name = newName
            }
            if let cadence { person.cadence = cadence }
            if let met = parameters.met { person.met = met.nonBlank }
            if let into = parameters.into { person.interests = into.nonBlank }
            if let notes = parameters.notes { person.notes = notes.nonBlank }
            if let links = parameters.links { person.links = links.compactMap(\.nonBlank) }
            let removed = Set(Person.normalizedTags(parameters.removeTags ?? []))
            person.tags = Person.normalizedTags(person.tags.filter { !removed.contains($0) } + (parameters.addTags ?? []))
            try session.update(person)
            return (person, try session.interactions(personID: person.id, limit: 1).first)
        }
        return PersonReply(person: context.info(person, lastContact: last, now: now))
    }
}
