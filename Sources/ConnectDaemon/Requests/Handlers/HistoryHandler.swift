import ConnectProtocol
import ConnectServices

/// `io.connectd.History`: interactions, newest first, of one person or of everyone.
struct HistoryHandler: MethodHandler {
    func handle(_ p: HistoryParameters, in context: RequestContext) throws -> HistoryReply {
        let limit = try limitParameter(p.limit, default: 20)
        let query = p.person.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let wire = context.wire
        return HistoryReply(interactions: try InteractionLog.history(of: try query.map(context.person), limit: limit, in: context.workspace)
            .map { wire.interaction($0.interaction, personName: $0.personName) })
    }
}
