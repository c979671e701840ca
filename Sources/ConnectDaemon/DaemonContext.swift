import ConnectCore
import ConnectProtocol
import ConnectStore
import ConnectSystemd
import Foundation

/// What every handler may use: the store, the settings, the paths, the log and the clock.
/// Time enters the daemon only through `clock`, so handlers can be driven at any instant.
final class DaemonContext {
    let store: Store
    var config: DaemonConfig
    let paths: DaemonPaths
    let log: Log
    let clock: () -> Date
    let startedAt: Date
    /// Announces an event through every notification channel (set up by `Daemon`).
    var notify: (DaemonEvent) -> [(channel: String, outcome: String)] = { _ in [] }
    /// The prompt library in use.
    var prompts = DefaultPrompts.library

    init(store: Store, config: DaemonConfig, paths: DaemonPaths, log: Log, clock: @escaping () -> Date) {
        self.store = store
        self.config = config
        self.paths = paths
        self.log = log
        self.clock = clock
        startedAt = clock()
    }

    var calendar: Calendar { config.calendar }

    /// Finds the one person `query` names, or throws PersonNotFound / AmbiguousName.
    func resolvePerson(_ query: String, in session: StoreSession) throws -> Person {
        let id = try NameMatcher.resolve(query, among: session.nameCandidates())
        guard let person = try session.person(id: id) else { throw CoreError.personNotFound(query) }
        return person
    }

    /// Runs a parser for the parameter `name`, turning its refusal into InvalidParameter(name).
    func parameter<T>(_ name: String, _ parse: () throws(CoreError) -> T) throws -> T {
        do {
            return try parse()
        } catch {
            throw VarlinkError.invalidParameter(name, error.description)
        }
    }

    /// What the scheduler needs, read in `session` (deliveries of the last three days).
    func schedulerState(_ session: StoreSession, now: Date) throws -> SchedulerState {
        try session.schedulerState(promptEpoch: session.promptEpoch() ?? now, deliveriesSince: now.addingTimeInterval(-3 * 86400))
    }

    /// The next weekly prompt slot after `now` (none before the first start); nil when prompts are off.
    func nextPrompt(after now: Date, epoch: Date) -> Date? {
        config.rules.reflectionAt?.next(after: max(now, epoch), calendar: calendar)
    }

    /// The wire form of a person at the current instant.
    func info(_ person: Person, lastContact: Interaction?, now: Date) -> PersonInfo {
        PersonPresenter.info(person, lastContact: lastContact, now: now, calendar: calendar)
    }
}
