import ConnectCore
import ConnectInterchange
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

    /// The turn budget, in-process with a monotonic clock that advances 30 ms at each reading
    /// (requests that take time, without sleeping): a turn stops taking messages once 50 ms have
    /// passed, and a client it did not reach goes first in the next turn.
    func testTheTurnBudget_stopsATurn_andWhoWasNotReachedGoesFirst() throws {
        let monotonic = TestDaemon.Monotonic()
        let d = try TestDaemon(monotonic: monotonic.clock)
        let clients = (0..<3).map { _ in TestDaemon.Client() }
        for client in clients {
            client.pending = (0..<4).map { _ in message("Status", "{}") }
            d.dispatcher.enqueue(client)
        }
        monotonic.step = 0.03
        d.dispatcher.turn()
        let first = clients.map(\.replies.count)
        XCTAssertLessThan(first.reduce(0, +), 3, "the budget ended the first turn before every client had a reply: \(first)")
        XCTAssertEqual(first.last, 0, "the last client was not reached in the first turn: \(first)")
        d.dispatcher.turn()
        XCTAssertGreaterThan(clients.last?.replies.count ?? 0, 0,
                             "who was not reached is served first in the next turn: \(clients.map(\.replies.count))")
        XCTAssertEqual(clients[1].replies.count, first[1], "and the budget ended that turn before the second client came again")
        monotonic.step = 0
        var turns = 2
        while clients.contains(where: { !$0.pending.isEmpty }), turns < 20 {
            d.dispatcher.turn()
            turns += 1
        }
        XCTAssertEqual(clients.map(\.replies.count), [4, 4, 4], "everyone is served in the end")
    }

    /// The property that keeps memory honest: after any sequence of operations through every
    /// write path (the handlers, the vdir's cards and nudges, restores, desktop buttons, answers,
    /// merges, undone imports, plans and their answers, the scheduler), the in-memory state equals one rebuilt from
    /// SQLite, after every step. Seeded: a failure prints its seed, and
    /// CONNECTD_PROPERTY_SEED=N replays it.
    func testRandomOperations_memoryAlwaysMatchesTheDatabase() throws {
        let seed = ProcessInfo.processInfo.environment["CONNECTD_PROPERTY_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
        var random = SeededRandom(seed: seed)
        let d = try TestDaemon(now: "2027-05-04 10:00")
        let kinds = ["coffee", "call", "lunch", "read"]
        let cadences = ["2d", "1w", "3w", "1m", "1y", "30s"]
        var lastImport: Int?
        for step in 0..<400 {
            let id = Int.random(in: 1...25, using: &random)
            let other = Int.random(in: 1...25, using: &random)
            let operation = Int.random(in: 0..<36, using: &random)
            let circle = ["founders", "batch"].randomElement(using: &random)!
            switch operation {
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
                lastImport = ImportTests.importBytes(d, Array(card.utf8), every)["parameters"]?["run"]?.int ?? lastImport
            case 11: d.call("SetCadence", ##"{"tag":"batch","every":"\##(cadences.randomElement(using: &random)!)"}"##)
            case 12: d.call("Restore", ##"{"name":"\##(id)"}"##)
            case 13: d.call("MergePeople", ##"{"into":"#\##(id)","from":"#\##(other)"}"##)
            case 14: d.call("EditPerson", ##"{"person":"#\##(id)","wantToMeet":\##(Bool.random(using: &random))}"##)
            case 15: d.call("Reflect", ##"{"answer":"step \##(step)"}"##)
            case 16:
                if let run = lastImport { d.call("UndoImport", ##"{"run":"\##(run)"}"##) }
            case 17:
                // A card from another machine, through the vdir's door.
                let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:synced-\(id)\r\nFN:Synced \(id)\r\nX-CONNECTD-CADENCE:\(cadences.randomElement(using: &random)!)\r\n"
                    + "REV:20270504T0\(Int.random(in: 0...9, using: &random))0000Z\r\nEND:VCARD\r\n"
                var reader = VCardReader(source: MemoryBytes(Array(card.utf8)))
                if case .contact(let contact)? = try reader.next() {
                    _ = try d.write { try Syncing.apply(card: contact, in: $0) }
                }
            case 18:
                // A nudge another machine delivered, or completed there.
                let person = try d.runtime.keeper.store.read { try $0.person(id: Int64(id)) }
                if let person, let due = d.runtime.live.schedule.dueAt(person.id), due <= d.clock.now {
                    var item = CalendarItem(kind: .todo, uid: MirrorItems.nudgeUID(person: person.uid, dueSince: due), stamp: d.clock.now)
                    item.person = person.uid
                    item.start = due
                    item.machine = "desktop"
                    item.status = Bool.random(using: &random) ? "COMPLETED" : nil
                    _ = try d.write {
                        try Syncing.apply(todo: item, thisMachine: "laptop", in: $0)
                    }
                }
            case 19:
                // A button on the desktop notification of an open nudge.
                let open = try d.runtime.keeper.store.read { try $0.openNudges() }
                if let nudge = open.randomElement(using: &random) {
                    let action = ["done", "snooze", "skip"].randomElement(using: &random)!
                    d.commands.submit("apply '\(action)'") { ws in
                        try DesktopActions.apply(.nudge(id: nudge.id), action: action, snooze: d.runtime.config.desktop.snooze, log: d.runtime.log, in: ws)
                    }
                    d.dispatcher.turn()
                }
            case 20:
                let most = Bool.random(using: &random) ? #","atMost":"6w""# : ""
                d.call("SetCircle", ##"{"name":"\##(circle)","every":"\##(["1w", "3w", "1m"].randomElement(using: &random)!)"\##(most)}"##)
            case 21: d.call("SetCircle", ##"{"name":"\##(circle)","off":true}"##)
            case 22: d.call("AddPerson", ##"{"name":"Member \##(id)","tags":["\##(circle)"]}"##)
            case 23: d.call("EditPerson", ##"{"person":"#\##(id)","\##(Bool.random(using: &random) ? "addTags" : "removeTags")":["\##(circle)"]}"##)
            case 24: d.call("EditPerson", ##"{"person":"#\##(id)","every":"circle"}"##)
            case 25:
                // A circle's card from another machine, through the vdir's door.
                let card = CircleCard(name: circle, every: ["2w", "1m"].randomElement(using: &random)!, atMost: nil,
                                      revision: d.clock.now.addingTimeInterval(Double(Int.random(in: -5...5, using: &random)) * 3600))
                _ = try d.write { try Circles.apply(card: card, in: $0) }
            case 26:
                // A pause of a few days (the clock moves on in other steps), or its end.
                let day = d.calendar.day(of: d.clock.now).adding(days: Int.random(in: 1...6, using: &random))!
                d.call("Pause", ##"{"until":"\##(day)"}"##)
            case 27: d.call("Pause", #"{"off":true}"#)
            case 28, 29:
                // A plan a few hours or days ahead; answered, moved or cancelled in other steps.
                d.call("Plan", ##"{"person":"#\##(id)","kind":"lunch","when":"in \##(Int.random(in: 1...9, using: &random)) days","length":"2h"}"##)
            case 30: d.call("PlanHappened", ##"{"id":\##(Int.random(in: 1...20, using: &random))}"##)
            case 31: d.call("CancelPlan", ##"{"id":\##(Int.random(in: 1...20, using: &random))}"##)
            case 32: d.call("MovePlan", ##"{"id":\##(Int.random(in: 1...20, using: &random)),"when":"tomorrow 10:00"}"##)
            case 33:
                // A button on the question whether a plan happened.
                let asked = try d.runtime.keeper.store.read { try $0.openPlans(limit: 50).items.filter { $0.plan.askedAt != nil } }
                if let plan = asked.randomElement(using: &random)?.plan {
                    let action = ["happened", "didnt", "move"].randomElement(using: &random)!
                    d.commands.submit("apply '\(action)'") { ws in
                        try DesktopActions.apply(.plan(id: plan.id), action: action, snooze: d.runtime.config.desktop.snooze, log: d.runtime.log, in: ws)
                    }
                    d.dispatcher.turn()
                }
            default:
                d.clock.now = d.clock.now.addingTimeInterval(Double.random(in: 0...(3 * 86400), using: &random))
                d.replan()
            }
            let failures = testRun?.failureCount ?? 0
            try assertMemoryMatchesDatabase(d)
            if (testRun?.failureCount ?? 0) > failures {
                XCTFail("step \(step), operation \(operation): replay with CONNECTD_PROPERTY_SEED=\(seed)")
                return
            }
        }
    }
}

/// SplitMix64: a few lines, the same sequence for a seed on every machine.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Memory against a state rebuilt from SQLite: every field of every entry, and the counts.
extension XCTestCase {
    func assertMemoryMatchesDatabase(_ d: TestDaemon, file: StaticString = #filePath, line: UInt = #line) throws {
        let loaded = try d.runtime.keeper.store.read { try $0.loadState(deliveriesSince: .distantPast) }
        let live = d.runtime.live
        XCTAssertEqual(live.schedule.count, loaded.entries.count, file: file, line: line)
        XCTAssertEqual(live.interactionCount, try d.runtime.keeper.store.read { try $0.interactionCount() }, "interactions", file: file, line: line)
        XCTAssertEqual(live.openNudgeCount, loaded.entries.filter { $0.openNudgeSince != nil }.count, "open nudges", file: file, line: line)
        XCTAssertEqual(live.heldCount, try d.runtime.keeper.store.read { try $0.heldCount() }, "ignored", file: file, line: line)
        let untriaged = try d.runtime.keeper.store.read { try $0.untriagedPeople(limit: 1).total }
        XCTAssertEqual(live.untriagedCount, untriaged, "untriaged", file: file, line: line)
        for row in loaded.rows {
            XCTAssertEqual(live.circle(of: row.entry.personID), row.circle, "#\(row.entry.personID) circle", file: file, line: line)
        }
        for entry in loaded.entries {
            guard let memory = live.schedule[entry.personID] else {
                XCTFail("#\(entry.personID) is in SQLite but not in memory", file: file, line: line)
                continue
            }
            XCTAssertEqual(memory.cadence, entry.cadence, "#\(entry.personID) cadence", file: file, line: line)
            XCTAssertEqual(memory.maximum, entry.maximum, "#\(entry.personID) circle's maximum", file: file, line: line)
            // Times are stored as seconds since 1970 in a REAL: equal to well under a microsecond.
            assertSame(memory.addedAt, entry.addedAt, "#\(entry.personID) added", file: file, line: line)
            assertSame(memory.lastContact, entry.lastContact, "#\(entry.personID) last contact", file: file, line: line)
            assertSame(memory.dueOverride, entry.dueOverride, "#\(entry.personID) due override", file: file, line: line)
            assertSame(memory.openNudgeSince, entry.openNudgeSince, "#\(entry.personID) open nudge", file: file, line: line)
            XCTAssertEqual(memory.wantToMeet, entry.wantToMeet, "#\(entry.personID) to meet", file: file, line: line)
            XCTAssertEqual(memory.occasions, entry.occasions, "#\(entry.personID) birthday and dates", file: file, line: line)
            assertSame(memory.heldUntil, entry.heldUntil, "#\(entry.personID) held by a plan", file: file, line: line)
            assertSame(memory.questionAt, entry.questionAt, "#\(entry.personID) question about a plan", file: file, line: line)
        }
        let history = try d.runtime.keeper.store.read { try $0.loadHistory(deliveriesSince: d.clock.now.addingTimeInterval(-3 * 86400)) }
        // What the budget looks at (memory forgets deliveries older than two days).
        let window = d.clock.now.addingTimeInterval(-2 * 86400)
        XCTAssertEqual(live.scheduler.nudgeDeliveries.filter { $0 >= window }.sorted(), history.nudgeDeliveries.filter { $0 >= window }.sorted(),
                       "deliveries", file: file, line: line)
        XCTAssertEqual(live.reflectionLog.map(\.answered), history.prompts.map(\.answered), "answers", file: file, line: line)
        XCTAssertEqual(live.scheduler.lastPromptSlot, history.prompts.last?.slot, "last prompt", file: file, line: line)
        XCTAssertEqual(live.scheduler.pausedUntilDay, history.pausedUntilDay, "paused until", file: file, line: line)
        let rebuilt = Schedule(calendar: d.calendar, renudgeAfter: d.runtime.settings.rules.renudgeAfter, entries: loaded.entries)
        XCTAssertEqual(live.schedule.dueCount(at: d.clock.now), rebuilt.dueCount(at: d.clock.now), "due count", file: file, line: line)
        XCTAssertEqual(live.schedule.catchUpsPerDay, rebuilt.catchUpsPerDay, accuracy: 1e-9, "catch-ups a day", file: file, line: line)
        assertSame(live.schedule.earliestEligible(), rebuilt.earliestEligible(), "next eligible", file: file, line: line)
        assertSame(live.schedule.nextQuestion, rebuilt.nextQuestion, "next question about a plan", file: file, line: line)
    }

    func assertSame(_ a: Date?, _ b: Date?, _ what: String, file: StaticString, line: UInt) {
        switch (a, b) {
        case (nil, nil): return
        case (let a?, let b?): XCTAssertEqual(a.timeIntervalSince1970, b.timeIntervalSince1970, accuracy: 1e-6, what, file: file, line: line)
        default: XCTFail("\(what): \(String(describing: a)) in memory, \(String(describing: b)) in SQLite", file: file, line: line)
        }
    }
}
