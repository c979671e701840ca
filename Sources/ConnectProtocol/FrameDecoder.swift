/// Splits a byte stream into Varlink messages: each is one JSON object followed by a NUL byte.
/// Feed it whatever `read` returned; it keeps partial messages and refuses one that grows too big.
public struct FrameDecoder: Sendable {
    public enum Failure: Error, Equatable, Sendable {
        /// A message (or the unterminated rest of the stream) exceeded `maxMessageSize` bytes.
        case oversized(limit: Int)
    }

    public let maxMessageSize: Int
    private var buffer: [UInt8] = []
    private var scanned = 0

    public init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Bytes received but not yet part of a complete message.
    public var pendingByteCount: Int { buffer.count }

    /// Appends bytes and returns every complete message (without its NUL) now available.
    public mutating func feed(_ bytes: [UInt8]) throws(Failure) -> [[UInt8]] {
        try feed(bytes[...])
    }

    /// Appends bytes and returns every complete message (without its NUL) now available.
    public mutating func feed(_ bytes: ArraySlice<UInt8>) throws(Failure) -> [[UInt8]] {
        buffer.append(contentsOf: bytes)
        var messages: [[UInt8]] = []
        var start = 0
        var index = scanned
        while index < buffer.count {
            if buffer[index] == 0 {
                guard index - start <= maxMessageSize else { throw .oversized(limit: maxMessageSize) }
                messages.append(Array(buffer[start..<index]))
                start = index + 1
            }
            index += 1
        }
        if start > 0 { buffer.removeFirst(start) }
        scanned = buffer.count
        guard buffer.count <= maxMessageSize else { throw .oversized(limit: maxMessageSize) }
        return messages
    }
}
