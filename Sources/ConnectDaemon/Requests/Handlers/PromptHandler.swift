import ConnectProtocol
import ConnectServices

/// `io.connectd.Prompt`: the current prompt and what comes next, and when.
struct PromptHandler: MethodHandler {
    func handle(_ p: PromptParameters, in context: RequestContext) throws -> PromptReply {
        let state = try Reflecting.prompt(in: context.workspace)
        let wire = context.wire
        return PromptReply(current: state.current.map(wire.reflection), nextText: state.next?.text, nextAt: state.nextAt.map(wire.time))
    }
}
