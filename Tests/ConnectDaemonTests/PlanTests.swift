import ConnectCore
@testable import ConnectDaemon
import ConnectJSON
import Foundation
import XCTest

/// `plan`: a catch-up arranged ahead holds the person's nudges; once it is over connectd asks
/// once (in the active hours) whether it happened; "It happened" logs it at the planned time,
/// "It didn't" cancels it, "Move it" plans it a week later; bad times are refused with a sentence.
final class PlanTests: XCTestCase {
    /// Ada is overdue on Monday; lunch is planned for Friday. No nudge for her that week; on
    /// Friday after lunch connectd asks once; "happened" logs it at 12:30 and her next catch-up
    /// counts from then.
    func testAPlanHoldsTheNudges_thenAsksOnce_andHappenedLogsItAtThePlannedTime() throws {
        let d = try TestDaemon(now: "2027-05-03 10:00") // a Monday
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"1w","due":"now"}"#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w","due":"now"}"#)
        let planned = d.ok("Plan", #"{"person":"ada","kind":"lunch","when":"fri 12:30","length":"90min","place":"Café Central","note":"bring the book"}"#)
        let plan = planned["plan"]
        XCTAssertEqual(plan?["startsAt"]?.stringValue, "2027-05-07T12:30:00.000+02:00", "the coming Friday at 12:30")
        XCTAssertEqual(plan?["endsAt"]?.stringValue, "2027-05-07T14:00:00.000+02:00", "90 minutes later")
        XCTAssertEqual(plan?["place"]?.stringValue, "Café Central")
        XCTAssertEqual(plan?["asked"]?.bool, false)
        let id = try XCTUnwrap(plan?["id"]?.int)

        let due = d.ok("Due")
        XCTAssertEqual(due["people"]?.array.compactMap { $0["name"]?.stringValue }, ["Grace Hopper"], "Ada waits for the lunch")
        XCTAssertEqual(due["planned"]?.array.compactMap { $0["person"]?.stringValue }, ["Ada Lovelace"])
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"ada"}"#)["plans"]?.array.count, 1)
        XCTAssertTrue(d.ok("Week")["text"]?.stringValue?.contains("Planned: lunch with Ada Lovelace on Fri 7 May 2027 12:30") == true,
                      "the week names the plan: \(d.ok("Week")["text"]?.stringValue ?? "")")

        var nudged: [String] = []
        var asked: [(String, DaemonEvent)] = []
        for (day, hours) in [(3, [10, 15]), (4, [9, 15]), (5, [9]), (6, [9]), (7, [9, 13, 14, 15, 21, 23]), (8, [0, 9, 12])] {
            for hour in hours {
                let when = String(format: "2027-05-%02d %02d:00", day, hour)
                d.setClock(when)
                let before = d.channel.events.count
                d.replan()
                for event in d.channel.events[before...] {
                    if event.kind == .nudge { nudged.append(event.person?.name ?? "?") }
                    if event.kind == .planQuestion { asked.append((when, event)) }
                }
            }
        }
        XCTAssertFalse(nudged.contains("Ada Lovelace"), "no nudge for Ada while lunch is planned: \(nudged)")
        XCTAssertTrue(nudged.contains("Grace Hopper"), "the others are nudged as usual: \(nudged)")
        XCTAssertEqual(asked.map(\.0), ["2027-05-07 14:00"], "asked once, when it is over (14:00), not again")
        let question = try XCTUnwrap(asked.first?.1)
        XCTAssertEqual(question.summary, "Did your lunch with Ada Lovelace happen?")
        XCTAssertTrue(question.body.contains("at Café Central"), question.body)
        XCTAssertTrue(question.body.contains("connectctl happened \(id)"), question.body)
        XCTAssertEqual(question.planID, Int64(id))
        XCTAssertEqual(d.ok("Planned")["plans"]?.array.first?["asked"]?.bool, true, "listed as over and asked")

        let happened = d.ok("PlanHappened", #"{"id":\#(id)}"#)
        XCTAssertEqual(happened["interaction"]?["at"]?.stringValue, "2027-05-07T12:30:00.000+02:00", "logged at the planned time")
        XCTAssertEqual(happened["interaction"]?["kind"]?.stringValue, "lunch")
        XCTAssertEqual(happened["interaction"]?["note"]?.stringValue, "bring the book, at Café Central")
        XCTAssertEqual(happened["person"]?["nextDue"]?.stringValue, "2027-05-14T12:30:00.000+02:00", "a week after the lunch")
        XCTAssertEqual(d.ok("Planned")["total"]?.int, 0)
        let again = d.error("PlanHappened", #"{"id":\#(id)}"#)
        XCTAssertTrue(again.message.contains("happened already"), again.message)
    }

    /// Unanswered, a plan holds the nudges for a week after it; then they come again.
    func testAnUnansweredPlan_holdsTheNudgesAWeekAfterIt_notForever() throws {
        let d = try TestDaemon(now: "2027-05-03 10:00")
        d.ok("AddPerson", #"{"name":"Ada","every":"1w","due":"now"}"#)
        d.ok("Plan", #"{"person":"ada","kind":"coffee","when":"tue 10:00"}"#)
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"ada"}"#)["person"]?["nextDue"]?.stringValue, "2027-05-11T11:00:00.000+02:00",
                       "held until a week after the coffee ends")
        d.setClock("2027-05-11 12:00")
        let before = d.channel.events.count
        d.replan()
        XCTAssertEqual(d.channel.events[before...].filter { $0.kind == .nudge }.compactMap { $0.person?.name }, ["Ada"], "nudged again")
    }

    func testCancelAndMove() throws {
        let d = try TestDaemon(now: "2027-05-03 10:00")
        d.ok("AddPerson", #"{"name":"Ada","every":"1w","due":"now"}"#)
        let id = try XCTUnwrap(d.ok("Plan", #"{"person":"ada","kind":"call","when":"tomorrow 18:00","length":"30min"}"#)["plan"]?["id"]?.int)
        let moved = d.ok("MovePlan", #"{"id":\#(id),"when":"2027-05-06 19:15"}"#)["plan"]
        XCTAssertEqual(moved?["startsAt"]?.stringValue, "2027-05-06T19:15:00.000+02:00")
        XCTAssertEqual(moved?["endsAt"]?.stringValue, "2027-05-06T19:45:00.000+02:00", "the same length")
        XCTAssertTrue(d.ok("Due")["people"]?.array.isEmpty == true)
        XCTAssertEqual(d.ok("CancelPlan", #"{"id":\#(id)}"#)["plan"]?["id"]?.int, id)
        XCTAssertEqual(d.ok("Due")["people"]?.array.count, 1, "cancelled: Ada is due again")
        XCTAssertTrue(d.error("MovePlan", #"{"id":\#(id),"when":"fri"}"#).message.contains("was cancelled"))
        XCTAssertTrue(d.error("CancelPlan", #"{"id":999}"#).message.contains("There is no plan 999"))
    }

    /// The desktop buttons answer the question through the same services.
    func testTheDesktopButtons() throws {
        let d = try TestDaemon(now: "2027-05-03 10:00")
        d.ok("AddPerson", #"{"name":"Ada","every":"1w","due":"now"}"#)
        d.ok("AddPerson", #"{"name":"Grace","every":"1w","due":"now"}"#)
        d.ok("AddPerson", #"{"name":"Hedy","every":"1w","due":"now"}"#)
        var ids: [String: Int64] = [:]
        for name in ["Ada", "Grace", "Hedy"] {
            ids[name] = Int64(try XCTUnwrap(d.ok("Plan", #"{"person":"\#(name)","kind":"lunch","when":"2027-05-03 12:00"}"#)["plan"]?["id"]?.int))
        }
        d.setClock("2027-05-03 13:30")
        let before = d.channel.events.count
        d.replan()
        XCTAssertEqual(Set(d.channel.events[before...].filter { $0.kind == .planQuestion }.compactMap(\.planID)), Set(ids.values))
        func press(_ action: String, _ name: String) throws {
            _ = try d.write { ws in
                try DesktopActions.apply(.plan(id: ids[name]!), action: action, snooze: d.runtime.config.desktop.snooze, log: d.runtime.log, in: ws)
            }
        }
        try press("happened", "Ada")
        try press("didnt", "Grace")
        try press("move", "Hedy")
        try press("happened", "Grace") // answered already: ignored
        let history = d.ok("History")["interactions"]?.array ?? []
        XCTAssertEqual(history.compactMap { $0["personName"]?.stringValue }, ["Ada"], "only Ada's lunch was logged")
        XCTAssertEqual(history.first?["at"]?.stringValue, "2027-05-03T12:00:00.000+02:00")
        let open = d.ok("Planned")["plans"]?.array ?? []
        XCTAssertEqual(open.compactMap { $0["person"]?.stringValue }, ["Hedy"])
        XCTAssertEqual(open.first?["startsAt"]?.stringValue, "2027-05-10T12:00:00.000+02:00", "moved a week, same time")
        XCTAssertEqual(open.first?["asked"]?.bool, false, "asked again after its new end")
        XCTAssertEqual(d.ok("Due")["people"]?.array.compactMap { $0["name"]?.stringValue }, ["Grace"], "Grace's nudges resume")
    }

    /// Times that are past, too far, skipped by the clocks, or not times; lengths out of range;
    /// text with escapes: each refused with a sentence, nothing planned.
    func testBadTimes_areRefusedWithASentence_andNothingIsPlanned() throws {
        let d = try TestDaemon(now: "2027-03-24 10:00") // a Wednesday; Berlin's clocks go forward on Sunday the 28th
        d.ok("AddPerson", #"{"name":"Ada","every":"1w"}"#)
        for (when, says) in [("yesterday", "has passed"), ("2027-03-24 09:00", "has passed"), ("09:30", "has passed"),
                             ("3 days ago", "has passed"), ("2030-01-01", "more than two years ahead"),
                             ("2027-03-28 02:30", "clocks skip that hour"), ("someday", "is not a time to plan for"),
                             ("fri 25:00", "is not a time to plan for"), ("2027-02-30", "is not a time to plan for"),
                             ("fri 12:30 Mars/Olympus_Mons", "which this machine does not know"),
                             ("fri 12:30 ../../etc/passwd", "which this machine does not know"),
                             (String(repeating: "9", count: 100), "is not a time to plan for")] {
            let error = d.error("Plan", #"{"person":"ada","kind":"lunch","when":"\#(when)"}"#)
            XCTAssertEqual(error.name, "org.varlink.service.InvalidParameter", when)
            XCTAssertTrue(error.message.contains(says), "\(when): \(error.message)")
        }
        XCTAssertTrue(d.error("Plan", #"{"person":"ada","kind":"lunch","when":"fri","length":"3w"}"#).message.contains("up to 14 days"))
        XCTAssertTrue(d.error("Plan", #"{"person":"ada","kind":"lunch","when":"fri","length":"soon"}"#).message.contains("is not a duration"))
        XCTAssertTrue(d.error("Plan", #"{"person":"ada","kind":"picnic","when":"fri"}"#).message.contains("is not an interaction kind"))
        XCTAssertTrue(d.error("Plan", #"{"person":"ada","kind":"lunch","when":"fri","place":"x\u001b[2J"}"#).message.contains("control characters"))
        XCTAssertEqual(d.error("Plan", #"{"person":"nobody","kind":"lunch","when":"fri"}"#).name, "io.connectd.PersonNotFound")
        XCTAssertEqual(d.ok("Planned")["total"]?.int, 0, "nothing was planned")
        XCTAssertEqual(d.ok("Plan", #"{"person":"ada","kind":"lunch","when":"2027-03-28 03:30"}"#)["plan"]?["startsAt"]?.stringValue,
                       "2027-03-28T03:30:00.000+02:00", "the time after the gap is fine")
        XCTAssertEqual(d.ok("Plan", #"{"person":"ada","kind":"lunch","when":"2027-03-26 12:30 Asia/Tokyo"}"#)["plan"]?["startsAt"]?.stringValue,
                       "2027-03-26T04:30:00.000+01:00", "lunch at 12:30 where you will be (Tokyo), shown in your zone")
        XCTAssertEqual(d.ok("Plan", #"{"person":"ada","kind":"call","when":"fri 09:00 UTC"}"#)["plan"]?["startsAt"]?.stringValue,
                       "2027-03-26T10:00:00.000+01:00")
        XCTAssertEqual(d.ok("Plan", #"{"person":"ada","kind":"lunch","when":"wed 18:00"}"#)["plan"]?["startsAt"]?.stringValue,
                       "2027-03-24T18:00:00.000+01:00", "today's weekday, later today")
        XCTAssertEqual(d.ok("Plan", #"{"person":"ada","kind":"lunch","when":"wed 08:00"}"#)["plan"]?["startsAt"]?.stringValue,
                       "2027-03-31T08:00:00.000+02:00", "today's weekday, but that time has passed: next week")
    }

    /// A merge moves the plans with the person; a removed person's plans go with them.
    func testAMergeMovesThePlans() throws {
        let d = try TestDaemon(now: "2027-05-03 10:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"1w","due":"now"}"#)
        d.ok("AddPerson", #"{"name":"Ada King","every":"1w","due":"now"}"#)
        d.ok("Plan", #"{"person":"king","kind":"lunch","when":"fri 12:30"}"#)
        d.ok("MergePeople", #"{"into":"lovelace","from":"king"}"#)
        let plans = d.ok("Planned")["plans"]?.array ?? []
        XCTAssertEqual(plans.compactMap { $0["person"]?.stringValue }, ["Ada Lovelace"])
        XCTAssertTrue(d.ok("Due")["people"]?.array.isEmpty == true, "the merged person's nudges wait for the lunch")
    }

    /// Plans are kept like the rest: in the trash with their person (restore brings them back),
    /// in the JSON export (an import into another state plans them, once; undoing it takes them
    /// out again).
    func testPlansGoIntoTheTrashAndTheExport_andComeBack() throws {
        let d = try TestDaemon(now: "2027-05-03 10:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"1w","due":"now"}"#)
        let plan = try XCTUnwrap(d.ok("Plan", #"{"person":"ada","kind":"lunch","when":"fri 12:30","place":"Café Central","note":"the book"}"#)["plan"])
        d.ok("RemovePerson", #"{"person":"ada"}"#)
        XCTAssertEqual(d.ok("Planned")["total"]?.int, 0, "the plan went with her")
        d.ok("Restore", #"{"name":"ada"}"#)
        let back = try XCTUnwrap(d.ok("Planned")["plans"]?.array.first)
        for field in ["startsAt", "endsAt", "place", "note", "kind"] { XCTAssertEqual(back[field], plan[field], field) }
        XCTAssertTrue(d.ok("Due")["people"]?.array.isEmpty == true, "and holds her nudges again")

        let export = try ImportTests.exportJSON(d)
        XCTAssertTrue(export.contains("\"plans\""), export)
        let e = try TestDaemon(now: "2027-05-03 10:00")
        let imported = ImportTests.importBytes(e, Array(export.utf8))["parameters"]
        XCTAssertEqual(e.ok("Planned")["plans"]?.array.first?["startsAt"], plan["startsAt"], "planned on the other state too")
        _ = ImportTests.importBytes(e, Array(export.utf8))
        XCTAssertEqual(e.ok("Planned")["total"]?.int, 1, "a second import plans nothing twice")
        let run = try XCTUnwrap(imported?["run"]?.int)
        e.ok("UndoImport", #"{"run":"\#(run)"}"#)
        e.finishBackgroundWork()
        XCTAssertEqual(e.ok("Planned")["total"]?.int, 0, "undone with the import")
    }
}
