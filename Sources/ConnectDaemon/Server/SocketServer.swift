import ConnectProtocol
import ConnectSystemd
import ConnectUnix
import Glibc

/// Accepts clients on the listening socket and owns their connections. Peers of another uid are
/// refused (SO_PEERCRED). When the table is full, the connection idle longest is closed to make
/// room, so idle or half-open clients cannot lock everyone out; only when no connection is idle
/// is the newcomer turned away, with a reply that says why.
final class SocketServer {
    private let listener: ListeningSocket
    private let loop: EventLoop
    private let limits: ServerLimits
    private let clock: MonotonicClock
    private let log: Log
    private let dispatcher: RequestDispatcher
    private var acceptSource: EventSource?
    private var connections: [ObjectIdentifier: ClientConnection] = [:] {
        didSet { connections.isEmpty ? idleTimer?.arm(after: 1) : idleTimer?.disarm() }
    }
    /// One second after the last client left: give memory back (`onIdle`). Once per quiet
    /// spell, never on a schedule.
    private var idleTimer: ResettableTimer?
    private let onIdle: () -> Void

    /// A client's connection closed (what it was uploading goes).
    private let clientClosed: (ObjectIdentifier) -> Void

    init(listener: ListeningSocket, loop: EventLoop, limits: ServerLimits, clock: MonotonicClock, log: Log, dispatcher: RequestDispatcher,
         clientClosed: @escaping (ObjectIdentifier) -> Void, onIdle: @escaping () -> Void) {
        self.clock = clock
        self.onIdle = onIdle
        self.clientClosed = clientClosed
        self.listener = listener
        self.loop = loop
        self.limits = limits
        self.log = log
        self.dispatcher = dispatcher
    }

    func start() throws(SystemdError) {
        acceptSource = try loop.addIO(fd: listener.fd, events: IOEvents.readable) { [unowned self] _ in self.acceptPending() }
        idleTimer = try loop.addResettableTimer { [unowned self] in self.onIdle() }
    }

    /// Stops accepting, sends what is ready to each client, and closes everything.
    func stop() {
        acceptSource?.cancel()
        acceptSource = nil
        idleTimer?.cancel()
        idleTimer = nil
        for connection in Array(connections.values) { connection.drainAndClose() }
        listener.close()
    }

    private func acceptPending() {
        // A bounded number per wake-up: a flood of connects cannot hold the loop.
        for _ in 0..<64 {
            let fd = acceptNonblocking(listener.fd)
            guard fd >= 0 else {
                if errno != EAGAIN && errno != EINTR && errno != ECONNABORTED { log.warning("accept failed: \(errorText())") }
                return
            }
            let peer = PeerCredentials.of(fd)
            guard let peer, peer.uid == getuid() else {
                log.warning("Refused a connection from another user (uid \(peer.map { String($0.uid) } ?? "unknown")): the socket is private to uid \(getuid()).")
                refuse(fd, .connectionRefused("This connectd belongs to uid \(getuid()); it serves only its own user."))
                continue
            }
            if connections.count >= limits.maxConnections, !makeRoom() {
                log.warning("Refused a connection: \(limits.maxConnections) clients are connected and all are busy.")
                refuse(fd, .connectionRefused("connectd is serving \(limits.maxConnections) clients already; try again in a moment."))
                continue
            }
            let connection = ClientConnection(fd: fd, limits: limits, clock: clock, onMessages: { [unowned self] in self.dispatcher.enqueue($0) },
                                              onClose: { [unowned self] in
                                                  self.connections[ObjectIdentifier($0)] = nil
                                                  self.clientClosed(ObjectIdentifier($0))
                                              })
            connections[ObjectIdentifier(connection)] = connection
            do {
                try connection.start(on: loop)
            } catch {
                log.warning("Cannot watch a new connection: \(error)")
                connection.finish()
            }
        }
        acceptSource?.setEvents(IOEvents.readable)
    }

    /// A client that has not read its replies for this long gives its place to a newcomer when
    /// the table is full (128 such clients once kept everyone out for 30 s).
    static let notReadingGrace = 1.0

    /// Closes the connection idle longest, or else the one that has not read its replies for
    /// longest (at least `notReadingGrace`); false when every connection is being served.
    private func makeRoom() -> Bool {
        if let oldest = connections.values.filter(\.isIdle).min(by: { $0.lastProgress < $1.lastProgress }) {
            log.info("The connection table is full: closing the connection idle longest to make room.")
            oldest.finish()
            return true
        }
        let now = clock.seconds()
        let stalled = connections.values.compactMap { connection in connection.notReadingSince.map { (connection, $0) } }
        guard let (slowest, since) = stalled.min(by: { $0.1 < $1.1 }), now - since >= Self.notReadingGrace else { return false }
        log.info("The connection table is full: closing a client that has not read its replies for \(Int(now - since)) s to make room.")
        slowest.finish()
        return true
    }

    /// Tells a refused client why (best effort, never blocking), then closes.
    private func refuse(_ fd: Int32, _ error: VarlinkError) {
        let reply = VarlinkReply.failure(error)
        _ = reply.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        close(fd)
    }
}
