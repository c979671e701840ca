import ConnectProtocol
import ConnectServices

/// `io.connectd.Trash`: who was removed in the last 30 days.
struct TrashHandler: MethodHandler {
    func handle(_ p: TrashParameters, in context: RequestContext) throws -> TrashReply {
        let wire = context.wire
        return TrashReply(people: try Trash.list(in: context.workspace).map {
            TrashItemInfo(id: $0.personID, name: $0.name, removedAt: wire.time($0.removedAt), purgeAt: wire.time($0.removedAt.addingTimeInterval(Trash.keep)),
                          interactions: $0.interactions)
        })
    }
}
