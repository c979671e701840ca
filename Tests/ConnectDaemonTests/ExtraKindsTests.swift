import ConnectCore
@testable import ConnectDaemon
import ConnectInterchange
import ConnectJSON
import ConnectServices
import XCTest

/// Kinds of catch-up of the user's own (`[kinds] extra`): accepted wherever a kind is, counted in
/// stats, suggested in nudges; a kind this connectd does not know, from another machine, is kept.
final class ExtraKindsTests: XCTestCase {
    func testOwnKinds_loggedPlannedCountedSuggested_andUnknownOnesFromElsewhereKept() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00") { $0.extraKinds = ["hike", "board games"].compactMap(InteractionKind.named) }
        d.ok("AddPerson", #"{"name":"Ada Lovelace","every":"2w"}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"Hike","at":"2027-04-01 10:00","note":"up the Brocken"}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"coffee","at":"2027-04-10 10:00"}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"board games","at":"2027-04-12 19:00"}"#)
        let refused = d.call("LogInteraction", #"{"person":"ada","kind":"climbing"}"#)
        XCTAssertTrue(refused["parameters"]?["message"]?.stringValue?.contains("use one of coffee, lunch") == true
                      && refused["parameters"]?["message"]?.stringValue?.contains("hike, board games") == true, "\(refused)")
        d.ok("Plan", #"{"person":"ada","kind":"hike","when":"2027-05-08 10:00"}"#)

        let byKind = d.ok("Stats")["byKind"]?.array.compactMap { item in item["kind"]?.stringValue.map { ($0, item["count"]?.int ?? 0) } } ?? []
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: byKind), ["hike": 1, "coffee": 1, "board games": 1])

        // The kind done longest ago is suggested, in words: "a hike".
        let ada = try XCTUnwrap(try d.runtime.keeper.store.read { try $0.person(id: 1) })
        let context = try d.write { ws in try NudgeContext.load(ada, in: ws) }
        let body = NudgeText.body(for: ada, context: context, late: false, dueSince: d.clock.now, at: d.clock.now, calendar: d.calendar)
        XCTAssertTrue(body.contains("Maybe a hike this time: the last was on "), body)

        // From another machine's vdir: a kind this one has not configured stays as it is.
        var item = CalendarItem(kind: .journal, uid: "elsewhere-1", stamp: d.clock.now)
        item.start = d.at("2027-05-03 18:00")
        item.person = ada.uid
        item.interactionKind = "climbing"
        item.summary = "Climbing"
        XCTAssertEqual(try d.write { ws in try Syncing.apply(journal: item, in: ws) }, .added)
        let kinds = d.ok("History", #"{"person":"ada"}"#)["interactions"]?.array.compactMap { $0["kind"]?.stringValue }
        XCTAssertEqual(kinds?.first, "climbing", "not made 'other'")
    }

    func testKindNames_pluralsAndPhrases() {
        XCTAssertNil(InteractionKind(rawValue: "Hike"), "stored lower-case")
        XCTAssertNil(InteractionKind(rawValue: " hike"))
        XCTAssertNil(InteractionKind(rawValue: "hi\u{1b}[31m"))
        XCTAssertNil(InteractionKind(rawValue: String(repeating: "a", count: 41)))
        XCTAssertEqual(InteractionKind.named(" Board Games "), InteractionKind(rawValue: "board games"))
        XCTAssertEqual(InteractionKind(rawValue: "hike")?.plural, "hikes")
        XCTAssertEqual(InteractionKind(rawValue: "climbing")?.plural, "climbing")
        XCTAssertEqual(InteractionKind(rawValue: "hike")?.suggestionPhrase, "a hike")
        XCTAssertEqual(InteractionKind(rawValue: "escape room")?.suggestionPhrase, "escape room")
        XCTAssertEqual(try InteractionKind.parse("PHONE"), .call)
        XCTAssertThrowsError(try InteractionKind.parse("hike"), "not without the config")
        XCTAssertTrue(InteractionKind.isTaken("msg"))
    }
}

/// People's days (birthdays, anniversaries, other dates) of a morning go out as one
/// notification, outside the budget: one per day for all of them, a Done button per person.
final class DaysNotificationTests: XCTestCase {
    func testTheMorningsDays_areOneNotification() throws {
        let d = try TestDaemon(now: "2027-07-08 07:00") { $0.rules.dailyBudget = 0 }
        d.ok("AddPerson", #"{"name":"Ada Lovelace","anniversary":"1835-07-08","dates":["joined Plaid:2022-07-08"]}"#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","birthday":"1906-07-08"}"#)
        d.ok("AddPerson", #"{"name":"Hedy Lamarr","birthday":"1914-11-09"}"#)
        d.setClock("2027-07-08 09:00")
        d.replan()
        XCTAssertEqual(d.channel.events.count, 1, "\(d.channel.events.map(\.summary))")
        let event = try XCTUnwrap(d.channel.events.first)
        XCTAssertEqual(event.summary, "2 people's days today: Ada Lovelace (joined Plaid, anniversary), Grace Hopper (birthday)", "in the order they were given")
        XCTAssertEqual(event.digest.map(\.name), ["Ada Lovelace", "Grace Hopper"], "a button each")
        XCTAssertTrue(event.body.contains("Today it is 5 years since Ada Lovelace joined Plaid."), event.body)
        d.setClock("2027-07-08 15:00")
        d.replan()
        XCTAssertEqual(d.channel.events.count, 1, "once that day")
    }
}
