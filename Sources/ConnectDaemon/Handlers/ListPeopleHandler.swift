import ConnectProtocol

/// `io.connectd.ListPeople`: everyone by name, optionally filtered by a tag.
struct ListPeopleHandler: MethodHandler {
    func handle(_ parameters: ListPeopleParameters, in context: DaemonContext) throws -> PeopleReply {
        let now = context.clock()
        return try context.store.read { session in
            let last = try session.lastInteractions()
            let tag = parameters.tag.nonBlank
            return PeopleReply(people: try session.people(tag: tag).map { context.info($0, lastContact: last[$0.id], now: now) })
        }
    }
}
