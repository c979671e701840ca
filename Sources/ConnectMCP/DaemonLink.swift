import ConnectClient
import ConnectJSON
import ConnectProtocol
import Foundation

/// One call to the daemon per request, on a fresh connection with a reply timeout: a daemon that
/// is not running or does not answer becomes a sentence for the assistant, never a hang.
struct DaemonLink: Sendable {
    let socketPath: String
    /// The largest arguments passed on (the daemon refuses messages far smaller than what an
    /// assistant could send).
    static let maxArgumentBytes = 64 * 1024
    static let replyTimeout = 30.0

    /// The call on a thread of its own: a daemon slow to answer holds that thread for up to
    /// `replyTimeout`, not one of the few that run the server's tasks (two on this machine).
    func callAside(_ method: Method, _ parameters: JSONValue) async -> Result<JSONValue, ClientError> {
        await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: Result { () throws(ClientError) in try self.call(method, parameters) })
            }.start()
        }
    }

    func call(_ method: Method, _ parameters: JSONValue) throws(ClientError) -> JSONValue {
        let size = JSONWriter.bytes(parameters).count
        guard size <= Self.maxArgumentBytes else {
            throw .refused(name: "org.varlink.service.InvalidParameter",
                           message: "The arguments are \(size) bytes; connectd takes at most \(Self.maxArgumentBytes) in one call.")
        }
        let connection = try VarlinkConnection(socketPath: socketPath, hint: "Start it with 'systemctl --user start connectd.socket' (after systemd/install), or run connectd.")
        connection.setReplyTimeout(Self.replyTimeout)
        return try connection.call(method, json: parameters)
    }
}
