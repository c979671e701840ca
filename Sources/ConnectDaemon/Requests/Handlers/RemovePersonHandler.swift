import ConnectProtocol
import ConnectServices

/// `io.connectd.RemovePerson`: forgets a person and their interactions; replies with what was removed.
struct RemovePersonHandler: MethodHandler {
    static let writes = true

    func handle(_ p: RemovePersonParameters, in context: RequestContext) throws -> RemovePersonReply {
        let person = try People.remove(try context.person(p.person), in: context.workspace)
        context.runtime.log.info("Removed \(person.person.name) (#\(person.person.id)).")
        return RemovePersonReply(person: context.wire.person(person))
    }
}
