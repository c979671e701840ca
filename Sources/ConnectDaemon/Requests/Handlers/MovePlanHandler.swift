import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.MovePlan`: a plan at another time, the same length.
struct MovePlanHandler: MethodHandler {
    static let writes = true

    func handle(_ p: MovePlanParameters, in context: RequestContext) throws -> MovePlanReply {
        let ws = context.workspace
        let start = try parameter("when") { () throws(CoreError) in try PlanTimeParser.parse(p.when, now: context.now, calendar: ws.calendar, zone: context.zone) }
        let plan = try Planning.move(p.id, to: start, in: ws)
        let name = try ws.session.person(id: plan.personID)?.name ?? "#\(plan.personID)"
        return MovePlanReply(plan: context.wire.plan(plan, person: name))
    }
}
