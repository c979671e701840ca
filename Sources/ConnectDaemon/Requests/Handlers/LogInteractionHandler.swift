import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.LogInteraction`: records that the user connected with someone.
struct LogInteractionHandler: MethodHandler {
    static let writes = true

    func handle(_ p: LogInteractionParameters, in context: RequestContext) throws -> LogInteractionReply {
        let kind = try parameter("kind") { () throws(CoreError) in try InteractionKind.parse(p.kind) }
        let at = try parameter("at") { () throws(CoreError) in try WhenParser.parse(p.at ?? "now", now: context.now, calendar: context.workspace.calendar) }
        let note = try parameter("note") { () throws(CoreError) in try Person.optionalText(p.note, .note) }
        let logged = try InteractionLog.log(p.person, kind: kind, at: at, note: note, in: context.workspace)
        let wire = context.wire
        return LogInteractionReply(interaction: wire.interaction(logged.interaction, personName: logged.person.person.name),
                                   person: wire.person(logged.person))
    }
}
