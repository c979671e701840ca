import ConnectProtocol
import ConnectServices

/// `io.connectd.Due`: who is due or overdue now, most overdue first.
struct DueHandler: MethodHandler {
    func handle(_ p: NoParameters, in context: RequestContext) throws -> PeopleReply {
        let wire = context.wire
        return PeopleReply(people: try People.due(in: context.workspace).map(wire.person))
    }
}
