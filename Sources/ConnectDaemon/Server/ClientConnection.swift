import ConnectProtocol
import ConnectSystemd
import ConnectUnix
import Glibc

/// One accepted client: reads bytes (bounded per wake-up and per queue), splits them into
/// messages for the dispatcher, and writes the replies back in call order. Its errors stay its
/// own: the worst it can do is get itself closed. A peer that hangs up is dropped at once with
/// whatever it still had queued; idle, half-sent and non-reading connections time out.
final class ClientConnection: RequestSource {
    let fd: Int32
    private let limits: ServerLimits
    private let clock: MonotonicClock
    private var decoder: FrameDecoder
    private var inbox: [[UInt8]] = []
    private var inboxHead = 0
    private var slots: [ReplySlot] = []
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var source: EventSource?
    private var timer: ResettableTimer?
    /// The peer stopped sending (EOF): answer what came, then close.
    private var readClosed = false
    /// A reply that ends the connection was queued (a broken stream).
    private var closing = false
    private(set) var closed = false
    var isConnected: Bool { !closed }
    /// Monotonic seconds of the last byte in or out.
    private(set) var lastActivity: Double
    private var partialSince: Double?
    private var stalledSince: Double?
    /// Called when messages arrived (the dispatcher takes them on a coming turn).
    private let onMessages: (ClientConnection) -> Void
    private let onClose: (ClientConnection) -> Void

    init(fd: Int32, limits: ServerLimits, clock: MonotonicClock, onMessages: @escaping (ClientConnection) -> Void,
         onClose: @escaping (ClientConnection) -> Void) {
        self.fd = fd
        self.limits = limits
        self.clock = clock
        lastActivity = clock.seconds()
        self.onMessages = onMessages
        self.onClose = onClose
        decoder = FrameDecoder(maxMessageSize: limits.maxMessageSize)
    }

    func start(on loop: EventLoop) throws(SystemdError) {
        source = try loop.addIO(fd: fd, events: IOEvents.readable) { [unowned self] events in self.handle(events: events) }
        timer = try loop.addResettableTimer { [unowned self] in self.timeout() }
        rearm()
    }

    // MARK: RequestSource

    private var queued: Int { inbox.count - inboxHead }
    private var unsentBytes: Int { output.count - outputOffset }

    var wantsTurn: Bool {
        !closed && !closing && queued > 0 && unsentBytes < limits.outputHighWater && slots.count < limits.maxQueuedMessages
    }

    /// True when nothing of the connection is being served (it may hold half a message) and
    /// nothing it sent waits unread in the socket (a connection accepted a moment ago with its
    /// requests still in the kernel is busy): a candidate to make room for a new one.
    var isIdle: Bool { queued == 0 && slots.isEmpty && unsentBytes == 0 && !hasUnreadInput }

    private var hasUnreadInput: Bool {
        var byte: UInt8 = 0
        return !readClosed && recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0
    }

    /// When the connection last made progress: its last complete exchange, or the start of the
    /// message it has been sending since. The oldest makes room first.
    var lastProgress: Double { partialSince ?? lastActivity }

    /// Since when its replies wait because it does not read them (nil: it reads).
    var notReadingSince: Double? { stalledSince }

    func takeMessage() -> [UInt8]? {
        guard queued > 0 else { return nil }
        let message = inbox[inboxHead]
        inboxHead += 1
        if inboxHead > 64, inboxHead * 2 > inbox.count {
            inbox.removeFirst(inboxHead)
            inboxHead = 0
        }
        resumeReading()
        return message
    }

    func newSlot() -> ReplySlot {
        let slot = ReplySlot { [weak self] in self?.flushSlots() }
        slots.append(slot)
        return slot
    }

    // MARK: Input

    func handle(events: UInt32) {
        if events & IOEvents.hangup != 0 && events & IOEvents.readable == 0 {
            // The peer is gone for good: nobody will read what it asked for.
            return finish()
        }
        if events & IOEvents.error != 0 { return finish() }
        if events & IOEvents.writable != 0 { flush() }
        if events & IOEvents.readable != 0, !closed, !readClosed { readOnce(peerGone: events & IOEvents.hangup != 0) }
    }

    /// One buffer for every connection's reads: the loop has one thread, and a fresh 64 KiB per
    /// read would cost more than the request.
    nonisolated(unsafe) private static let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)

    /// One bounded read per wake-up: a client that writes without pause cannot hold the loop.
    private func readOnce(peerGone: Bool) {
        let buffer = Self.readBuffer
        let count = read(fd, buffer.baseAddress, buffer.count)
        if count > 0 {
            // A peer that hung up can read no reply: what it sent is dropped undecoded.
            if peerGone { return finish() }
            lastActivity = clock.seconds()
            receive(Array(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))[...])
        } else if count == 0 {
            if peerGone { return finish() }
            readClosed = true
            if decoder.pendingByteCount > 0 {
                reject(.malformedMessage("The connection ended inside a message: every message must end with a NUL byte."))
            }
            pauseReading()
            closeIfDone()
        } else if errno != EAGAIN && errno != EINTR {
            finish()
        }
        rearm()
    }

    private func receive(_ bytes: ArraySlice<UInt8>) {
        let messages: [[UInt8]]
        do {
            messages = try decoder.feed(bytes)
        } catch {
            return reject(.messageTooLarge(limit: limits.maxMessageSize))
        }
        partialSince = decoder.pendingByteCount > 0 ? (partialSince ?? clock.seconds()) : nil
        guard !messages.isEmpty else { return }
        inbox.append(contentsOf: messages)
        if queued >= limits.maxQueuedMessages { pauseReading() }
        onMessages(self)
    }

    /// The stream cannot be trusted: answer the error after what is queued, drop the rest, close.
    private func reject(_ error: VarlinkError) {
        inbox.removeAll()
        inboxHead = 0
        newSlot().fill(VarlinkReply.failure(error), closing: true)
    }

    private func pauseReading() {
        source?.setEvents(unsentBytes > 0 ? IOEvents.writable : 0)
    }

    private func resumeReading() {
        guard !readClosed, !closed, queued < limits.maxQueuedMessages / 2 else { return }
        source?.setEvents(IOEvents.readable | (unsentBytes > 0 ? IOEvents.writable : 0))
    }

    // MARK: Output

    /// Moves the replies that are ready, in call order, to the output and writes.
    private func flushSlots() {
        var index = 0
        while index < slots.count, let bytes = slots[index].bytes {
            output.append(contentsOf: bytes)
            if slots[index].closesConnection { closing = true }
            index += 1
        }
        guard index > 0 else { return }
        slots.removeFirst(index)
        flush()
    }

    /// Writes what it can; waits for EPOLLOUT when the socket is full.
    private func flush() {
        while outputOffset < output.count {
            let written = output.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + outputOffset, $0.count - outputOffset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                outputOffset += written
                lastActivity = clock.seconds()
                stalledSince = nil
            } else if written < 0, errno == EAGAIN || errno == EINTR {
                stalledSince = stalledSince ?? clock.seconds()
                source?.setEvents((readClosed || queued >= limits.maxQueuedMessages ? 0 : IOEvents.readable) | IOEvents.writable)
                rearm()
                return
            } else {
                return finish()
            }
        }
        let wasLarge = output.capacity > 1 << 20
        output.removeAll(keepingCapacity: !wasLarge)
        outputOffset = 0
        if wasLarge { Memory.trim() }
        if !closed { source?.setEvents(readClosed || queued >= limits.maxQueuedMessages ? 0 : IOEvents.readable) }
        if wantsTurn { onMessages(self) }
        closeIfDone()
        rearm()
    }

    private func closeIfDone() {
        guard unsentBytes == 0, slots.isEmpty else { return }
        if closing || (readClosed && queued == 0) { finish() }
    }

    /// Sends whatever is ready (briefly blocking), used at shutdown.
    func drainAndClose() {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while outputOffset < output.count {
            let written = output.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + outputOffset, $0.count - outputOffset, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { break }
            outputOffset += written
        }
        finish()
    }

    // MARK: Time-outs

    /// When the timer is armed to fire (monotonic seconds).
    private var armedFor: Double?

    /// The earliest of: a half-sent message's deadline, a stalled write's, an idle connection's.
    /// The timer is moved only when a deadline comes earlier than it is armed for; a later one
    /// is found when it fires (`timeout` re-arms): no timer syscall per request.
    private func rearm() {
        guard !closed else { return }
        var deadline = lastActivity + limits.idleTimeout
        if let partialSince { deadline = min(deadline, partialSince + limits.partialMessageTimeout) }
        if let stalledSince { deadline = min(deadline, stalledSince + limits.stalledWriteTimeout) }
        if let armedFor, armedFor <= deadline { return }
        armedFor = deadline
        timer?.arm(after: max(0, deadline - clock.seconds()))
    }

    func timeout() {
        armedFor = nil
        let now = clock.seconds()
        if let partialSince, now - partialSince >= limits.partialMessageTimeout {
            return reject(.malformedMessage("A message stayed incomplete for \(Int(limits.partialMessageTimeout)) s: the connection is closed."))
        }
        if let stalledSince, now - stalledSince >= limits.stalledWriteTimeout { return finish() }
        if now - lastActivity >= limits.idleTimeout, queued == 0, slots.isEmpty { return finish() }
        rearm()
    }

    /// Closes at once, dropping whatever is queued.
    func finish() {
        guard !closed else { return }
        closed = true
        inbox.removeAll()
        inboxHead = 0
        source?.cancel()
        source = nil
        timer?.cancel()
        timer = nil
        close(fd)
        onClose(self)
    }
}
