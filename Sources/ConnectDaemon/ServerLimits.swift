/// Bounds that keep one misbehaving client from exhausting the daemon.
public struct ServerLimits: Sendable {
    /// Largest accepted message, in bytes (NUL excluded).
    public var maxMessageSize = 1 << 20
    /// Connections open at once; further ones are closed right after accept.
    public var maxConnections = 128
    /// Unsent reply bytes a connection may hold before it is dropped (a client that never reads).
    public var maxPendingOutput = 8 << 20

    public init() {}
}
