import ConnectProtocol
import ConnectServices

/// `io.connectd.RemovePerson`: forgets a person and their interactions; replies with what was removed.
struct RemovePersonHandler: MethodHandler {
    static let writes = true

    func handle(_ p: PersonQuery, in context: RequestContext) throws -> PersonReply {
        let person = try People.remove(p.person, in: context.workspace)
        context.runtime.log.info("Removed \(person.person.name) (#\(person.person.id)).")
        return PersonReply(person: context.wire.person(person))
    }
}
