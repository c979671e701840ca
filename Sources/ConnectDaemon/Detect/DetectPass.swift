import ConnectServices
import ConnectSystemd

/// The bookkeeping every `[detect]` source shares: passes asked for (one asked for while a pass
/// reads runs after it, since the source may have changed since it began), who waits for each
/// pass's summary, the step whose batch ends a pass (it says what was found, once committed),
/// and a problem said once in the log, not at every pass.
final class DetectPass {
    /// As the log names the source: "msmtp's log", "notmuch".
    private let source: String
    private let log: Log
    /// A pass is wanted (or under way).
    private(set) var wanted = false
    /// The pass under way has begun reading: a new request waits for the one after it.
    private var reading = false
    private var again = false
    private var waiting: [(Result<DetectSummary, any Error>) -> Void] = []
    private var waitingNext: [(Result<DetectSummary, any Error>) -> Void] = []
    private var stepEnded: Result<Void, any Error>?
    private var loggedProblem: String?
    /// What the pass under way found so far.
    var summary = DetectSummary()

    /// What the source's items are called in the log ("mail", "meeting").
    private let counting: String

    init(source: String, log: Log, counting: String = "mail") {
        self.source = source
        self.log = log
        self.counting = counting
    }

    /// A pass now (`configured` false: answered at once, "no source is configured"); `done`
    /// hears what it found once it is committed.
    func request(configured: Bool, _ done: ((Result<DetectSummary, any Error>) -> Void)?) {
        if reading {
            if let done { waitingNext.append(done) }
            again = true
            return
        }
        if let done { waiting.append(done) }
        guard configured else {
            var none = DetectSummary()
            none.problem = "no source is configured"
            answer(.success(none))
            return
        }
        wanted = true
    }

    /// Runs one step of the pass in the batch: `read` returns whether more is to come; at the
    /// end, what was proposed is said (`Detecting.readingEnded`).
    func step(in batch: Batch, _ workspace: Workspace, _ read: (Workspace) throws -> Bool) {
        reading = true
        do {
            let more = try batch.write(workspace) { ws in
                let more = try read(ws)
                if !more { try Detecting.readingEnded(summary.outcome, in: ws) }
                return more
            }
            stepEnded = more ? nil : .success(())
        } catch {
            stepEnded = .failure(error)
        }
    }

    /// After the batch of a step: nil while the pass goes on; else how it ended (its waiters
    /// were answered, a new problem was logged). `finish` may add to the summary first.
    func settled(_ outcome: Batch.Outcome, finish: (inout DetectSummary) -> Void = { _ in }) -> Result<Void, any Error>? {
        var ended = stepEnded
        stepEnded = nil
        if case .failed(let error) = outcome { ended = .failure(error) }
        guard let ended else { return nil }
        wanted = again
        again = false
        reading = false
        var found = summary
        summary = DetectSummary()
        finish(&found)
        sayOnce(found.problem)
        switch ended {
        case .success:
            if found.outcome.proposed + found.outcome.logged > 0 {
                log.info("Read \(source): \(found.mails) \(counting)\(found.mails == 1 ? "" : "s"), \(found.outcome.proposed) proposed, "
                         + "\(found.outcome.logged) logged.")
            }
            answer(.success(found))
        case .failure(let error):
            log.warning("Could not read \(source): \(error)")
            answer(.failure(error))
        }
        return ended
    }

    /// Logs `problem` when it differs from the last one said (nil: it went away).
    func sayOnce(_ problem: String?, warning: Bool = true) {
        guard problem != loggedProblem else { return }
        if let problem {
            if warning { log.warning("\(source) cannot be read: \(problem).") } else { log.info("\(source): \(problem)") }
        }
        loggedProblem = problem
    }

    private func answer(_ result: Result<DetectSummary, any Error>) {
        let callbacks = waiting
        waiting = waitingNext
        waitingNext = []
        for callback in callbacks { callback(result) }
    }
}
