/// Reply of `org.varlink.service.GetInfo`.
public struct ServiceInfo: Codable, Sendable {
    public var vendor: String
    public var product: String
    public var version: String
    public var url: String
    public var interfaces: [String]

    public init(vendor: String, product: String, version: String, url: String, interfaces: [String]) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
        self.interfaces = interfaces
    }
}

public struct InterfaceDescriptionParameters: Codable, Sendable {
    public var interface: String
}

public struct InterfaceDescriptionReply: Codable, Sendable {
    public var description: String
    public init(description: String) { self.description = description }
}

/// Reply of `io.connectd.Status`.
public struct StatusReply: Codable, Sendable {
    public var version: String
    public var pid: Int
    public var startedAt: String
    public var uptimeSeconds: Int
    public var stateDirectory: String
    public var database: String
    public var socket: String
    public var timeZone: String
    public var people: Int
    public var interactions: Int
    public var due: Int
    public var openNudges: Int
    public var nextNudge: String?
    public var nextPrompt: String?
    public var streak: Int
    /// People waiting for a cadence.
    public var untriaged: Int
    /// Catch-ups a day the cadences of everyone scheduled add up to, and the budget that serves them.
    public var catchUpsPerDay: Double
    public var dailyBudget: Int
    /// The vdir mirror's directory and this machine's name in it, when there is a mirror.
    public var vdir: String?
    public var machine: String?
    /// Why the last reload kept the earlier config (nil when the config in the file applies).
    public var configProblem: String?
    /// Why the last run of the `[sync] command` failed (nil once one succeeds).
    public var syncProblem: String?

    public init(version: String, pid: Int, startedAt: String, uptimeSeconds: Int, stateDirectory: String,
                database: String, socket: String, timeZone: String, people: Int, interactions: Int, due: Int,
                openNudges: Int, nextNudge: String?, nextPrompt: String?, streak: Int, untriaged: Int, catchUpsPerDay: Double,
                dailyBudget: Int, vdir: String? = nil, machine: String? = nil, configProblem: String? = nil, syncProblem: String? = nil) {
        self.configProblem = configProblem
        self.syncProblem = syncProblem
        self.vdir = vdir
        self.machine = machine
        self.untriaged = untriaged
        self.catchUpsPerDay = catchUpsPerDay
        self.dailyBudget = dailyBudget
        self.openNudges = openNudges
        self.nextNudge = nextNudge
        self.nextPrompt = nextPrompt
        self.streak = streak
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
        self.uptimeSeconds = uptimeSeconds
        self.stateDirectory = stateDirectory
        self.database = database
        self.socket = socket
        self.timeZone = timeZone
        self.people = people
        self.interactions = interactions
        self.due = due
    }
}

/// Parameters of methods that take none; any object (or none, or null) is accepted.
public struct NoParameters: Codable, Sendable {
    public init() {}
}

/// Who we are, in one place: the version both executables report and what GetInfo says.
public enum ConnectVersion {
    public static let string = "0.2.0"
    public static let vendor = "connectd"
    public static let product = "connectd"
    /// Where to read more: the manual page installed with the binaries.
    public static let url = "man:connectd(1)"
}

/// Reply of `io.connectd.NotifyTest`.
public struct NotifyTestReply: Codable, Sendable {
    public struct Outcome: Codable, Sendable {
        public var channel: String
        public var outcome: String

        public init(channel: String, outcome: String) {
            self.channel = channel
            self.outcome = outcome
        }
    }

    public var channels: [Outcome]
    public init(channels: [Outcome]) { self.channels = channels }
}
