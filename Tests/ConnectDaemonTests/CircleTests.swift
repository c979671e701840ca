@testable import ConnectDaemon
import ConnectCore
import ConnectInterchange
import ConnectServices
import ConnectStore
import Foundation
import XCTest

/// Circles through the services: who follows which cadence, the maximum's order, what `show`
/// and a nudge say, the card that carries a circle to another machine, and the export.
final class CircleTests: XCTestCase {
    /// Runs `body` as one write at the daemon's now.
    @discardableResult
    func write<T>(_ d: TestDaemon, _ body: @escaping (Workspace) throws -> T) throws -> T {
        try d.write(body)
    }

    func add(_ d: TestDaemon, _ name: String, tags: [String], every: String? = nil) throws -> Int64 {
        try write(d) { ws in
            var new = People.NewPerson(name: name)
            new.tags = tags
            new.cadence = try every.map { try Cadence.parse($0) }
            return try People.add(new, in: ws).person.id
        }
    }

    static func every(_ text: String) -> Cadence { try! Cadence.parse(text) }

    func testOwnCadenceWins_theShortestCircleCounts_andRemovingACircleLeavesTheTags() throws {
        let d = try TestDaemon()
        try write(d) { ws in
            _ = try Circles.set("founders", every: Self.every("1m"), atMost: Self.every("6w"), in: ws)
            _ = try Circles.set("friends", every: Self.every("2w"), atMost: nil, in: ws)
        }
        let ada = try add(d, "Ada Lovelace", tags: ["founders"])
        let alan = try add(d, "Alan Turing", tags: ["founders", "friends"])
        let grace = try add(d, "Grace Hopper", tags: ["founders"], every: "1y")
        let live = d.runtime.live
        XCTAssertEqual(live.schedule[ada]?.cadence, Self.every("1m"), "a member without a cadence of their own follows the circle")
        XCTAssertEqual(live.schedule[ada]?.maximum, Self.every("6w"))
        XCTAssertEqual(live.circle(of: ada), "founders")
        XCTAssertEqual(live.schedule[alan]?.cadence, Self.every("2w"), "in two circles, the shorter cadence counts")
        XCTAssertEqual(live.circle(of: alan), "friends")
        XCTAssertEqual(live.schedule[grace]?.cadence, Self.every("1y"), "a person's own cadence wins over the circle's")
        XCTAssertNil(live.circle(of: grace))
        XCTAssertNil(live.schedule[grace]?.maximum, "the circle's maximum goes with the circle's cadence")

        let listed = try write(d) { try Circles.list(in: $0) }
        XCTAssertEqual(listed.map(\.circle.name), ["founders", "friends"])
        XCTAssertEqual(listed.map(\.members), [3, 1])
        XCTAssertEqual(listed.map(\.following), [2, 1], "Grace has her own cadence")

        let shown = try write(d) { try People.show(try $0.session.findPerson("ada"), limit: 1, in: $0).person }
        XCTAssertEqual(shown.circle, "founders")
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"ada"}"#)["person"]?["cadenceText"]?.stringValue, "every 1 month, from founders")

        try write(d) { try Circles.remove("founders", in: $0) }
        XCTAssertNil(d.runtime.live.schedule[ada]?.cadence, "without the circle Ada waits for triage again")
        XCTAssertEqual(try write(d) { try People.untriaged(limit: 10, in: $0).total }, 1)
        XCTAssertEqual(try d.runtime.keeper.store.read { try $0.person(id: ada)?.tags }, ["founders"], "the tag stays")
        XCTAssertThrowsError(try write(d) { try Circles.remove("founders", in: $0) }) { error in
            guard case ServiceError.noSuchCircle("founders") = error else { return XCTFail("\(error)") }
        }
    }

    func testBadCirclesAreRefused_withWhatToDo() throws {
        let d = try TestDaemon()
        XCTAssertTrue(d.error("SetCircle", #"{"name":"founders","every":"1m","atMost":"2w"}"#).message.contains("must be longer than its cadence"))
        XCTAssertTrue(d.error("SetCircle", #"{"name":"a,b","every":"1m"}"#).message.contains("is not one tag"))
        XCTAssertTrue(d.error("SetCircle", #"{"name":"founders"}"#).message.contains("Give the circle's cadence"))
        let notACadence = d.error("SetCircle", #"{"name":"founders","every":"soon"}"#).message
        XCTAssertTrue(notACadence.contains("soon"), notACadence)
        XCTAssertTrue(d.error("SetCircle", #"{"name":"founders","off":true}"#).message.contains("There is no circle 'founders'"))
        let ada = try add(d, "Ada Lovelace", tags: ["founders"], every: "1w")
        XCTAssertTrue(d.error("EditPerson", #"{"person":"ada","every":"circle"}"#).message.contains("is in no circle"))
        XCTAssertEqual(d.runtime.live.schedule[ada]?.cadence, Self.every("1w"), "a refused edit changes nothing")
    }

    func testFollowingTheCircle_byPersonAndByTag() throws {
        let d = try TestDaemon()
        let ada = try add(d, "Ada Lovelace", tags: ["founders"], every: "1w")
        let alan = try add(d, "Alan Turing", tags: ["founders"], every: "3w")
        d.ok("SetCircle", #"{"name":"founders","every":"1m"}"#)
        XCTAssertEqual(d.ok("EditPerson", #"{"person":"ada","every":"circle"}"#)["person"]?["circle"]?.stringValue, "founders")
        XCTAssertEqual(d.runtime.live.schedule[ada]?.cadence, Self.every("1m"))
        XCTAssertEqual(d.ok("SetCadence", #"{"tag":"founders","every":"circle"}"#)["changed"]?.int, 1, "only Alan still had his own")
        XCTAssertEqual(d.runtime.live.schedule[alan]?.cadence, Self.every("1m"))
    }

    /// Past the maximum comes first, whatever the ratio: a yearly friend twice overdue waits
    /// behind a founder just past six weeks.
    func testPastTheMaximumComesFirst() throws {
        let d = try TestDaemon()
        try write(d) { _ = try Circles.set("founders", every: Self.every("1m"), atMost: Self.every("6w"), in: $0) }
        let ada = try add(d, "Ada Lovelace", tags: ["founders"])
        let yearly = try add(d, "Yves Yearly", tags: [], every: "1w")
        d.clock.now = d.clock.now.addingTimeInterval(43 * 86400)
        let due = try write(d) { try People.due(limit: 10, in: $0).people.map(\.person.id) }
        XCTAssertEqual(due, [ada, yearly], "Ada is past the circle's 6 weeks (ratio 1.4); Yves is 6 times overdue but has no maximum")
        XCTAssertTrue(d.runtime.live.schedule[ada]!.isPastMaximum(now: d.clock.now))
    }

    /// Setting a circle spreads the first due dates of members never in touch (imported, waiting
    /// for triage), as a first cadence does: not all due on one day.
    func testANewCircleSpreadsItsNewMembers() throws {
        let d = try TestDaemon()
        let cards = (0..<20).map { "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Member \($0)\r\nCATEGORIES:founders\r\nEND:VCARD\r\n" }.joined()
        XCTAssertNil(ImportTests.importBytes(d, Array(cards.utf8))["error"])
        XCTAssertEqual(try write(d) { try People.untriaged(limit: 1, in: $0).total }, 20)
        try write(d) { _ = try Circles.set("founders", every: Self.every("1m"), atMost: nil, in: $0) }
        XCTAssertEqual(try write(d) { try People.untriaged(limit: 1, in: $0).total }, 0, "the circle gave them all a cadence")
        let due = (1...20).compactMap { d.runtime.live.schedule.dueAt(Int64($0)) }
        XCTAssertEqual(due.count, 20)
        let days = Set(due.map { d.calendar.day(of: $0) })
        XCTAssertGreaterThan(days.count, 10, "20 people over a month fall on more than 10 days: \(days.count)")
    }

    func testTheNudgeSaysTheCircle() throws {
        let d = try TestDaemon()
        try write(d) { _ = try Circles.set("founders", every: Self.every("1m"), atMost: nil, in: $0) }
        let ada = try add(d, "Ada Lovelace", tags: ["founders"])
        let context = try write(d) { ws in try NudgeContext.load(try ws.session.person(id: ada)!, in: ws) }
        let person = try d.runtime.keeper.store.read { try $0.person(id: ada)! }
        let body = NudgeText.body(for: person, context: context, late: false, dueSince: d.clock.now, at: d.clock.now, calendar: d.calendar)
        XCTAssertTrue(body.hasSuffix("You wanted to be in touch every 1 month (founders)."), body)
    }

    func testTheCircleCard_roundTripsAndIsCheckedWhenItComesIn() throws {
        let card = CircleCard(name: "founders", every: "1m", atMost: "6w", revision: Date(timeIntervalSince1970: 1_800_000_000),
                              members: ["6f9619ff-8b86-d011-b42d-00c04fc964ff", "mailto:ada@example.org", "plain uid"])
        let text = card.text(product: "-//test//EN")
        XCTAssertTrue(text.contains("KIND:group\r\n"), text)
        XCTAssertTrue(text.contains("MEMBER:urn:uuid:6f9619ff-8b86-d011-b42d-00c04fc964ff\r\n"), text)
        XCTAssertTrue(text.contains("MEMBER:mailto:ada@example.org\r\n"), text)
        XCTAssertFalse(text.contains("plain uid"), "a UID that is no URI cannot be a MEMBER")
        guard case .circle(let parsed) = CircleCard.parse(Array(text.utf8)) else { return XCTFail("not read back: \(text)") }
        XCTAssertEqual(parsed.name, "founders")
        XCTAssertEqual(parsed.every, "1m")
        XCTAssertEqual(parsed.atMost, "6w")
        XCTAssertEqual(parsed.revision, card.revision)
        XCTAssertEqual(CircleCard.parse(Array("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:x\r\nFN:Ada\r\nEND:VCARD\r\n".utf8)), .notCircle)
        let noKind = text.replacingOccurrences(of: "KIND:group\r\n", with: "")
        XCTAssertEqual(CircleCard.parse(Array(noKind.utf8)), .unusable("a circle's card must be KIND:group"))

        let d = try TestDaemon()
        XCTAssertEqual(try write(d) { try Circles.apply(card: card, in: $0) }, .added)
        XCTAssertEqual(try write(d) { try Circles.apply(card: card, in: $0) }, .unchanged)
        var older = card
        older.every = "2w"
        older.revision = card.revision.addingTimeInterval(-60)
        XCTAssertEqual(try write(d) { try Circles.apply(card: older, in: $0) }, .unchanged, "an older card does not win")
        var bad = card
        bad.atMost = "1w"
        bad.revision = card.revision.addingTimeInterval(60)
        guard case .refused(let reason) = try write(d, { try Circles.apply(card: bad, in: $0) }) else { return XCTFail("a maximum under the cadence came in") }
        XCTAssertTrue(reason.contains("not longer than its cadence"), reason)
        XCTAssertEqual(try d.runtime.keeper.store.read { try $0.circle("founders") }?.every, Self.every("1m"))
    }

    func testCirclesTravelThroughTheExport() throws {
        let d = try TestDaemon()
        d.ok("SetCircle", #"{"name":"founders","every":"1m","atMost":"6w"}"#)
        let page = try write(d) { try Exporting.jsonPage(after: 0, limit: 10, in: $0) }
        XCTAssertEqual(page.circles.map(\.name), ["founders"])
        let document = ExportDocument(pages: [page])
        let other = try TestDaemon()
        _ = try other.write { try Restoring.run(document, options: Importing.Options(), in: $0) }
        let restored = try other.runtime.keeper.store.read { try $0.circle("founders") }
        XCTAssertEqual(restored?.every, Self.every("1m"))
        XCTAssertEqual(restored?.atMost, Self.every("6w"))
    }
}
