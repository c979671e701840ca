import ConnectCore
import ConnectProtocol
import ConnectStore
import ConnectSystemd
import Foundation
import Glibc

/// The daemon's life: open config and state, serve the socket, run the event loop until SIGTERM or
/// SIGINT, then stop accepting, flush replies and close the database. Returns the process exit code.
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
    private var signalSources: [EventSource] = []
    private var runner: SchedulerRunner?

    public init(paths: DaemonPaths, log: Log = Log()) {
        self.paths = paths
        self.log = log
    }

    public func run() -> Int32 {
        umask(0o077)
        signal(SIGPIPE, SIG_IGN)
        let config: DaemonConfig
        do {
            config = try DaemonConfig.load(path: paths.configFile)
        } catch {
            log.error(error.description)
            return ExitCode.badConfig
        }
        if let warning = paths.strandedDataWarning() { log.warning(warning) }
        let store: Store
        do {
            store = try Store(path: paths.database)
        } catch {
            log.error(error.description)
            return ExitCode.badState
        }
        defer { try? store.close() }

        do {
            EventLoop.blockSignals([SIGTERM, SIGINT, SIGHUP, SIGCHLD])
            let loop = try EventLoop()
            let listener: ListeningSocket
            if let fd = ListenFDs.socket(named: "varlink") {
                listener = ListeningSocket(inheritedFD: fd, path: paths.socket)
            } else {
                listener = try ListeningSocket(bindingAt: paths.socket)
            }
            let context = DaemonContext(store: store, config: config, paths: paths, log: log, clock: { Date() })
            let desktop = DesktopChannel(loop: loop, log: log, store: store) { context.config.desktop }
            let hooks = HookChannel(loop: loop, log: log, directory: paths.hooksDirectory, settings: { context.config.hooks },
                                    environment: ProcessInfo.processInfo.environment)
            let notifier = Notifier(channels: [JournalChannel(log: log), desktop, hooks])
            context.notify = { notifier.announce($0) }
            var runner: SchedulerRunner?
            let alarm = try RealtimeAlarm(loop: loop) { [log] wake in
                if case .clockChanged = wake { log.info("The system clock changed; recomputing the schedule.") }
                runner?.run()
            }
            runner = SchedulerRunner(context: context, notifier: notifier, prompts: context.prompts) { wake in
                alarm.arm(atSecondsSinceEpoch: wake?.timeIntervalSince1970)
            }
            runner?.onPlanned = { [unowned self] in ServiceNotifier.status(self.statusLine(context)) }
            self.runner = runner
            signalSources.append(try watchTimeZone(loop: loop))
            desktop.onAction = { target, action in
                if DesktopActions.apply(target, action: action, context: context) { runner?.run() }
            }
            let router = RequestRouter(context: context)
            router.onScheduleChange = { runner?.run() }
            let server = SocketServer(listener: listener, loop: loop, limits: ServerLimits(), log: log) { message in
                router.respond(to: message)
            }
            try server.start()
            for stopSignal in [SIGTERM, SIGINT] {
                signalSources.append(try loop.addSignal(stopSignal) { [log] in
                    log.info("Stopping on signal \(stopSignal == SIGTERM ? "SIGTERM" : "SIGINT").")
                    ServiceNotifier.stopping()
                    loop.exit(0)
                })
            }
            signalSources.append(try loop.addSignal(SIGHUP) { [unowned self] in
                self.reload(context)
            })
            loop.enableWatchdogIfRequested()
            runner?.start()
            log.info("connectd \(ConnectVersion.string) serving \(paths.socket)\(listener.inherited ? " (socket-activated)" : ""), state in \(paths.database).")
            ServiceNotifier.ready(status: statusLine(context))
            let code = try loop.run()
            server.stop()
            hooks.stopAll()
            signalSources.removeAll()
            return code
        } catch let error as DaemonError {
            log.error(error.description)
            return ExitCode.failure
        } catch {
            log.error("\(error)")
            return ExitCode.failure
        }
    }

    /// SIGHUP: re-read the config; an invalid one keeps the old settings and says why.
    private func reload(_ context: DaemonContext) {
        ServiceNotifier.notify("RELOADING=1\nMONOTONIC_USEC=\(Daemon.monotonicMicroseconds())")
        do {
            context.config = try DaemonConfig.load(path: paths.configFile)
            _ = context.notify(DaemonEvent(kind: .configReloaded, summary: "Reloaded the config from \(paths.configFile)",
                                       body: context.config.ruleDescription, at: context.clock()))
            runner?.run()
            ServiceNotifier.ready(status: statusLine(context))
        } catch {
            _ = context.notify(DaemonEvent(kind: .configRejected, summary: "Kept the previous config",
                                       body: error.description, at: context.clock()))
            ServiceNotifier.ready(status: "Config NOT reloaded (\(error.description)); " + statusLine(context))
        }
    }

    /// A change of /etc/localtime (timedatectl set-timezone) changes local times: recompute.
    private func watchTimeZone(loop: EventLoop) throws(SystemdError) -> EventSource {
        // IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE on /etc: localtime is usually a replaced symlink.
        try loop.addInotify(path: "/etc", mask: 0x008 | 0x080 | 0x100 | 0x200) { [weak self] name in
            guard name == "localtime" else { return }
            self?.log.info("/etc/localtime changed; recomputing the schedule in the new time zone.")
            NSTimeZone.resetSystemTimeZone()
            self?.runner?.run()
        }
    }

    private func statusLine(_ context: DaemonContext) -> String {
        (try? context.store.read { try ScheduleOutlook($0, context: context, now: context.clock()).statusLine }) ?? "Running"
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
