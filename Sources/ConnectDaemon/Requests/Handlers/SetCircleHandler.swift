import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.SetCircle`: makes or changes a circle (`every`, `atMost`), or removes it (`off`).
struct SetCircleHandler: MethodHandler {
    static let writes = true

    func handle(_ p: SetCircleParameters, in context: RequestContext) throws -> SetCircleReply {
        if p.off == true {
            guard p.every == nil, p.atMost == nil else {
                throw ParameterError(name: "off", message: "Give either 'off' (to remove the circle) or its cadence, not both.")
            }
            try Circles.remove(p.name, in: context.workspace)
            return SetCircleReply(circle: nil)
        }
        guard let every = p.every else {
            throw ParameterError(name: "every", message: "Give the circle's cadence, like 'every': '1m' (or 'off': true to remove it).")
        }
        let cadence = try parameter("every") { () throws(CoreError) in try Cadence.parse(every) }
        let atMost = try p.atMost.map { text in try parameter("atMost") { () throws(CoreError) in try Cadence.parse(text) } }
        return SetCircleReply(circle: CircleInfo(try Circles.set(p.name, every: cadence, atMost: atMost, in: context.workspace)))
    }
}
