import ConnectCore
import ConnectInterchange
import ConnectProtocol
import ConnectServices
import ConnectStore
import ConnectSystemd
import Foundation

/// The imports in progress, one at a time in the order they came (two imports applied side by
/// side could each match the other's people, and undoing one would then touch the other), as
/// the daemon's background work: a bounded step per loop turn. At start, an import connectd was
/// stopped in the middle of is undone first.
final class ImportJobs: BackgroundWork {
    /// Imports waiting their turn at most; more are refused as "busy" (the client may retry).
    static let maxWaiting = 8

    private unowned let runtime: DaemonRuntime
    private var jobs: [ImportJob] = []
    /// The loop that watches the files being read (nil in tests, which wait instead).
    private let loop: EventLoop?

    init(runtime: DaemonRuntime, loop: EventLoop?) {
        self.runtime = runtime
        self.loop = loop
    }

    /// Imports a connectd process was stopped in the middle of are undone (logged), before any new one.
    func repairInterrupted() throws {
        let interrupted = try runtime.keeper.store.read { try $0.unfinishedImports() }
        for run in interrupted {
            if run.finishedAt == nil {
                runtime.log.warning("connectd stopped while it imported \(CoreError.quote(run.name)) (started \(runtime.timestamp(run.startedAt))): "
                                    + "undoing what that import changed, so that none of it stays.")
                jobs.append(ImportJob(undoing: run, removal: .delete, runtime: runtime))
            } else {
                runtime.log.warning("connectd stopped while it undid the import of \(CoreError.quote(run.name)): finishing the undo.")
                jobs.append(ImportJob(undoing: run, removal: .trash, runtime: runtime))
            }
        }
    }

    /// Starts importing (after the imports before it); `reply` gets the outcome once the last step is committed.
    func start(name: String, path: String, upload: String, format: InterchangeFormat, options: Importing.Options, dryRun: Bool, client: ClientIdentity?,
               reply: @escaping (Result<ImportReply, any Error>) -> Void) throws(VarlinkError) {
        guard jobs.count <= Self.maxWaiting else {
            throw VarlinkError.connectionRefused("\(jobs.count) imports are in progress or waiting already: try again when they are done.")
        }
        let job = ImportJob(name: name, path: path, upload: upload, format: format, options: options, dryRun: dryRun, client: client,
                            runtime: runtime, reply: reply)
        jobs.append(job)
        if jobs.count == 1 { advance() }
    }

    /// Takes a finished import back (after the imports before it): what it added goes (its
    /// people to the trash), what it changed gets its earlier values back. `reply` comes when done.
    func undo(_ run: ImportRun, reply: @escaping (Result<ImportReply, any Error>) -> Void) throws(VarlinkError) {
        guard jobs.count <= Self.maxWaiting else {
            throw VarlinkError.connectionRefused("\(jobs.count) imports are in progress or waiting already: try again when they are done.")
        }
        guard !jobs.contains(where: { $0.undoes == run.id }) else {
            throw VarlinkError.invalidParameter("run", "The import \(run.id) is being undone already.")
        }
        jobs.append(ImportJob(undoing: run, removal: .trash, runtime: runtime, reply: reply))
        if jobs.count == 1 { advance() }
    }

    /// The import `run` running or waiting now, if any.
    func isRunning(_ run: Int64) -> Bool { jobs.contains { $0.runID == run } }

    /// Drops the jobs that are over and lets the next one start reading.
    private func advance() {
        while let first = jobs.first {
            first.activate(loop: loop)
            guard first.isOver else { return }
            jobs.removeFirst()
        }
    }

    /// True while an import runs or waits.
    var isBusy: Bool { !jobs.isEmpty }

    var wantsTurn: Bool { jobs.first?.wantsTurn ?? false }

    func step(in batch: Batch) {
        jobs.first?.step(in: batch)
    }

    func settled(_ outcome: Batch.Outcome) {
        guard let job = jobs.first else { return }
        job.settled(outcome)
        if job.isOver {
            jobs.removeFirst()
            advance()
        }
    }

    /// For tests without an event loop: waits until the running import's file has records ready.
    func waitForRecords(timeout: Double) {
        jobs.first?.waitForRecords(timeout: timeout)
    }
}
