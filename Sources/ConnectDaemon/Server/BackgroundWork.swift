import ConnectServices

/// Work the daemon does for itself in the loop's turns, one bounded step per turn: an import
/// going in, an import being undone. Its writes share the turn's transaction (a savepoint each)
/// and its commit with the clients' requests, so it is never a second door for changes, and
/// the clients are served between its steps.
protocol BackgroundWork: AnyObject {
    /// A step is ready to run (false while it waits for something, such as a file being read).
    var wantsTurn: Bool { get }
    /// One bounded step inside the turn's batch.
    func step(in batch: Batch)
    /// The batch of the turn in which it stepped ended: committed, read-only, or failed (its writes are gone).
    func settled(_ outcome: Batch.Outcome)
}
