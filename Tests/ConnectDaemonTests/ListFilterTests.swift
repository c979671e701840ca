@testable import ConnectDaemon
import ConnectCore
import ConnectJSON
import ConnectServices
import Foundation
import XCTest

/// `ls` filters and pages: each filter alone and together, the total beyond the page, and a
/// circle that does not exist.
final class ListFilterTests: XCTestCase {
    private func names(_ d: TestDaemon, _ parameters: String, file: StaticString = #filePath, line: UInt = #line) -> (names: [String], total: Int?) {
        let reply = d.ok("ListPeople", parameters, file: file, line: line)
        return (reply["people"]?.array.compactMap { $0["name"]?.stringValue } ?? [], reply["total"]?.int)
    }

    func testEachFilterAndTheirCombination_pagedWithATotal() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"3w","tags":["founders"],"organization":"Analytical Engines"}"#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w","due":"now","organization":"analytical engines"}"#)
        d.ok("AddPerson", #"{"name":"Alan Turing","every":"2w","tags":["founders","friends"]}"#)
        d.ok("EditPerson", #"{"person":"alan","ignored":true}"#)
        try d.write { ws in // as an import brings them: without a cadence, waiting for triage
            _ = try ws.session.insertPerson(Person(name: "Łukasz Nowak", cadence: nil, tags: ["founders"], addedAt: ws.now, uid: Person.newUID()))
            _ = try ws.session.insertPerson(Person(name: "Zoë Kravitz", cadence: nil, addedAt: ws.now, uid: Person.newUID()))
        }
        XCTAssertEqual(names(d, "{}").names, ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Łukasz Nowak", "Zoë Kravitz"])
        XCTAssertEqual(names(d, #"{"limit":2}"#).names, ["Ada Lovelace", "Alan Turing"])
        XCTAssertEqual(names(d, #"{"limit":2}"#).total, 5, "the total counts beyond the page")
        XCTAssertEqual(names(d, #"{"tag":"Founders"}"#).names, ["Ada Lovelace", "Alan Turing", "Łukasz Nowak"])
        XCTAssertEqual(names(d, #"{"untriaged":true}"#).names, ["Łukasz Nowak", "Zoë Kravitz"])
        XCTAssertEqual(names(d, #"{"ignored":true}"#).names, ["Alan Turing"])
        XCTAssertEqual(names(d, #"{"org":"ANALYTICAL ENGINES"}"#).names, ["Ada Lovelace", "Grace Hopper"])
        XCTAssertEqual(names(d, #"{"due":true}"#).names, ["Grace Hopper"])
        XCTAssertEqual(names(d, #"{"tag":"founders","untriaged":true}"#).names, ["Łukasz Nowak"], "every filter given must hold")
        XCTAssertEqual(names(d, #"{"org":"nobody inc"}"#).total, 0)

        d.ok("SetCircle", #"{"name":"founders","every":"1m"}"#)
        XCTAssertEqual(names(d, #"{"circle":"founders"}"#).names, ["Łukasz Nowak"], "Ada and Alan have cadences of their own")
        XCTAssertEqual(names(d, #"{"untriaged":true}"#).names, ["Zoë Kravitz"], "the circle's cadence triaged Łukasz")
        XCTAssertTrue(d.error("ListPeople", #"{"circle":"nope"}"#).message.contains("There is no circle 'nope'"))

        d.ok("EditPerson", #"{"person":"ada","removeTags":["founders"]}"#)
        XCTAssertEqual(names(d, #"{"tag":"founders"}"#).names, ["Alan Turing", "Łukasz Nowak"], "the tag index follows edits")
        d.ok("RemovePerson", #"{"person":"alan"}"#)
        XCTAssertEqual(names(d, #"{"tag":"founders"}"#).names, ["Łukasz Nowak"], "and removals")
        d.ok("Restore", #"{"name":"alan"}"#)
        XCTAssertEqual(names(d, #"{"tag":"founders"}"#).names, ["Alan Turing", "Łukasz Nowak"], "and restores")
    }

    /// Most of everyone due: the page comes from walking the name index, the same page and
    /// total as the list SQLite sorts.
    func testManyDue_pagedAlongTheNameIndex() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        try d.write { ws in
            for index in 0..<2100 {
                _ = try ws.session.insertPerson(Person(name: String(format: "Due %04d", 2099 - index), cadence: try Cadence.parse("1w"),
                                                       tags: index % 2 == 0 ? ["even"] : [], addedAt: ws.now, dueOverride: ws.now, uid: Person.newUID()))
            }
            _ = try ws.session.insertPerson(Person(name: "Aaron Notdue", cadence: try Cadence.parse("1w"), addedAt: ws.now, uid: Person.newUID()))
        }
        let due = names(d, #"{"due":true,"limit":3}"#)
        XCTAssertEqual(due.names, ["Due 0000", "Due 0001", "Due 0002"], "by name, Aaron (not due) left out")
        XCTAssertEqual(due.total, 2100)
        let evenDue = names(d, #"{"due":true,"tag":"even","limit":2}"#)
        XCTAssertEqual(evenDue.names, ["Due 0001", "Due 0003"], "with another filter: the list SQLite sorts")
        XCTAssertEqual(evenDue.total, 1050)
    }
}
