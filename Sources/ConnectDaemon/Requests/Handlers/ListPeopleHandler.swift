import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.ListPeople`: a page of people by name, everyone or those matching the filters.
struct ListPeopleHandler: MethodHandler {
    func handle(_ p: ListPeopleParameters, in context: RequestContext) throws -> ListPeopleReply {
        var filter = People.ListFilter()
        filter.tag = try p.tag.flatMap { tag in try parameter("tag") { () throws(CoreError) in try Person.normalizedTags([tag]).first } }
        filter.untriaged = p.untriaged ?? false
        filter.ignored = p.ignored ?? false
        filter.organization = try parameter("org") { () throws(CoreError) in try Person.optionalText(p.org, .organization) }
        filter.due = p.due ?? false
        filter.circle = p.circle
        let limit = try limitParameter(p.limit, default: 50)
        let (people, total) = try People.list(filter, limit: limit, in: context.workspace)
        let wire = context.wire
        return ListPeopleReply(people: people.map(wire.person), total: total)
    }
}
