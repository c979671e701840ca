import ConnectProtocol

/// `io.connectd.FetchFeeds`: starts the fetcher now for every feed not fetched in ten minutes.
struct FetchFeedsHandler: MethodHandler {
    func handle(_ p: FetchFeedsParameters, in context: RequestContext) throws -> FetchFeedsReply {
        let (started, message) = context.runtime.feeds.start(all: true, reason: "asked for with connectctl feeds --now")
        return FetchFeedsReply(started: started, message: message)
    }
}
