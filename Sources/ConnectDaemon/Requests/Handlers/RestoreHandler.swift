import ConnectProtocol
import ConnectServices

/// `io.connectd.Restore`: brings someone back from the trash.
struct RestoreHandler: MethodHandler {
    static let writes = true

    func handle(_ p: RestoreParameters, in context: RequestContext) throws -> RestoreReply {
        let person = try Trash.restore(p.name, in: context.workspace)
        context.runtime.log.info("Restored \(person.person.name) (#\(person.person.id)) from the trash.")
        return RestoreReply(person: context.wire.person(person))
    }
}
