import CSystemd
import Glibc

/// A single-threaded event loop on libsystemd's sd-event: file descriptors, absolute wall-clock
/// timers, signals and the watchdog, with Swift closures as handlers. Everything the daemon waits
/// for goes through here, so between events the process sleeps in one `epoll_wait`.
public final class EventLoop {
    let event: OpaquePointer

    public init() throws(SystemdError) {
        var event: OpaquePointer?
        let rc = sd_event_new(&event)
        guard rc >= 0, let event else { throw .call("sd_event_new", rc) }
        self.event = event
    }

    deinit {
        sd_event_unref(event)
    }

    /// Calls `handler` with the returned epoll events whenever `fd` is ready for `events` (EPOLLIN, ...).
    public func addIO(fd: Int32, events: UInt32, _ handler: @escaping (UInt32) -> Void) throws(SystemdError) -> EventSource {
        let box = EventSource.Box(io: handler)
        var source: OpaquePointer?
        let rc = sd_event_add_io(event, &source, fd, events, { _, _, revents, userdata in
            Unmanaged<EventSource.Box>.fromOpaque(userdata!).takeUnretainedValue().io?(revents)
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0, let source else { throw .call("sd_event_add_io", rc) }
        return EventSource(source: source, box: box)
    }

    /// Calls `handler` once, `seconds` from now on the monotonic clock (for timeouts).
    public func addTimer(after seconds: Double, _ handler: @escaping () -> Void) throws(SystemdError) -> EventSource {
        let box = EventSource.Box(plain: handler)
        var source: OpaquePointer?
        let rc = sd_event_add_time_relative(event, &source, CLOCK_MONOTONIC, UInt64(max(0, seconds) * 1_000_000), 1000, { _, _, userdata in
            Unmanaged<EventSource.Box>.fromOpaque(userdata!).takeUnretainedValue().plain?()
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0, let source else { throw .call("sd_event_add_time_relative", rc) }
        return EventSource(source: source, box: box)
    }

    /// Calls `handler` with (si_code, si_status) when child `pid` exits. SIGCHLD must be blocked.
    public func addChild(pid: pid_t, _ handler: @escaping (Int32, Int32) -> Void) throws(SystemdError) -> EventSource {
        let box = EventSource.Box(child: handler)
        var source: OpaquePointer?
        let rc = sd_event_add_child(event, &source, pid, WEXITED, { _, info, userdata in
            let code = info?.pointee.si_code ?? 0
            let status = info?.pointee._sifields._sigchld.si_status ?? 0
            Unmanaged<EventSource.Box>.fromOpaque(userdata!).takeUnretainedValue().child?(code, status)
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0, let source else { throw .call("sd_event_add_child", rc) }
        return EventSource(source: source, box: box)
    }

    /// Calls `handler` when `signal` arrives. The signal must already be blocked (see `blockSignals`).
    public func addSignal(_ signal: Int32, _ handler: @escaping () -> Void) throws(SystemdError) -> EventSource {
        let box = EventSource.Box(plain: handler)
        var source: OpaquePointer?
        let rc = sd_event_add_signal(event, &source, signal, { _, _, userdata in
            Unmanaged<EventSource.Box>.fromOpaque(userdata!).takeUnretainedValue().plain?()
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0, let source else { throw .call("sd_event_add_signal", rc) }
        return EventSource(source: source, box: box)
    }

    /// Calls `handler` with the entry's name when something in the directory `path` changes
    /// (inotify `mask`, e.g. IN_CLOSE_WRITE | IN_MOVED_TO).
    public func addInotify(path: String, mask: UInt32, _ handler: @escaping (String) -> Void) throws(SystemdError) -> EventSource {
        let box = EventSource.Box(named: handler)
        var source: OpaquePointer?
        let rc = sd_event_add_inotify(event, &source, path, mask, { _, event, userdata in
            // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[]; }: the name follows 16 bytes.
            var name = ""
            if let event, event.pointee.len > 0 {
                name = String(cString: UnsafeRawPointer(event).advanced(by: 16).assumingMemoryBound(to: CChar.self))
            }
            Unmanaged<EventSource.Box>.fromOpaque(userdata!).takeUnretainedValue().named?(name)
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0, let source else { throw .call("sd_event_add_inotify", rc) }
        return EventSource(source: source, box: box)
    }

    /// A task that runs on a later loop iteration whenever `schedule()` was called: several calls
    /// before it runs make one run. For work that must not happen inside the event that asked for it
    /// (answer first, replan after).
    /// `priority`: higher numbers run after lower ones that are pending (0 is normal); a task
    /// with priority 1 runs once every pending input was read.
    public func addDeferred(priority: Int64 = 0, _ handler: @escaping () -> Void) throws(SystemdError) -> DeferredTask {
        let box = EventSource.Box(plain: handler)
        var source: OpaquePointer?
        let rc = sd_event_add_defer(event, &source, { _, userdata in
            Unmanaged<EventSource.Box>.fromOpaque(userdata!).takeUnretainedValue().plain?()
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0, let source else { throw .call("sd_event_add_defer", rc) }
        sd_event_source_set_enabled(source, 0)
        sd_event_source_set_priority(source, priority)
        return DeferredTask(EventSource(source: source, box: box))
    }

    /// Runs `handler` after every iteration in which another source ran: the place to look for
    /// work that any event may have made ready, so that no part has to ask for it by name.
    public func addPost(priority: Int64 = 0, _ handler: @escaping () -> Void) throws(SystemdError) -> EventSource {
        let box = EventSource.Box(plain: handler)
        var source: OpaquePointer?
        let rc = sd_event_add_post(event, &source, { _, userdata in
            Unmanaged<EventSource.Box>.fromOpaque(userdata!).takeUnretainedValue().plain?()
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0, let source else { throw .call("sd_event_add_post", rc) }
        sd_event_source_set_priority(source, priority)
        return EventSource(source: source, box: box)
    }

    /// A monotonic timer that can be armed and disarmed again and again (connection timeouts).
    public func addResettableTimer(_ handler: @escaping () -> Void) throws(SystemdError) -> ResettableTimer {
        let box = EventSource.Box(plain: handler)
        var source: OpaquePointer?
        let rc = sd_event_add_time(event, &source, CLOCK_MONOTONIC, UInt64.max, 10_000, { _, _, userdata in
            Unmanaged<EventSource.Box>.fromOpaque(userdata!).takeUnretainedValue().plain?()
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0, let source else { throw .call("sd_event_add_time", rc) }
        sd_event_source_set_enabled(source, 0)
        return ResettableTimer(EventSource(source: source, box: box), event: event)
    }

    /// Blocks the given signals for the process so that they are delivered through the loop instead.
    public static func blockSignals(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        sigprocmask(SIG_BLOCK, &set, nil)
    }

    /// Pings the systemd watchdog from the loop when `WATCHDOG_USEC` is set; a no-op otherwise.
    public func enableWatchdogIfRequested() {
        sd_event_set_watchdog(event, 1)
    }

    /// Runs until `exit` is called; returns the exit code given to it.
    public func run() throws(SystemdError) -> Int32 {
        let rc = sd_event_loop(event)
        guard rc >= 0 else { throw .call("sd_event_loop", rc) }
        return rc
    }

    /// Makes `run` return `code` after the current iteration.
    public func exit(_ code: Int32) {
        sd_event_exit(event, code)
    }

}

/// A registered handler. It stays active until `cancel()` or until the last reference goes away.
public final class EventSource {
    final class Box {
        var io: ((UInt32) -> Void)?
        var plain: (() -> Void)?
        var named: ((String) -> Void)?
        var child: ((Int32, Int32) -> Void)?
        init(child: @escaping (Int32, Int32) -> Void) { self.child = child }
        init(io: @escaping (UInt32) -> Void) { self.io = io }
        init(named: @escaping (String) -> Void) { self.named = named }
        init(plain: @escaping () -> Void) { self.plain = plain }
    }

    private var source: OpaquePointer?
    private let box: Box

    init(source: OpaquePointer, box: Box) {
        self.source = source
        self.box = box
    }

    var raw: OpaquePointer? { source }

    /// Changes the epoll events an IO source waits for.
    public func setEvents(_ events: UInt32) {
        if let source { sd_event_source_set_io_events(source, events) }
    }

    /// Stops and releases the source; safe to call twice and from inside its own handler.
    public func cancel() {
        guard let source else { return }
        self.source = nil
        sd_event_source_disable_unref(source)
    }

    deinit { cancel() }
}

/// epoll event bits for `EventLoop.addIO` (Glibc's module does not export them to Swift).
public enum IOEvents {
    public static let readable: UInt32 = 0x001
    public static let writable: UInt32 = 0x004
    public static let error: UInt32 = 0x008
    public static let hangup: UInt32 = 0x010
}

/// See `EventLoop.addDeferred`.
public final class DeferredTask {
    private let source: EventSource

    init(_ source: EventSource) { self.source = source }

    /// Runs the task once on a coming loop iteration.
    public func schedule() {
        if let raw = source.raw { sd_event_source_set_enabled(raw, -1) } // SD_EVENT_ONESHOT
    }

    public func cancel() { source.cancel() }
}

/// See `EventLoop.addResettableTimer`.
public final class ResettableTimer {
    private let source: EventSource
    private let event: OpaquePointer

    init(_ source: EventSource, event: OpaquePointer) {
        self.source = source
        self.event = event
    }

    /// Fires once, `seconds` from now (replacing an earlier arming).
    public func arm(after seconds: Double) {
        guard let raw = source.raw else { return }
        var now: UInt64 = 0
        sd_event_now(event, CLOCK_MONOTONIC, &now)
        sd_event_source_set_time(raw, now &+ UInt64(max(0, seconds) * 1_000_000))
        sd_event_source_set_enabled(raw, -1)
    }

    public func disarm() {
        if let raw = source.raw { sd_event_source_set_enabled(raw, 0) }
    }

    public func cancel() { source.cancel() }
}

/// Seconds on the monotonic clock (for idle bookkeeping; never for wall-clock rules).
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
