import ConnectCore
@testable import ConnectDaemon
import ConnectInterchange
import ConnectJSON
import ConnectServices
import Foundation
import XCTest

/// One interaction with several people: a lunch with Ada and Grace is logged once, counts for
/// each of them, and reads as one everywhere (history, week, stats, nudges, export, vdir).
final class SharedInteractionTests: XCTestCase {
    private func twoFriends(now: String = "2027-05-04 15:00") throws -> TestDaemon {
        let d = try TestDaemon(now: now)
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"2w"}"#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1m"}"#)
        d.ok("AddPerson", #"{"name":"Hedy Lamarr","every":"1m"}"#)
        return d
    }

    private func kindsAndCompany(_ d: TestDaemon, _ person: String?) -> [String] {
        let parameters = person.map { #"{"person":"\#($0)"}"# } ?? "{}"
        return (d.ok("History", parameters)["interactions"]?.array ?? []).map { item in
            let company = (item["with"]?.array ?? []).compactMap { $0["name"]?.stringValue }
            return "\(item["personName"]?.stringValue ?? "?"): \(item["kind"]?.stringValue ?? "?")" + (company.isEmpty ? "" : " with " + company.joined(separator: ", "))
        }
    }

    func testALunchWithTwo_isOneInteraction_thatCountsForEach() throws {
        let d = try twoFriends()
        let before = d.ok("ShowPerson", #"{"person":"grace"}"#)["person"]?["nextDue"]?.stringValue
        let reply = d.ok("LogInteraction", #"{"person":"ada","kind":"lunch","at":"2027-05-04 12:30","note":"the engine","with":["grace"]}"#)
        XCTAssertEqual(reply["with"]?.array.compactMap { $0["name"]?.stringValue }, ["Grace Hopper"])
        XCTAssertEqual(reply["interaction"]?["with"]?.array.compactMap { $0["name"]?.stringValue }, ["Grace Hopper"])

        XCTAssertEqual(kindsAndCompany(d, "ada"), ["Ada Lovelace: lunch with Grace Hopper"])
        XCTAssertEqual(kindsAndCompany(d, "grace"), ["Grace Hopper: lunch with Ada Lovelace"], "seen from Grace: hers, with Ada")
        XCTAssertEqual(kindsAndCompany(d, "hedy"), [])
        XCTAssertEqual(kindsAndCompany(d, nil), ["Ada Lovelace: lunch with Grace Hopper"], "everyone's history lists it once")
        XCTAssertEqual(d.ok("Status")["interactions"]?.int, 1, "one interaction, not two")

        // Each of them was seen: both clocks start again (Grace's a month from the lunch).
        let grace = d.ok("ShowPerson", #"{"person":"grace"}"#)
        XCTAssertEqual(grace["person"]?["lastKind"]?.stringValue, "lunch")
        XCTAssertNotEqual(grace["person"]?["nextDue"]?.stringValue, before)
        XCTAssertEqual(grace["interactions"]?.array.count, 1)
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"ada"}"#)["person"]?["lastKind"]?.stringValue, "lunch")

        let week = d.ok("Week")
        XCTAssertEqual(week["connections"]?.int, 1)
        XCTAssertEqual(week["people"]?.int, 2)
        XCTAssertEqual(week["byKind"]?.array.first?["people"]?.array.compactMap(\.stringValue), ["Ada Lovelace", "Grace Hopper"])
        let byKind = d.ok("Stats")["byKind"]?.array.compactMap { item in item["kind"]?.stringValue.map { ($0, item["count"]?.int ?? 0) } } ?? []
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: byKind), ["lunch": 1])

        // Grace's next nudge says who else was there.
        let person = try XCTUnwrap(try d.runtime.keeper.store.read { try $0.person(id: 2) })
        let context = try d.write { ws in try NudgeContext.load(person, in: ws) }
        let body = NudgeText.body(for: person, context: context, late: false, dueSince: d.clock.now, at: d.clock.now, calendar: d.calendar)
        XCTAssertTrue(body.contains("Last time: lunch with you and Ada Lovelace on Tue 4 May 2027 — the engine."), body)
    }

    func testBadCompany_isRefusedWithWhatToDo_andNothingIsLogged() throws {
        let d = try twoFriends()
        d.ok("AddPerson", #"{"name":"Grace Brewster","every":"1m"}"#)
        let unknown = d.error("LogInteraction", #"{"person":"ada","kind":"lunch","with":["mallory"]}"#)
        XCTAssertEqual(unknown.name, "io.connectd.PersonNotFound")
        let ambiguous = d.error("LogInteraction", #"{"person":"ada","kind":"lunch","with":["grace"]}"#)
        XCTAssertEqual(ambiguous.name, "io.connectd.AmbiguousName", ambiguous.message)
        let many = (0..<60).map { #""hedy\#($0)""# }.joined(separator: ",")
        let tooMany = d.error("LogInteraction", #"{"person":"ada","kind":"dinner","with":[\#(many)]}"#)
        let kindTakenForAPerson = d.error("LogInteraction", #"{"person":"ada","kind":"coffee","with":["lunch"]}"#)
        XCTAssertTrue(kindTakenForAPerson.message.contains("'lunch' is a kind, not one of your people"), kindTakenForAPerson.message)
        XCTAssertTrue(tooMany.message.contains("at most 50 people, not 61"), tooMany.message)
        XCTAssertEqual(d.ok("Status")["interactions"]?.int, 0)
        // Named twice, or the person among the others: one of each.
        d.ok("LogInteraction", ##"{"person":"ada","kind":"coffee","with":["hedy","#3","ada"]}"##)
        XCTAssertEqual(kindsAndCompany(d, "ada"), ["Ada Lovelace: coffee with Hedy Lamarr"])
    }

    func testExportImportAndTheVdir_keepOneInteractionWithEveryone() throws {
        let d = try twoFriends()
        d.ok("LogInteraction", #"{"person":"ada","kind":"dinner","at":"2027-05-03 19:00","with":["grace","hedy"]}"#)
        d.ok("LogInteraction", #"{"person":"grace","kind":"call","at":"2027-05-02 19:00"}"#)
        let exported = try ImportTests.exportJSON(d)
        let document = try JSONValueDecoder().decode(ExportDocument.self, from: try JSONParser.parse(Array(exported.utf8)))
        let dinner = try XCTUnwrap(document.interactions.first { $0.kind == "dinner" })
        XCTAssertEqual(dinner.with?.count, 2, "the others by UID")
        XCTAssertNil(document.interactions.first { $0.kind == "call" }?.with, "alone: no field, the shape older exports have")

        let e = try TestDaemon(now: "2027-05-10 10:00")
        _ = ImportTests.importBytes(e, Array(exported.utf8))
        XCTAssertEqual(kindsAndCompany(e, "hedy"), ["Hedy Lamarr: dinner with Ada Lovelace, Grace Hopper"])
        XCTAssertEqual(e.ok("Status")["interactions"]?.int, 2)
        _ = ImportTests.importBytes(e, Array(exported.utf8))
        XCTAssertEqual(e.ok("Status")["interactions"]?.int, 2, "importing twice adds nothing")
        XCTAssertEqual(try ImportTests.exportJSON(e), exported, "export, import, export: the same text")

        // The vdir: one VJOURNAL with an ATTENDEE per person, read back on another machine as one.
        let (interaction, people) = try XCTUnwrap(try d.runtime.keeper.store.read { session in
            try session.mirroredInteraction(id: try XCTUnwrap(session.recentInteractions(limit: 5).first { $0.interaction.kind == .dinner }).interaction.id)
        })
        let item = MirrorItems.interaction(interaction, people: people.map { CalendarItem.Attendee(uid: $0.uid, name: $0.name) })
        let text = item.text(product: MirrorItems.product)
        XCTAssertEqual(text.components(separatedBy: "\r\nATTENDEE;CN=").count - 1, 3, text)
        XCTAssertTrue(text.contains("ATTENDEE;CN=\"Grace Hopper\":urn:x-connectd-person:"), text)
        let parsed = try XCTUnwrap(try CalendarItem.parse(Array(text.utf8)))
        XCTAssertEqual(parsed.attendees.map(\.uid), people.map(\.uid))
        // Another machine with the same people (their UIDs) and none of the interactions yet.
        let f = try TestDaemon(now: "2027-05-10 10:00")
        var peopleOnly = document
        peopleOnly.interactions = []
        _ = ImportTests.importBytes(f, try JSONEncoding.encode(peopleOnly))
        XCTAssertEqual(f.ok("Status")["interactions"]?.int, 0)
        XCTAssertEqual(try f.write { ws in try Syncing.apply(journal: parsed, in: ws) }, .added)
        XCTAssertEqual(kindsAndCompany(f, nil), ["Ada Lovelace: dinner with Grace Hopper, Hedy Lamarr"])
        XCTAssertEqual(try f.write { ws in try Syncing.apply(journal: parsed, in: ws) }, .unchanged)
        // A file in the shape of one person (no ATTENDEE) is read as before.
        var single = parsed
        single.uid = "interaction-older"
        single.attendees = []
        XCTAssertEqual(try f.write { ws in try Syncing.apply(journal: single, in: ws) }, .added)
        XCTAssertEqual(kindsAndCompany(f, "hedy").count, 1, "the single one is Ada's alone")

        // Someone this machine does not know yet: logged with the others, and they join when they come.
        var later = parsed
        later.uid = "interaction-later"
        later.attendees.append(CalendarItem.Attendee(uid: "urn:uuid:not-here-yet", name: ""))
        XCTAssertEqual(try f.write { ws in try Syncing.apply(journal: later, in: ws) }, .waitingForPerson)
        XCTAssertEqual(f.ok("Status")["interactions"]?.int, 3, "logged already, for those known")
        let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:not-here-yet\r\nFN:Mary Somerville\r\nEND:VCARD\r\n"
        XCTAssertEqual(ImportTests.importBytes(f, Array(card.utf8))["parameters"]?["added"]?.int, 1)
        XCTAssertEqual(try f.write { ws in try Syncing.apply(journal: later, in: ws) }, .unchanged)
        XCTAssertEqual(kindsAndCompany(f, "mary"), ["Mary Somerville: dinner with Ada Lovelace, Grace Hopper, Hedy Lamarr"])
    }

    func testRemovingTheOneItWasLoggedFor_leavesItToTheOthers_andRestoringPutsThemBack() throws {
        let d = try twoFriends()
        d.ok("LogInteraction", #"{"person":"ada","kind":"lunch","at":"2027-05-03 12:30","with":["grace"]}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"call","at":"2027-05-01 12:30"}"#)
        // Logged "now": an instant with more than the export's milliseconds in it.
        d.clock.now = d.clock.now.addingTimeInterval(0.123456)
        d.ok("LogInteraction", #"{"person":"hedy","kind":"coffee","with":["ada"]}"#)
        d.ok("RemovePerson", #"{"person":"ada"}"#)
        XCTAssertEqual(kindsAndCompany(d, "grace"), ["Grace Hopper: lunch"], "Grace keeps the lunch")
        XCTAssertEqual(d.ok("Status")["interactions"]?.int, 2, "Ada's call went with her")
        d.ok("Restore", #"{"name":"ada"}"#)
        XCTAssertEqual(kindsAndCompany(d, "ada"), ["Ada Lovelace: coffee with Hedy Lamarr", "Ada Lovelace: lunch with Grace Hopper", "Ada Lovelace: call"])
        XCTAssertEqual(kindsAndCompany(d, nil), ["Hedy Lamarr: coffee with Ada Lovelace", "Grace Hopper: lunch with Ada Lovelace", "Ada Lovelace: call"],
                       "the lunch and the coffee are still one each")

        // Grace removed as one of the others: Ada's lunch names nobody else; back, she is there again.
        d.ok("RemovePerson", #"{"person":"grace"}"#)
        XCTAssertEqual(kindsAndCompany(d, "ada"), ["Ada Lovelace: coffee with Hedy Lamarr", "Ada Lovelace: lunch", "Ada Lovelace: call"])
        d.ok("Restore", #"{"name":"grace"}"#)
        XCTAssertEqual(kindsAndCompany(d, "grace"), ["Grace Hopper: lunch with Ada Lovelace"])
        XCTAssertEqual(d.ok("Status")["interactions"]?.int, 3)
    }

    func testMergingTwoRecordsWhoWereBothThere_leavesThemOnceAtIt() throws {
        let d = try twoFriends()
        d.ok("AddPerson", #"{"name":"G. Hopper","every":"1m"}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"lunch","at":"2027-05-03 12:30","with":["grace","g. hopper"]}"#)
        d.ok("LogInteraction", #"{"person":"g. hopper","kind":"coffee","at":"2027-05-02 09:00","with":["hedy"]}"#)
        d.ok("MergePeople", #"{"into":"grace","from":"g. hopper"}"#)
        XCTAssertEqual(kindsAndCompany(d, "grace"), ["Grace Hopper: lunch with Ada Lovelace", "Grace Hopper: coffee with Hedy Lamarr"])
        XCTAssertEqual(kindsAndCompany(d, "ada"), ["Ada Lovelace: lunch with Grace Hopper"])
    }

    func testAcceptingAMeeting_logsOneInteractionWithEveryAttendee() throws {
        let d = try TestDaemon(now: "2027-05-04 18:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","emails":["ada@example.org"],"every":"2w"}"#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","emails":["grace@example.org"],"every":"1m"}"#)
        d.ok("AddPerson", #"{"name":"Hedy Lamarr","emails":["hedy@example.org"],"every":"1m"}"#)
        d.ok("LogInteraction", #"{"person":"hedy","kind":"call","at":"2027-05-04 08:00"}"#)
        let meeting = Detecting.Message(at: d.at("2027-05-04 10:00"), recipients: ["ada@example.org", "grace@example.org"], key: "standup@x",
                                        subject: "Standup")
        let outcome = try d.write { ws in try Detecting.found([meeting], kind: .meeting, source: "calendar", rules: Detecting.Rules(), in: ws) }
        XCTAssertEqual(outcome.proposed, 2, "one proposal each, as before")
        let ids = d.ok("Proposals")["proposals"]?.array.compactMap { $0["id"]?.int } ?? []
        XCTAssertEqual(ids.count, 2)
        let accepted = d.ok("AcceptProposals", #"{"ids":[\#(ids[0]),\#(ids[1])]}"#)
        XCTAssertEqual(accepted["accepted"]?.array.count, 2, "both settled by the first")
        XCTAssertEqual(accepted["remaining"]?.int, 0)
        XCTAssertEqual(kindsAndCompany(d, nil), ["Ada Lovelace: meeting with Grace Hopper", "Hedy Lamarr: call"])

        // In log mode a message to three is one interaction with all three.
        var logging = Detecting.Rules()
        logging.mode = .log
        let mail = Detecting.Message(at: d.at("2027-05-03 10:00"), recipients: ["ada@example.org", "grace@example.org", "hedy@example.org"],
                                     key: "m1", subject: nil)
        let logged = try d.write { ws in try Detecting.found([mail], kind: .email, source: "test", rules: logging, in: ws) }
        XCTAssertEqual(logged.logged, 3)
        XCTAssertEqual(kindsAndCompany(d, "hedy"), ["Hedy Lamarr: call", "Hedy Lamarr: email with Ada Lovelace, Grace Hopper"])
        XCTAssertEqual(d.ok("Status")["interactions"]?.int, 3)
    }
}
