import ConnectProtocol
import ConnectServices

/// `io.connectd.Search`: full-text search over what you wrote down, best first.
struct SearchHandler: MethodHandler {
    func handle(_ p: SearchParameters, in context: RequestContext) throws -> SearchReply {
        let limit = try limitParameter(p.limit, default: 20)
        let found = try Search.run(p.text, limit: limit, in: context.workspace)
        let wire = context.wire
        return SearchReply(hits: found.hits.map { hit in
            SearchHitInfo(personId: hit.personID, personName: hit.personName, field: hit.field, at: hit.at.map(wire.time), snippet: hit.snippet)
        }, total: found.total, capped: found.capped)
    }
}
