import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.Done`: "I reached out": logs an interaction now and closes the open nudge.
struct DoneHandler: MethodHandler {
    static let writes = true

    func handle(_ p: DoneParameters, in context: RequestContext) throws -> DoneReply {
        let kind = try parameter("kind") { () throws(CoreError) in try InteractionKind.parse(p.kind ?? "message", extra: context.runtime.config.extraKinds) }
        let note = try parameter("note") { () throws(CoreError) in try Person.optionalText(p.note, .note) }
        let (next, closes) = try followUpParameters(next: p.next, closes: p.closes)
        let logged = try InteractionLog.log(try context.person(p.person), kind: kind, at: context.now, note: note, next: next, closes: closes, in: context.workspace)
        let wire = context.wire
        return DoneReply(interaction: wire.interaction(logged.interaction, personName: logged.person.person.name),
                         person: wire.person(logged.person), closedNudges: logged.closedNudges,
                         followUps: wire.followUps(logged.openFollowUps, personName: logged.person.person.name),
                         closedFollowUps: logged.closedFollowUps)
    }
}
