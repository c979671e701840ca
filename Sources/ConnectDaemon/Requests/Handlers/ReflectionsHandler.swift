import ConnectProtocol
import ConnectServices

/// `io.connectd.Reflections`: delivered prompts with answers, newest first, and the streak.
struct ReflectionsHandler: MethodHandler {
    func handle(_ p: ReflectionsParameters, in context: RequestContext) throws -> ReflectionsReply {
        let limit = try limitParameter(p.limit, default: 20)
        let (records, streak) = try Reflecting.reflections(limit: limit, in: context.workspace)
        let wire = context.wire
        return ReflectionsReply(reflections: records.map(wire.reflection), streak: streak)
    }
}
