import ConnectProtocol

/// `io.connectd.Detect`: reads the `[detect]` sources now; the reply comes once the pass is
/// committed (it runs in bounded steps across loop turns, like an import).
struct DetectHandler: DeferredMethodHandler {
    func handle(_ p: DetectParameters, in context: RequestContext, reply: @escaping (Result<DetectReply, any Error>) -> Void) {
        context.runtime.msmtp.requestPass { result in
            reply(result.map { found in
                DetectReply(mails: found.mails, proposed: found.outcome.proposed, logged: found.outcome.logged, tooMany: found.outcome.tooMany,
                            problem: found.problem)
            })
        }
    }
}
