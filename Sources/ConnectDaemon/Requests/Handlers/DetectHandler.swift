import ConnectProtocol

/// `io.connectd.Detect`: reads the `[detect]` sources now; the reply comes once every pass is
/// committed (each runs in bounded steps across loop turns, like an import).
struct DetectHandler: DeferredMethodHandler {
    func handle(_ p: DetectParameters, in context: RequestContext, reply: @escaping (Result<DetectReply, any Error>) -> Void) {
        let runtime = context.runtime
        var sources: [(name: String, request: (@escaping (Result<DetectSummary, any Error>) -> Void) -> Void)] = []
        if runtime.config.detect.notmuch { sources.append((NotmuchDetector.source, { runtime.notmuch.requestPass($0) })) }
        if runtime.msmtp.path != nil { sources.append((MsmtpDetector.source, { runtime.msmtp.requestPass($0) })) }
        if !runtime.config.detect.calendars.isEmpty { sources.append((CalendarDetector.source, { runtime.calendars.requestPass($0) })) }
        guard !sources.isEmpty else {
            return reply(.success(DetectReply(mails: 0, proposed: 0, logged: 0, tooMany: 0, problem: "no source is configured")))
        }
        var found: [(source: String, summary: DetectSummary)] = []
        var failure: (any Error)?
        var pending = sources.count
        for source in sources {
            source.request { result in
                switch result {
                case .success(let summary): found.append((source.name, summary))
                case .failure(let error): failure = failure ?? error
                }
                pending -= 1
                guard pending == 0 else { return }
                if let failure { return reply(.failure(failure)) }
                let total = DetectSummary.combined(found)
                reply(.success(DetectReply(mails: total.mails, proposed: total.outcome.proposed, logged: total.outcome.logged,
                                           tooMany: total.outcome.tooMany, problem: total.problem)))
            }
        }
    }
}
