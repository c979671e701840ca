import ConnectInterchange
import ConnectServices
import ConnectSystemd
import ConnectUnix
import Foundation
import Glibc

/// Reads and parses an import file on a thread of its own, so that the event loop never waits on
/// a parser (a 200 MB CSV field, a card without END): records wait in a bounded buffer (by count
/// and by size) for the loop to take them, and the thread waits while it is full. An eventfd
/// watched by the loop says when records are ready. Cancelling stops the thread at its next record.
final class ImportFeed: @unchecked Sendable {
    /// Records kept ready at most, and their approximate bytes.
    static let maxBuffered = 256
    static let maxBufferedBytes = 16 << 20

    private let condition = NSCondition()
    private var buffer: [ImportItem] = []
    private var head = 0
    private var bufferedBytes = 0
    private var ended = false
    private var failure: (any Error)?
    private var cancelled = false
    private let wakeFD: Int32
    private var wakeSource: EventSource?

    /// Starts reading `path` as `format`; `ready` runs on the loop when records (or the end) are
    /// there. Without a loop (tests), `waitForRecords` waits for them instead.
    init(path: String, format: InterchangeFormat, loop: EventLoop?, ready: @escaping () -> Void) throws {
        guard let fd = makeEventFD() else { throw ServiceError.importUnreadable("connectd could not start reading it (eventfd: \(String(cString: strerror(errno))))") }
        wakeFD = fd
        wakeSource = try loop?.addIO(fd: fd, events: IOEvents.readable) { _ in
            var value: UInt64 = 0
            _ = read(fd, &value, 8)
            ready()
        }
        let thread = Thread { [self] in self.produce(path: path, format: format) }
        thread.name = "connectd-import"
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        wakeSource?.cancel()
        close(wakeFD)
    }

    private func produce(path: String, format: InterchangeFormat) {
        do {
            let source = try FileBytes(path: path)
            switch format {
            case .vcard:
                var reader = VCardReader(source: source)
                while let item = try reader.next() { guard push(item) else { return } }
            case .linkedIn:
                var reader = try LinkedInReader(source: source)
                while let item = try reader.next() { guard push(item) else { return } }
            case .json:
                // Keys may come in any order ('connectctl export' sorts them): a first pass finds
                // the header, then one pass per list brings the people before what refers to them.
                let header = try ExportStreamReader.header(of: source)
                guard push(.exported(header, line: 1)) else { return }
                for list in ExportStreamReader<FileBytes>.listsInOrder {
                    var reader = ExportStreamReader(source: try FileBytes(path: path), header: header, only: list)
                    while let item = try reader.next() {
                        if case .exported(.header, _) = item { continue }
                        guard push(item) else { return }
                    }
                }
            }
            finish(nil)
        } catch {
            finish(error)
        }
    }

    /// Waits for room, then hands `item` over; false once cancelled.
    private func push(_ item: ImportItem) -> Bool {
        let size = item.approximateBytes
        condition.lock()
        defer { condition.unlock() }
        while !cancelled, buffer.count - head >= Self.maxBuffered || (bufferedBytes > 0 && bufferedBytes + size > Self.maxBufferedBytes) {
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

    /// Up to `count` records, in file order (none when none is ready yet).
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

    /// The file was read to its end (every record was taken), or reading failed (`error`).
    var state: (ended: Bool, error: (any Error)?, empty: Bool) {
        condition.lock()
        defer { condition.unlock() }
        return (ended, failure, buffer.count == head)
    }

    /// Waits until records are ready or the file ended, at most `timeout` seconds (for a caller
    /// without an event loop).
    func waitForRecords(timeout: Double) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while buffer.count == head, !ended, !cancelled {
            if !condition.wait(until: deadline) { return }
        }
    }

    /// Stops the thread (at its next record), drops what it read and stops watching it.
    func cancel() {
        wakeSource?.cancel()
        wakeSource = nil
        condition.lock()
        cancelled = true
        buffer = []
        head = 0
        bufferedBytes = 0
        condition.broadcast()
        condition.unlock()
    }
}
