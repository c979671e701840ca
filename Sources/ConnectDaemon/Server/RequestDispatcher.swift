import ConnectProtocol
import ConnectServices
import ConnectSystemd
import Foundation

/// Serves requests in loop turns. Each turn takes messages from the connections that have some
/// in round-robin rounds (one message each per round, a few rounds at most), so no client
/// starves the others. All writes of a turn share one transaction (a savepoint each: a failing
/// request rolls back only itself) and one fsync; every reply to a write, and to a read that saw
/// the uncommitted state, is sent after the commit. The scheduler replans afterwards: the reply
/// never waits for it. No part asks for a turn by name: after every event the loop handled, the
/// dispatcher looks whether its own work has a step ready.
final class RequestDispatcher {
    private let runtime: DaemonRuntime
    private let notifier: Notifier
    private let router = RequestRouter()
    private let limits: ServerLimits
    /// Sources with messages waiting, in round-robin order.
    private var ready: [any RequestSource] = []
    private var task: DeferredTask?
    private var lookForWork: EventSource?
    /// The daemon's own work (its commands first, then imports, the vdir, the scheduler), a step per turn.
    private let background: [any BackgroundWork]
    private let commands: DaemonCommands

    /// Runs turns on `loop` (without one, a test calls `turn()`). A turn runs after every pending
    /// input was read (priority 1), so that the writes of all clients ready at once share its
    /// commit; the first runs at start, for the work the parts begin with.
    init(runtime: DaemonRuntime, notifier: Notifier, commands: DaemonCommands, background: [any BackgroundWork],
         limits: ServerLimits, loop: EventLoop?) throws(SystemdError) {
        self.runtime = runtime
        self.notifier = notifier
        self.limits = limits
        self.commands = commands
        self.background = [commands] + background
        guard let loop else { return }
        let task = try loop.addDeferred(priority: 1) { [unowned self] in self.turn() }
        self.task = task
        lookForWork = try loop.addPost(priority: 1) { [unowned self] in
            guard !self.inTurn, self.hasBackgroundWork else { return }
            if self.turnRequestedAt == nil { self.turnRequestedAt = runtime.monotonic.seconds() }
            task.schedule()
        }
        turnRequestedAt = runtime.monotonic.seconds()
        task.schedule()
    }

    /// When a turn was asked for and has not run yet.
    private var turnRequestedAt: Double?

    /// True when background work has a step ready.
    var hasBackgroundWork: Bool { background.contains { $0.wantsTurn } }

    /// `source` has messages: it gets its place in the next turn. If input keeps arriving so
    /// fast that the turn has waited 5 ms, the turn runs now: no flood of input can starve it.
    func enqueue(_ source: any RequestSource) {
        if !ready.contains(where: { $0 === source }) { ready.append(source) }
        // Called from inside a turn (a reply that was flushed let its connection read more):
        // the running turn schedules the next one when it ends.
        guard !inTurn else { return }
        let now = runtime.monotonic.seconds()
        if let requested = turnRequestedAt, now - requested > 0.005, task != nil {
            turn()
            return
        }
        if turnRequestedAt == nil { turnRequestedAt = now }
        task?.schedule()
    }

    private struct Held {
        let slot: ReplySlot?
        let output: RequestRouter.Output
    }

    /// True while a turn runs: a turn never starts inside another (its transaction is open).
    private var inTurn = false

    /// One turn: takes messages fairly, runs them, commits once, answers.
    func turn() {
        guard !inTurn else { return }
        inTurn = true
        defer { inTurn = false }
        turnRequestedAt = nil
        let started = runtime.monotonic.seconds()
        let sources = ready
        ready.removeAll()
        var held: [Held] = []
        // Round robin, one message per connection per round, up to `messagesPerTurn` rounds:
        // an expensive request delays every other client by one request at most.
        var interruptedAt: Int?
        var stepped: [any BackgroundWork] = []
        var emitted: [DomainEvent] = []
        let outcome = runtime.keeper.batch(now: runtime.clock()) { batch in
            rounds: for _ in 0..<limits.messagesPerTurn {
                var progressed = false
                for (index, source) in sources.enumerated() {
                    guard source.wantsTurn, let message = source.takeMessage() else { continue }
                    process(message, from: source, in: batch, holding: &held)
                    progressed = true
                    if runtime.monotonic.seconds() - started > limits.turnBudgetSeconds {
                        interruptedAt = index + 1
                        break rounds
                    }
                }
                if !progressed { break }
            }
            // Then the daemon's own work, a bounded step each: a read that came in is answered
            // before it (without waiting for a commit), a write waits for one step at most.
            for work in background where work.wantsTurn {
                work.step(in: batch)
                stepped.append(work)
            }
            emitted = batch.emitted
        }
        let errors = ErrorMapping(calendar: runtime.calendar, now: runtime.clock())
        switch outcome {
        case .committed, .readOnly:
            for item in held { deliver(item.output, to: item.slot) }
        case .failed(let error):
            runtime.log.warning("A batch of \(held.count) requests could not be committed: \(error)")
            let failure = VarlinkReply.failure(errors.varlinkError(for: error))
            for item in held { item.slot?.fill(failure) }
        }
        // What the writes emitted, in the order they ran (the clients' first, then the daemon's
        // own), once they are on disk; then what the background work announces itself.
        if case .committed = outcome { notifier.announce(emitted, calendar: runtime.calendar, now: runtime.clock()) }
        for work in stepped { work.settled(outcome) }
        // Those not reached keep their place at the front, then those that became ready during
        // this turn (a newcomer waits for one turn at most, however busy the others are), and
        // those served go to the back.
        let cut = interruptedAt ?? sources.count
        let notReached = sources[cut...].filter(\.wantsTurn)
        let servedAgain = sources[..<cut].filter(\.wantsTurn)
        let newcomers = ready.filter { source in !sources.contains { $0 === source } }
        ready = notReached + newcomers + servedAgain
        if !ready.isEmpty || hasBackgroundWork {
            turnRequestedAt = runtime.monotonic.seconds()
            task?.schedule()
        }
    }

    private func process(_ message: [UInt8], from source: any RequestSource, in batch: Batch, holding held: inout [Held]) {
        let now = runtime.clock()
        let errors = ErrorMapping(calendar: runtime.calendar, now: now)
        switch router.route(message, errors: errors) {
        case .broken(let reply):
            source.newSlot().fill(reply, closing: true)
        case .answered(let reply):
            if let reply { source.newSlot().fill(reply) }
        case .call(let call):
            let slot = call.oneway ? nil : source.newSlot()
            let workspace = Workspace(session: batch.session, live: runtime.live, now: now, settings: runtime.settings)
            let client = ClientIdentity(source)
            if call.writes {
                do {
                    let output = try batch.write(workspace) { try call.run(RequestContext(workspace: $0, runtime: runtime, notifier: notifier, client: client)) }
                    held.append(Held(slot: slot, output: output))
                } catch {
                    held.append(Held(slot: slot, output: .reply(VarlinkReply.failure(errors.varlinkError(for: error)))))
                }
                return
            }
            let output: RequestRouter.Output
            do {
                output = try call.run(RequestContext(workspace: workspace, runtime: runtime, notifier: notifier, client: client))
            } catch {
                output = .reply(VarlinkReply.failure(errors.varlinkError(for: error)))
            }
            if batch.isOpen {
                held.append(Held(slot: slot, output: output))
            } else {
                deliver(output, to: slot)
            }
        }
    }

    private func deliver(_ output: RequestRouter.Output, to slot: ReplySlot?) {
        switch output {
        case .reply(let bytes): slot?.fill(bytes)
        case .deferred(let start): start { bytes in slot?.fill(bytes) }
        }
    }
}
