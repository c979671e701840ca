import ConnectProtocol

/// `io.connectd.NotifyTest`: a sample event through every channel, and what each one answered
/// (the desktop's answer comes from D-Bus later: the reply waits for it, the loop does not).
struct NotifyTestHandler: DeferredMethodHandler {
    func handle(_ p: NotifyTestParameters, in context: RequestContext, reply: @escaping (Result<NotifyTestReply, any Error>) -> Void) {
        let event = DaemonEvent(kind: .test, summary: "connectd test notification",
                                body: "If you can read this, connectd can reach you here.", at: context.now, isTest: true)
        context.notifier.announce(event) { outcomes in
            reply(.success(NotifyTestReply(channels: outcomes.map { .init(channel: $0.channel, outcome: $0.outcome) })))
        }
    }
}
