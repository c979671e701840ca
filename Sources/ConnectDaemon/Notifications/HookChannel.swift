import ConnectSystemd
import ConnectUnix
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
    private var queueHead = 0
    /// The names found at the last look, and what the directory looked like then: it is listed
    /// again only when it changed (10,000 entries once cost seconds per event).
    /// The directory's last listing: its stamp then, the names, and when it was listed (wall clock,
    /// as the stamp's time).
    private var listed: (stamp: String, names: [String], at: Double)?
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

    /// Hooks run per event at most (the first in name order), and runs waiting at most.
    static let maxHooks = 32
    static let maxQueued = 256

    func deliver(_ event: DaemonEvent, done: @escaping (String) -> Void) {
        guard settings().enabled else { return done("disabled ([hooks] enabled = false)") }
        let (hooks, problem) = runnableHooks()
        guard !hooks.isEmpty else { return done(problem ?? "no hooks in \(directory)") }
        let payload = HookPayload(event: event, timestamp: timestamp)
        let environment = baseEnvironment.merging(payload.variables) { $1 }
        let room = max(0, Self.maxQueued - (queue.count - queueHead))
        for hook in hooks.prefix(room) { queue.append((hook, payload.json, environment)) }
        if hooks.count > room {
            log.warning("\(hooks.count - room) hook runs for this event were dropped: \(Self.maxQueued) are waiting already (hooks.max_concurrent = \(settings().maxConcurrent)).")
        }
        startQueued()
        var said = "started or queued \(min(hooks.count, room)) hook\(hooks.count == 1 ? "" : "s"): "
            + hooks.prefix(8).map { ($0 as NSString).lastPathComponent }.joined(separator: ", ") + (hooks.count > 8 ? ", …" : "")
        if let problem { said += "; " + problem }
        done(said)
    }

    /// At shutdown: drops waiting runs and sends SIGTERM to every running hook's process group, so
    /// that no hook outlives the daemon unnoticed.
    func stopAll() {
        queue.removeAll()
        queueHead = 0
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
        while running.count + units.count < limit, queueHead < queue.count {
            let job = queue[queueHead]
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
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

    /// Executables in the hooks directory, sorted (at most `maxHooks`, among the first
    /// `2 * maxHooks` entries), and why some were not run: as ssh treats its files, a hook, a
    /// symbolic link to one, and the directory must be ours (or root's, for a link's target) and
    /// writable by nobody else; anything else could be someone else's code run as us. Each
    /// refusal is said once in the log. The directory is listed again only when it changed;
    /// each candidate is checked at every event.
    private func runnableHooks() -> (hooks: [String], problem: String?) {
        var info = stat()
        guard stat(directory, &info) == 0 else { return ([], nil) }
        if let problem = FileTrust.directoryAndParentProblem(directory) {
            if warnedAbout.insert(directory).inserted { log.warning("No hooks run: \(problem)") }
            return ([], problem)
        }
        let stamp = "\(info.st_dev) \(info.st_ino) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        let changedAt = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        // A listing made within a second of the last change may have missed a file added in the
        // same tick of the file system's clock (the stamp would not change): it is made again.
        if let listed, listed.stamp == stamp, listed.at - changedAt > 1 {
            // unchanged
        } else {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            if names.count > 2 * Self.maxHooks, warnedAbout.insert(directory + "/*").inserted {
                log.warning("\(directory) holds \(names.count) entries: only the first \(2 * Self.maxHooks) (by name) are looked at, and at most \(Self.maxHooks) run.")
            }
            listed = (stamp, Array(names.prefix(2 * Self.maxHooks)), Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)
        }
        var hooks: [String] = []
        var refused: [String] = []
        for name in listed?.names ?? [] where hooks.count < Self.maxHooks {
            let path = directory + "/" + name
            if let problem = FileTrust.fileProblem(path, executable: true) {
                refused.append("\(name): \(problem)")
                if warnedAbout.insert(path + problem).inserted { log.warning("Skipping hook \(path): \(problem).") }
                continue
            }
            hooks.append(path)
        }
        return (hooks, refused.isEmpty ? nil : "not run: " + refused.prefix(4).joined(separator: "; ") + (refused.count > 4 ? "; …" : ""))
    }
}
