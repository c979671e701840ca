import ConnectProtocol
import ConnectSystemd
import Glibc

/// One accepted client: reads bytes, splits them into messages, hands each to the router and
/// writes the replies back. Its errors stay its own: the worst it can do is get itself closed.
final class ClientConnection {
    let fd: Int32
    private var decoder: FrameDecoder
    private var output: [UInt8] = []
    private var source: EventSource?
    private let limits: ServerLimits
    private let respond: ([UInt8]) -> RouterResponse
    private let onClose: (ClientConnection) -> Void
    private var closing = false

    init(fd: Int32, limits: ServerLimits, respond: @escaping ([UInt8]) -> RouterResponse,
         onClose: @escaping (ClientConnection) -> Void) {
        self.fd = fd
        self.limits = limits
        self.respond = respond
        self.onClose = onClose
        decoder = FrameDecoder(maxMessageSize: limits.maxMessageSize)
    }

    func start(on loop: EventLoop) throws(SystemdError) {
        source = try loop.addIO(fd: fd, events: IOEvents.readable) { [unowned self] events in
            self.handle(events: events)
        }
    }

    private func handle(events: UInt32) {
        if events & IOEvents.writable != 0 { flush() }
        if events & (IOEvents.readable | IOEvents.hangup | IOEvents.error) != 0, !closing { readAvailable() }
    }

    private func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !closing {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                receive(buffer[0..<count])
            } else if count == 0 {
                if decoder.pendingByteCount > 0 {
                    send(RouterResponse.failure(.malformed("the connection ended inside a message: every message must end with a NUL byte")))
                }
                finish()
                return
            } else if errno == EAGAIN || errno == EINTR {
                return
            } else {
                finish()
                return
            }
        }
    }

    private func receive(_ bytes: ArraySlice<UInt8>) {
        let messages: [[UInt8]]
        do {
            messages = try decoder.feed(bytes)
        } catch {
            send(.failure(.tooLarge(limit: limits.maxMessageSize)))
            return
        }
        for message in messages where !closing {
            send(respond(message))
        }
    }

    private func send(_ response: RouterResponse) {
        if let reply = response.reply {
            output.append(contentsOf: reply)
            output.append(0)
        }
        if response.closeAfter { closing = true }
        flush()
    }

    /// Writes what it can; waits for EPOLLOUT when the socket is full; closes when asked and drained.
    private func flush() {
        while !output.isEmpty {
            let written = output.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                output.removeFirst(written)
            } else if written < 0, errno == EAGAIN || errno == EINTR {
                guard output.count <= limits.maxPendingOutput else { return finish() }
                source?.setEvents(IOEvents.readable | IOEvents.writable)
                return
            } else {
                return finish()
            }
        }
        if closing { return finish() }
        source?.setEvents(IOEvents.readable)
    }

    /// Sends whatever is still buffered (briefly blocking), used at shutdown.
    func drainAndClose() {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while !output.isEmpty {
            let written = output.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { break }
            output.removeFirst(written)
        }
        finish()
    }

    private func finish() {
        guard let source else { return }
        source.cancel()
        self.source = nil
        close(fd)
        onClose(self)
    }
}
