import ConnectProtocol
import XCTest

final class FrameDecoderTests: XCTestCase {
    let stream = Array(#"{"method":"a"}"#.utf8) + [0] + Array(#"{"method":"bb"}"#.utf8) + [0] + Array(#"{"method":"ccc"}"#.utf8) + [0]
    let expected = [#"{"method":"a"}"#, #"{"method":"bb"}"#, #"{"method":"ccc"}"#]

    func decodeAll(chunkSize: Int) throws -> [String] {
        var decoder = FrameDecoder(maxMessageSize: 1024)
        var messages: [String] = []
        var index = 0
        while index < stream.count {
            let chunk = stream[index..<min(index + chunkSize, stream.count)]
            messages += try decoder.feed(chunk).map { String(decoding: $0, as: UTF8.self) }
            index += chunkSize
        }
        XCTAssertEqual(decoder.pendingByteCount, 0)
        return messages
    }

    func testOneByteAtATime() throws {
        XCTAssertEqual(try decodeAll(chunkSize: 1), expected)
    }

    func testInBatches() throws {
        for size in [2, 3, 7, 15, 16, 17] {
            XCTAssertEqual(try decodeAll(chunkSize: size), expected, "chunk size \(size)")
        }
    }

    func testAllAtOnce() throws {
        XCTAssertEqual(try decodeAll(chunkSize: stream.count), expected)
    }

    func testPartialMessageIsKept() throws {
        var decoder = FrameDecoder(maxMessageSize: 1024)
        XCTAssertEqual(try decoder.feed(Array(#"{"method":"#.utf8)), [])
        XCTAssertEqual(decoder.pendingByteCount, 10)
        XCTAssertEqual(try decoder.feed(Array(#""x"}"#.utf8) + [0]).count, 1)
    }

    func testOversizedWithoutNULIsRefused() {
        var decoder = FrameDecoder(maxMessageSize: 100)
        XCTAssertNoThrow(try decoder.feed([UInt8](repeating: 65, count: 100)))
        XCTAssertThrowsError(try decoder.feed([65])) { error in
            XCTAssertEqual(error as? FrameDecoder.Failure, .oversized(limit: 100))
        }
    }

    func testOversizedCompleteMessageIsRefused() {
        var decoder = FrameDecoder(maxMessageSize: 10)
        XCTAssertThrowsError(try decoder.feed([UInt8](repeating: 65, count: 11) + [0]))
    }

    func testEmptyMessageIsDelivered() throws {
        var decoder = FrameDecoder(maxMessageSize: 10)
        XCTAssertEqual(try decoder.feed([0, 0]), [[], []])
    }
}
