import ConnectCore
import ConnectProtocol

/// `io.connectd.AddPerson`: someone new to stay in touch with.
struct AddPersonHandler: MethodHandler {
    func handle(_ parameters: AddPersonParameters, in context: DaemonContext) throws -> PersonReply {
        let name = try context.parameter("name") { () throws(CoreError) in try Person.normalizedName(parameters.name) }
        let cadence = try parameters.every.map { every in
            try context.parameter("every") { () throws(CoreError) in try Cadence.parse(every) }
        } ?? context.config.defaultCadence
        let now = context.clock()
        if let due = parameters.due, due.lowercased() != "now" {
            throw VarlinkError.invalidParameter("due", "'due' only takes \"now\" (due at once); leave it out to be due one cadence from today.")
        }
        let person = Person(
            name: name, cadence: cadence, met: parameters.met.nonBlank, interests: parameters.into.nonBlank,
            notes: parameters.notes.nonBlank, tags: Person.normalizedTags(parameters.tags ?? []),
            links: (parameters.links ?? []).compactMap(\.nonBlank), addedAt: now, dueOverride: parameters.due == nil ? nil : now)
        let saved = try context.store.write { session in
            if let existing = try session.personID(named: name) { throw VarlinkError.personExists(name, id: existing) }
            return try session.insert(person)
        }
        context.log.info("Added \(saved.name) (#\(saved.id)), \(saved.cadence.phrase).")
        return PersonReply(person: context.info(saved, lastContact: nil, now: now))
    }
}
