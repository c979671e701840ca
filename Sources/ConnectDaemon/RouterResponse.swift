import ConnectProtocol
import Foundation

/// What the connection does with one incoming message: send `reply` (nil for a oneway call) and
/// maybe close afterwards (after a malformed or oversized message).
struct RouterResponse {
    var reply: [UInt8]?
    var closeAfter: Bool

    /// An error reply that ends the connection: the stream can no longer be trusted.
    static func failure(_ failure: ProtocolFailure) -> RouterResponse {
        RouterResponse(reply: encode(VarlinkReply(error: failure.error.name, parameters: failure.error.parameters)), closeAfter: true)
    }

    static func encode(_ reply: VarlinkReply) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(reply))) ?? Array(#"{"error":"io.connectd.InternalError"}"#.utf8)
    }
}

/// A broken stream, as opposed to a bad call.
enum ProtocolFailure {
    case malformed(String)
    case tooLarge(limit: Int)

    var error: VarlinkError {
        switch self {
        case .malformed(let message): .malformedMessage(message)
        case .tooLarge(let limit): .messageTooLarge(limit: limit)
        }
    }
}

extension VarlinkReply {
    init(error: String, parameters: [String: JSONValue]) {
        self.init(parameters: .object(parameters), error: error)
    }
}
