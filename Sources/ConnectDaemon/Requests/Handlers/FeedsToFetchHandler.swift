import ConnectProtocol
import ConnectServices

/// `io.connectd.FeedsToFetch`: for the fetcher, the feeds due now, each handed out once.
struct FeedsToFetchHandler: MethodHandler {
    static let writes = true

    func handle(_ p: FeedsToFetchParameters, in context: RequestContext) throws -> FeedsToFetchReply {
        let limit = try limitParameter(p.limit, default: 100)
        let feeds = try Feeds.toFetch(all: p.all ?? false, discover: context.runtime.config.discoverFeeds, limit: limit,
                                         in: context.workspace)
        return FeedsToFetchReply(feeds: feeds.map {
            FeedToFetchInfo(personId: $0.personID, url: $0.url, etag: $0.etag, lastModified: $0.lastModified, discover: $0.discover)
        })
    }
}
