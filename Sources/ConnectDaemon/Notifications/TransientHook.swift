import ConnectSystemd
import Foundation
import Glibc

/// One hook run as its own transient unit of the user manager (`connectd-hook-NAME-N.service`),
/// outside the daemon's sandbox: the user's normal environment, its output in the journal under
/// its unit, `RuntimeMaxSec=` from `hooks.timeout`, optional memory and CPU limits, and a cgroup,
/// so that stopping it stops everything it started. The manager says when it is gone.
final class TransientHook {
    let unit: String
    let name: String
    private let log: Log
    private var onExit: ((TransientHook) -> Void)?
    private var safety: EventSource?
    /// The event on its way into the unit's stdin (the manager holds the other end).
    private var input: PipeWriter?
    /// The run is over (or never started).
    private(set) var isFinished = false

    init(path: String, input: [UInt8], environment: [String: String], settings: DaemonConfig.HookSettings, unit: String,
         bus: UserManagerBus, loop: EventLoop, log: Log, onExit: @escaping (TransientHook) -> Void) throws {
        name = (path as NSString).lastPathComponent
        self.unit = unit
        self.log = log
        self.onExit = onExit
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw HookError.spawn(path, String(cString: strerror(errno))) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        self.input = PipeWriter(fd: fds[1], bytes: input, loop: loop)
        var properties: [UserManagerBus.Property] = [
            .string("Description", "connectd hook \(name)"),
            .string("Type", "exec"),
            .exec(path: path, arguments: [path]),
            .strings("Environment", environment.map { "\($0.key)=\($0.value.replacingOccurrences(of: "\n", with: " "))" }.sorted()),
            .fileDescriptor("StandardInputFileDescriptor", fds[0]),
            .string("StandardOutput", "journal"),
            .string("StandardError", "journal"),
            .string("SyslogIdentifier", "connectd-hook-" + name),
            .string("WorkingDirectory", "~"),
            .uint64("RuntimeMaxUSec", UInt64(settings.timeout * 1_000_000)),
            .uint64("TimeoutStopUSec", 2_000_000),
            .string("CollectMode", "inactive-or-failed"),
        ]
        if let memory = settings.memoryMax { properties.append(.uint64("MemoryMax", memory)) }
        if let percent = settings.cpuQuotaPercent { properties.append(.uint64("CPUQuotaPerSecUSec", UInt64(percent) * 10_000)) }
        bus.startTransientUnit(unit, properties: properties) { [weak self] error in
            guard let self, let error else { return }
            log.warning("Hook \(self.name) could not be started as \(unit): \(error)", fields: [("CONNECTD_HOOK", self.name)])
            self.finish()
        }
        // sd-bus keeps its own copy of the descriptor.
        close(fds[0])
        // Should the manager never say the unit is gone, the slot is freed anyway.
        safety = try loop.addTimer(after: settings.timeout + 15) { [weak self] in
            guard let self else { return }
            log.warning("Hook \(self.name) (\(unit)) was not reported finished in time: stopping it.", fields: [("CONNECTD_HOOK", self.name)])
            bus.stopUnit(unit)
            self.finish()
        }
    }

    /// The manager reported the unit gone (finished, failed, or stopped at the timeout).
    func unitRemoved() {
        log.info("Hook \(name) finished (journalctl --user -u \(unit)).", fields: [("CONNECTD_HOOK", name)])
        finish()
    }

    private func finish() {
        input?.close()
        input = nil
        isFinished = true
        safety?.cancel()
        safety = nil
        let done = onExit
        onExit = nil
        done?(self)
    }
}
