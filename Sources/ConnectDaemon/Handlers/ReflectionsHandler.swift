import ConnectProtocol

/// `io.connectd.Reflections`: delivered prompts with answers, newest first, and the streak.
struct ReflectionsHandler: MethodHandler {
    func handle(_ parameters: ReflectionsParameters, in context: DaemonContext) throws -> ReflectionsReply {
        let limit = try HistoryHandler.validLimit(parameters.limit, default: 20)
        let now = context.clock()
        return try context.store.read { session in
            ReflectionsReply(reflections: try session.promptDeliveries(limit: limit).map(ReflectionPresenter.info),
                             streak: try ReflectionPresenter.streak(session, now: now))
        }
    }
}
