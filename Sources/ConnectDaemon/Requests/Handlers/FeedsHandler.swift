import ConnectProtocol
import ConnectServices

/// `io.connectd.Feeds`: the watched feeds, by name, with when each was fetched and what came.
struct FeedsHandler: MethodHandler {
    func handle(_ p: FeedsParameters, in context: RequestContext) throws -> FeedsReply {
        let limit = try limitParameter(p.limit, default: 100)
        let (feeds, total) = try context.workspace.session.feeds(limit: limit)
        let wire = context.wire
        return FeedsReply(feeds: feeds.map { item in
            WatchedFeedInfo(personId: item.person.id, name: item.person.name, url: item.person.feed ?? item.record?.found ?? item.record?.url ?? "",
                            found: item.person.feed == nil, checkedAt: item.record.map { wire.time($0.checkedAt) }, outcome: item.record?.outcome,
                            items: (item.record?.items ?? []).map(wire.published))
        }, total: total)
    }
}
