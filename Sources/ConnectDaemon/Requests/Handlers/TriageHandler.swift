import ConnectProtocol
import ConnectServices

/// `io.connectd.Triage`: the people waiting for a cadence, oldest first.
struct TriageHandler: MethodHandler {
    func handle(_ p: TriageParameters, in context: RequestContext) throws -> TriageReply {
        let (people, total) = try People.untriaged(limit: try limitParameter(p.limit, default: 20), in: context.workspace)
        let wire = context.wire
        return TriageReply(people: people.map(wire.person), remaining: total)
    }
}
