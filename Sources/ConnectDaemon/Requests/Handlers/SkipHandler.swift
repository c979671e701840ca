import ConnectProtocol
import ConnectServices

/// `io.connectd.Skip`: skip this cycle: one cadence past the current due date (or from now when overdue).
struct SkipHandler: MethodHandler {
    static let writes = true

    func handle(_ p: SkipParameters, in context: RequestContext) throws -> SkipReply {
        let result = try Postponing.skip(try context.person(p.person), in: context.workspace)
        return SkipReply(person: context.wire.person(result.person), until: context.wire.time(result.until),
                             closedNudges: result.closedNudges, changed: result.changed)
    }
}
