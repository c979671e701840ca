import ConnectProtocol

/// `io.connectd.Reflect`: stores an answer to the latest delivered prompt.
struct ReflectHandler: MethodHandler {
    func handle(_ parameters: ReflectParameters, in context: DaemonContext) throws -> ReflectReply {
        guard let answer = parameters.answer.nonBlank else {
            throw VarlinkError.invalidParameter("answer", "The answer is empty: write a sentence or two about your week.")
        }
        let now = context.clock()
        let record = try context.store.write { session in
            guard let latest = try session.promptDeliveries(limit: 1).first else {
                let nextAt = context.nextPrompt(after: now, epoch: try session.promptEpoch() ?? now)
                throw VarlinkError.noPrompt(nextAt: nextAt.map(PersonPresenter.timestamp))
            }
            try session.insertReflection(promptDeliveryID: latest.id, answer: answer, at: now)
            return try session.promptDeliveries(limit: 1).first ?? latest
        }
        return ReflectReply(reflection: ReflectionPresenter.info(record))
    }
}
