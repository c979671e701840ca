import ConnectSystemd
import Foundation
import Glibc

/// Runs every executable in hooks.d (sorted by name) on each event, with the event as JSON on
/// stdin and its essentials in CONNECTD_* variables, at most `maxConcurrent` at once, the rest
/// waiting in line. Under a service manager each run is a transient unit of the user manager
/// (outside the daemon's sandbox, in its own cgroup); in a terminal, a child process watched by
/// the event loop. Either way a hook never blocks the daemon.
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
    private var units: [String: TransientHook] = [:]
    private var warnedAbout = Set<String>()
    /// The user manager, when hooks run as transient units (nil: child processes).
    private var manager: UserManagerBus?
    private var managerTried = false
    /// The daemon runs as a unit of the user manager.
    private let underUserManager: Bool
    private var unitCounter = 0

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
        underUserManager = UserManagerBus.runsUnderUserManager(environment: environment)
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
        for unit in units.keys {
            log.info("Stopping hook unit \(unit) at shutdown.")
            manager?.stopUnit(unit)
        }
        manager?.flush()
    }

    /// The user manager to run hooks under, when the daemon runs as a service and the config
    /// allows it; nil means child processes. Decided once, said once in the log.
    private func userManager() -> UserManagerBus? {
        guard settings().transientUnits else { return nil }
        if managerTried { return manager }
        managerTried = true
        guard underUserManager else { return nil }
        do {
            manager = try UserManagerBus(loop: loop, runtimeDirectory: baseEnvironment["XDG_RUNTIME_DIR"]) { [weak self] unit in
                self?.units[unit]?.unitRemoved()
            }
            log.info("Hooks run as transient units of the user manager (connectd-hook-*.service).")
        } catch {
            log.warning("Hooks run as child processes: the user manager cannot be reached (\(error)).")
        }
        return manager
    }

    private func startQueued() {
        let limit = settings().maxConcurrent
        while running.count + units.count < limit, !queue.isEmpty {
            let job = queue.removeFirst()
            if let manager = userManager() {
                unitCounter += 1
                let base = ((job.path as NSString).lastPathComponent).map { $0.isLetter && $0.isASCII || $0.isNumber || $0 == "-" ? $0 : "_" }
                let unit = "connectd-hook-\(String(base.prefix(64)))-\(getpid())-\(unitCounter).service"
                do {
                    let hook = try TransientHook(path: job.path, input: job.input, environment: job.environment, settings: settings(), unit: unit,
                                                 bus: manager, loop: loop, log: log) { [unowned self] finished in
                        self.units[finished.unit] = nil
                        self.startQueued()
                    }
                    if !hook.isFinished { units[unit] = hook }
                } catch {
                    log.warning("\(error)")
                }
                continue
            }
            do {
                let process = try HookProcess(
                    arguments: [job.path], input: job.input, environment: job.environment, timeout: settings().timeout, loop: loop, log: log
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
