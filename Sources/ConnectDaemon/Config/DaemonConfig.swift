import ConnectCore
import ConnectServices
import ConnectTime
import ConnectUnix
import Foundation
import ConnectTOML

/// The user's settings, read from `config.toml`. Every key is optional; `config/config.toml` in the
/// repository documents each one with its default. Values are validated here, naming the key.
public struct DaemonConfig: Equatable, Sendable {
    /// The cadence of a person added without `--every`.
    public var defaultCadence = Cadence(count: 3, unit: .week)!
    /// The zone that decides local times (days, weekdays, noon); nil means the system's.
    public var timeZoneIdentifier: String?
    /// When nudges and prompts may go out (`[nudges]`, `[reflection]`).
    public var rules = ScheduleRules()
    /// `[desktop]`: freedesktop notifications with action buttons.
    public var desktop = DesktopSettings()
    /// `[hooks]`: executables in hooks.d run on each event.
    public var hooks = HookSettings()
    /// `[sync]`: a vdir mirror that vdirsyncer carries to other machines.
    public var sync = SyncSettings()
    /// `[detect]`: contacts found in what you sent, offered as "log it?".
    public var detect = DetectSettings()
    /// `[calendar]`: your catch-ups as an iCalendar file the daemon keeps current.
    public var calendar = CalendarSettings()
    /// `[kinds] extra`: kinds of catch-up of your own ("hike", "board games"), accepted wherever a kind is.
    public var extraKinds: [InteractionKind] = []
    /// `[feeds] discover`: look through people's pages (their links) for a feed; off unless you
    /// turn it on (it visits those sites, which learn that someone looked).
    public var discoverFeeds = false

    public struct CalendarSettings: Equatable, Sendable {
        /// Where the file is kept (absolute, or starting with "~/"); nil: none.
        public var file: String?
    }

    public struct DetectSettings: Equatable, Sendable {
        /// msmtp's log file (absolute, or starting with "~/"); nil: not read.
        public var msmtpLog: String?
        /// Sent mail through notmuch (its database and your addresses from notmuch's own config).
        public var notmuch = false
        /// Whether a proposal may say the mail's subject (read from the header only then).
        public var subjects = false
        public var rules = Detecting.Rules()
        /// How far back the first reading of a source looks.
        public var since: TimeInterval = 90 * 86400
        /// Calendars you keep (vdir collections of .ics files; absolute, or starting with "~/").
        public var calendars: [String] = []
        /// A meeting with more guests than this is not a catch-up (a town hall).
        public var maxAttendees = 20
    }

    public struct DesktopSettings: Equatable, Sendable {
        public var enabled = true
        /// What the "Snooze" button postpones by.
        public var snooze = Cadence(count: 1, unit: .day)!
        /// freedesktop urgency: 0 low, 1 normal, 2 critical.
        public var urgency: UInt8 = 1
    }

    public struct HookSettings: Equatable, Sendable {
        public var enabled = true
        /// Seconds a hook may run before SIGTERM (and SIGKILL 2 s later).
        public var timeout: Double = 10
        /// Hooks running at once; further runs wait in line.
        public var maxConcurrent = 4
        /// Under a service manager, run each hook as its own transient unit (outside the
        /// daemon's sandbox); false runs them as child processes, inside it.
        public var transientUnits = true
        /// With transient units: MemoryMax= in bytes, CPUQuota= in percent (nil: no limit).
        public var memoryMax: UInt64?
        public var cpuQuotaPercent: Int?
    }

    public struct SyncSettings: Equatable, Sendable {
        /// Where the mirror lives (absolute, or starting with "~/"); nil: no mirror.
        public var vdir: String?
        /// Run before delivering a nudge to sync the nudges collection (argv, no shell); empty: none.
        public var command: [String] = []
        /// Seconds a nudge may wait for the sync command before it is delivered unconfirmed.
        public var claimTimeout: Double = 30
        /// This machine's name in X-CONNECTD-MACHINE; nil: the host name.
        public var machine: String?
    }

    public init() {}

    /// The calendar in force: the configured zone, else the system's (`$TZ`, /etc/localtime).
    public func calendar(environment: [String: String]) -> LocalCalendar {
        if let name = timeZoneIdentifier, let zone = try? TimeZoneDatabase.named(name, environment: environment) {
            return LocalCalendar(zone: zone)
        }
        return LocalCalendar(zone: TimeZoneDatabase.system(environment: environment))
    }

    /// Reads the file at `path`; a missing file means all defaults.
    public static func load(path: String) throws(ConfigError) -> DaemonConfig {
        guard FileManager.default.fileExists(atPath: path) else { return DaemonConfig() }
        if let problem = FileTrust.fileProblem(path) ?? FileTrust.directoryProblem(FileTrust.realDirectory(of: path)) {
            throw .untrusted(path: path, reason: problem)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a regular file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "it is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses TOML text; `path` is only used in error messages.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> DaemonConfig {
        let table: TOMLTable
        do {
            table = try TOMLDocument.parse(text)
        } catch {
            throw .syntax(path: path, line: error.line, column: error.column, reason: error.reason)
        }
        var config = DaemonConfig()
        let reader = ConfigReader(path: path)
        for (key, value, _) in table.entries {
            switch key {
            case "default_cadence":
                config.defaultCadence = try reader.cadence(value, key: key, expected: "a cadence like \"3w\"")
            case "time_zone":
                let text = try reader.string(value, key: key, expected: "an IANA zone name like \"Europe/Berlin\"")
                if text.isEmpty { config.timeZoneIdentifier = nil; continue }
                guard (try? TimeZoneDatabase.named(text)) != nil else {
                    throw .invalidValue(path: path, key: key, reason: "\(CoreError.quote(text)) is not a known time zone; use a name from 'timedatectl list-timezones', or \"\" for the system's")
                }
                config.timeZoneIdentifier = text
            case "nudges":
                try parseNudges(value, into: &config, reader: reader)
            case "reflection":
                try parseReflection(value, into: &config, reader: reader)
            case "desktop":
                try parseDesktop(value, into: &config, reader: reader)
            case "hooks":
                try parseHooks(value, into: &config, reader: reader)
            case "sync":
                try parseSync(value, into: &config, reader: reader)
            case "detect":
                try parseDetect(value, into: &config, reader: reader)
            case "feeds":
                for (key, name, value) in try reader.entries(of: value, section: "feeds") {
                    guard key == "discover" else { throw .unknownKey(path: reader.path, key: name, known: ["discover"]) }
                    config.discoverFeeds = try reader.bool(value, key: name)
                }
            case "kinds":
                for (key, name, value) in try reader.entries(of: value, section: "kinds") {
                    guard key == "extra" else { throw .unknownKey(path: reader.path, key: name, known: ["extra"]) }
                    config.extraKinds = try extraKinds(value, key: name, reader: reader)
                }
            case "calendar":
                for (key, name, value) in try reader.entries(of: value, section: "calendar") {
                    guard key == "file" else { throw .unknownKey(path: reader.path, key: name, known: ["file"]) }
                    config.calendar.file = try reader.path(value, key: name, expected: "a file like \"~/catchups.ics\"")
                }
            default:
                throw .unknownKey(path: path, key: key, known: ["default_cadence", "time_zone", "[nudges]", "[reflection]", "[desktop]", "[hooks]", "[sync]",
                                                                  "[detect]", "[calendar]", "[feeds]", "[kinds]"])
            }
        }
        return config
    }

    private static func parseNudges(_ value: TOMLValue, into config: inout DaemonConfig, reader: ConfigReader) throws(ConfigError) {
        for (key, name, value) in try reader.entries(of: value, section: "nudges") {
            switch key {
            case "daily_budget":
                config.rules.dailyBudget = try reader.int(value, key: name, in: 0...48, range: "between 0 (no nudges) and 48")
            case "active_hours":
                let text = try reader.string(value, key: name, expected: "a range like \"09:00-20:00\"")
                guard let (from, until) = TimeOfDay.parseWindow(text) else {
                    throw .invalidValue(path: reader.path, key: name, reason: "\(CoreError.quote(text)) is not a range like \"09:00-20:00\" (start before end, end at most 24:00)")
                }
                config.rules.activeFrom = from
                config.rules.activeUntil = until
            case "quiet_days":
                guard let array = value.array else { throw .wrongType(path: reader.path, key: name, expected: "a list of weekday names like [\"sat\", \"sun\"]", found: value.typeName) }
                var days = Set<Int>()
                for element in array {
                    guard let word = element.string, let day = CalendarNames.weekday(named: word) else {
                        throw .invalidValue(path: reader.path, key: name, reason: "\(element.string.map(CoreError.quote) ?? element.typeName) is not a weekday: use mon, tue, wed, thu, fri, sat, sun")
                    }
                    days.insert(day)
                }
                config.rules.quietDays = days
            case "renudge_after":
                config.rules.renudgeAfter = try reader.cadence(value, key: name, expected: "a duration like \"7d\"").nominalSeconds
            case "first_contact_per_week":
                config.rules.firstContactPerWeek = try reader.int(value, key: name, in: 0...7, range: "between 0 (none) and 7")
            case "digest":
                let text = try reader.string(value, key: name, expected: "a time like \"17:00\", or \"\" for nudges one at a time")
                guard text.isEmpty || TimeOfDay.parse(text) != nil else {
                    throw .invalidValue(path: reader.path, key: name, reason: "\(CoreError.quote(text)) is not a time like \"17:00\" (or \"\" for none)")
                }
                config.rules.digest = text.isEmpty ? nil : TimeOfDay.parse(text)
            default:
                throw .unknownKey(path: reader.path, key: name,
                                  known: ["daily_budget", "active_hours", "quiet_days", "renudge_after", "first_contact_per_week", "digest"])
            }
        }
    }

    private static func parseReflection(_ value: TOMLValue, into config: inout DaemonConfig, reader: ConfigReader) throws(ConfigError) {
        for (key, name, value) in try reader.entries(of: value, section: "reflection") {
            switch key {
            case "at":
                let text = try reader.string(value, key: name, expected: "a weekday and time like \"Sun 18:00\", or \"off\"")
                if text.lowercased() == "off" { config.rules.reflectionAt = nil; continue }
                guard let weekly = WeeklyTime.parse(text) else {
                    throw .invalidValue(path: reader.path, key: name, reason: "\(CoreError.quote(text)) is not like \"Sun 18:00\" (or \"off\")")
                }
                config.rules.reflectionAt = weekly
            default:
                throw .unknownKey(path: reader.path, key: name, known: ["at"])
            }
        }
    }

    private static func parseDesktop(_ value: TOMLValue, into config: inout DaemonConfig, reader: ConfigReader) throws(ConfigError) {
        for (key, name, value) in try reader.entries(of: value, section: "desktop") {
            switch key {
            case "enabled":
                config.desktop.enabled = try reader.bool(value, key: name)
            case "snooze":
                config.desktop.snooze = try reader.cadence(value, key: name, expected: "a duration like \"1d\"")
            case "urgency":
                let text = try reader.string(value, key: name, expected: "\"low\", \"normal\" or \"critical\"")
                guard let level = ["low": UInt8(0), "normal": 1, "critical": 2][text.lowercased()] else {
                    throw .invalidValue(path: reader.path, key: name, reason: "\(CoreError.quote(text)) is not low, normal or critical")
                }
                config.desktop.urgency = level
            default:
                throw .unknownKey(path: reader.path, key: name, known: ["enabled", "snooze", "urgency"])
            }
        }
    }

    private static func parseHooks(_ value: TOMLValue, into config: inout DaemonConfig, reader: ConfigReader) throws(ConfigError) {
        for (key, name, value) in try reader.entries(of: value, section: "hooks") {
            switch key {
            case "enabled":
                config.hooks.enabled = try reader.bool(value, key: name)
            case "timeout":
                let duration = try reader.cadence(value, key: name, expected: "a duration like \"10s\"")
                guard duration.nominalSeconds <= 3600 else {
                    throw .invalidValue(path: reader.path, key: name, reason: "'\(duration)' is not a duration of at most an hour, like \"10s\" or \"2min\"")
                }
                config.hooks.timeout = duration.nominalSeconds
            case "max_concurrent":
                config.hooks.maxConcurrent = try reader.int(value, key: name, in: 1...64, range: "between 1 and 64")
            case "transient_units":
                config.hooks.transientUnits = try reader.bool(value, key: name)
            case "memory_max":
                let text = try reader.string(value, key: name, expected: "a size like \"256M\" or \"1G\", or \"\" for no limit")
                guard text.isEmpty || Self.bytes(text) != nil else {
                    throw .invalidValue(path: reader.path, key: name, reason: "\(CoreError.quote(text)) is not a size like \"256M\" or \"1G\" (at least 1M)")
                }
                config.hooks.memoryMax = text.isEmpty ? nil : Self.bytes(text)
            case "cpu_quota":
                let text = try reader.string(value, key: name, expected: "a share of one CPU like \"50%\", or \"\" for no limit")
                let digits = text.hasSuffix("%") ? Int(text.dropLast()) : nil
                guard text.isEmpty || (digits.map { (1...10_000).contains($0) } ?? false) else {
                    throw .invalidValue(path: reader.path, key: name, reason: "\(CoreError.quote(text)) is not a percentage like \"50%\" (1% to 10000%)")
                }
                config.hooks.cpuQuotaPercent = text.isEmpty ? nil : digits
            default:
                throw .unknownKey(path: reader.path, key: name, known: ["enabled", "timeout", "max_concurrent", "transient_units", "memory_max", "cpu_quota"])
            }
        }
    }

    private static func parseDetect(_ value: TOMLValue, into config: inout DaemonConfig, reader: ConfigReader) throws(ConfigError) {
        for (key, name, value) in try reader.entries(of: value, section: "detect") {
            switch key {
            case "msmtp_log":
                config.detect.msmtpLog = try reader.path(value, key: name, expected: "msmtp's log file like \"~/.msmtp.log\"")
            case "mode":
                let text = try reader.string(value, key: name, expected: "\"propose\" (ask first) or \"log\" (count without asking)")
                guard let mode = Detecting.Mode(rawValue: text) else {
                    throw .invalidValue(path: reader.path, key: name, reason: "\(CoreError.quote(text)) is neither \"propose\" (ask first) nor \"log\" (count without asking)")
                }
                config.detect.rules.mode = mode
            case "since":
                let duration = try reader.cadence(value, key: name, expected: "a duration like \"90d\"")
                guard duration.nominalSeconds <= 3 * 366 * 86400 else {
                    throw .invalidValue(path: reader.path, key: name, reason: "'\(duration)' is more than three years: the first reading looks back at most that far")
                }
                config.detect.since = duration.nominalSeconds
            case "max_recipients":
                config.detect.rules.maxRecipients = try reader.int(value, key: name, in: 1...1000, range: "between 1 and 1000")
            case "notmuch":
                config.detect.notmuch = try reader.bool(value, key: name)
            case "subjects":
                config.detect.subjects = try reader.bool(value, key: name)
            case "calendars":
                guard let array = value.array, array.count <= 32 else {
                    throw .wrongType(path: reader.path, key: name, expected: "a list of at most 32 directories like [\"~/.calendars/work\"]", found: value.typeName)
                }
                var directories: [String] = []
                for element in array {
                    guard let directory = try reader.path(element, key: name, expected: "a directory like \"~/.calendars/work\"") else { continue }
                    directories.append(directory)
                }
                config.detect.calendars = directories
            case "max_attendees":
                config.detect.maxAttendees = try reader.int(value, key: name, in: 1...1000, range: "between 1 and 1000")
            default:
                throw .unknownKey(path: reader.path, key: name, known: ["notmuch", "msmtp_log", "calendars", "mode", "since", "max_recipients",
                                                                         "max_attendees", "subjects"])
            }
        }
    }

    /// Your own kinds: names of up to 40 lower-case letters, digits, spaces, '-' or '_', none a
    /// built-in kind or one of its synonyms, at most 50.
    private static func extraKinds(_ value: TOMLValue, key: String, reader: ConfigReader) throws(ConfigError) -> [InteractionKind] {
        guard let array = value.array, array.count <= 50 else {
            throw .wrongType(path: reader.path, key: key, expected: "a list of at most 50 names like [\"hike\", \"board games\"]", found: value.typeName)
        }
        var kinds: [InteractionKind] = []
        for element in array {
            guard let text = element.string, let kind = InteractionKind.named(text) else {
                throw .invalidValue(path: reader.path, key: key, reason: "every kind is a name of 1 to 40 letters, digits, spaces, '-' or '_', like \"board games\"")
            }
            guard !InteractionKind.isTaken(kind.rawValue) else {
                throw .invalidValue(path: reader.path, key: key, reason: "\(CoreError.quote(kind.rawValue)) is a kind connectd has already (or a word for one): leave it out")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }

    private static func parseSync(_ value: TOMLValue, into config: inout DaemonConfig, reader: ConfigReader) throws(ConfigError) {
        for (key, name, value) in try reader.entries(of: value, section: "sync") {
            switch key {
            case "vdir":
                config.sync.vdir = try reader.path(value, key: name, expected: "a directory like \"~/.local/share/connectd/vdir\"")
            case "command":
                guard let array = value.array, array.count <= 64 else {
                    throw .wrongType(path: reader.path, key: name, expected: "a command as a list like [\"vdirsyncer\", \"sync\", \"connectd_nudges\"]", found: value.typeName)
                }
                var words: [String] = []
                for element in array {
                    guard let word = element.string, !word.isEmpty, !word.contains("\0") else {
                        throw .invalidValue(path: reader.path, key: name, reason: "every word of the command must be a non-empty string")
                    }
                    words.append(word)
                }
                config.sync.command = words
            case "claim_timeout":
                let duration = try reader.cadence(value, key: name, expected: "a duration like \"30s\"")
                guard duration.nominalSeconds <= 3600 else {
                    throw .invalidValue(path: reader.path, key: name, reason: "'\(duration)' is not a duration of at most an hour, like \"30s\" or \"2min\"")
                }
                config.sync.claimTimeout = duration.nominalSeconds
            case "machine":
                let text = try reader.string(value, key: name, expected: "a name for this machine like \"laptop\"")
                guard text.isEmpty || TextRules.isToken(text) else {
                    throw .invalidValue(path: reader.path, key: name, reason: "\(CoreError.quote(text)) is not a name of up to 64 letters, digits, '-', '_' or '.'")
                }
                config.sync.machine = text.isEmpty ? nil : text
            default:
                throw .unknownKey(path: reader.path, key: name, known: ["vdir", "command", "claim_timeout", "machine"])
            }
        }
    }

    /// "256M", "1G", "512K", "1048576": bytes, at least 1 MiB and at most 1 TiB; nil otherwise.
    static func bytes(_ text: String) -> UInt64? {
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = Substring(text.uppercased())
        var scale: UInt64 = 1
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.count <= 13, digits.allSatisfy(\.isASCII), let number = UInt64(digits) else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: scale)
        guard !overflow, bytes >= 1 << 20, bytes <= 1 << 40 else { return nil }
        return bytes
    }

    /// What is valid but most likely not meant, said in the log at start and on reload.
    public var warnings: [String] {
        var said: [String] = []
        if rules.quietDays.count == 7, rules.dailyBudget > 0 {
            said.append("nudges.quiet_days names all seven days, so no nudge goes out. To turn nudges off on purpose, "
                        + "set nudges.daily_budget = 0; else free a day.")
        }
        return said
    }

    /// The rule text stored with each delivery, so a record says what made it.
    public var ruleDescription: String {
        let quiet = rules.quietDays.sorted().map { CalendarNames.shortWeekday($0).lowercased() }.joined(separator: ",")
        return "budget=\(rules.dailyBudget) active=\(rules.activeFrom)-\(rules.activeUntil) quiet=\(quiet.isEmpty ? "none" : quiet) "
            + "reflection=\(rules.reflectionAt.map(String.init(describing:)) ?? "off")"
    }
}

