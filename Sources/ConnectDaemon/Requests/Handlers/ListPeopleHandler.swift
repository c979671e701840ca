import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.ListPeople`: everyone by name, optionally filtered by a tag.
struct ListPeopleHandler: MethodHandler {
    func handle(_ p: ListPeopleParameters, in context: RequestContext) throws -> ListPeopleReply {
        let tag = try p.tag.flatMap { tag in try parameter("tag") { () throws(CoreError) in try Person.normalizedTags([tag]).first } }
        let wire = context.wire
        return ListPeopleReply(people: try People.list(tag: tag, in: context.workspace).map(wire.person))
    }
}
