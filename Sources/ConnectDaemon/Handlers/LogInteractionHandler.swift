import ConnectCore
import ConnectProtocol

/// `io.connectd.LogInteraction`: records that the user connected with someone.
struct LogInteractionHandler: MethodHandler {
    func handle(_ parameters: LogInteractionParameters, in context: DaemonContext) throws -> LogInteractionReply {
        let now = context.clock()
        let kind = try context.parameter("kind") { () throws(CoreError) in try InteractionKind.parse(parameters.kind) }
        let at = try context.parameter("at") { () throws(CoreError) in
            try WhenParser.parse(parameters.at ?? "now", now: now, calendar: context.calendar)
        }
        let result = try InteractionLogger.log(query: parameters.person, kind: kind, at: at, note: parameters.note, in: context)
        let (interaction, person) = try InteractionLogger.info(result, in: context)
        return LogInteractionReply(interaction: interaction, person: person)
    }
}
