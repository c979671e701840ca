import ConnectProtocol
import ConnectServices

/// `io.connectd.MergePeople`: two records of one person become one.
struct MergePeopleHandler: MethodHandler {
    static let writes = true

    func handle(_ p: MergePeopleParameters, in context: RequestContext) throws -> MergePeopleReply {
        let merged = try Merging.merge(into: try context.person(p.into), from: try context.person(p.from), in: context.workspace)
        context.runtime.log.info("Merged \(p.from.prefix(80)) into \(merged.person.person.name) (#\(merged.person.person.id)): "
                                 + "\(merged.interactions) interactions moved.")
        return MergePeopleReply(person: context.wire.person(merged.person), interactions: merged.interactions, changed: merged.changed)
    }
}
