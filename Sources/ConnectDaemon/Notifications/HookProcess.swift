import ConnectSystemd
import Foundation
import Glibc

/// One running hook (or sync command): a child process in its own process group, fed the event
/// JSON on stdin, its stdout and stderr logged line by line, killed (SIGTERM, then SIGKILL) when
/// it overruns.
final class HookProcess {
    let name: String
    let pid: pid_t
    /// The exit status once it exited on its own; nil while running or when a signal ended it.
    private(set) var exitStatus: Int32?
    /// The last line it wrote (on either stream), at most 300 bytes: what a failure says.
    private(set) var lastLine: String?
    private let label: String
    private let log: Log
    private var outputs: [Int32: (source: EventSource, buffer: [UInt8], priority: Log.Priority)] = [:]
    private var child: EventSource?
    private var timeout: EventSource?
    private var kill: EventSource?
    /// The event on its way to the hook's stdin (never a blocking write: a hook may not read it).
    private var input: PipeWriter?
    private var onExit: (HookProcess) -> Void
    /// What was logged of this run's output; past the bounds the rest is dropped and the pipes
    /// closed, so a chatty hook can neither flood the journal nor hold the loop.
    private var loggedBytes = 0
    private var loggedLines = 0
    static let maxLoggedBytes = 64 * 1024
    static let maxLoggedLines = 200

    /// Starts `arguments` (the first is the program: a path, or a name looked up in PATH).
    /// Throws when the process cannot be spawned.
    /// `label` names it in the log ("Hook", "Sync command"); `errorPriority` is what its stderr is
    /// logged at (a hook's is a warning; vdirsyncer's is its progress report).
    init(arguments: [String], label: String = "Hook", errorPriority: Log.Priority = .warning, input: [UInt8], environment: [String: String],
         timeout seconds: Double, loop: EventLoop, log: Log, onExit: @escaping (HookProcess) -> Void) throws {
        let path = arguments.first ?? ""
        name = (path as NSString).lastPathComponent
        self.label = label
        self.log = log
        self.onExit = onExit
        var stdinPipe: [Int32] = [0, 0], stdoutPipe: [Int32] = [0, 0], stderrPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
            throw HookError.spawn(path, String(cString: strerror(errno)))
        }
        for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The daemon blocks SIGTERM/SIGCHLD/... and ignores SIGPIPE: give the hook a normal start.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        // posix_spawnp looks a bare name up in the PATH of the daemon's own environment.
        let rc = posix_spawnp(&pid, path, &actions, &attributes, argv, envp)
        for fd in [stdinPipe[0], stdoutPipe[1], stderrPipe[1]] { close(fd) }
        guard rc == 0 else {
            for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { close(fd) }
            throw HookError.spawn(path, String(cString: strerror(rc)))
        }
        self.pid = pid

        self.input = PipeWriter(fd: stdinPipe[1], bytes: input, loop: loop)

        for (fd, priority) in [(stdoutPipe[0], Log.Priority.info), (stderrPipe[0], errorPriority)] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            let source = try loop.addIO(fd: fd, events: IOEvents.readable) { [unowned self] _ in self.drain(fd) }
            outputs[fd] = (source, [], priority)
        }
        child = try loop.addChild(pid: pid) { [unowned self] code, status in self.exited(code: code, status: status) }
        timeout = try loop.addTimer(after: seconds) { [unowned self] in
            log.warning("\(label) \(name) ran longer than \(Int(seconds)) s: sending SIGTERM.", fields: [("CONNECTD_HOOK", name)])
            Glibc.kill(-pid, SIGTERM)
            do {
                self.kill = try loop.addTimer(after: 2) { [unowned self] in
                    log.warning("\(label) \(name) ignored SIGTERM: sending SIGKILL.", fields: [("CONNECTD_HOOK", name)])
                    Glibc.kill(-self.pid, SIGKILL)
                }
            } catch {
                log.warning("\(label) \(name): no timer for the SIGKILL grace period (\(error)); sending SIGKILL now.", fields: [("CONNECTD_HOOK", name)])
                Glibc.kill(-pid, SIGKILL)
            }
        }
    }

    /// Reads what the hook wrote (at most 64 KiB per wake-up) and logs complete lines with the
    /// hook's name, up to the bounds.
    private func drain(_ fd: Int32) {
        guard var output = outputs[fd] else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<16 {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                output.buffer += chunk[0..<count]
                while let newline = output.buffer.firstIndex(of: 10) {
                    emit(Array(output.buffer[..<newline]), output.priority)
                    output.buffer.removeSubrange(...newline)
                }
                if output.buffer.count > 8192 {
                    emit(output.buffer, output.priority)
                    output.buffer.removeAll()
                }
                if overBounds { return truncate() }
                outputs[fd] = output
                continue
            }
            if count < 0, errno == EAGAIN || errno == EINTR { return }
            if !output.buffer.isEmpty { emit(output.buffer, output.priority) }
            output.source.cancel()
            close(fd)
            outputs[fd] = nil
            return
        }
    }

    private var overBounds: Bool { loggedBytes >= Self.maxLoggedBytes || loggedLines >= Self.maxLoggedLines }

    private func emit(_ line: [UInt8], _ priority: Log.Priority) {
        guard !overBounds else { return }
        loggedLines += 1
        loggedBytes += line.count
        if !line.isEmpty { lastLine = Log.printable(String(decoding: line.prefix(300), as: UTF8.self)) }
        log.log(priority, "\(label.lowercased()) \(name): \(String(decoding: line.prefix(4096), as: UTF8.self))", fields: [("CONNECTD_HOOK", name)])
    }

    /// Stops reading a hook that wrote too much: its pipes close (it gets SIGPIPE if it goes on).
    private func truncate() {
        log.warning("\(label) \(name) wrote more than \(Self.maxLoggedLines) lines or \(Self.maxLoggedBytes / 1024) KiB: the rest of its output is not logged.",
                    fields: [("CONNECTD_HOOK", name)])
        for (fd, output) in outputs {
            output.source.cancel()
            close(fd)
        }
        outputs.removeAll()
    }

    private func exited(code: Int32, status: Int32) {
        input?.close()
        input = nil
        for fd in Array(outputs.keys) { drain(fd) }
        timeout?.cancel()
        kill?.cancel()
        child?.cancel()
        // si_code: CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3.
        if code == 1 { exitStatus = status }
        if code == 1, status != 0 {
            log.warning("\(label) \(name) exited with status \(status).", fields: [("CONNECTD_HOOK", name)])
        } else if code != 1 {
            log.warning("\(label) \(name) was killed by signal \(status).", fields: [("CONNECTD_HOOK", name)])
        }
        // A grandchild may still hold the pipes: stop listening to them.
        for (fd, output) in outputs {
            output.source.cancel()
            close(fd)
        }
        outputs.removeAll()
        onExit(self)
    }
}

enum HookError: Error, CustomStringConvertible {
    case spawn(String, String)

    var description: String {
        switch self {
        case .spawn(let path, let reason): "cannot start hook \(path): \(reason)"
        }
    }
}
