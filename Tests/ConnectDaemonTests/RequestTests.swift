import ConnectCore
@testable import ConnectDaemon
@testable import ConnectStore
import ConnectJSON
import ConnectProtocol
import ConnectServices
import Foundation
import XCTest

/// Every method through the real router, handlers and services, at a fixed instant in Berlin.
final class RequestTests: XCTestCase {
    func testTour_addLogDueShowListEditHistoryRemove() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        let added = d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"3w","met":"Twitter, 2026","into":"podcasts","tags":["Founders"],"links":["https://example.org/ada"]}"#)
        XCTAssertEqual(added["person"]?["id"]?.int, 1)
        XCTAssertEqual(added["person"]?["cadence"]?.stringValue, "3w")
        XCTAssertEqual(added["person"]?["tags"]?.array, [.string("founders")])
        XCTAssertEqual(added["person"]?["nextDue"]?.stringValue, "2027-05-25T10:00:00.000+02:00", "times carry Berlin's summer offset")
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w"}"#)
        let logged = d.ok("LogInteraction", #"{"person":"grace","kind":"call","at":"10 days ago","note":"compilers"}"#)
        XCTAssertEqual(logged["interaction"]?["at"]?.stringValue, "2027-04-24T12:00:00.000+02:00")
        XCTAssertEqual(logged["person"]?["due"]?.bool, true)

        let due = d.ok("Due")["people"]?.array ?? []
        XCTAssertEqual(due.map { $0["name"]?.stringValue }, ["Grace Hopper"])
        XCTAssertEqual(due.first?["lastKind"]?.stringValue, "call")
        let show = d.ok("ShowPerson", #"{"person":"ada"}"#)
        XCTAssertEqual(show["person"]?["met"]?.stringValue, "Twitter, 2026")
        XCTAssertEqual(d.ok("ListPeople", #"{"tag":"FOUNDERS"}"#)["people"]?.array.count, 1)
        XCTAssertEqual(d.ok("ListPeople")["people"]?.array.map { $0["name"]?.stringValue }, ["Ada Lovelace", "Grace Hopper"])

        let edited = d.ok("EditPerson", #"{"person":"ada","every":"1m","removeTags":["nope"]}"#)
        XCTAssertEqual(edited["changed"]?.array, [.string("cadence")])
        XCTAssertEqual(d.ok("EditPerson", #"{"person":"ada","every":"1m","removeTags":["nope"]}"#)["changed"]?.array, [], "nothing changed")
        XCTAssertEqual(d.ok("History")["interactions"]?.array.first?["personName"]?.stringValue, "Grace Hopper")

        let status = d.ok("Status")
        XCTAssertEqual(status["people"]?.int, 2)
        XCTAssertEqual(status["interactions"]?.int, 1)
        XCTAssertEqual(status["due"]?.int, 1)
        XCTAssertEqual(status["timeZone"]?.stringValue, "Europe/Berlin")

        XCTAssertEqual(d.ok("RemovePerson", #"{"person":"grace"}"#)["person"]?["name"]?.stringValue, "Grace Hopper")
        XCTAssertEqual(d.ok("Status")["interactions"]?.int, 0, "the count in memory follows the cascade")
        XCTAssertEqual(d.error("ShowPerson", #"{"person":"grace"}"#).name, "io.connectd.PersonNotFound")
    }

    /// With tens of thousands due, Due lists the most overdue (50 unless told) and says how many
    /// are due in all; a limit out of range is refused, naming it.
    func testDue_listsTheMostOverdueUpToTheLimit_andCountsEveryone() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        for index in 1...60 {
            d.ok("AddPerson", #"{"name":"Person \#(index)","every":"1w"}"#)
            d.ok("LogInteraction", ##"{"person":"#\##(index)","kind":"call","at":"\##(7 + index) days ago"}"##)
        }
        let all = d.ok("Due")
        XCTAssertEqual(all["total"]?.int, 60)
        XCTAssertEqual(all["people"]?.array.count, 50, "50 unless told")
        let five = d.ok("Due", #"{"limit":5}"#)
        XCTAssertEqual(five["total"]?.int, 60)
        XCTAssertEqual(five["people"]?.array.map { $0["name"]?.stringValue }, ["Person 60", "Person 59", "Person 58", "Person 57", "Person 56"],
                       "the longest since their call first")
        XCTAssertEqual(d.ok("Due", #"{"limit":100}"#)["people"]?.array.count, 60)
        let refused = d.error("Due", #"{"limit":0}"#)
        XCTAssertEqual(refused.name, "org.varlink.service.InvalidParameter")
        XCTAssertTrue(refused.message.contains("'limit' must be between 1 and 10000, not 0"), refused.message)
    }

    func testErrorsNameTheParameterAndSayWhatToDo() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Ada Lovelace"}"#)
        let cases: [(String, String, String, String)] = [
            ("AddPerson", #"{"name":"Ada Lovelace"}"#, "io.connectd.PersonExists", "already in your list as #1"),
            ("AddPerson", #"{"name":"12"}"#, "org.varlink.service.InvalidParameter", "looks like an id"),
            ("AddPerson", #"{"name":"Evil \u001b[2J Name"}"#, "org.varlink.service.InvalidParameter", "control characters"),
            ("AddPerson", #"{"name":"Ada","every":"-1w"}"#, "org.varlink.service.InvalidParameter", "positive"),
            ("LogInteraction", #"{"person":"ada","kind":"call","at":"2000000000000000000 weeks ago"}"#, "org.varlink.service.InvalidParameter", "before 1900-01-01"),
            ("LogInteraction", #"{"person":"ada","kind":"skydiving"}"#, "org.varlink.service.InvalidParameter", "coffee, lunch"),
            ("History", #"{"limit":"ten"}"#, "org.varlink.service.InvalidParameter", "'limit' should be an integer"),
            ("AddPerson", #"{}"#, "org.varlink.service.InvalidParameter", "The parameter 'name' is required"),
            ("History", #"{"limit":0}"#, "org.varlink.service.InvalidParameter", "'limit' must be between 1 and 10000"),
            ("Snooze", #"{"person":"ada","duration":"banana"}"#, "org.varlink.service.InvalidParameter", "is not a duration: use a positive number and a unit, like 30min, 2h"),
            ("ShowPerson", #"{"person":"nobody"}"#, "io.connectd.PersonNotFound", "Nobody matches 'nobody'"),
            ("AddPerson", #"{"name":"Grace","birthday":"2099-12-04"}"#, "org.varlink.service.InvalidParameter", "is in the future"),
            ("EditPerson", #"{"person":"ada","birthday":"2099-12-04"}"#, "org.varlink.service.InvalidParameter", "leave the year out"),
        ]
        for (method, parameters, name, fragment) in cases {
            let error = d.error(method, parameters)
            XCTAssertEqual(error.name, name, "\(method) \(parameters)")
            XCTAssertTrue(error.message.contains(fragment), "\(method) \(parameters): expected '\(fragment)' in '\(error.message)'")
        }
        let limit = d.call("History", #"{"limit":"ten"}"#)
        XCTAssertEqual(limit["parameters"]?["parameter"]?.stringValue, "limit")
        XCTAssertEqual(d.ok("Status")["people"]?.int, 1, "nothing was added by the refused calls")
    }

    func testSnoozeNeverBringsADateForward_skipKeepsTheSchedule() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Zoë Kravitz","every":"1y"}"#)
        let snoozed = d.ok("Snooze", #"{"person":"zoe","duration":"1w"}"#)
        XCTAssertEqual(snoozed["changed"]?.bool, false, "due in a year: a one-week snooze changes nothing")
        XCTAssertEqual(snoozed["until"]?.stringValue, "2028-05-04T10:00:00.000+02:00")
        let skipped = d.ok("Skip", #"{"person":"zoe"}"#)
        XCTAssertEqual(skipped["until"]?.stringValue, "2029-05-04T10:00:00.000+02:00", "one cadence past the current due date")

        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w","due":"now"}"#)
        let graceSnoozed = d.ok("Snooze", #"{"person":"grace","duration":"2h"}"#)
        XCTAssertEqual(graceSnoozed["changed"]?.bool, true)
        XCTAssertEqual(graceSnoozed["until"]?.stringValue, "2027-05-04T12:00:00.000+02:00")
    }

    func testReflectBeforeTheFirstPrompt_answersTheQuestionShown_whichThenDoesNotComeAgain() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00") // a Tuesday; the first prompt is Sunday 18:00
        let prompt = d.ok("Prompt")
        XCTAssertEqual(prompt["nextAt"]?.stringValue, "2027-05-09T18:00:00.000+02:00")
        let question = prompt["nextText"]?.stringValue
        let answered = d.ok("Reflect", #"{"answer":"Lunch with Grace; she is hiring"}"#)
        XCTAssertEqual(answered["reflection"]?["text"]?.stringValue, question)
        XCTAssertEqual(answered["reflection"]?["answers"]?.array.count, 1)
        d.setClock("2027-05-09 18:00")
        d.replan()
        XCTAssertEqual(d.ok("Reflections")["reflections"]?.array.count, 1, "the slot's prompt was delivered early, not twice")
        XCTAssertEqual(d.channel.events.filter { $0.kind == .prompt }.count, 0)
        XCTAssertEqual(d.ok("Reflections")["streak"]?.int, 1)
        d.setClock("2027-05-16 18:00")
        d.replan()
        XCTAssertEqual(d.channel.events.filter { $0.kind == .prompt }.count, 1, "the next week's prompt comes as usual")
    }

    func testNudge_deliveredByTheScheduler_thenDoneClosesIt_andAnnounces() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.start()
        XCTAssertFalse(d.runtime.live.scheduleChanged, "the scheduler planned at start")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"1w","due":"now","met":"PyCon"}"#)
        XCTAssertTrue(d.runtime.live.scheduleChanged, "a write asks for a replan; it does not run it before replying")
        XCTAssertEqual(d.ok("Nudges")["open"]?.array.count, 0, "not before the scheduler ran")
        d.replan()
        let open = d.ok("Nudges")["open"]?.array ?? []
        XCTAssertEqual(open.count, 1)
        XCTAssertEqual(open.first?["late"]?.bool, false)
        XCTAssertTrue(open.first?["body"]?.stringValue?.contains("You met: PyCon.") == true)
        XCTAssertEqual(d.channel.events.map(\.kind), [.nudge])
        XCTAssertEqual(d.ok("Status")["openNudges"]?.int, 1)
        let done = d.ok("Done", #"{"person":"ada","kind":"coffee"}"#)
        XCTAssertEqual(done["closedNudges"]?.int, 1)
        XCTAssertEqual(d.channel.events.map(\.kind), [.nudge, .nudgeDone])
        XCTAssertEqual(d.ok("Status")["openNudges"]?.int, 0)
    }

    /// The scheduler's deliveries go through the one door: recorded in the next turn's batch (not
    /// in a transaction of their own when it plans), announced after that turn's commit, and
    /// dropped when work earlier in the same turn (here a desktop button) made the person no
    /// longer due.
    func testTheSchedulerRecordsInATurn_andDropsWhatEarlierWorkOfTheTurnMadeNotDue() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        let unannounced = { try d.runtime.keeper.read(now: d.clock.now, settings: d.runtime.settings) { try Deliveries.unannounced(in: $0) }.count }
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"1w","due":"now"}"#)
        d.runner.run()
        XCTAssertTrue(d.runner.wantsTurn, "what the plan delivers waits for a turn")
        XCTAssertEqual(try unannounced(), 0, "nothing is recorded when the scheduler plans, only in a turn")
        // In that turn a command that steps before the scheduler logs a coffee with Ada.
        d.commands.submit("log a coffee with Ada") { ws in
            _ = try InteractionLog.log(try ws.session.findPerson("ada"), kind: .coffee, at: ws.now, note: nil, next: [], closes: [], in: ws)
        }
        d.dispatcher.turn()
        XCTAssertFalse(d.runner.wantsTurn)
        XCTAssertEqual(try unannounced(), 0, "Ada was no longer due when the turn recorded the plan: no nudge")
        XCTAssertFalse(d.channel.events.contains { $0.kind == .nudge })

        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w","due":"now"}"#)
        d.runner.run()
        d.dispatcher.turn()
        XCTAssertEqual(d.channel.events.filter { $0.kind == .nudge }.map { $0.person?.name }, ["Grace Hopper"],
                       "recorded in the turn, announced after its commit")
        XCTAssertEqual(try unannounced(), 1, "marked announced only in the next turn (a crash before it announces again)")
        XCTAssertTrue(d.runner.wantsTurn)
        d.dispatcher.turn()
        XCTAssertFalse(d.runner.wantsTurn)
        XCTAssertEqual(try unannounced(), 0)
        XCTAssertEqual(d.ok("Nudges")["open"]?.array.count, 1)
    }

    /// A recording that fails (here a trigger refuses new nudges, as a full disk would) is tried
    /// again a minute later: not at every change in between, which would make the loop busy.
    func testAFailedRecording_isRetriedInAMinute_notAtEveryChange() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"1w","due":"now"}"#)
        try d.runtime.keeper.store.session {
            try $0.db.execute(sql: "CREATE TEMP TRIGGER refuse_nudges BEFORE INSERT ON main.nudge BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END")
        }
        d.runner.run()
        d.dispatcher.turn()
        XCTAssertEqual(d.wake, d.at("2027-05-04 10:01"), "the alarm is set a minute later")
        XCTAssertFalse(d.runner.wantsTurn)
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w"}"#)
        d.runner.run()
        XCTAssertFalse(d.runner.wantsTurn, "a change in between does not try again at once")
        XCTAssertFalse(d.channel.events.contains { $0.kind == .nudge })
        try d.runtime.keeper.store.session { try $0.db.execute(sql: "DROP TRIGGER refuse_nudges") }
        d.setClock("2027-05-04 10:01")
        d.replan()
        XCTAssertEqual(d.channel.events.filter { $0.kind == .nudge }.map { $0.person?.name }, ["Ada Lovelace"], "a minute later it goes out")
    }

    /// The week by kind: each person once per kind, in the order of the week.
    func testTheWeek_listsEachPersonOncePerKind_inTheOrderOfTheWeek() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"1w"}"#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w"}"#)
        for (person, kind, at) in [("grace", "coffee", "3 days ago"), ("ada", "coffee", "2 days ago"), ("grace", "coffee", "yesterday"),
                                   ("ada", "call", "yesterday"), ("ada", "coffee", "today")] {
            d.ok("LogInteraction", #"{"person":"\#(person)","kind":"\#(kind)","at":"\#(at)"}"#)
        }
        let week = d.ok("Week")
        XCTAssertEqual(week["connections"]?.int, 5)
        XCTAssertEqual(week["people"]?.int, 2)
        let kinds = week["byKind"]?.array ?? []
        XCTAssertEqual(kinds.map { $0["kind"]?.stringValue ?? "" }, ["coffee", "call"])
        XCTAssertEqual(kinds.map { $0["count"]?.int ?? 0 }, [4, 1])
        XCTAssertEqual(kinds.first?["people"]?.array.compactMap(\.stringValue), ["Grace Hopper", "Ada Lovelace"])
        XCTAssertEqual(kinds.last?["people"]?.array.compactMap(\.stringValue), ["Ada Lovelace"])
    }

    func testLoggingInThePast_makesSomeoneDueNow_notLate() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Trish Morrison","every":"1d"}"#)
        d.replan()
        d.setClock("2027-05-04 11:00")
        d.ok("LogInteraction", #"{"person":"trish","kind":"coffee","at":"2 days ago"}"#)
        d.replan()
        let open = d.ok("Nudges")["open"]?.array ?? []
        XCTAssertEqual(open.count, 1)
        XCTAssertEqual(open.first?["late"]?.bool, false, "the daemon ran the whole time: due now, not late")
        XCTAssertFalse(open.first?["body"]?.stringValue?.contains("late") ?? true)
    }

    func testTimesUseTheConfiguredZoneWhateverTheMachine() throws {
        let d = try TestDaemon(now: "2027-01-10 10:00", zone: "America/New_York")
        let added = d.ok("AddPerson", #"{"name":"Ada","every":"1w"}"#)
        XCTAssertEqual(added["person"]?["addedAt"]?.stringValue, "2027-01-10T10:00:00.000-05:00")
        XCTAssertEqual(d.ok("LogInteraction", #"{"person":"ada","kind":"call","at":"sunday"}"#)["interaction"]?["at"]?.stringValue,
                       "2027-01-10T10:00:00.000-05:00", "today is Sunday: 'sunday' is now, before noon")
    }

    /// A nudge delivered, then the cadence made longer: the person is not due any more, and the
    /// nudge is no longer listed as open (it expired), so `nudges` and `due` agree.
    func testALongerCadence_expiresTheOpenNudge() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"1w"}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"call","at":"8 days ago"}"#)
        d.replan()
        XCTAssertEqual(d.ok("Nudges")["open"]?.array.count, 1, "the nudge went out")
        d.ok("EditPerson", #"{"person":"ada","every":"1m"}"#)
        XCTAssertEqual(d.ok("Due")["people"]?.array.count, 0, "a month from the last call: not due")
        XCTAssertEqual(d.ok("Nudges")["open"]?.array.count, 0, "and no nudge left open")
        d.ok("EditPerson", #"{"person":"ada","every":"1w"}"#)
        XCTAssertEqual(d.ok("Due")["people"]?.array.count, 1, "due again with the weekly cadence")
    }

    /// A snooze typed by mistake (five years) is undone with edit --due cadence; --due now makes
    /// someone due at once.
    func testEditDue_cadenceUndoesASnooze_nowMakesDue() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w"}"#)
        d.ok("LogInteraction", #"{"person":"grace","kind":"call","at":"8 days ago"}"#)
        d.ok("Snooze", #"{"person":"grace","duration":"5y"}"#)
        XCTAssertEqual(d.ok("Due")["people"]?.array.count, 0, "snoozed for years")
        let back = d.ok("EditPerson", #"{"person":"grace","due":"cadence"}"#)
        XCTAssertEqual(back["changed"]?.array.compactMap(\.stringValue), ["due"])
        XCTAssertEqual(d.ok("Due")["people"]?.array.count, 1, "back on the weekly cadence: a week after the call, so due")
        d.ok("LogInteraction", #"{"person":"grace","kind":"call"}"#)
        XCTAssertEqual(d.ok("Due")["people"]?.array.count, 0)
        d.ok("EditPerson", #"{"person":"grace","due":"now"}"#)
        XCTAssertEqual(d.ok("Due")["people"]?.array.count, 1, "due at once")
        XCTAssertTrue(d.error("EditPerson", #"{"person":"grace","due":"soon"}"#).message.contains("\"cadence\""))
    }

    /// Names written without spaces are found by their endings too (the given name comes last),
    /// through the word index.
    func testCJKNamesAreFoundByTheirEndings() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"李小龍"}"#)
        d.ok("AddPerson", #"{"name":"김민준"}"#)
        d.ok("AddPerson", #"{"name":"山田 太郎"}"#)
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"小龍"}"#)["person"]?["name"]?.stringValue, "李小龍")
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"민준"}"#)["person"]?["name"]?.stringValue, "김민준")
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"太郎"}"#)["person"]?["name"]?.stringValue, "山田 太郎")
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"李"}"#)["person"]?["name"]?.stringValue, "李小龍", "and by their start, as before")
        XCTAssertEqual(d.error("ShowPerson", #"{"person":"龍小"}"#).name, "io.connectd.PersonNotFound")
    }
}
