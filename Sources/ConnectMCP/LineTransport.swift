import ConnectJSON
import Foundation
import Logging
import MCP
#if canImport(Glibc)
import Glibc
#endif

/// MCP over standard input and output, one JSON-RPC message a line, with a bound: a line longer
/// than `maxLineBytes` is skipped and answered with a JSON-RPC error (id null) instead of being
/// buffered; each byte is looked at once. (The SDK's stdio transport keeps any line whole and
/// scans it again for each 4 KiB read: 2 MB took 14 s here.) Input is read on a thread of its
/// own with blocking reads; output is written whole, in order. At the end of the input, the
/// requests already read are answered before the stream ends (`printf … | connectctl mcp`
/// gets its replies).
actor LineTransport: Transport {
    nonisolated let logger = Logger(label: "connectd-mcp.stdio", factory: { _ in SwiftLogNoOpLogHandler() })
    static let maxLineBytes = 1 << 20

    private let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let output = OutputLock()
    private let pending: PendingRequests

    init() {
        (stream, continuation) = AsyncThrowingStream.makeStream()
        pending = PendingRequests(continuation: continuation)
    }

    func connect() async throws {
        let pending = pending
        let output = output
        let reader = Thread {
            Self.readLines(from: 0, into: pending, tooLong: { size in
                output.write(Data(("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"The message is \(size) bytes; "
                                   + "connectd-mcp reads at most \(Self.maxLineBytes) bytes a message.\"}}\n").utf8))
            })
        }
        reader.start()
    }

    func disconnect() async { continuation.finish() }

    func send(_ data: Data) async throws {
        var line = data
        line.append(UInt8(ascii: "\n"))
        guard output.write(line) else { throw MCPError.connectionClosed }
        pending.answered(data)
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, any Error> { stream }

    /// Splits what `fd` gives into lines until end of file; a line over the bound is dropped as it
    /// comes and reported once with its size so far.
    static func readLines(from fd: Int32, into pending: PendingRequests, tooLong: (Int) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var line = Data()
        var skipping = false
        var skipped = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            var start = 0
            while start < count {
                let newline = buffer[start..<count].firstIndex(of: UInt8(ascii: "\n"))
                let end = newline ?? count
                if skipping {
                    skipped += end - start
                } else if line.count + (end - start) > maxLineBytes {
                    skipping = true
                    skipped = line.count + (end - start)
                    line = Data()
                } else {
                    line.append(contentsOf: buffer[start..<end])
                }
                guard newline != nil else { break }
                if skipping {
                    tooLong(skipped)
                    skipping = false
                } else if !line.isEmpty {
                    pending.received(line)
                }
                line = Data()
                start = end + 1
            }
        }
        // A last line without its newline is a message too.
        if !skipping && !line.isEmpty { pending.received(line) }
        pending.inputEnded()
    }
}

/// The requests read and not yet answered, by id: the stream of input ends when the input has
/// ended and none is left.
final class PendingRequests: @unchecked Sendable {
    private let lock = NSLock()
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    /// Open requests by id (JSON text), with how many share it.
    private var open: [[UInt8]: Int] = [:]
    private var ended = false

    init(continuation: AsyncThrowingStream<Data, any Error>.Continuation) {
        self.continuation = continuation
    }

    func received(_ line: Data) {
        if let id = Self.requestID(line) { update { $0.open[id, default: 0] += 1 } }
        continuation.yield(line)
    }

    func answered(_ message: Data) {
        if let id = Self.responseID(message) {
            update { pending in
                guard let count = pending.open[id] else { return }
                pending.open[id] = count > 1 ? count - 1 : nil
            }
        }
    }

    func inputEnded() { update { $0.ended = true } }

    private func update(_ change: (PendingRequests) -> Void) {
        lock.lock()
        change(self)
        let done = ended && open.isEmpty
        lock.unlock()
        if done { continuation.finish() }
    }

    /// The id of a JSON-RPC request (a method and an id; a notification has no id and gets no
    /// answer), as JSON text. Only a string or a whole number: the SDK answers any other id
    /// with one of its own making, which would never be matched.
    static func requestID(_ line: Data) -> [UInt8]? {
        guard case .object(let object)? = try? JSONParser.parse([UInt8](line)), object["method"] != nil, let id = object["id"] else { return nil }
        switch id {
        case .string, .integer: return JSONWriter.bytes(id)
        default: return nil
        }
    }

    /// The id of a JSON-RPC response (a result or an error, no method), as JSON text.
    static func responseID(_ message: Data) -> [UInt8]? {
        guard case .object(let object)? = try? JSONParser.parse([UInt8](message)), object["method"] == nil,
              object["result"] != nil || object["error"] != nil, let id = object["id"] else { return nil }
        return JSONWriter.bytes(id)
    }
}

/// Whole messages to standard output, one writer at a time.
final class OutputLock: @unchecked Sendable {
    private let lock = NSLock()

    @discardableResult
    func write(_ data: Data) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
    }
}
