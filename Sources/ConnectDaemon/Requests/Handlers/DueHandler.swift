import ConnectProtocol
import ConnectServices

/// `io.connectd.Due`: who is due or overdue now, most overdue first.
struct DueHandler: MethodHandler {
    func handle(_ p: NoParameters, in context: RequestContext) throws -> DueReply {
        let wire = context.wire
        let ws = context.workspace
        return DueReply(people: try People.due(in: ws).map(wire.person), catchUpsPerDay: (ws.live.schedule.catchUpsPerDay * 100).rounded() / 100,
                        dailyBudget: ws.settings.rules.dailyBudget)
    }
}
