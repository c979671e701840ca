import ConnectJSON
import ConnectProtocol
import ConnectUnix
#if canImport(Glibc)
import Glibc
#endif

/// A blocking Varlink connection to the daemon: send one call, read one reply. Small on purpose:
/// the client is a one-shot process and should start and finish in a few milliseconds. It checks
/// who listens (SO_PEERCRED) before it sends anything: never another user's server.
public final class VarlinkConnection {
    public let socketPath: String
    private let fd: Int32
    private var decoder = FrameDecoder(maxMessageSize: 1 << 30)

    public init(socketPath: String, hint: @autoclosure () -> String) throws(ClientError) {
        self.socketPath = socketPath
        guard let address = UnixSocketAddress(path: socketPath) else {
            throw .unavailable(socket: socketPath, reason: "the socket path is too long", hint: "Pass a shorter --socket.")
        }
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .unavailable(socket: socketPath, reason: errorText(), hint: hint()) }
        guard address.connect(fd) == 0 else {
            let code = errno
            close(fd)
            switch code {
            case ENOENT: throw .unavailable(socket: socketPath, reason: "no socket", hint: hint())
            case ECONNREFUSED:
                // Linux refuses a connect to a file that is not a socket the same way.
                var info = stat()
                let isSocket = stat(socketPath, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
                if !isSocket { throw .notASocket(socketPath) }
                throw .unavailable(socket: socketPath, reason: "nobody listens (a stale socket)", hint: hint())
            case EACCES, EPERM: throw .accessDenied(socket: socketPath, reason: errorText(code))
            case ENOTDIR, ENOTSOCK: throw .notASocket(socketPath)
            default: throw .unavailable(socket: socketPath, reason: errorText(code), hint: hint())
            }
        }
        guard let peer = PeerCredentials.of(fd) else {
            close(fd)
            throw .accessDenied(socket: socketPath, reason: "the kernel does not say who listens")
        }
        guard peer.uid == getuid() else {
            close(fd)
            throw .foreignServer(socket: socketPath, uid: peer.uid)
        }
    }

    deinit { close(fd) }

    /// Gives up on a reply after `seconds` (shell completion must never hang on a busy daemon).
    public func setReplyTimeout(_ seconds: Double) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Calls `method`; returns the reply's parameters. A Varlink error becomes `ClientError.refused`.
    public func call<P: WireWritable>(_ method: Method, _ parameters: P) throws(ClientError) -> JSONValue {
        try exchange(VarlinkCall.bytes(method: method.rawValue, parameters: parameters))
    }

    /// Calls `method` with parameters already in JSON form.
    public func call(_ method: Method, json parameters: JSONValue) throws(ClientError) -> JSONValue {
        try exchange(VarlinkCall.bytes(method: method.rawValue, parameters: parameters))
    }

    private func exchange(_ message: [UInt8]) throws(ClientError) -> JSONValue {
        try send(message)
        let reply: Result<JSONValue, VarlinkError>
        do {
            reply = try VarlinkReply.read(try readMessage())
        } catch let error as ClientError {
            throw error
        } catch {
            throw .badReply("\(error)")
        }
        switch reply {
        case .success(let parameters): return parameters
        case .failure(let error) where error.name == "io.connectd.ConnectionRefused": throw .busy(error.message)
        case .failure(let error): throw .refused(name: error.name, message: error.message, parameters: error.parameters)
        }
    }

    private func send(_ message: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < message.count {
            let n = message.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            // It accepted the connection, so it runs: it is busy, or stopping.
            guard n > 0 else { throw .busy("connectd closed the connection before it could send the request: it is busy or stopping. Try again in a moment.") }
            offset += n
        }
    }

    private func readMessage() throws(ClientError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                // It accepted the connection, so it runs: it is busy, or stopping (its log says which).
                throw .busy("connectd closed the connection without answering: it is busy or stopping. Try again in a moment "
                            + "(its log says more: journalctl --user -u connectd).")
            }
            let messages: [[UInt8]]
            do { messages = try decoder.feed(buffer[0..<count]) } catch { throw .badReply("the reply is too large") }
            if let first = messages.first { return first }
        }
    }
}
