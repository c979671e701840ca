import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.SetCadence`: everyone with a tag gets a cadence (an edit by tag), or follows
/// the tag's circle (`circle`).
struct SetCadenceHandler: MethodHandler {
    static let writes = true

    func handle(_ p: SetCadenceParameters, in context: RequestContext) throws -> SetCadenceReply {
        if p.every.lowercased() == "circle" { return SetCadenceReply(changed: try Circles.follow(p.tag, in: context.workspace)) }
        let cadence = try parameter("every") { () throws(CoreError) in try Cadence.parse(p.every) }
        let tag = try parameter("tag") { () throws(CoreError) in try Person.normalizedTags([p.tag]) }
        guard let first = tag.first else { throw ParameterError(name: "tag", message: "Give the tag whose people get the cadence.") }
        return SetCadenceReply(changed: try People.setCadence(cadence, tag: first, in: context.workspace))
    }
}
