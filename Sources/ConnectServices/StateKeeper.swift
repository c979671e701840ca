import ConnectCore
import ConnectStore
import Foundation

/// Owns the state: the SQLite store and the in-memory mirror. Every change runs through here in a
/// transaction that covers both: committed together, or undone together.
public final class StateKeeper {
    public let store: Store
    public let live: LiveState
    /// Run after every commit, in order (the vdir mirror writes what changed, stale desktop
    /// notifications close, on a coming loop turn).
    private var commitHooks: [() -> Void] = []

    public func onCommit(_ hook: @escaping () -> Void) { commitHooks.append(hook) }

    private func afterCommit() { for hook in commitHooks { hook() } }

    /// Loads the in-memory state from the store.
    public init(store: Store, settings: ServiceSettings, now: Date) throws {
        self.store = store
        let loaded = try store.read { try $0.loadState(deliveriesSince: now.addingTimeInterval(-3 * 86400)) }
        live = LiveState(loaded: loaded, calendar: settings.calendar, rules: settings.rules, now: now)
        try store.session { session in
            let ws = Workspace(session: session, live: live, now: now, settings: settings)
            try session.begin()
            do {
                if loaded.history.promptEpoch == nil { try session.setPromptEpoch(now) }
                _ = try StateUpgrades.readKeptLines(in: ws)
                try StateUpgrades.reindexAddressesOnce(in: ws)
                try session.commit()
            } catch {
                session.rollback()
                throw error
            }
            try live.catchUp(session, now: now)
        }
    }

    /// Runs `body` without a transaction of its own (statements read committed state).
    public func read<T>(now: Date, settings: ServiceSettings, _ body: (Workspace) throws -> T) throws -> T {
        try store.session { session in try body(Workspace(session: session, live: live, now: now, settings: settings)) }
    }

    /// A group commit: `body` runs requests through `Batch`; their writes share one transaction,
    /// each in a savepoint, committed once at the end.
    public func batch(now: Date, _ body: (Batch) -> Void) -> Batch.Outcome {
        store.session { session in
            let batch = Batch(session: session, live: live, now: now)
            body(batch)
            let outcome = batch.finish()
            if case .committed = outcome { afterCommit() }
            return outcome
        }
    }
}

/// One loop turn's requests. Reads before the first write run on committed state; from the first
/// write on, everything runs in the open transaction and is answered after the commit.
public final class Batch {
    public let session: StoreSession
    let live: LiveState
    public private(set) var isOpen = false
    /// What the batch's writes that held emitted, in the order they ran: announced once it committed.
    public private(set) var emitted: [DomainEvent] = []
    /// When the batch's projection reads happen (a rollback's too).
    private let now: Date

    public enum Outcome {
        /// Nothing was written.
        case readOnly
        case committed
        /// The commit failed: every write of the batch was rolled back, in memory too.
        case failed(any Error)
    }

    init(session: StoreSession, live: LiveState, now: Date) {
        self.session = session
        self.live = live
        self.now = now
    }

    /// Runs a write in a savepoint: an error undoes this request alone, in SQLite, and so in
    /// memory, which is read again from SQLite.
    public func write<T>(_ workspace: Workspace, _ body: (Workspace) throws -> T) throws -> T {
        if !isOpen {
            try session.begin()
            isOpen = true
            live.beginScope()
        }
        live.beginScope()
        let before = workspace.emitted.count
        do {
            let result = try session.savepoint {
                let result = try body(workspace)
                try live.catchUp(session, now: workspace.now)
                return result
            }
            live.endScope(committed: true, session, now: workspace.now)
            emitted += workspace.emitted.dropFirst(before)
            return result
        } catch {
            live.endScope(committed: false, session, now: workspace.now)
            throw error
        }
    }

    func finish() -> Outcome {
        guard isOpen else { return .readOnly }
        do {
            try session.commit()
            live.endScope(committed: true, session, now: now)
            return .committed
        } catch {
            session.rollback()
            live.endScope(committed: false, session, now: now)
            return .failed(error)
        }
    }
}
