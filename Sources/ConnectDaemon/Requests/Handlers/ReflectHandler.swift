import ConnectCore
import ConnectProtocol
import ConnectServices

/// `io.connectd.Reflect`: stores an answer to the latest prompt (before the first one: to the one `prompt` shows).
struct ReflectHandler: MethodHandler {
    static let writes = true

    func handle(_ p: ReflectParameters, in context: RequestContext) throws -> ReflectReply {
        let answer = try parameter("answer") { () throws(CoreError) in try TextRules.check(p.answer, .answer) }
        guard !answer.isEmpty else {
            throw ParameterError(name: "answer", message: "The answer is empty: write a sentence or two about your week.")
        }
        return ReflectReply(reflection: context.wire.reflection(try Reflecting.reflect(answer, in: context.workspace)))
    }
}
