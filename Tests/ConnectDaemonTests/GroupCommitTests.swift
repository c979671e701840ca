import ConnectCore
@testable import ConnectDaemon
import ConnectJSON
import ConnectServices
import ConnectStore
import Foundation
import XCTest

/// Several clients in one turn: one transaction, a savepoint each, fair shares.
final class GroupCommitTests: XCTestCase {
    func message(_ method: String, _ parameters: String) -> [UInt8] {
        Array(#"{"method":"io.connectd.\#(method)","parameters":\#(parameters)}"#.utf8)
    }

    func testOneFailingRequestRollsBackOnlyItself_inSQLiteAndInMemory() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Ada Lovelace"}"#)
        let clients = (0..<8).map { _ in TestDaemon.Client() }
        for (index, client) in clients.enumerated() {
            // Client 3 adds a duplicate name: refused inside the transaction, after the others began.
            let name = index == 3 ? "ada lovelace" : "Person \(index)"
            client.pending = [message("AddPerson", #"{"name":"\#(name)","due":"now"}"#)]
            d.dispatcher.enqueue(client)
        }
        d.dispatcher.turn()
        for (index, client) in clients.enumerated() {
            let reply = try XCTUnwrap(client.replies.first, "client \(index) was answered")
            if index == 3 {
                XCTAssertEqual(reply["error"]?.stringValue, "io.connectd.PersonExists")
            } else {
                XCTAssertNil(reply["error"], "\(reply)")
            }
        }
        XCTAssertEqual(d.ok("Status")["people"]?.int, 8)
        XCTAssertEqual(d.ok("Status")["due"]?.int, 7)
        try assertMemoryMatchesDatabase(d)
    }

    func testFairness_aPipeliningClientCannotStarveAnother() throws {
        let d = try TestDaemon()
        let greedy = TestDaemon.Client()
        greedy.pending = (0..<100).map { _ in message("Status", "{}") }
        let polite = TestDaemon.Client()
        polite.pending = [message("Status", "{}")]
        d.dispatcher.enqueue(greedy)
        d.dispatcher.enqueue(polite)
        d.dispatcher.turn()
        XCTAssertEqual(polite.replies.count, 1, "answered in the first turn")
        XCTAssertLessThanOrEqual(greedy.replies.count, d.limits.messagesPerTurn)
        var turns = 1
        while !greedy.pending.isEmpty, turns < 100 {
            d.dispatcher.turn()
            turns += 1
        }
        XCTAssertEqual(greedy.replies.count, 100, "served over several turns")
    }

    /// The property that keeps memory honest: after any sequence of operations through the real
    /// handlers, the in-memory state equals one rebuilt from SQLite.
    func testRandomOperations_memoryAlwaysMatchesTheDatabase() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        var random = SystemRandomNumberGenerator()
        let kinds = ["coffee", "call", "lunch", "read"]
        let cadences = ["2d", "1w", "3w", "1m", "1y", "30s"]
        for step in 0..<400 {
            let id = Int.random(in: 1...25, using: &random)
            switch Int.random(in: 0..<13, using: &random) {
            case 0, 1:
                let due = Bool.random(using: &random) ? #","due":"now""# : ""
                d.call("AddPerson", ##"{"name":"Person \##(id)","every":"\##(cadences.randomElement(using: &random)!)"\##(due)}"##)
            case 2: d.call("EditPerson", ##"{"person":"#\##(id)","every":"\##(cadences.randomElement(using: &random)!)"}"##)
            case 3, 4: d.call("LogInteraction", ##"{"person":"#\##(id)","kind":"\##(kinds.randomElement(using: &random)!)","at":"\##(Int.random(in: 0...40, using: &random)) days ago"}"##)
            case 5: d.call("Snooze", ##"{"person":"#\##(id)","duration":"\##(Int.random(in: 1...30, using: &random))d"}"##)
            case 6: d.call("Skip", ##"{"person":"#\##(id)"}"##)
            case 7: d.call("Done", ##"{"person":"#\##(id)"}"##)
            case 8: d.call("RemovePerson", ##"{"person":"#\##(id)"}"##)
            case 9: d.call("EditPerson", ##"{"person":"#\##(id)","ignored":\##(Bool.random(using: &random))}"##)
            case 10:
                // Untriaged people from an address book (some matching people already here, by name).
                let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person \(id)\r\nEMAIL:p\(id)@example.org\r\nEND:VCARD\r\n"
                    + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported \(id)\r\nCATEGORIES:batch\r\nEND:VCARD\r\n"
                let every = Bool.random(using: &random) ? #""every":"1m""# : ""
                _ = ImportTests.importBytes(d, Array(card.utf8), every)
            case 11: d.call("SetCadence", ##"{"tag":"batch","every":"\##(cadences.randomElement(using: &random)!)"}"##)
            default:
                d.clock.now = d.clock.now.addingTimeInterval(Double.random(in: 0...(3 * 86400), using: &random))
                d.replan()
            }
            if step % 20 == 0 { try assertMemoryMatchesDatabase(d) }
        }
        try assertMemoryMatchesDatabase(d)
    }
}

/// Memory against a state rebuilt from SQLite: every field of every entry, and the counts.
extension XCTestCase {
    func assertMemoryMatchesDatabase(_ d: TestDaemon, file: StaticString = #filePath, line: UInt = #line) throws {
        let loaded = try d.runtime.keeper.store.read { try $0.loadState(deliveriesSince: .distantPast) }
        let live = d.runtime.live
        XCTAssertEqual(live.schedule.count, loaded.entries.count, file: file, line: line)
        XCTAssertEqual(live.interactionCount, loaded.history.interactionCount, "interactions", file: file, line: line)
        XCTAssertEqual(live.openNudgeCount, loaded.entries.filter { $0.openNudgeSince != nil }.count, "open nudges", file: file, line: line)
        XCTAssertEqual(live.heldCount, loaded.history.heldCount, "ignored", file: file, line: line)
        let untriaged = try d.runtime.keeper.store.read { try $0.untriagedPeople(limit: 1).total }
        XCTAssertEqual(live.untriagedCount, untriaged, "untriaged", file: file, line: line)
        for entry in loaded.entries {
            guard let memory = live.schedule[entry.personID] else {
                XCTFail("#\(entry.personID) is in SQLite but not in memory", file: file, line: line)
                continue
            }
            XCTAssertEqual(memory.cadence, entry.cadence, "#\(entry.personID) cadence", file: file, line: line)
            // Times are stored as seconds since 1970 in a REAL: equal to well under a microsecond.
            assertSame(memory.addedAt, entry.addedAt, "#\(entry.personID) added", file: file, line: line)
            assertSame(memory.lastContact, entry.lastContact, "#\(entry.personID) last contact", file: file, line: line)
            assertSame(memory.dueOverride, entry.dueOverride, "#\(entry.personID) due override", file: file, line: line)
            assertSame(memory.openNudgeSince, entry.openNudgeSince, "#\(entry.personID) open nudge", file: file, line: line)
        }
        let rebuilt = Schedule(calendar: d.calendar, renudgeAfter: d.runtime.settings.rules.renudgeAfter, entries: loaded.entries)
        XCTAssertEqual(live.schedule.dueCount(at: d.clock.now), rebuilt.dueCount(at: d.clock.now), "due count", file: file, line: line)
        XCTAssertEqual(live.schedule.catchUpsPerDay, rebuilt.catchUpsPerDay, accuracy: 1e-9, "catch-ups a day", file: file, line: line)
        assertSame(live.schedule.earliestEligible(), rebuilt.earliestEligible(), "next eligible", file: file, line: line)
    }

    func assertSame(_ a: Date?, _ b: Date?, _ what: String, file: StaticString, line: UInt) {
        switch (a, b) {
        case (nil, nil): return
        case (let a?, let b?): XCTAssertEqual(a.timeIntervalSince1970, b.timeIntervalSince1970, accuracy: 1e-6, what, file: file, line: line)
        default: XCTFail("\(what): \(String(describing: a)) in memory, \(String(describing: b)) in SQLite", file: file, line: line)
        }
    }
}
