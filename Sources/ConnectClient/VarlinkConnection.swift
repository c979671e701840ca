#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ConnectProtocol
import Glibc

/// A blocking Varlink connection to the daemon: send one call, read one reply. Small on purpose:
/// the client is a one-shot process and should start and finish in a few milliseconds.
public final class VarlinkConnection {
    public let socketPath: String
    private let fd: Int32
    private var decoder = FrameDecoder(maxMessageSize: 64 << 20)

    public init(socketPath: String) throws(ClientError) {
        self.socketPath = socketPath
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw .unavailable(socket: socketPath, reason: "the socket path is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes + [0]) }
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .unavailable(socket: socketPath, reason: String(cString: strerror(errno))) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let reason = errno == ENOENT ? "no socket" : errno == ECONNREFUSED ? "nobody listening" : String(cString: strerror(errno))
            close(fd)
            throw .unavailable(socket: socketPath, reason: reason)
        }
    }

    deinit { close(fd) }

    /// Calls `method` and returns the raw reply; a Varlink error becomes `ClientError.refused`.
    public func callRaw(_ method: Method, parameters: JSONValue) throws(ClientError) -> JSONValue {
        let call = VarlinkCall(method: method.rawValue, parameters: parameters)
        guard var message = try? JSONEncoder().encode(call) else { throw .badReply("cannot encode the call") }
        message.append(0)
        let sent = message.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        guard sent else { throw .unavailable(socket: socketPath, reason: "the daemon closed the connection") }
        let replyBytes = try readMessage()
        guard let reply = try? JSONDecoder().decode(VarlinkReply.self, from: Data(replyBytes)) else {
            throw .badReply("not a Varlink reply")
        }
        if let error = reply.error {
            var parameters: [String: JSONValue] = [:]
            if case .object(let object)? = reply.parameters { parameters = object }
            throw .refused(name: error, message: VarlinkError(name: error, parameters: parameters).message)
        }
        return reply.parameters ?? .object([:])
    }

    private func readMessage() throws(ClientError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .unavailable(socket: socketPath, reason: "the daemon closed the connection before answering") }
            let messages: [[UInt8]]
            do { messages = try decoder.feed(buffer[0..<count]) } catch { throw .badReply("the reply is too large") }
            if let first = messages.first { return first }
        }
    }
}
