@testable import ConnectStore
import XCTest

final class ChangeLogTests: XCTestCase {
    /// The mirror writes a large import out in pages: each take hands over at most the limit,
    /// cards first, every removal at once, and nothing is lost or handed over twice.
    func testTakeAtMost_pagesEveryItemOnce_removalsAtOnce() {
        let log = ChangeLog()
        log.card(1)
        XCTAssertTrue(log.isEmpty, "nothing is recorded before a mirror asks")
        log.isRecording = true
        for id in 1...5 { log.card(Int64(id)) }
        for id in 11...13 { log.interaction(Int64(id)) }
        log.nudge(21)
        log.removedPerson(uid: "urn:uuid:gone")

        let first = log.take(atMost: 4)
        XCTAssertEqual(first.cards.count, 4, "cards come first")
        XCTAssertEqual(first.interactions, [])
        XCTAssertEqual(first.removed, ["urn:uuid:gone"], "removals go with the first page")
        let second = log.take(atMost: 4)
        XCTAssertEqual(second.cards.count, 1)
        XCTAssertEqual(second.interactions, [11, 12, 13])
        XCTAssertEqual(second.removed, [])
        let third = log.take(atMost: 4)
        XCTAssertEqual(third.nudges, [21])
        XCTAssertTrue(log.isEmpty)
        XCTAssertTrue(log.take(atMost: 4).isEmpty)
        XCTAssertEqual(first.cards.union(second.cards), [1, 2, 3, 4, 5], "every card once")
    }
}
