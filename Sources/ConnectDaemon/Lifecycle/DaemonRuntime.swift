import ConnectCore
import ConnectProtocol
import ConnectServices
import ConnectStore
import ConnectSystemd
import ConnectTime
import ConnectUnix
import Foundation

/// The daemon's running parts, shared by the request handlers, the scheduler and the desktop
/// buttons: the state, the settings in force, the clocks, and the daemon's own work (imports,
/// detection). Time enters the daemon only through `clock`, so every part can be driven at any
/// instant in tests.
final class DaemonRuntime {
    let keeper: StateKeeper
    private(set) var config: DaemonConfig
    private(set) var settings: ServiceSettings
    let paths: DaemonPaths
    let log: Log
    let clock: () -> Date
    /// For time-outs and budgets (never for wall-clock rules).
    let monotonic: MonotonicClock
    let startedAt: Date
    let environment: [String: String]
    /// The loop the imports and detection watch files and time through (nil in tests, which drive turns).
    private let loop: EventLoop?
    /// Files on their way into an import.
    let uploads: Uploads
    /// Imports in progress, a step per loop turn.
    private(set) lazy var imports = ImportJobs(runtime: self, loop: loop)
    /// msmtp's log, followed for contacts to propose (`[detect]`).
    private(set) lazy var msmtp = MsmtpDetector(runtime: self, loop: loop)
    /// Sent mail through notmuch, for contacts to propose (`[detect] notmuch`).
    private(set) lazy var notmuch = NotmuchDetector(runtime: self, loop: loop)
    /// Reads `[detect] calendars` for meetings with your people.
    private(set) lazy var calendars = CalendarDetector(runtime: self, loop: loop)
    /// `[calendar] file`, kept current.
    private(set) lazy var calendarFile = CalendarFile(runtime: self, loop: loop)
    /// Starts the feed fetcher outside the daemon when feeds fall due.
    private(set) lazy var feeds = FeedRunner(runtime: self, loop: loop)
    /// Why the last reload (SIGHUP) kept the earlier config; nil once a reload succeeds. Shown
    /// by `status`: a refused config must not go unnoticed when nobody reads the log.
    var configProblem: String?
    /// Why the last run of the `[sync] command` failed; nil once one succeeds.
    var syncProblem: String?

    init(store: Store, config: DaemonConfig, prompts: PromptLibrary, paths: DaemonPaths, log: Log, environment: [String: String],
         clock: @escaping () -> Date, monotonic: MonotonicClock = .system, loop: EventLoop? = nil) throws {
        self.config = config
        self.loop = loop
        self.monotonic = monotonic
        self.paths = paths
        self.log = log
        self.clock = clock
        self.environment = environment
        startedAt = clock()
        settings = Self.settings(config, prompts: prompts, environment: environment)
        keeper = try StateKeeper(store: store, settings: settings, now: startedAt)
        uploads = try Uploads(stateDirectory: paths.stateDirectory)
    }

    var live: LiveState { keeper.live }
    var calendar: LocalCalendar { settings.calendar }

    /// The settings a config gives, with the calendar of its zone (or the system's).
    static func settings(_ config: DaemonConfig, prompts: PromptLibrary, environment: [String: String]) -> ServiceSettings {
        var settings = ServiceSettings(calendar: config.calendar(environment: environment), defaultCadence: config.defaultCadence,
                                       rules: config.rules, prompts: prompts, ruleDescription: config.ruleDescription)
        settings.detect = config.detect.rules
        return settings
    }

    /// A new config (SIGHUP) or a new system zone: the schedule is rebuilt when the calendar or
    /// the renudge rule changed, and planned again.
    func apply(_ config: DaemonConfig) {
        let previous = settings
        self.config = config
        settings = Self.settings(config, prompts: previous.prompts, environment: environment)
        if settings.calendar != previous.calendar || settings.rules.renudgeAfter != previous.rules.renudgeAfter {
            live.rebuild(calendar: settings.calendar, renudgeAfter: settings.rules.renudgeAfter)
        }
        live.scheduleChanged = true
    }

    /// The vdir mirror's directory (`[sync] vdir`, "~/" meaning the home directory), if any.
    var syncDirectory: String? { config.sync.vdir.map(expandingHome) }

    /// A time zone by its IANA name ("Asia/Tokyo"), from this machine's zone data; nil when unknown.
    func zone(_ name: String) -> LocalCalendar? {
        (try? TimeZoneDatabase.named(name, environment: environment)).map(LocalCalendar.init(zone:))
    }

    /// A configured path with "~/" made the home directory (as it is when none is known).
    func expandingHome(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home = HomeDirectory.resolve(environment: environment) else { return path }
        return home.path + path.dropFirst(1)
    }

    /// This machine's name in the mirror: `[sync] machine`, else the host name.
    var machineName: String {
        if let machine = config.sync.machine { return machine }
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return name.isEmpty ? "localhost" : String(decoding: name, as: UTF8.self)
    }

    /// A time on the wire and in structured fields: RFC 3339 with the zone's offset.
    func timestamp(_ date: Date) -> String { WirePresenter(calendar: calendar).time(date) }
}
