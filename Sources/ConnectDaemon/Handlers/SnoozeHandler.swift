import ConnectCore
import ConnectProtocol

/// `io.connectd.Snooze`: not now; nudge again after the given duration (default one day).
struct SnoozeHandler: MethodHandler {
    func handle(_ parameters: SnoozeParameters, in context: DaemonContext) throws -> PostponeReply {
        let duration = try context.parameter("duration") { () throws(CoreError) in try Cadence.parse(parameters.duration ?? "1d") }
        return try Postponer.postpone(query: parameters.person, status: .snoozed, event: .nudgeSnoozed, in: context) { _, now in
            duration.next(after: now, calendar: context.calendar)
        }
    }
}
