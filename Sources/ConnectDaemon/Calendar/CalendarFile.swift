import ConnectServices
import ConnectSystemd
import ConnectUnix
import Foundation
import Synchronization

/// Keeps `[calendar] file` current: the calendar (`CalendarFeed`) read a page per loop turn as
/// background work, then written beside the file and renamed over it (a reader never sees half a
/// file) on a thread of its own, so neither 100,000 birthdays nor a slow disk hold the loop. A
/// new pass starts a minute after the state changed (a stream of writes makes one pass), every six
/// hours (the next catch-ups move with the days) and when the config is reloaded. The file's
/// directory must be the user's own, writable by nobody else: another user must not be able to
/// put a link where connectd writes.
final class CalendarFile: BackgroundWork {
    private let runtime: DaemonRuntime
    private let loop: EventLoop?
    private var debounce: ResettableTimer?
    /// Looks again while a write runs: its end is no event of the loop's, and a pass asked for
    /// meanwhile must not wait for the next one.
    private var poll: ResettableTimer?
    private var refresh: EventSource?
    /// A pass is wanted (the state changed, the config was reloaded).
    private var wanted = false
    /// The pass being read: where it stands and what it has so far.
    private var reading: (cursor: CalendarFeed.Cursor, text: [UInt8])?
    /// A write is running on its thread.
    private let writing = Flag()
    /// Whether the file was written once (said in the log the first time).
    private let written = Flag()

    /// A Boolean the loop and a writing thread share.
    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set(_ on: Bool) { value.withLock { $0 = on } }
    }
    /// The last problem said in the log (said once until it changes).
    private var lastProblem: String?

    static let afterChange: Double = 60
    static let every: Double = 6 * 3600
    /// Pages read in one turn at most (each is one bounded query).
    static let pagesPerStep = 4

    init(runtime: DaemonRuntime, loop: EventLoop?) {
        self.runtime = runtime
        self.loop = loop
        poll = try? loop?.addResettableTimer { [unowned self] in
            if self.writing.isSet { self.poll?.arm(after: 0.2) }
        }
        if let loop, let debounce = try? loop.addResettableTimer({ [unowned self] in self.wanted = self.path != nil }) {
            self.debounce = debounce
            runtime.keeper.onCommit { [unowned self] in
                if self.path != nil { debounce.arm(after: Self.afterChange) }
            }
        }
        schedule()
    }

    /// The file as configured ("~/" resolved), or nil when none is.
    var path: String? { runtime.config.calendar.file.map(runtime.expandingHome) }

    /// A pass now, and one every six hours while a file is configured; called again on reload.
    func schedule() {
        refresh?.cancel()
        refresh = nil
        wanted = path != nil
        guard path != nil, let loop else { return }
        refresh = try? loop.addTimer(after: Self.every) { [weak self] in self?.schedule() }
    }

    // MARK: BackgroundWork

    var wantsTurn: Bool { (wanted || reading != nil) && !writing.isSet }

    func step(in batch: Batch) {
        guard let path else {
            wanted = false
            reading = nil
            return
        }
        if reading == nil {
            wanted = false
            reading = (.start, [])
        }
        let ws = Workspace(session: batch.session, live: runtime.live, now: runtime.clock(), settings: runtime.settings)
        do {
            for _ in 0..<Self.pagesPerStep {
                guard var (cursor, bytes) = reading else { break }
                reading = nil // the bytes are appended to, not copied
                let page = try CalendarFeed.page(cursor, in: ws)
                bytes.append(contentsOf: page.text.utf8)
                guard let next = page.next else {
                    write(bytes, to: path)
                    break
                }
                cursor = next
                reading = (cursor, bytes)
            }
        } catch {
            reading = nil
            say("Could not read the calendar for \(path): \(error); trying again after the next change.")
        }
    }

    func settled(_ outcome: Batch.Outcome) {}

    /// Writes on a thread: a check that the directory is the user's own, then the atomic replace.
    private func write(_ bytes: [UInt8], to path: String) {
        if let problem = FileTrust.directoryProblem(FileTrust.realDirectory(of: path)) {
            return say("Not writing the calendar to \(path): \(problem).")
        }
        lastProblem = nil
        let (log, writing, written) = (runtime.log, writing, written)
        writing.set(true)
        poll?.arm(after: 0.2)
        Thread.detachNewThread {
            becomeBackgroundThread(named: "connectd-ics")
            do {
                try AtomicFile.replace(path, with: bytes)
                if !written.isSet { log.info("Keeping the calendar at \(path) (\(bytes.count) bytes now); it is written again a minute after changes.") }
                written.set(true)
            } catch {
                log.warning("Could not write the calendar to \(path): \(error)")
            }
            writing.set(false)
        }
    }

    private func say(_ problem: String) {
        guard problem != lastProblem else { return }
        lastProblem = problem
        runtime.log.warning(problem)
    }
}
