import ConnectProtocol
import ConnectServices

/// `io.connectd.FollowUps`: everyone's open follow-ups, oldest first.
struct FollowUpsHandler: MethodHandler {
    func handle(_ p: FollowUpsParameters, in context: RequestContext) throws -> FollowUpsReply {
        let limit = try limitParameter(p.limit, default: 50)
        let (items, total) = try FollowUps.list(limit: limit, in: context.workspace)
        let wire = context.wire
        return FollowUpsReply(followUps: items.map { item in
            FollowUpInfo(number: item.number, personId: item.followUp.personID, personName: item.personName, text: item.followUp.text,
                         createdAt: wire.time(item.followUp.createdAt))
        }, total: total)
    }
}
