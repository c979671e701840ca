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
        if loaded.history.promptEpoch == nil {
            try store.write { try $0.setPromptEpoch(now) }
            live.setPromptEpoch(now)
        }
    }

    /// Runs `body` in its own write transaction; returns its result and the events to announce.
    public func write<T>(now: Date, settings: ServiceSettings, _ body: (Workspace) throws -> T) throws -> (T, [DomainEvent]) {
        try store.session { session in
            let mark = live.undoMark
            do {
                try session.begin()
                let workspace = Workspace(session: session, live: live, now: now, settings: settings)
                let result = try body(workspace)
                try session.commit()
                live.commit()
                afterCommit()
                return (result, workspace.emitted)
            } catch {
                session.rollback()
                live.undo(to: mark)
                throw error
            }
        }
    }

    /// Runs `body` without a transaction of its own (statements read committed state).
    public func read<T>(now: Date, settings: ServiceSettings, _ body: (Workspace) throws -> T) throws -> T {
        try store.session { session in try body(Workspace(session: session, live: live, now: now, settings: settings)) }
    }

    /// A group commit: `body` runs requests through `Batch`; their writes share one transaction,
    /// each in a savepoint, committed once at the end.
    public func batch(_ body: (Batch) -> Void) -> Batch.Outcome {
        store.session { session in
            let batch = Batch(session: session, live: live)
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
    private var startMark = 0

    public enum Outcome {
        /// Nothing was written.
        case readOnly
        case committed
        /// The commit failed: every write of the batch was rolled back, in memory too.
        case failed(any Error)
    }

    init(session: StoreSession, live: LiveState) {
        self.session = session
        self.live = live
    }

    /// Runs a write in a savepoint: an error undoes this request alone, in SQLite and in memory.
    public func write<T>(_ workspace: Workspace, _ body: (Workspace) throws -> T) throws -> T {
        if !isOpen {
            try session.begin()
            isOpen = true
            startMark = live.undoMark
        }
        let mark = live.undoMark
        do {
            return try session.savepoint { try body(workspace) }
        } catch {
            live.undo(to: mark)
            throw error
        }
    }

    func finish() -> Outcome {
        guard isOpen else { return .readOnly }
        do {
            try session.commit()
            live.commit()
            return .committed
        } catch {
            live.undo(to: startMark)
            return .failed(error)
        }
    }
}
