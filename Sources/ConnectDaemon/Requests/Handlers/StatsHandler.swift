import ConnectProtocol
import ConnectServices

/// `io.connectd.Stats`: how you keep in touch, in numbers.
struct StatsHandler: MethodHandler {
    func handle(_ p: StatsParameters, in context: RequestContext) throws -> StatsReply {
        let stats = try ConnectionStats.read(in: context.workspace)
        let wire = context.wire
        return StatsReply(
            people: stats.people, onTrack: stats.onTrack, due: stats.due, overdue: stats.overdue, untriaged: stats.untriaged, weeks: stats.weeks,
            byKind: stats.byKind.map { KindCountInfo(kind: $0.kind.rawValue, count: $0.count, people: []) },
            losingTouch: stats.losingTouch.map { wire.overdue($0) }, streak: stats.streak)
    }
}
