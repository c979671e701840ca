import ConnectSystemd
import ConnectUnix
import Foundation
import Glibc

/// Work that may block (a parser on a hostile file, a library that searches a database) runs on
/// a thread of its own, so that the event loop never waits on it: what it makes waits in a
/// bounded buffer (by count and by size) for the loop to take it, and the thread waits while the
/// buffer is full. An eventfd watched by the loop says when items are ready; the dispatcher then
/// finds its consumer's step ready. Cancelling stops the thread at its next `push` (or when its
/// `isCancelled` is checked).
///
/// The thread holds only the buffer (`Producer`), never the feed: the feed lives and dies on the
/// loop, which alone touches its event source; the eventfd closes with the last holder of the buffer.
final class ThreadFeed<Item: Sendable> {
    private let handoff: Producer
    private var wakeSource: EventSource?

    /// Starts `produce` on a new thread named `name` (as `top` shows it: 15 characters at most); it hands items over with `push` and ends by
    /// returning (or throwing: `state.error`). Without a loop (tests), `waitForItems` waits instead.
    init(name: String, loop: EventLoop?, maxItems: Int, maxBytes: Int, size: @escaping @Sendable (Item) -> Int,
         produce: @escaping @Sendable (Producer) throws -> Void) throws(FeedError) {
        guard let fd = makeEventFD() else { throw FeedError(reason: "eventfd: \(String(cString: strerror(errno)))") }
        let handoff = Producer(wakeFD: fd, maxItems: maxItems, maxBytes: maxBytes, size: size)
        self.handoff = handoff
        do {
            wakeSource = try loop?.addIO(fd: fd, events: IOEvents.readable) { _ in
                var value: UInt64 = 0
                _ = read(fd, &value, 8)
            }
        } catch {
            throw FeedError(reason: error.description)
        }
        let thread = Thread {
            becomeBackgroundThread(named: name)
            defer { handoff.exited() }
            do {
                try produce(handoff)
                handoff.finish(nil)
            } catch is Producer.Cancelled {
                return
            } catch {
                handoff.finish(error)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { cancel() }

    struct FeedError: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// Up to `count` items, in the order they were made (none when none is ready yet).
    func take(atMost count: Int) -> [Item] { handoff.take(atMost: count) }

    /// The producer returned (every item was taken), or failed (`error`).
    var state: (ended: Bool, error: (any Error)?, empty: Bool) { handoff.state }

    /// Waits until items are ready or the producer ended, at most `timeout` seconds (for a caller
    /// without an event loop).
    func waitForItems(timeout: Double) { handoff.waitForItems(timeout: timeout) }

    /// The producing thread has not returned yet.
    var isRunning: Bool { handoff.isRunning }

    /// Cancels, then waits until the thread has returned, at most `seconds`.
    func cancelAndWait(seconds: Double) {
        cancel()
        handoff.waitForExit(timeout: seconds)
    }

    /// Stops the thread (at its next push or check), drops what it made and stops watching it.
    func cancel() {
        wakeSource?.cancel()
        wakeSource = nil
        handoff.cancel()
    }

    /// The items between the producing thread and the loop, under one lock.
    final class Producer: @unchecked Sendable {
        private let condition = NSCondition()
        private var buffer: [Item] = []
        private var head = 0
        private var bufferedBytes = 0
        private var ended = false
        private var failure: (any Error)?
        private var cancelled = false
        private var running = true
        private let wakeFD: Int32
        private let maxItems: Int
        private let maxBytes: Int
        private let size: @Sendable (Item) -> Int

        fileprivate init(wakeFD: Int32, maxItems: Int, maxBytes: Int, size: @escaping @Sendable (Item) -> Int) {
            self.wakeFD = wakeFD
            self.maxItems = maxItems
            self.maxBytes = maxBytes
            self.size = size
        }

        deinit { close(wakeFD) }

        /// Thrown by `checkCancelled` (and ends the thread quietly).
        struct Cancelled: Error {}

        var isCancelled: Bool {
            condition.lock()
            defer { condition.unlock() }
            return cancelled
        }

        /// Throws `Cancelled` once the feed was cancelled: for long work between pushes.
        func checkCancelled() throws {
            if isCancelled { throw Cancelled() }
        }

        /// Waits for room, then hands `item` over; throws `Cancelled` once cancelled.
        func push(_ item: Item) throws {
            let bytes = size(item)
            condition.lock()
            defer { condition.unlock() }
            while !cancelled, buffer.count - head >= maxItems || (bufferedBytes > 0 && bufferedBytes + bytes > maxBytes) {
                condition.wait()
            }
            guard !cancelled else { throw Cancelled() }
            let wasEmpty = buffer.count == head
            buffer.append(item)
            bufferedBytes += bytes
            if wasEmpty {
                condition.broadcast()
                wake()
            }
        }

        fileprivate var isRunning: Bool {
            condition.lock()
            defer { condition.unlock() }
            return running
        }

        fileprivate func exited() {
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }

        fileprivate func waitForExit(timeout: Double) {
            let deadline = Date(timeIntervalSinceNow: timeout)
            condition.lock()
            defer { condition.unlock() }
            while running {
                if !condition.wait(until: deadline) { return }
            }
        }

        fileprivate func finish(_ error: (any Error)?) {
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

        fileprivate func take(atMost count: Int) -> [Item] {
            condition.lock()
            defer { condition.unlock() }
            let end = min(buffer.count, head + count)
            let items = Array(buffer[head..<end])
            head = end
            for item in items { bufferedBytes -= size(item) }
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

        fileprivate var state: (ended: Bool, error: (any Error)?, empty: Bool) {
            condition.lock()
            defer { condition.unlock() }
            return (ended, failure, buffer.count == head)
        }

        fileprivate func waitForItems(timeout: Double) {
            let deadline = Date(timeIntervalSinceNow: timeout)
            condition.lock()
            defer { condition.unlock() }
            while buffer.count == head, !ended, !cancelled {
                if !condition.wait(until: deadline) { return }
            }
        }

        fileprivate func cancel() {
            condition.lock()
            cancelled = true
            buffer = []
            head = 0
            bufferedBytes = 0
            condition.broadcast()
            condition.unlock()
        }
    }
}
