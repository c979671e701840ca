@testable import ConnectDaemon
import ConnectSystemd
import Foundation
import Glibc
import XCTest

/// A connection's time-outs in-process: a real connection on a socket pair, a monotonic clock the
/// test moves, the time-out handler called as its timer would. No sleeps.
final class ConnectionTimeoutTests: XCTestCase {
    private func connection(_ monotonic: TestDaemon.Monotonic) throws -> (ClientConnection, peer: Int32, closed: () -> Bool) {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds), 0)
        final class Closed { var value = false }
        let closed = Closed()
        let connection = ClientConnection(fd: fds[0], limits: ServerLimits(), clock: monotonic.clock,
                                          onMessages: { _ in }, onClose: { _ in closed.value = true })
        let loop = try EventLoop()
        try connection.start(on: loop)
        addTeardownBlock { withExtendedLifetime(loop) {}; close(fds[1]) }
        return (connection, fds[1], { closed.value })
    }

    private func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testAnIdleConnection_isClosedAfterTheIdleTimeout_notBefore() throws {
        let monotonic = TestDaemon.Monotonic()
        let (connection, peer, closed) = try connection(monotonic)
        monotonic.now += ServerLimits().idleTimeout - 1
        connection.timeout()
        XCTAssertFalse(closed(), "idle for less than the time-out: still open")
        monotonic.now += 2
        connection.timeout()
        XCTAssertTrue(closed(), "idle past the time-out: closed")
        XCTAssertEqual(readAll(peer), "", "the peer sees the end of the stream")
    }

    func testHalfAMessage_isRefusedWithASentence_afterThePartialMessageTimeout() throws {
        let monotonic = TestDaemon.Monotonic()
        let (connection, peer, closed) = try connection(monotonic)
        let half = Array(#"{"method":"io.connectd.Sta"#.utf8)
        XCTAssertEqual(write(peer, half, half.count), half.count)
        connection.handle(events: IOEvents.readable)
        monotonic.now += ServerLimits().partialMessageTimeout - 1
        connection.timeout()
        XCTAssertFalse(closed(), "the message may still be completed")
        monotonic.now += 2
        connection.timeout()
        let reply = readAll(peer)
        XCTAssertTrue(reply.contains("stayed incomplete for 10 s"), "the client is told why: \(reply)")
        XCTAssertTrue(closed(), "and the connection is closed")
    }
}
