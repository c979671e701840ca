import ConnectCore
@testable import ConnectDaemon
import ConnectInterchange
import ConnectJSON
import ConnectProtocol
@testable import ConnectServices
import ConnectStore
import ConnectSystemd
import ConnectTime
import ConnectTOML
import Foundation

// libFuzzer entry points (built only by Tests/Fuzz/run, with -sanitize=fuzzer). The target is
// chosen by $CONNECTD_FUZZ_TARGET:
//   requests  bytes as a client would send them: the frame decoder, then the real router,
//             handlers and services against a state directory in /dev/shm, with a fixed clock.
//   parsers   the text parsers on their own: dates, cadences, kinds, times of day, names, text
//             rules, JSON, TOML config, POSIX and TZif time-zone rules, vCard, LinkedIn CSV,
//             the JSON export, the vdir mirror's iCalendar items and card merges.
//   amplified the readers of whole files on large inputs grown from a small one (a head, then a
//             pattern repeated up to 65,535 times, up to 4 MiB): run with a short -timeout, so
//             that a reader that is quadratic in its input fails CI instead of freezing a daemon.
// The only oracle is the process itself: any trap, crash or leak of a precondition fails.

nonisolated(unsafe) private var target: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    switch ProcessInfo.processInfo.environment["CONNECTD_FUZZ_TARGET"] ?? "requests" {
    case "parsers": target = ParserFuzzer()
    case "amplified": target = AmplifiedFuzzer()
    default: target = RequestFuzzer()
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    target?.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// SwiftPM links an executable's entry point under this name; libFuzzer's driver does the rest.
@_cdecl("connectd_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzerTestOneInput)
}

protocol FuzzTarget {
    func run(_ bytes: [UInt8])
}

/// A client's bytes through the daemon's request path. The state carries over between inputs
/// (as it would for a long-running daemon) and starts afresh every 2,000 inputs, so that it
/// stays small and a crash reproduces from a short sequence.
final class RequestFuzzer: FuzzTarget {
    final class Client: RequestSource {
        var pending: [[UInt8]] = []
        var slots: [ReplySlot] = []
        var wantsTurn: Bool { !pending.isEmpty }
        func takeMessage() -> [UInt8]? { pending.isEmpty ? nil : pending.removeFirst() }
        func newSlot() -> ReplySlot {
            let slot = ReplySlot {}
            slots.append(slot)
            return slot
        }
    }

    private var daemon: (directory: String, runtime: DaemonRuntime, dispatcher: RequestDispatcher, runner: SchedulerRunner)?
    private var inputs = 0

    private func fresh() -> (directory: String, runtime: DaemonRuntime, dispatcher: RequestDispatcher, runner: SchedulerRunner) {
        if let old = daemon {
            try? old.runtime.keeper.store.close()
            try? FileManager.default.removeItem(atPath: old.directory)
        }
        let directory = "/dev/shm/connectd-fuzz-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        do {
            var config = DaemonConfig()
            config.timeZoneIdentifier = "Europe/Berlin"
            let calendar = config.calendar(environment: [:])
            let now = calendar.instant(LocalDateTime(date: CivilDate(year: 2027, month: 3, day: 28)!, hour: 1, minute: 30))
            let paths = DaemonPaths(stateDirectory: directory, configFile: directory + "/config.toml", socket: directory + "/sock")
            let runtime = try DaemonRuntime(store: try Store(path: paths.database), config: config, prompts: try DefaultPrompts.load(),
                                            paths: paths, log: Log(identifier: "fuzz", toJournal: false, silent: true), environment: [:],
                                            clock: { now })
            let notifier = Notifier(channels: [])
            let runner = try SchedulerRunner(runtime: runtime, notifier: notifier, loop: nil, arm: { _ in }, report: { _ in })
            let dispatcher = try RequestDispatcher(runtime: runtime, notifier: notifier, commands: DaemonCommands(runtime: runtime),
                                                   background: [runtime.imports, runner], limits: ServerLimits(), loop: nil)
            return (directory, runtime, dispatcher, runner)
        } catch {
            fatalError("the fuzz daemon could not start: \(error)")
        }
    }

    func run(_ bytes: [UInt8]) {
        if daemon == nil || inputs % 2000 == 0 { daemon = fresh() }
        inputs += 1
        guard let daemon else { return }
        var decoder = FrameDecoder(maxMessageSize: ServerLimits().maxMessageSize)
        guard let messages = try? decoder.feed(bytes) else { return }
        let client = Client()
        client.pending = messages
        while client.wantsTurn {
            daemon.dispatcher.enqueue(client)
            daemon.dispatcher.turn()
        }
        // An import goes in over several turns, its file read on a thread of its own.
        let deadline = Date(timeIntervalSinceNow: 10)
        while daemon.runtime.imports.isBusy, Date() < deadline {
            if daemon.dispatcher.hasBackgroundWork { daemon.dispatcher.turn() } else { daemon.runtime.imports.waitForRecords(timeout: 0.1) }
        }
        // Every message was answered (or ended the connection): nothing may be left hanging.
        for slot in client.slots where slot.bytes == nil && !slot.closesConnection {
            fatalError("a request got no reply")
        }
        // The scheduler plans, records what it delivers in a turn, marks it announced in another.
        if daemon.runtime.live.scheduleChanged { daemon.runner.run() }
        for _ in 0..<3 where daemon.dispatcher.hasBackgroundWork { daemon.dispatcher.turn() }
    }
}

/// Each parser on the same text: the first byte picks which, the rest is the input.
struct ParserFuzzer: FuzzTarget {
    let calendar = LocalCalendar(zone: (try? TimeZoneDatabase.named("America/New_York")) ?? TimeZoneRules(identifier: "UTC", offsetSeconds: 0))
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let rest = Array(bytes.dropFirst())
        let text = String(decoding: rest, as: UTF8.self)
        switch selector % 16 {
        case 0: _ = try? WhenParser.parse(text, now: now, calendar: calendar)
        case 1:
            if let cadence = try? Cadence.parse(text) {
                _ = cadence.next(after: now, calendar: calendar)
                _ = Postponement.snooze(currentDue: now, duration: cadence, now: now, calendar: calendar)
                _ = Postponement.skip(currentDue: now, cadence: cadence, now: now, calendar: calendar)
            }
        case 2: _ = try? InteractionKind.parse(text)
        case 3:
            _ = TimeOfDay.parseWindow(text)
            _ = WeeklyTime.parse(text)
        case 4:
            _ = try? Person.normalizedName(text)
            _ = NameKey.words(text)
            // The words search keeps (from bytes that need not be UTF-8) and a snippet of them.
            rest.withUnsafeBufferPointer { buffer in
                SearchWords.forEach(in: buffer) { word in precondition(word.bytes.upperBound <= buffer.count && !word.bytes.isEmpty) }
            }
            if let terms = try? Search.terms(of: String(text.prefix(64))) { _ = Search.snippet(text, terms: terms) }
        case 5: _ = try? TextRules.check(text, .notes)
        case 6: _ = try? JSONParser.parse(rest)
        case 7:
            _ = try? TOMLDocument.parse(text)
            _ = try? DaemonConfig.parse(text, path: "fuzz.toml")
        case 8: _ = TimeZoneRules(posix: text)
        case 9: _ = try? TimeZoneRules(identifier: "fuzz", tzif: rest)
        case 10:
            var reader = VCardReader(source: MemoryBytes(rest))
            while let item = try? reader.next() { _ = item }
        case 11:
            guard var reader = try? LinkedInReader(source: MemoryBytes(rest)) else { return }
            while let item = try? reader.next() { _ = item }
        case 12:
            // A mirror item from the vdir, and a card merged with itself edited (both are vdir input).
            if let item = try? CalendarItem.parse(rest) { _ = item.text(product: "-//fuzz//EN") }
        case 13:
            var reader = VCardReader(source: MemoryBytes(rest))
            if case .contact(let card)? = try? reader.next() {
                var other = card
                other.note = (card.note ?? "") + "!"
                other.revision = card.revision?.addingTimeInterval(1)
                _ = CardMerge.merge(card, other, policy: .conflict(card, other))
                _ = CardMerge.merge(other, card, policy: .incoming)
            }
        case 14:
            // A line of msmtp's log, and the instant the follower makes of it.
            if let line = MsmtpLogLine.parse(text[...]) {
                _ = MsmtpDetector.instant(line, year: 2027, calendar: calendar)
            }
            _ = MsmtpDetector.month(rest.prefix(4)[...])
            // A To or Cc header as notmuch hands it over.
            _ = MailAddressList.parse(text)
        default:
            if let value = try? JSONParser.parse(rest) { _ = try? JSONValueDecoder().decode(ExportDocument.self, from: value) }
        }
    }
}

/// A small input grown into a large one: byte 0 picks the reader, bytes 1-2 how often the
/// pattern repeats, byte 3 how long the head is; then the head, then the pattern. What a
/// quadratic path needs (100,000 properties in one card, one JSON element after another, a
/// CSV field of megabytes) is a few bytes here.
struct AmplifiedFuzzer: FuzzTarget {
    static let maxBytes = 4 << 20

    func run(_ bytes: [UInt8]) {
        guard bytes.count >= 4 else { return }
        let count = Int(bytes[1]) << 8 | Int(bytes[2])
        let headLength = min(Int(bytes[3]), bytes.count - 4)
        let head = Array(bytes[4..<(4 + headLength)])
        let pattern = Array(bytes[(4 + headLength)...])
        var input = head
        if !pattern.isEmpty {
            let repeats = min(count, (Self.maxBytes - head.count) / pattern.count)
            input.reserveCapacity(head.count + repeats * pattern.count)
            for _ in 0..<repeats { input += pattern }
        }
        switch bytes[0] % 6 {
        case 0:
            var reader = VCardReader(source: MemoryBytes(input))
            while let item = try? reader.next() { _ = item }
        case 1:
            guard var reader = try? LinkedInReader(source: MemoryBytes(input)) else { return }
            while let item = try? reader.next() { _ = item }
        case 2:
            guard let header = try? ExportStreamReader.header(of: MemoryBytes(input)) else { return }
            for list in ExportStreamReader<MemoryBytes>.listsInOrder {
                var reader = ExportStreamReader(source: MemoryBytes(input), header: header, only: list)
                while let item = try? reader.next() { _ = item }
            }
        case 3:
            if let item = try? CalendarItem.parse(input) { _ = item.text(product: "-//fuzz//EN") }
        case 4:
            _ = MailAddressList.parse(String(decoding: input, as: UTF8.self))
        default:
            _ = try? CardMerge.mergeFiles(input, input, names: ("a", "b"), product: "-//fuzz//EN")
        }
    }
}