import ConnectInterchange
import ConnectServices
import ConnectSystemd
import ConnectUnix
import Foundation
import Glibc

/// Reads and parses an import file on a thread of its own, so that the event loop never waits on
/// a parser (a 200 MB CSV field, a card without END): records wait in a bounded buffer (by count
/// and by size) for the loop to take them, and the thread waits while it is full. An eventfd
/// watched by the loop says when records are ready. Cancelling stops the thread at its next
/// chunk of 64 KiB, also in the middle of a record or of the pass that finds a JSON header.
///
/// The thread holds only the buffer (`Handoff`), never the feed: the feed lives and dies on the
/// loop, which alone touches its event source; the eventfd closes with the last holder of the buffer.
final class ImportFeed {
    /// Records kept ready at most, and their approximate bytes.
    static let maxBuffered = 256
    static let maxBufferedBytes = 16 << 20

    private let handoff: Handoff
    private var wakeSource: EventSource?

    /// Starts reading `path` as `format`; the loop wakes when records (or the end) are there, and
    /// the dispatcher finds the step ready after that event. Without a loop (tests),
    /// `waitForRecords` waits for them instead.
    init(path: String, format: InterchangeFormat, loop: EventLoop?) throws {
        guard let fd = makeEventFD() else { throw ServiceError.importUnreadable("connectd could not start reading it (eventfd: \(String(cString: strerror(errno))))") }
        let handoff = Handoff(wakeFD: fd)
        self.handoff = handoff
        wakeSource = try loop?.addIO(fd: fd, events: IOEvents.readable) { _ in
            var value: UInt64 = 0
            _ = read(fd, &value, 8)
        }
        let thread = Thread { handoff.produce(path: path, format: format) }
        thread.name = "connectd-import"
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { cancel() }

    /// Up to `count` records, in file order (none when none is ready yet).
    func take(atMost count: Int) -> [ImportItem] { handoff.take(atMost: count) }

    /// The file was read to its end (every record was taken), or reading failed (`error`).
    var state: (ended: Bool, error: (any Error)?, empty: Bool) { handoff.state }

    /// Waits until records are ready or the file ended, at most `timeout` seconds (for a caller
    /// without an event loop).
    func waitForRecords(timeout: Double) { handoff.waitForRecords(timeout: timeout) }

    /// Stops the thread (at its next chunk), drops what it read and stops watching it.
    func cancel() {
        wakeSource?.cancel()
        wakeSource = nil
        handoff.cancel()
    }
}

/// The records between the reading thread and the loop, under one lock.
private final class Handoff: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [ImportItem] = []
    private var head = 0
    private var bufferedBytes = 0
    private var ended = false
    private var failure: (any Error)?
    private var cancelled = false
    private let wakeFD: Int32

    init(wakeFD: Int32) { self.wakeFD = wakeFD }

    deinit { close(wakeFD) }

    private struct Cancelled: Error {}

    /// The file's bytes, until the feed is cancelled.
    private struct Bytes: ByteSource {
        let file: FileBytes
        let handoff: Handoff

        mutating func next() throws -> ArraySlice<UInt8> {
            guard !handoff.isCancelled else { throw Cancelled() }
            return try file.next()
        }
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    func produce(path: String, format: InterchangeFormat) {
        do {
            func open() throws -> Bytes { Bytes(file: try FileBytes(path: path), handoff: self) }
            switch format {
            case .vcard:
                var reader = VCardReader(source: try open())
                while let item = try reader.next() { guard push(item) else { return } }
            case .linkedIn:
                var reader = try LinkedInReader(source: try open())
                while let item = try reader.next() { guard push(item) else { return } }
            case .json:
                // Keys may come in any order ('connectctl export' sorts them): a first pass finds
                // the header, then one pass per list brings the people before what refers to them.
                let header = try ExportStreamReader.header(of: try open())
                guard push(.exported(header, line: 1)) else { return }
                for list in ExportStreamReader<Bytes>.listsInOrder {
                    var reader = ExportStreamReader(source: try open(), header: header, only: list)
                    while let item = try reader.next() {
                        if case .exported(.header, _) = item { continue }
                        guard push(item) else { return }
                    }
                }
            }
            finish(nil)
        } catch is Cancelled {
            return
        } catch {
            finish(error)
        }
    }

    /// Waits for room, then hands `item` over; false once cancelled.
    private func push(_ item: ImportItem) -> Bool {
        let size = item.approximateBytes
        condition.lock()
        defer { condition.unlock() }
        while !cancelled, buffer.count - head >= ImportFeed.maxBuffered || (bufferedBytes > 0 && bufferedBytes + size > ImportFeed.maxBufferedBytes) {
            condition.wait()
        }
        guard !cancelled else { return false }
        let wasEmpty = buffer.count == head
        buffer.append(item)
        bufferedBytes += size
        if wasEmpty {
            condition.broadcast()
            wake()
        }
        return true
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        ended = true
        failure = error
        condition.broadcast()
        condition.unlock()
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    func take(atMost count: Int) -> [ImportItem] {
        condition.lock()
        defer { condition.unlock() }
        let end = min(buffer.count, head + count)
        let items = Array(buffer[head..<end])
        head = end
        for item in items { bufferedBytes -= item.approximateBytes }
        if head > 64, head * 2 >= buffer.count {
            buffer.removeFirst(head)
            head = 0
        }
        if buffer.count == head {
            buffer = []
            head = 0
        }
        condition.broadcast()
        return items
    }

    var state: (ended: Bool, error: (any Error)?, empty: Bool) {
        condition.lock()
        defer { condition.unlock() }
        return (ended, failure, buffer.count == head)
    }

    func waitForRecords(timeout: Double) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while buffer.count == head, !ended, !cancelled {
            if !condition.wait(until: deadline) { return }
        }
    }

    func cancel() {
        condition.lock()
        cancelled = true
        buffer = []
        head = 0
        bufferedBytes = 0
        condition.broadcast()
        condition.unlock()
    }
}
