@testable import ConnectDaemon
import ConnectJSON
import Foundation
import XCTest

/// Orders and dates a user reads: one meaning of "most overdue" everywhere, names sorted as
/// people read them, follow-ups dated when they were promised, first catch-ups spread.
final class OutputOrderTests: XCTestCase {
    /// A weekly friend 3 weeks out (3×) is more overdue than a yearly one 2 months out (1.2×),
    /// although the yearly one has been due longer: due, stats and week agree.
    func testMostOverdue_isTheRatioEverywhere() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Weekly Friend","every":"1w"}"#)
        d.ok("AddPerson", #"{"name":"Yearly Friend","every":"1y"}"#)
        d.ok("LogInteraction", #"{"person":"weekly","kind":"call","at":"2027-04-13 10:00"}"#)
        d.ok("LogInteraction", #"{"person":"yearly","kind":"call","at":"2026-03-04 10:00"}"#)
        let due = d.ok("Due")["people"]?.array.compactMap { $0["name"]?.stringValue }
        XCTAssertEqual(due, ["Weekly Friend", "Yearly Friend"])
        let stats = d.ok("Stats")["losingTouch"]?.array.compactMap { $0["name"]?.stringValue }
        XCTAssertEqual(stats, due, "stats orders as due does")
        let week = d.ok("Week")["mostOverdue"]?.array.compactMap { $0["name"]?.stringValue }
        XCTAssertEqual(week, due, "week orders as due does")
        let ratios = d.ok("Due")["people"]?.array.compactMap { $0["overdueRatio"]?.double } ?? []
        XCTAssertEqual(ratios, ratios.sorted(by: >), "the ratio shown falls down the list")
    }

    func testPeopleAreListedByTheirFoldedName() throws {
        let d = try TestDaemon()
        for name in ["Zoë Adams", "Łukasz Nowak", "Émile Zola", "lena berg", "Max Mustermann"] { d.ok("AddPerson", #"{"name":"\#(name)"}"#) }
        XCTAssertEqual(ImportTests.people(d).compactMap { $0["name"]?.stringValue },
                       ["Émile Zola", "lena berg", "Łukasz Nowak", "Max Mustermann", "Zoë Adams"])
    }

    func testAFollowUpIsDatedWhenItWasPromised() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace"}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"coffee","at":"2027-05-01 12:00","next":["send the link"]}"#)
        let since = try XCTUnwrap(d.ok("FollowUps")["followUps"]?.array.first?["createdAt"]?.stringValue)
        XCTAssertTrue(since.hasPrefix("2027-05-01T12:00"), since)
    }

    /// One yearly person alone starts somewhere in the year (their own place), not tomorrow.
    func testAYearlyFirstCatchUp_isNotTheNextFreeDay() throws {
        var soon = 0
        for index in 0..<20 {
            let d = try TestDaemon(now: "2027-05-04 10:00")
            let person = d.ok("AddPerson", #"{"name":"Person \#(index)"}"#)["person"]
            let edited = d.ok("EditPerson", #"{"person":"\#(person?["id"]?.int ?? 0)","every":"1y"}"#)
            let format = ISO8601DateFormatter()
            format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let next = try XCTUnwrap(edited["person"]?["nextDue"]?.stringValue.flatMap(format.date(from:)))
            if next.timeIntervalSince(d.clock.now) < 7 * 86400 { soon += 1 }
        }
        XCTAssertLessThanOrEqual(soon, 2, "about 1 in 52 would start within a week by chance, not every one")
    }
}
