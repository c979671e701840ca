import ConnectCore
import ConnectInterchange
import ConnectProtocol
import ConnectServices
import ConnectStore
import ConnectSystemd
import Foundation

/// One import on its way in: its file read and parsed on a thread (`ImportFeed`), its records
/// applied a bounded step per loop turn (`ImportRunner`, each step in the turn's transaction),
/// its reply sent once the last step is committed. An import that fails (a strict refusal, a
/// file that turns out unreadable, a full disk) or whose client goes away is undone from its
/// journal, a step per turn, before the next import starts: all of it goes in, or none of it.
/// The same job undoes an import connectd was stopped in the middle of (`undoing:`), or one the
/// user takes back. Its bookkeeping is cleared in steps too, after the reply.
final class ImportJob {
    /// Records applied per step at most, and the time a step may take.
    static let recordsPerStep = 500
    static let stepSeconds = 0.015
    static let undoPerStep = 500
    static let cleanPerStep = 20_000

    private enum Phase {
        /// Records go in.
        case reading
        /// The last step ran (of the import, or of its undo); its commit decides.
        case finishing(afterUndo: Bool)
        /// Undoing the journal from `before` down; `error` is what the client hears at the end.
        case undoing(before: Int64, error: (any Error)?)
        /// Answered; the import's scratch rows go, a page per turn.
        case cleaning
        case over
    }

    let name: String
    private let runtime: DaemonRuntime
    private let runner: ImportRunner?
    /// The file being read: made when the job's turn comes (`activate`).
    private var feed: ImportFeed?
    private let source: (path: String, format: InterchangeFormat)?
    private var upload: String?
    private let client: ClientIdentity?
    private var reply: ((Result<ImportReply, any Error>) -> Void)?
    private let removal: ImportUndo.Removal
    private var run: Int64?
    /// The import this job takes back, when it is an undo.
    let undoes: Int64?
    /// The journal's id of the import this job writes or undoes (nil until a first write).
    var runID: Int64? { runner?.run ?? run }
    private var phase: Phase
    private var pending: [ImportItem] = []
    private var pendingHead = 0
    /// What the client hears once the phase that is settling ends.
    private var outcome: Result<ImportReply, any Error>?
    private let started: Double

    /// An import of the file at `path` (an upload the job removes when it ends).
    init(name: String, path: String, upload: String, format: InterchangeFormat, options: Importing.Options, dryRun: Bool, client: ClientIdentity?,
         runtime: DaemonRuntime, reply: @escaping (Result<ImportReply, any Error>) -> Void) {
        self.name = name
        self.runtime = runtime
        started = runtime.monotonic.seconds()
        self.upload = upload
        self.client = client
        self.reply = reply
        source = (path, format)
        removal = .delete
        undoes = nil
        runner = ImportRunner(name: name, format: format, options: options, mode: dryRun ? .dryRun : .journaled)
        phase = .reading
    }

    /// Undoes a journaled import (`removal`: gone for good, or into the trash).
    init(undoing run: ImportRun, removal: ImportUndo.Removal, runtime: DaemonRuntime, reply: ((Result<ImportReply, any Error>) -> Void)? = nil) {
        name = run.name
        self.runtime = runtime
        started = runtime.monotonic.seconds()
        self.run = run.id
        undoes = run.id
        self.removal = removal
        self.reply = reply
        runner = nil
        source = nil
        upload = nil
        client = nil
        phase = .undoing(before: .max, error: nil)
    }

    /// Its turn has come: the file starts being read (watched through `loop`).
    func activate(loop: EventLoop?) {
        guard let source, feed == nil, case .reading = phase else { return }
        do {
            feed = try ImportFeed(path: source.path, format: source.format, loop: loop)
        } catch {
            stop(error)
        }
    }

    var isOver: Bool { if case .over = phase { true } else { false } }

    var wantsTurn: Bool {
        switch phase {
        case .reading:
            guard let feed else { return false }
            if pendingHead < pending.count { return true }
            let state = feed.state
            return !state.empty || state.ended || !(client?.isConnected ?? true)
        case .undoing, .cleaning: return true
        case .finishing, .over: return false
        }
    }

    /// Waits (a test without an event loop) until the feed has records or has ended.
    func waitForRecords(timeout: Double) {
        feed?.waitForRecords(timeout: timeout)
    }

    func step(in batch: Batch) {
        let ws = Workspace(session: batch.session, live: runtime.live, now: runtime.clock(), settings: runtime.settings)
        switch phase {
        case .reading: read(in: batch, ws)
        case .undoing(let before, let error): undo(before: before, error: error, in: batch, ws)
        case .cleaning:
            // Scratch keys first, then the journals of imports over for 30 days, a page at a time.
            if runner?.clearScratch(in: batch.session, atMost: Self.cleanPerStep) ?? true,
               (try? batch.session.purgeImports(before: ws.now.addingTimeInterval(-Trash.keep), atMost: Self.cleanPerStep)) ?? true {
                phase = .over
            }
        case .finishing, .over: break
        }
    }

    private func read(in batch: Batch, _ ws: Workspace) {
        guard let runner, let feed else { return }
        if let client, !client.isConnected {
            runtime.log.info("The import of \(CoreError.quote(name)) stopped: its client went away\(runner.run == nil ? "." : "; undoing what it changed.")")
            return stop(nil)
        }
        if pendingHead >= pending.count {
            pending = feed.take(atMost: Self.recordsPerStep)
            pendingHead = 0
        }
        let state = feed.state
        let last = pendingHead >= pending.count && state.ended && state.empty
        if let error = state.error, pendingHead >= pending.count {
            return stop(ServiceError.importUnreadable("The file could not be read: \(error)"))
        }
        guard pendingHead < pending.count || last else { return }
        let deadline = runtime.monotonic.seconds() + Self.stepSeconds
        do {
            try batch.write(ws) { ws in
                while pendingHead < pending.count {
                    try runner.apply(pending[pendingHead], in: ws)
                    pendingHead += 1
                    if runtime.monotonic.seconds() > deadline { break }
                }
                if pendingHead >= pending.count { (pending, pendingHead) = ([], 0) }
                if last {
                    try runner.finish(in: ws)
                    outcome = .success(reply(runner, ws))
                } else {
                    try runner.endStep(in: ws)
                }
                if runner.mode == .dryRun { throw DryRunStep() }
            }
        } catch is DryRunStep {
            do { try runner.afterRollback(in: ws) } catch { return stop(error) }
        } catch {
            return stop(error)
        }
        if last { phase = .finishing(afterUndo: false) }
    }

    private struct DryRunStep: Error {}

    private func reply(_ runner: ImportRunner, _ ws: Workspace) -> ImportReply {
        let summary = runner.summary
        return ImportReply(
            format: runner.format.rawValue, added: summary.added, updated: summary.updated, unchanged: summary.unchanged, skipped: summary.skipped,
            items: summary.items.map { ImportItemInfo(line: $0.line, name: $0.name, outcome: $0.outcome.rawValue, reason: $0.reason, fields: $0.changedFields) },
            moreItems: summary.moreItems, catchUpsPerDay: (runner.catchUpsPerDay(in: ws) * 100).rounded() / 100,
            dailyBudget: ws.settings.rules.dailyBudget, run: runner.run)
    }

    /// Stops reading: what was written is undone (from the next turn on), then `error` is answered.
    private func stop(_ error: (any Error)?) {
        feed?.cancel()
        releaseUpload()
        (pending, pendingHead) = ([], 0)
        run = runner?.run ?? run
        if run != nil {
            if let error { runtime.log.warning("The import of \(CoreError.quote(name)) failed (\(error)); undoing what it changed.") }
            phase = .undoing(before: .max, error: error)
        } else {
            answer(.failure(error ?? ServiceError.importUnreadable("The import was stopped.")))
        }
    }

    private func undo(before: Int64, error: (any Error)?, in batch: Batch, _ ws: Workspace) {
        guard let run else { return answer(.failure(error ?? ServiceError.importUnreadable("The import was undone."))) }
        do {
            let deadline = runtime.monotonic.seconds() + Self.stepSeconds
            let next = try batch.write(ws) {
                try ImportUndo.step(run, before: before, limit: Self.undoPerStep, removal: removal, in: $0) { runtime.monotonic.seconds() > deadline }
            }
            if let next {
                phase = .undoing(before: next, error: error)
            } else {
                runtime.log.info("Undid the import of \(CoreError.quote(name)) (\(removal == .trash ? "its people are in the trash" : "nothing of it is left")).")
                phase = .finishing(afterUndo: true)
                outcome = error.map { .failure($0) } ?? .success(Self.undone(run))
            }
        } catch let failure {
            // A full disk can stop an undo too: it is tried again at the next start.
            runtime.log.error("Could not undo the import of \(CoreError.quote(name)) (\(failure)); it is undone when connectd starts again.")
            answer(.failure(error ?? failure))
        }
    }

    /// What an undo that was asked for answers (its counts are what the journal held).
    private static func undone(_ run: Int64) -> ImportReply {
        ImportReply(format: "", added: 0, updated: 0, unchanged: 0, skipped: 0, items: [], moreItems: 0, catchUpsPerDay: 0, dailyBudget: 0)
    }

    func settled(_ result: Batch.Outcome) {
        if case .failed(let error) = result {
            // The turn's commit failed: this step's writes are gone with it.
            switch phase {
            case .reading, .finishing(afterUndo: false):
                outcome = nil
                stop(error)
            case .undoing, .finishing(afterUndo: true):
                runtime.log.error("Could not undo the import of \(CoreError.quote(name)) (\(error)); it is undone when connectd starts again.")
                answer(.failure(error))
            case .cleaning, .over:
                break
            }
            return
        }
        guard case .finishing = phase, let outcome else { return }
        if case .success(let finished) = outcome, runner?.mode == .journaled {
            runtime.log.info("Imported \(CoreError.quote(name)) (\(finished.format)): \(finished.added) added, \(finished.updated) updated, "
                             + "\(finished.unchanged) unchanged, \(finished.skipped) skipped, in \(String(format: "%.1f", runtime.monotonic.seconds() - started)) s.")
        }
        answer(outcome)
    }

    /// The client hears the outcome (when someone waits for one); the bookkeeping goes next.
    private func answer(_ result: Result<ImportReply, any Error>) {
        outcome = nil
        releaseUpload()
        phase = runner == nil ? .over : .cleaning
        guard let reply else { return }
        self.reply = nil
        reply(result)
    }

    /// The uploaded file goes (on a thread of its own: freeing a file of hundreds of MiB takes
    /// the file system tens of milliseconds).
    private func releaseUpload() {
        guard let upload else { return }
        self.upload = nil
        runtime.uploads.remove(upload)
    }
}
