/// Bounds that keep one misbehaving client from exhausting the daemon or starving the others.
public struct ServerLimits: Sendable {
    /// Largest accepted message, in bytes (NUL excluded).
    public var maxMessageSize = 1 << 20
    /// Connections open at once; when full, the connection idle longest makes room.
    public var maxConnections = 128
    /// Messages read ahead from one connection; beyond, it is not read until it drains.
    public var maxQueuedMessages = 64
    /// Round-robin rounds per loop turn (one message per connection each): a pipelining writer
    /// still gets several writes into one commit, and no client can starve the others.
    public var messagesPerTurn = 8
    /// Unsent reply bytes above which a connection's further messages wait until it reads.
    public var outputHighWater = 1 << 20
    /// A loop turn stops taking new messages after this long, so that new input is looked at.
    public var turnBudgetSeconds = 0.05
    /// A message must be complete this long after its first byte.
    public var partialMessageTimeout = 10.0
    /// A connection with nothing to do is closed after this long.
    public var idleTimeout = 120.0
    /// A connection that does not read its replies for this long is closed.
    public var stalledWriteTimeout = 30.0

    public init() {}
}
