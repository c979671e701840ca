import ConnectProtocol
import ConnectServices

/// `io.connectd.Search`: full-text search over what you wrote down, best first.
struct SearchHandler: MethodHandler {
    func handle(_ p: SearchParameters, in context: RequestContext) throws -> SearchReply {
        let limit = try limitParameter(p.limit, default: 20)
        // Each place found is read and cut into a snippet: a bounded number a call.
        guard limit <= Search.maxHits else {
            throw ParameterError(name: "limit", message: "A search shows at most \(Search.maxHits) places a call, not \(limit): add a word to narrow it.")
        }
        let found = try Search.run(p.text, limit: limit, in: context.workspace)
        let wire = context.wire
        return SearchReply(hits: found.hits.map { hit in
            SearchHitInfo(personId: hit.personID, personName: hit.personName, field: hit.field, at: hit.at.map(wire.time), snippet: hit.snippet)
        }, total: found.total, capped: found.capped)
    }
}
