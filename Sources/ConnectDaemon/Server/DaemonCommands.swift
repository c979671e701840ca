import ConnectServices

/// Changes the daemon makes on its own behalf (a desktop button, a notification shown or
/// closed): each runs as a command in the next loop turn's batch, like a client's request, so
/// every change goes through the one door: a savepoint each, the turn's commit, the projection
/// read after it, announcements only once committed. No one asks for the turn: the dispatcher looks for ready work after
/// every event of the loop.
final class DaemonCommands: BackgroundWork {
    struct Command {
        /// What it does, for the log when it fails ("apply 'done' on nudge #4").
        let what: String
        let body: (Workspace) throws -> Void
        /// Turns whose commit failed under it (it is run again, up to `attempts` times).
        var failedCommits = 0
    }

    private let runtime: DaemonRuntime
    private var queue: [Command] = []
    /// The commands that ran in the current turn: run again if its commit failed.
    private var ran: [Command] = []
    /// At most this many a turn: a flood of desktop signals waits its turn like any client.
    static let perTurn = 64
    /// A command whose turn could not commit (a full disk) is tried in this many turns at most.
    static let attempts = 3

    init(runtime: DaemonRuntime) { self.runtime = runtime }

    /// `body` runs in the next turn's batch; `what` names it in the log if it fails.
    func submit(_ what: String, _ body: @escaping (Workspace) throws -> Void) {
        queue.append(Command(what: what, body: body))
    }


    var wantsTurn: Bool { !queue.isEmpty }

    func step(in batch: Batch) {
        let taken = queue.prefix(Self.perTurn)
        queue.removeFirst(taken.count)
        for command in taken {
            let workspace = Workspace(session: batch.session, live: runtime.live, now: runtime.clock(), settings: runtime.settings)
            do {
                try batch.write(workspace) { try command.body($0) }
                ran.append(command)
            } catch {
                runtime.log.warning("Could not \(command.what): \(error)")
            }
        }
    }

    func settled(_ outcome: Batch.Outcome) {
        defer { ran = [] }
        switch outcome {
        case .committed, .readOnly:
            break
        case .failed(let error):
            // Rolled back with the turn: run again in a coming turn, a few times at most.
            var again: [Command] = []
            for var command in ran {
                command.failedCommits += 1
                if command.failedCommits < Self.attempts {
                    again.append(command)
                } else {
                    runtime.log.warning("Could not \(command.what): the change could not be committed (\(error)), \(Self.attempts) times.")
                }
            }
            queue.insert(contentsOf: again, at: 0)
        }
    }
}
