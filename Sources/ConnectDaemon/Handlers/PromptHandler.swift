import ConnectCore
import ConnectProtocol

/// `io.connectd.Prompt`: the current prompt and what comes next, and when.
struct PromptHandler: MethodHandler {
    func handle(_ parameters: NoParameters, in context: DaemonContext) throws -> PromptReply {
        let now = context.clock()
        return try context.store.read { session in
            let current = try session.promptDeliveries(limit: 1).first
            let state = try context.schedulerState(session, now: now)
            let next = context.prompts.next(after: state.promptHistory)
            let nextAt = context.nextPrompt(after: now, epoch: state.promptEpoch)
            return PromptReply(current: current.map(ReflectionPresenter.info), nextText: next?.text,
                               nextAt: nextAt.map(PersonPresenter.timestamp))
        }
    }
}
