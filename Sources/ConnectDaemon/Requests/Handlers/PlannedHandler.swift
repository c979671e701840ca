import ConnectProtocol
import ConnectServices

/// `io.connectd.Planned`: the open plans, the earliest first, a page of them.
struct PlannedHandler: MethodHandler {
    func handle(_ p: PlannedParameters, in context: RequestContext) throws -> PlannedReply {
        let open = try Planning.open(limit: try limitParameter(p.limit, default: 50), in: context.workspace)
        return PlannedReply(plans: open.items.map { context.wire.plan($0.plan, person: $0.name) }, total: open.total)
    }
}
