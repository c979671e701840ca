import ConnectInterchange
import ConnectServices
import ConnectSystemd
import ConnectUnix
import Foundation

/// Reads and parses an import file on a thread of its own (a `ThreadFeed`), so that the event
/// loop never waits on a parser (a 200 MB CSV field, a card without END). Cancelling stops the
/// thread at its next chunk of 64 KiB, also in the middle of a record or of the pass that finds a
/// JSON header.
final class ImportFeed {
    /// Records kept ready at most, and their approximate bytes.
    static let maxBuffered = 256
    static let maxBufferedBytes = 16 << 20

    private let feed: ThreadFeed<ImportItem>

    /// Starts reading `path` as `format`; the loop wakes when records (or the end) are there, and
    /// the dispatcher finds the step ready after that event. Without a loop (tests),
    /// `waitForRecords` waits for them instead.
    init(path: String, format: InterchangeFormat, loop: EventLoop?) throws {
        do {
            feed = try ThreadFeed(name: "import-reader", loop: loop, maxItems: Self.maxBuffered, maxBytes: Self.maxBufferedBytes,
                                  size: { $0.approximateBytes }) { producer in
                try Self.read(path: path, format: format, into: producer)
            }
        } catch {
            throw ServiceError.importUnreadable("connectd could not start reading it (\(error))")
        }
    }

    /// Up to `count` records, in file order (none when none is ready yet).
    func take(atMost count: Int) -> [ImportItem] { feed.take(atMost: count) }

    /// The file was read to its end (every record was taken), or reading failed (`error`).
    var state: (ended: Bool, error: (any Error)?, empty: Bool) { feed.state }

    /// Waits until records are ready or the file ended, at most `timeout` seconds (for a caller
    /// without an event loop).
    func waitForRecords(timeout: Double) { feed.waitForItems(timeout: timeout) }

    /// Stops the thread (at its next chunk), drops what it read and stops watching it.
    func cancel() { feed.cancel() }

    /// The file's bytes, until the feed is cancelled.
    private struct Bytes: ByteSource {
        let file: FileBytes
        let producer: ThreadFeed<ImportItem>.Producer

        mutating func next() throws -> ArraySlice<UInt8> {
            try producer.checkCancelled()
            return try file.next()
        }
    }

    private static func read(path: String, format: InterchangeFormat, into producer: ThreadFeed<ImportItem>.Producer) throws {
        func open() throws -> Bytes { Bytes(file: try FileBytes(path: path), producer: producer) }
        switch format {
        case .vcard:
            var reader = VCardReader(source: try open())
            while let item = try reader.next() { try producer.push(item) }
        case .linkedIn:
            var reader = try LinkedInReader(source: try open())
            while let item = try reader.next() { try producer.push(item) }
        case .json:
            // Keys may come in any order ('connectctl export' sorts them): a first pass finds
            // the header, then one pass per list brings the people before what refers to them.
            let header = try ExportStreamReader.header(of: try open())
            try producer.push(.exported(header, line: 1))
            for list in ExportStreamReader<Bytes>.listsInOrder {
                var reader = ExportStreamReader(source: try open(), header: header, only: list)
                while let item = try reader.next() {
                    if case .exported(.header, _) = item { continue }
                    try producer.push(item)
                }
            }
        }
    }
}
