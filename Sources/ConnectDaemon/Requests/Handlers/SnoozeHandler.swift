import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.Snooze`: not now; due not before now + the duration (default one day), never earlier.
struct SnoozeHandler: MethodHandler {
    static let writes = true

    func handle(_ p: SnoozeParameters, in context: RequestContext) throws -> SnoozeReply {
        let duration = try parameter("duration") { () throws(CoreError) in try Cadence.parseDuration(p.duration ?? "1d") }
        let result = try Postponing.snooze(try context.person(p.person), for: duration, in: context.workspace)
        return SnoozeReply(person: context.wire.person(result.person), until: context.wire.time(result.until),
                             closedNudges: result.closedNudges, changed: result.changed)
    }
}
