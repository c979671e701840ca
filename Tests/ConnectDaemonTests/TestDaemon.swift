import ConnectCore
@testable import ConnectDaemon
import ConnectJSON
import ConnectProtocol
import ConnectServices
import ConnectStore
import ConnectSystemd
import ConnectTime
import Foundation
import XCTest

/// The daemon's request path in-process: a temporary store, a clock the test sets, and the real
/// router, handlers, services and dispatcher (group commit included). No sockets, no sleeps.
final class TestDaemon {
    final class Clock {
        var now: Date
        init(_ now: Date) { self.now = now }
    }

    /// A request source that keeps every reply it gets, in order.
    final class Client: RequestSource {
        var pending: [[UInt8]] = []
        var slots: [ReplySlot] = []
        /// The client hung up (an import of its own stops).
        var isConnected = true
        var wantsTurn: Bool { !pending.isEmpty }
        func takeMessage() -> [UInt8]? { pending.isEmpty ? nil : pending.removeFirst() }
        func newSlot() -> ReplySlot {
            let slot = ReplySlot {}
            slots.append(slot)
            return slot
        }

        var replies: [JSONValue] { slots.compactMap { $0.bytes.flatMap { try? JSONParser.parse(Array($0.dropLast())) } } }
    }

    /// Records what would be announced.
    final class RecordingChannel: NotificationChannel {
        let name = "recording"
        var events: [DaemonEvent] = []
        func deliver(_ event: DaemonEvent, done: @escaping (String) -> Void) {
            events.append(event)
            done("recorded")
        }
    }

    let directory: String
    let clock: Clock
    let runtime: DaemonRuntime
    let dispatcher: RequestDispatcher
    let commands: DaemonCommands
    let channel = RecordingChannel()
    var limits = ServerLimits()
    /// The one connection `call` uses, as connectctl's: uploads and imports belong to it.
    let connection = Client()
    /// The last wake the scheduler asked for.
    var wake: Date? { alarm.at }
    private let alarm = Alarm()
    final class Alarm { var at: Date? }
    let runner: SchedulerRunner

    /// A monotonic clock the test moves; each reading may also advance it by `step` (a turn that
    /// takes time without sleeping).
    final class Monotonic: @unchecked Sendable {
        var now = 1000.0
        var step = 0.0
        var clock: MonotonicClock {
            MonotonicClock { [self] in
                now += step
                return now
            }
        }
    }

    init(now: String = "2027-05-04 10:00", zone: String = "Europe/Berlin", monotonic: MonotonicClock = .system,
         configure: (inout DaemonConfig) -> Void = { _ in }) throws {
        directory = NSTemporaryDirectory() + "connectd-inprocess-\(UUID().uuidString)"
        var config = DaemonConfig()
        config.timeZoneIdentifier = zone
        configure(&config)
        let calendar = config.calendar(environment: [:])
        clock = Clock(TestDaemon.instant(now, calendar))
        let paths = DaemonPaths(stateDirectory: directory, configFile: directory + "/config.toml", socket: directory + "/sock")
        let store = try Store(path: paths.database)
        let clock = self.clock
        runtime = try DaemonRuntime(store: store, config: config, prompts: try DefaultPrompts.load(), paths: paths,
                                    log: Log(identifier: "test", toJournal: false, silent: true), environment: [:], clock: { clock.now },
                                    monotonic: monotonic)
        let notifier = Notifier(channels: [channel])
        let alarm = self.alarm
        runner = try SchedulerRunner(runtime: runtime, notifier: notifier, loop: nil, arm: { alarm.at = $0 }, report: { _ in })
        commands = DaemonCommands(runtime: runtime)
        try runtime.imports.repairInterrupted()
        dispatcher = try RequestDispatcher(runtime: runtime, notifier: notifier, commands: commands,
                                           background: [runtime.imports, runtime.msmtp, runtime.notmuch, runtime.calendars, runner], limits: limits, loop: nil)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var calendar: LocalCalendar { runtime.calendar }

    /// "2027-05-04 10:00" in the daemon's zone.
    static func instant(_ text: String, _ calendar: LocalCalendar) -> Date {
        let parts = text.split(whereSeparator: { "- :".contains($0) }).map { Int($0)! }
        return calendar.instant(LocalDateTime(date: CivilDate(year: parts[0], month: parts[1], day: parts[2])!, hour: parts[3], minute: parts[4]))
    }

    func at(_ text: String) -> Date { Self.instant(text, calendar) }

    func setClock(_ text: String) { clock.now = at(text) }

    /// One call on the test's connection, in a turn of its own (and the turns of an import it
    /// starts, until that is done): its reply (parameters, or the error object).
    @discardableResult
    func call(_ method: String, _ parameters: String = "{}", file: StaticString = #filePath, line: UInt = #line) -> JSONValue {
        let before = connection.slots.count
        connection.pending = [Array(#"{"method":"io.connectd.\#(method)","parameters":\#(parameters)}"#.utf8)]
        dispatcher.enqueue(connection)
        dispatcher.turn()
        finishBackgroundWork()
        guard connection.slots.count > before, let bytes = connection.slots[before].bytes,
              let reply = try? JSONParser.parse(Array(bytes.dropLast())) else {
            XCTFail("no reply to \(method)", file: file, line: line)
            return .null
        }
        return reply
    }

    /// Runs turns until the imports in progress are done (waiting while their files are read).
    func finishBackgroundWork(timeout: Double = 60) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while runtime.imports.isBusy, Date() < deadline {
            if dispatcher.hasBackgroundWork { dispatcher.turn() } else { runtime.imports.waitForRecords(timeout: 0.2) }
        }
    }

    /// Runs `body` through the one door, as a command of the daemon's own in a turn of its own:
    /// its result, or what it threw.
    @discardableResult
    func write<T>(_ body: @escaping (Workspace) throws -> T) throws -> T {
        var result: Result<T, any Error>?
        commands.submit("a test's write") { ws in
            do {
                result = .success(try body(ws))
            } catch {
                result = .failure(error)
                throw error
            }
        }
        dispatcher.turn()
        guard let result else { throw CocoaError(.featureUnsupported) }
        return try result.get()
    }

    /// A call that must succeed: its parameters.
    @discardableResult
    func ok(_ method: String, _ parameters: String = "{}", file: StaticString = #filePath, line: UInt = #line) -> JSONValue {
        let reply = call(method, parameters, file: file, line: line)
        XCTAssertNil(reply["error"], "\(method) failed: \(reply)", file: file, line: line)
        return reply["parameters"] ?? .null
    }

    /// A call that must fail: the error name and message.
    func error(_ method: String, _ parameters: String = "{}", file: StaticString = #filePath, line: UInt = #line) -> (name: String, message: String) {
        let reply = call(method, parameters, file: file, line: line)
        XCTAssertNotNil(reply["error"], "\(method) should have failed: \(reply)", file: file, line: line)
        return (reply["error"]?.stringValue ?? "", reply["parameters"]?["message"]?.stringValue ?? "")
    }

    /// The scheduler runs as it would after the turn: it plans, the next turn records what it
    /// delivers, the one after marks them announced, and it plans again.
    func replan() {
        runner.run()
        settleScheduler()
    }

    /// The scheduler's first steps: the repair of what a crash left unannounced, then a plan.
    func start() {
        settleScheduler()
    }

    /// Turns until the scheduler has nothing left to write (each recording replans once more).
    private func settleScheduler() {
        var rounds = 0
        while runner.wantsTurn, rounds < 10 {
            dispatcher.turn()
            if runtime.live.scheduleChanged { runner.run() }
            rounds += 1
        }
        if runner.wantsTurn { XCTFail("the scheduler still wants a turn after 10: it loops") }
    }
}

extension JSONValue {
    var int: Int? { if case .integer(let n) = self { Int(n) } else { nil } }
    var array: [JSONValue] { if case .array(let a) = self { a } else { [] } }
    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    var double: Double? {
        switch self {
        case .double(let d): d
        case .integer(let n): Double(n)
        default: nil
        }
    }
}
