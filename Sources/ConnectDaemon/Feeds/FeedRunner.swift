import ConnectServices
import ConnectSystemd
import Foundation
import Glibc

/// Starts the feed fetcher (`connectd-feeds`, beside the daemon's own binary) outside the
/// daemon: the fetcher needs the network, which the daemon's sandbox refuses
/// (`RestrictAddressFamilies=AF_UNIX`). Under the user manager it runs as a transient unit
/// (`connectd-feeds-*.service`, its lines in the journal under that unit), in a terminal as a
/// child process. One run at a time: when the next feed falls due (each at most once a day)
/// and on `connectctl feeds --now`. The fetcher asks the daemon which feeds to fetch and
/// hands back what it found, over the socket like any client.
final class FeedRunner {
    private let runtime: DaemonRuntime
    private let loop: EventLoop?
    private var timer: ResettableTimer?
    private var child: HookProcess?
    private var unit: String?
    private var manager: UserManagerBus?
    private var managerTried = false
    private var runs = 0
    /// A run that was never reported finished is taken for over after this long.
    static let longestRun: Double = 15 * 60
    private var startedAt: Double?
    /// Runs in a row after which feeds were still due (the fetcher failed to start or to talk to
    /// the daemon): the next waits 5 minutes, doubling up to a day.
    private var fruitless = 0

    init(runtime: DaemonRuntime, loop: EventLoop?) {
        self.runtime = runtime
        self.loop = loop
        timer = try? loop?.addResettableTimer { [weak self] in _ = self?.start(all: false, reason: "feeds are due") }
        rearm(notBefore: 60)
    }

    /// The fetcher: beside this program (a build, `systemd/install`), else where the Debian
    /// package puts it (/usr/libexec/connectd).
    var fetcherPath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let own = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let directory = (own as NSString).deletingLastPathComponent
        let candidates = [directory + "/connectd-feeds", directory + "/../libexec/connectd/connectd-feeds", "/usr/libexec/connectd/connectd-feeds"]
        return candidates.first { access($0, X_OK) == 0 } ?? candidates[0]
    }

    var isRunning: Bool {
        guard child != nil || unit != nil else { return false }
        if let startedAt, runtime.monotonic.seconds() - startedAt > Self.longestRun { finished() }
        return child != nil || unit != nil
    }

    /// A person's feed was set or changed: a run in a few seconds fetches it (a run that finds
    /// nothing due does nothing).
    func changed() { timer?.arm(after: 5) }

    /// Arms the timer for when the next feed falls due (at least `notBefore` seconds from now).
    func rearm(notBefore: Double = 5) {
        guard let timer else { return }
        let now = runtime.clock()
        let next = try? runtime.keeper.read(now: now, settings: runtime.settings) { ws in
            try ws.session.nextFeedCheck(every: Feeds.fetchEvery, lookEvery: runtime.config.discoverFeeds ? Feeds.lookAgainAfter : nil)
        }
        guard let next = next ?? nil else { return timer.disarm() }
        timer.arm(after: max(notBefore, next.timeIntervalSince(now)))
    }

    /// Starts a run unless one is going on; `all`: every feed not fetched in the last ten minutes.
    func start(all: Bool, reason: String) -> (started: Bool, message: String) {
        guard let loop else { return (false, "the fetcher runs only under the daemon's event loop") }
        guard !isRunning else { return (false, "a fetch is running already (journalctl --user -t connectd-feeds)") }
        let path = fetcherPath
        guard access(path, X_OK) == 0 else {
            runtime.log.warning("Feeds are not fetched: \(path) is missing or not executable (install connectd-feeds beside connectd).")
            return (false, "\(path) is missing or not executable: install connectd-feeds beside connectd")
        }
        var arguments = [path, "--socket", runtime.paths.socket]
        if all { arguments.append("--all") }
        let passed = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "XDG_RUNTIME_DIR", "http_proxy", "https_proxy", "no_proxy",
                      "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"]
        let environment = runtime.environment.filter { passed.contains($0.key) }
        runs += 1
        startedAt = runtime.monotonic.seconds()
        if let manager = userManager() {
            let name = "connectd-feeds-\(getpid())-\(runs).service"
            unit = name
            manager.startTransientUnit(name, properties: [
                .string("Description", "connectd feed fetcher"),
                .string("Type", "exec"),
                .exec(path: path, arguments: arguments),
                .strings("Environment", environment.map { "\($0.key)=\($0.value)" }.sorted()),
                .string("StandardOutput", "journal"),
                .string("StandardError", "journal"),
                .string("SyslogIdentifier", "connectd-feeds"),
                .uint64("RuntimeMaxUSec", UInt64(Self.longestRun * 1_000_000)),
                .uint64("MemoryMax", 512 << 20),
                .string("CollectMode", "inactive-or-failed"),
            ]) { [weak self] error in
                guard let self, let error else { return }
                self.runtime.log.warning("The feed fetcher could not be started as \(name): \(error)")
                self.finished()
            }
            runtime.log.info("Fetching feeds (\(reason)) as \(name): journalctl --user -u \(name)")
            return (true, "fetching as \(name): journalctl --user -u \(name)")
        }
        do {
            child = try HookProcess(arguments: arguments, label: "Feed fetcher", errorPriority: .info, input: [], environment: environment,
                                    timeout: Self.longestRun, loop: loop, log: runtime.log) { [weak self] _ in self?.finished() }
            runtime.log.info("Fetching feeds (\(reason)) with \(path).")
            return (true, "fetching with \(path); what it finds is logged")
        } catch {
            runtime.log.warning("The feed fetcher could not be started: \(error)")
            finished()
            return (false, "the fetcher could not be started: \(error)")
        }
    }

    private func userManager() -> UserManagerBus? {
        if managerTried { return manager }
        managerTried = true
        guard let loop, UserManagerBus.runsUnderUserManager(environment: runtime.environment) else { return nil }
        manager = try? UserManagerBus(loop: loop, runtimeDirectory: runtime.environment["XDG_RUNTIME_DIR"]) { [weak self] name in
            if name == self?.unit { self?.finished() }
        }
        return manager
    }

    private func finished() {
        child = nil
        unit = nil
        startedAt = nil
        let now = runtime.clock()
        let next = (try? runtime.keeper.read(now: now, settings: runtime.settings) { ws in
            try ws.session.nextFeedCheck(every: Feeds.fetchEvery, lookEvery: runtime.config.discoverFeeds ? Feeds.lookAgainAfter : nil)
        }) ?? nil
        if let next, next <= now.addingTimeInterval(60) {
            fruitless += 1
            let wait = min(86_400, 300 * pow(2, Double(min(fruitless, 20) - 1)))
            runtime.log.warning("The feed fetcher ended with feeds still due; trying again in \(Int(wait / 60)) minutes.")
            timer?.arm(after: wait)
        } else {
            fruitless = 0
            rearm()
        }
    }
}
