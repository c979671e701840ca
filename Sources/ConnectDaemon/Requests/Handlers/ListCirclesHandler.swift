import ConnectProtocol
import ConnectServices

/// `io.connectd.ListCircles`: every circle with how many are in it.
struct ListCirclesHandler: MethodHandler {
    func handle(_ p: ListCirclesParameters, in context: RequestContext) throws -> ListCirclesReply {
        ListCirclesReply(circles: try Circles.list(in: context.workspace).map(CircleInfo.init))
    }
}

extension CircleInfo {
    init(_ listed: Circles.Listed) {
        self.init(name: listed.circle.name, every: listed.circle.every.description, atMost: listed.circle.atMost?.description,
                  members: listed.members, following: listed.following)
    }
}
