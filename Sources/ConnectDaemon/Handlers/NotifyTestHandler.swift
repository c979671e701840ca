import ConnectProtocol

/// `io.connectd.NotifyTest`: a sample event through every channel, and what each one answered.
struct NotifyTestHandler: MethodHandler {
    func handle(_ parameters: NoParameters, in context: DaemonContext) throws -> NotifyTestReply {
        let event = DaemonEvent(kind: .test, summary: "connectd test notification",
                                body: "If you can read this, connectd can reach you here.", at: context.clock(), isTest: true)
        return NotifyTestReply(channels: context.notify(event).map { .init(channel: $0.channel, outcome: $0.outcome) })
    }
}
