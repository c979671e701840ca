import ConnectProtocol
import ConnectServices

/// `io.connectd.ShowPerson`: a person with their most recent interactions and open plans.
struct ShowPersonHandler: MethodHandler {
    func handle(_ p: ShowPersonParameters, in context: RequestContext) throws -> ShowPersonReply {
        let limit = try limitParameter(p.limit, default: 10)
        let (person, recent, followUps) = try People.show(try context.person(p.person), limit: limit, in: context.workspace)
        let wire = context.wire
        return ShowPersonReply(person: wire.person(person),
                               interactions: recent.map { wire.interaction($0, personName: person.person.name) },
                               followUps: wire.followUps(followUps, personName: person.person.name),
                               plans: try Planning.open(of: person.person, limit: 20, in: context.workspace).items.map {
                                   wire.plan($0.plan, person: person.person.name)
                               },
                               published: (try context.workspace.session.feed(personID: person.person.id)?.items ?? []).map(wire.published))
    }
}
