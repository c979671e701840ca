import ConnectProtocol
import ConnectServices

/// `io.connectd.PlanHappened`: a plan that happened, logged at its planned time.
struct PlanHappenedHandler: MethodHandler {
    static let writes = true

    func handle(_ p: PlanHappenedParameters, in context: RequestContext) throws -> PlanHappenedReply {
        let (plan, logged) = try Planning.happened(p.id, in: context.workspace)
        let wire = context.wire
        let name = logged.person.person.name
        return PlanHappenedReply(plan: wire.plan(plan, person: name), interaction: wire.interaction(logged.interaction, personName: name),
                                 person: wire.person(logged.person))
    }
}
