import ConnectSystemd
import Foundation
import Glibc

/// Runs every executable in hooks.d (sorted by name) on each event, with the event as JSON on
/// stdin and its essentials in CONNECTD_* variables. Hooks never block the daemon: they are child
/// processes watched by the event loop, at most `maxConcurrent` at once, the rest waiting in line.
final class HookChannel: NotificationChannel {
    let name = "hooks"
    private let loop: EventLoop
    private let log: Log
    private let directory: String
    private let settings: () -> DaemonConfig.HookSettings
    private let baseEnvironment: [String: String]
    private let timestamp: (Date) -> String
    private var queue: [(path: String, input: [UInt8], environment: [String: String])] = []
    private var running: [pid_t: HookProcess] = [:]
    private var warnedAbout = Set<String>()

    init(loop: EventLoop, log: Log, directory: String, settings: @escaping () -> DaemonConfig.HookSettings,
         environment: [String: String], timestamp: @escaping (Date) -> String) {
        self.timestamp = timestamp
        self.loop = loop
        self.log = log
        self.directory = directory
        self.settings = settings
        let passed = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME",
                      "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"]
        baseEnvironment = environment.filter { passed.contains($0.key) }
    }

    func deliver(_ event: DaemonEvent, done: @escaping (String) -> Void) {
        guard settings().enabled else { return done("disabled ([hooks] enabled = false)") }
        let hooks = runnableHooks()
        guard !hooks.isEmpty else { return done("no hooks in \(directory)") }
        let payload = HookPayload(event: event, timestamp: timestamp)
        let environment = baseEnvironment.merging(payload.variables) { $1 }
        for hook in hooks { queue.append((hook, payload.json, environment)) }
        startQueued()
        done("started or queued \(hooks.count) hook\(hooks.count == 1 ? "" : "s"): " + hooks.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))
    }

    /// At shutdown: drops waiting runs and sends SIGTERM to every running hook's process group, so
    /// that no hook outlives the daemon unnoticed.
    func stopAll() {
        queue.removeAll()
        for pid in running.keys {
            log.info("Stopping hook process \(pid) at shutdown.")
            kill(-pid, SIGTERM)
        }
    }

    private func startQueued() {
        let limit = settings().maxConcurrent
        while running.count < limit, !queue.isEmpty {
            let job = queue.removeFirst()
            do {
                let process = try HookProcess(
                    path: job.path, input: job.input, environment: job.environment, timeout: settings().timeout, loop: loop, log: log
                ) { [unowned self] finished in
                    self.running[finished.pid] = nil
                    self.startQueued()
                }
                running[process.pid] = process
            } catch {
                log.warning("\(error)")
            }
        }
    }

    /// Executables in the hooks directory, sorted; refuses (once, with a warning) what is not a
    /// regular executable file owned by us, or is writable by group or others.
    private func runnableHooks() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.sorted().filter { !$0.hasPrefix(".") }.map { directory + "/" + $0 }.filter { path in
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
            let problem: String?
            if info.st_uid != getuid() {
                problem = "it is owned by uid \(info.st_uid), not by you"
            } else if info.st_mode & 0o022 != 0 {
                problem = "it is writable by group or others (chmod go-w \(path))"
            } else if access(path, X_OK) != 0 {
                problem = "it is not executable (chmod +x \(path))"
            } else {
                problem = nil
            }
            if let problem {
                if warnedAbout.insert(path).inserted { log.warning("Skipping hook \(path): \(problem).") }
                return false
            }
            return true
        }
    }
}
