import ConnectProtocol
import ConnectServices

/// `io.connectd.Nudges`: open nudges, recent ones, and who is expected next.
struct NudgesHandler: MethodHandler {
    func handle(_ p: NudgesParameters, in context: RequestContext) throws -> NudgesReply {
        let overview = try NudgeOverview.read(in: context.workspace)
        let wire = context.wire
        return NudgesReply(open: overview.open.map(wire.nudge), recent: overview.recent.map(wire.nudge),
                           upcoming: overview.upcoming.map {
                               UpcomingNudgeInfo(personId: $0.person.id, personName: $0.person.name, at: wire.time($0.at),
                                             kind: $0.firstContact ? "first-contact" : "catch-up")
                           })
    }
}
