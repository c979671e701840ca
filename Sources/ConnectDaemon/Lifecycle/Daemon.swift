import ConnectCore
import ConnectProtocol
import ConnectServices
import ConnectStore
import ConnectSystemd
import ConnectUnix
import Foundation
import Glibc

/// The daemon's life, as systemd's own daemons do it: read config, take the state directory's
/// lock, open the state, serve the socket, tell the manager READY=1, run the loop until SIGTERM or
/// SIGINT, then stop accepting, flush replies and close the database. Returns the exit code.
public final class Daemon {
    /// Exit codes that tell the service manager (and the user) why we stopped.
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let failure: Int32 = 1
        /// The state file is unusable: restarting will not help (EX_DATAERR).
        public static let badState: Int32 = 65
        /// The config file is unusable (EX_CONFIG).
        public static let badConfig: Int32 = 78
    }

    private let paths: DaemonPaths
    private let log: Log
    private let environment: [String: String]
    private var sources: [EventSource] = []

    public init(paths: DaemonPaths, log: Log = Log(), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.paths = paths
        self.log = log
        self.environment = environment
    }

    public func run() -> Int32 {
        umask(0o077)
        signal(SIGPIPE, SIG_IGN)
        Memory.tune()
        let config: DaemonConfig
        do {
            config = try DaemonConfig.load(path: paths.configFile)
        } catch {
            log.error(error.description)
            return ExitCode.badConfig
        }
        for warning in config.warnings { log.warning(warning) }
        let prompts: PromptLibrary
        do {
            prompts = try PromptLibrary(text: DefaultPrompts.text)
        } catch {
            log.error(DaemonError.prompts(error.description).description)
            return ExitCode.failure
        }
        let lock: StateLock
        let store: Store
        do {
            try PrivateDirectory.ensure(paths.stateDirectory)
            lock = try StateLock(directory: paths.stateDirectory)
            do {
                try moveLegacyState()
                store = try Store(path: paths.database)
            } catch {
                lock.abandon()
                throw error
            }
        } catch let error as LegacyState.Problem {
            log.error(error.description)
            if case .inUse = error { return ExitCode.failure }
            return ExitCode.badState
        } catch let error as PrivateDirectory.Problem {
            log.error(error.description)
            return ExitCode.badState
        } catch let error as StoreError {
            log.error(error.description)
            if case .locked = error { return ExitCode.failure }
            return ExitCode.badState
        } catch {
            log.error("\(error)")
            return ExitCode.badState
        }
        defer {
            try? store.close()
            withExtendedLifetime(lock) {}
        }

        do {
            EventLoop.blockSignals([SIGTERM, SIGINT, SIGHUP, SIGCHLD])
            let loop = try EventLoop()
            let runtime = try DaemonRuntime(store: store, config: config, prompts: prompts, paths: paths, log: log,
                                            environment: environment, clock: Self.clock(environment), loop: loop)
            let listener: ListeningSocket
            if let fd = ListenFDs.socket(named: "varlink") {
                listener = ListeningSocket(inheritedFD: fd, path: paths.socket)
            } else {
                listener = try ListeningSocket(bindingAt: paths.socket)
            }
            let limits = ServerLimits()
            // Each part gets what it needs when it is made, in this order; none is wired afterwards.
            let commands = DaemonCommands(runtime: runtime)
            let desktop = try DesktopChannel(loop: loop, log: log, memory: DesktopMemory(runtime: runtime, commands: commands)) { runtime.config.desktop }
            let hooks = HookChannel(loop: loop, log: log, directory: paths.hooksDirectory, settings: { runtime.config.hooks },
                                    environment: environment, timestamp: runtime.timestamp)
            let notifier = Notifier(channels: [JournalChannel(log: log, timestamp: runtime.timestamp), desktop, hooks])
            let presence = PresenceMonitor(loop: loop, log: log) { runtime.live.scheduleChanged = true }
            presence.start()
            let (mirror, claims) = startMirror(runtime: runtime, loop: loop)
            let alarm = try RealtimeAlarm(loop: loop) { [log] wake in
                if case .clockChanged = wake {
                    log.info("The system clock changed (or the machine woke up); recomputing the schedule.")
                    runtime.live.setAwakeSince(runtime.clock())
                }
                runtime.live.scheduleChanged = true
            }
            let scheduler = try SchedulerRunner(runtime: runtime, notifier: notifier, loop: loop, claims: claims, presence: presence,
                                                arm: { alarm.arm(atSecondsSinceEpoch: $0?.timeIntervalSince1970) },
                                                report: { ServiceNotifier.status($0) })
            try runtime.imports.repairInterrupted()
            _ = runtime.feeds
            let dispatcher = try RequestDispatcher(runtime: runtime, notifier: notifier, commands: commands,
                                                   background: (mirror.map { [$0] } ?? []) + [runtime.imports, runtime.msmtp, runtime.notmuch, runtime.calendars, runtime.calendarFile, scheduler],
                                                   limits: limits, loop: loop)
            let server = SocketServer(listener: listener, loop: loop, limits: limits, clock: runtime.monotonic, log: log, dispatcher: dispatcher,
                                      clientClosed: { runtime.uploads.clientClosed($0) }, onIdle: { Self.releaseMemory(store) })
            try server.start()
            for stopSignal in [SIGTERM, SIGINT] {
                sources.append(try loop.addSignal(stopSignal) { [log] in
                    log.info("Stopping on signal \(stopSignal == SIGTERM ? "SIGTERM" : "SIGINT").")
                    ServiceNotifier.stopping()
                    loop.exit(0)
                })
            }
            sources.append(try loop.addSignal(SIGHUP) { [unowned self] in self.reload(runtime, notifier: notifier, runner: scheduler) })
            sources.append(try watchTimeZone(loop: loop, runtime: runtime))
            loop.enableWatchdogIfRequested()
            log.info("connectd \(ConnectVersion.string) serving \(paths.socket)\(listener.inherited ? " (socket-activated)" : ""), state in \(paths.database)\(paths.home.map { "; home \($0.path) from \($0.source.rawValue)" } ?? "").")
            ServiceNotifier.ready(status: scheduler.statusLine(now: runtime.clock()))
            // Start-up touched much more code than serving needs: let those pages go.
            Self.releaseMemory(store)
            let code = try loop.run()
            // The daemon's own work still queued (a button pressed, deliveries to mark announced)
            // gets one last turn; what needs the loop after it is done again at the next start.
            if dispatcher.hasBackgroundWork { dispatcher.turn() }
            server.stop()
            hooks.stopAll()
            runtime.notmuch.stop()
            sources.removeAll()
            withExtendedLifetime(mirror) {}
            return code
        } catch let error as DaemonError {
            log.error(error.description)
            return ExitCode.failure
        } catch let error as StoreError {
            log.error(error.description)
            return ExitCode.badState
        } catch {
            log.error("\(error)")
            return ExitCode.failure
        }
    }

    /// Moves a state file from where systemd < 254 kept it for the old unit, once, and says so.
    private func moveLegacyState() throws(LegacyState.Problem) {
        guard let old = paths.legacyStateDirectory else { return }
        switch try LegacyState.move(from: old, to: paths.stateDirectory) {
        case .nothingThere:
            break
        case .moved(let from, let to):
            log.warning("Moved your state from \(from) to \(to): connectd keeps it under $XDG_STATE_HOME on every systemd now "
                        + "(systemd before 254 had put it under ~/.config). Nothing else changes.")
        case .keptBoth(let old, let current):
            log.warning("There is an older state file in \(old), from systemd before 254; connectd uses \(current) and leaves the "
                        + "older one untouched. To use the older one instead: systemctl --user stop connectd.service; "
                        + "mv \(current) \(current).unused; mv \(old)* \((current as NSString).deletingLastPathComponent)/; "
                        + "then start connectd again.")
        }
    }

    /// Gives back what a burst of work left: freed heap, SQLite's page cache, code pages not
    /// needed while idle (they come back from the page cache on the next request).
    static func releaseMemory(_ store: Store) {
        store.releaseMemory()
        Memory.trim()
        Memory.releaseCodePages()
    }

    /// With `[sync] vdir`: the mirror, and with `[sync] command` the claims on nudges. A vdir
    /// that cannot be used is logged and the daemon serves without it.
    private func startMirror(runtime: DaemonRuntime, loop: EventLoop) -> (VdirMirror?, NudgeClaims?) {
        guard let root = runtime.syncDirectory else { return (nil, nil) }
        let mirror = VdirMirror(root: root, machine: runtime.machineName, runtime: runtime, log: log)
        do {
            try mirror.start(loop: loop)
        } catch {
            log.error("The vdir mirror is off: \(error)")
            return (nil, nil)
        }
        var claims: NudgeClaims?
        if !runtime.config.sync.command.isEmpty {
            claims = NudgeClaims(mirror: mirror, settings: { runtime.config.sync }, loop: loop, log: log, environment: environment,
                                 underUserManager: UserManagerBus.runsUnderUserManager(environment: environment) && runtime.config.hooks.transientUnits,
                                 onResolved: { runtime.live.scheduleChanged = true },
                                 onOutcome: { problem in runtime.syncProblem = problem.map { "\($0) (at \(runtime.timestamp(runtime.clock())))" } })
        }
        log.info("Mirroring to the vdir \(root) as machine \(runtime.machineName)\(claims == nil ? "" : ", claiming nudges with: " + runtime.config.sync.command.joined(separator: " ")).")
        return (mirror, claims)
    }

    /// The wall clock. Debug builds take a fixed instant from `CONNECTD_TEST_NOW` (RFC 3339) for
    /// the golden-output tests; release builds always read the clock.
    static func clock(_ environment: [String: String]) -> () -> Date {
        #if DEBUG
        if let text = environment["CONNECTD_TEST_NOW"], let fixed = WireTime.parse(text) {
            let instant = Date(timeIntervalSince1970: fixed.secondsSinceEpoch)
            return { instant }
        }
        #endif
        return { Date() }
    }

    /// SIGHUP: re-read the config; an invalid one keeps the old settings and says why.
    private func reload(_ runtime: DaemonRuntime, notifier: Notifier, runner: SchedulerRunner) {
        ServiceNotifier.notify("RELOADING=1\nMONOTONIC_USEC=\(UInt64(monotonicSeconds() * 1_000_000))")
        let now = runtime.clock()
        do {
            let config = try DaemonConfig.load(path: paths.configFile)
            for warning in config.warnings { log.warning(warning) }
            if config.sync.vdir != runtime.config.sync.vdir || config.sync.machine != runtime.config.sync.machine {
                log.warning("The [sync] vdir and machine take effect when connectd restarts; the command and claim_timeout apply now.")
            }
            runtime.apply(config)
            runtime.configProblem = nil
            runtime.msmtp.schedule()
            runtime.calendars.schedule()
            runtime.notmuch.schedule()
            runtime.calendarFile.schedule()
            let summary = FileManager.default.fileExists(atPath: paths.configFile)
                ? "Reloaded the config from \(paths.configFile)"
                : "Reloaded the config: \(paths.configFile) is gone, so the defaults apply"
            notifier.announce(DaemonEvent(kind: .configReloaded, summary: summary, body: runtime.config.ruleDescription, at: now))
            ServiceNotifier.ready(status: runner.statusLine(now: now))
        } catch {
            runtime.configProblem = error.description
            notifier.announce(DaemonEvent(kind: .configRejected, summary: "Kept the previous config", body: error.description, at: now))
            ServiceNotifier.ready(status: "Config NOT reloaded (\(error.description)); " + runner.statusLine(now: now))
        }
    }

    /// A change of /etc/localtime (timedatectl set-timezone) changes local times: recompute.
    private func watchTimeZone(loop: EventLoop, runtime: DaemonRuntime) throws(SystemdError) -> EventSource {
        // IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE on /etc: localtime is usually a replaced symlink.
        try loop.addInotify(path: "/etc", mask: 0x008 | 0x080 | 0x100 | 0x200) { [log] name in
            guard name == "localtime" else { return }
            log.info("/etc/localtime changed; recomputing the schedule in the new time zone.")
            runtime.apply(runtime.config)
        }
    }
}
