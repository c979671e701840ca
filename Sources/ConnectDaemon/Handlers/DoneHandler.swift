import ConnectCore
import ConnectProtocol

/// `io.connectd.Done`: "I reached out": logs an interaction now and closes the open nudge.
struct DoneHandler: MethodHandler {
    func handle(_ parameters: DoneParameters, in context: DaemonContext) throws -> DoneReply {
        let kind = try context.parameter("kind") { () throws(CoreError) in try InteractionKind.parse(parameters.kind ?? "message") }
        let result = try InteractionLogger.log(query: parameters.person, kind: kind, at: context.clock(), note: parameters.note, in: context)
        let (interaction, person) = try InteractionLogger.info(result, in: context)
        return DoneReply(interaction: interaction, person: person, closedNudges: result.closedNudges)
    }
}
