import ConnectSystemd
import Glibc

/// Accepts clients on the listening socket and owns their connections. Peers of another uid are
/// refused (SO_PEERCRED); past `maxConnections` new clients are closed at once.
final class SocketServer {
    private let listener: ListeningSocket
    private let loop: EventLoop
    private let limits: ServerLimits
    private let log: Log
    private let respond: ([UInt8]) -> RouterResponse
    private var acceptSource: EventSource?
    private var connections: [ObjectIdentifier: ClientConnection] = [:]

    init(listener: ListeningSocket, loop: EventLoop, limits: ServerLimits, log: Log,
         respond: @escaping ([UInt8]) -> RouterResponse) {
        self.listener = listener
        self.loop = loop
        self.limits = limits
        self.log = log
        self.respond = respond
    }

    func start() throws(SystemdError) {
        acceptSource = try loop.addIO(fd: listener.fd, events: IOEvents.readable) { [unowned self] _ in
            self.acceptPending()
        }
    }

    /// Stops accepting, sends what is buffered to each client, and closes everything.
    func stop() {
        acceptSource?.cancel()
        acceptSource = nil
        for connection in Array(connections.values) { connection.drainAndClose() }
        listener.close()
    }

    private func acceptPending() {
        while true {
            let fd = accept(listener.fd, nil, nil)
            guard fd >= 0 else {
                if errno != EAGAIN && errno != EINTR && errno != ECONNABORTED {
                    log.warning("accept failed: \(String(cString: strerror(errno)))")
                }
                return
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            guard let uid = SocketServer.peerUID(fd), uid == getuid() else {
                log.warning("Refused a connection from another user (uid \(SocketServer.peerUID(fd).map(String.init) ?? "unknown")): the socket is private to uid \(getuid()).")
                close(fd)
                continue
            }
            guard connections.count < limits.maxConnections else {
                log.warning("Refused a connection: \(limits.maxConnections) clients are already connected.")
                close(fd)
                continue
            }
            let connection = ClientConnection(fd: fd, limits: limits, respond: respond) { [unowned self] closed in
                self.connections[ObjectIdentifier(closed)] = nil
            }
            connections[ObjectIdentifier(connection)] = connection
            do {
                try connection.start(on: loop)
            } catch {
                log.warning("Cannot watch a new connection: \(error)")
                connections[ObjectIdentifier(connection)] = nil
                close(fd)
            }
        }
    }

    /// Layout of Linux's `struct ucred` (Glibc hides it behind _GNU_SOURCE).
    private struct PeerCredentials {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
    }

    static func peerUID(_ fd: Int32) -> uid_t? {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else { return nil }
        return credentials.uid
    }
}
