import ConnectProtocol
import ConnectServices

/// `io.connectd.CancelPlan`: a plan that did not (or will not) happen.
struct CancelPlanHandler: MethodHandler {
    static let writes = true

    func handle(_ p: CancelPlanParameters, in context: RequestContext) throws -> CancelPlanReply {
        let plan = try Planning.cancel(p.id, in: context.workspace)
        let name = try context.workspace.session.person(id: plan.personID)?.name ?? "#\(plan.personID)"
        return CancelPlanReply(plan: context.wire.plan(plan, person: name))
    }
}
