import ConnectCore
import ConnectProtocol
import ConnectServices
import ConnectTime

/// `io.connectd.Pause`: pauses nudges and prompts until a day (`until`), ends a pause (`off`), or
/// says how things stand.
struct PauseHandler: MethodHandler {
    static let writes = true

    func handle(_ p: PauseParameters, in context: RequestContext) throws -> PauseReply {
        let ws = context.workspace
        if p.off == true {
            guard p.until == nil else {
                throw ParameterError(name: "off", message: "Give either 'off' (to end the pause) or 'until', not both.")
            }
            let ended = try Pausing.resume(in: ws)
            return PauseReply(pausedUntil: nil, reason: nil, ended: ended.map(context.wire.time))
        }
        if let until = p.until {
            guard let day = CivilDate(iso: until) else {
                throw ParameterError(name: "until", message: "'\(until.prefix(40))' is not a day: give it as 2027-01-05.")
            }
            let reason = try p.reason.map { text in try parameter("reason") { () throws(CoreError) in try TextRules.check(text, .reason) } }
            _ = try Pausing.pause(until: day, reason: reason?.isEmpty == true ? nil : reason, in: ws)
        } else if p.reason != nil {
            throw ParameterError(name: "reason", message: "A reason goes with a pause: give 'until' too.")
        }
        let current = try Pausing.current(in: ws)
        return PauseReply(pausedUntil: current.map { context.wire.time($0.until) }, reason: current?.reason, ended: nil)
    }
}
