@testable import ConnectDaemon
import ConnectJSON
import ConnectStore
import Foundation
import XCTest

/// What a new user needs to trust connectd with their address book: an export imported again
/// doubles nobody, two records of one person become one without losing anything, and an
/// import can be taken back.
final class MergeAndUndoTests: XCTestCase {
    /// connectd's own export, into a daemon that has the same people (by UID, by e-mail, by
    /// name, each added its own way): nobody is added, in a dry run or for real.
    func testOwnExportIntoADaemonWithTheSamePeople_addsNobody() throws {
        let first = try TestDaemon()
        first.ok("AddPerson", #"{"name":"Ada Lovelace","emails":["ada@example.org"],"every":"2w"}"#)
        first.ok("AddPerson", #"{"name":"Grace Hopper","every":"1m"}"#)
        first.ok("LogInteraction", #"{"person":"ada","kind":"coffee","note":"engines"}"#)
        let export = try XCTUnwrap(first.ok("Export", #"{"format":"json"}"#)["page"]?.stringValue)
        XCTAssertEqual(ImportTests.importBytes(first, Array(export.utf8))["parameters"]?["added"]?.int, 0, "into itself: matched by UID")

        let second = try TestDaemon()
        second.ok("AddPerson", #"{"name":"Lovelace, Ada","emails":["ADA@example.org"]}"#)
        second.ok("AddPerson", #"{"name":"Grace Hopper"}"#)
        let dryRun = ImportTests.importBytes(second, Array(export.utf8), #""dryRun":true"#)["parameters"]
        XCTAssertEqual(dryRun?["added"]?.int, 0, "the dry run says so: \(String(describing: dryRun))")
        let real = ImportTests.importBytes(second, Array(export.utf8))["parameters"]
        XCTAssertEqual(real?["added"]?.int, 0, "matched by e-mail and by name: \(String(describing: real))")
        XCTAssertEqual(ImportTests.people(second).count, 2)
        XCTAssertEqual(second.ok("History", #"{"person":"ada"}"#)["interactions"]?.array.count, 1, "the interaction came along")
    }

    func testMerge_keepsEveryInteractionFollowUpAndField_andTheOtherRecordWaitsInTheTrash() throws {
        let d = try TestDaemon()
        let ada = try XCTUnwrap(d.ok("AddPerson", #"{"name":"Ada Lovelace","emails":["ada@example.org"],"every":"2w","met":"Twitter"}"#)["person"]?["id"]?.int)
        let countess = try XCTUnwrap(d.ok("AddPerson", #"{"name":"Augusta Ada King","emails":["countess@example.org"],"phones":["+44 20 7946 0000"],"tags":["math"],"into":"engines"}"#)["person"]?["id"]?.int)
        d.ok("LogInteraction", #"{"person":"\#(ada)","kind":"call","note":"hello"}"#)
        d.ok("LogInteraction", #"{"person":"\#(countess)","kind":"coffee","note":"about the engine","next":["send the notes"]}"#)
        let merged = d.ok("MergePeople", #"{"into":"\#(ada)","from":"\#(countess)"}"#)
        XCTAssertEqual(merged["interactions"]?.int, 1)
        let person = d.ok("ShowPerson", #"{"person":"\#(ada)"}"#)
        XCTAssertEqual(person["person"]?["name"]?.stringValue, "Ada Lovelace")
        XCTAssertEqual(person["person"]?["emails"]?.array.compactMap { $0["value"]?.stringValue }, ["ada@example.org", "countess@example.org"])
        XCTAssertEqual(person["person"]?["phones"]?.array.compactMap { $0["value"]?.stringValue }, ["+44 20 7946 0000"])
        XCTAssertEqual(person["person"]?["tags"]?.array.compactMap(\.stringValue), ["math"])
        XCTAssertEqual(person["person"]?["met"]?.stringValue, "Twitter")
        XCTAssertEqual(person["person"]?["into"]?.stringValue, "engines")
        XCTAssertEqual(person["person"]?["notes"]?.stringValue, "Also known as Augusta Ada King")
        XCTAssertEqual(person["interactions"]?.array.compactMap { $0["note"]?.stringValue }.sorted(), ["about the engine", "hello"])
        XCTAssertEqual(person["followUps"]?.array.first?["text"]?.stringValue, "send the notes")
        XCTAssertEqual(d.error("ShowPerson", #"{"person":"\#(countess)"}"#).name, "io.connectd.PersonNotFound")
        XCTAssertEqual(d.ok("Trash")["people"]?.array.first?["id"]?.int, countess, "the other record, as it was")
        XCTAssertEqual(d.ok("Status")["interactions"]?.int, 2)
        try assertMemoryMatchesDatabase(d)
        XCTAssertEqual(d.error("MergePeople", #"{"into":"\#(ada)","from":"ada lovelace"}"#).name, "org.varlink.service.InvalidParameter")
    }

    /// An import taken back: its people go to the trash, what it changed gets its earlier values
    /// (not what was changed since), and the journal says it was undone.
    func testUndoOfAnImport_takesBackWhatItAddedAndChanged() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Priya Raman","emails":["priya@example.org"],"every":"1m"}"#)
        d.ok("AddPerson", #"{"name":"Lin Wei","emails":["lin@example.org"]}"#)
        let cards = (0..<3).map { "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:new-\($0)\r\nFN:New Person \($0)\r\nEND:VCARD\r\n" }.joined()
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nEMAIL:priya@example.org\r\nTITLE:CTO\r\nORG:Contoso\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lin Wei\r\nEMAIL:lin@example.org\r\nTITLE:Editor\r\nEND:VCARD\r\n"
        let imported = ImportTests.importBytes(d, Array(cards.utf8))["parameters"]
        XCTAssertEqual(imported?["added"]?.int, 3)
        XCTAssertEqual(imported?["updated"]?.int, 2)
        let run = try XCTUnwrap(imported?["run"]?.int)
        d.ok("EditPerson", #"{"person":"lin","title":"Chief Editor"}"#)
        d.ok("LogInteraction", #"{"person":"new person 1","kind":"call"}"#)

        let listed = d.ok("ListImports")["imports"]?.array.first
        XCTAssertEqual(listed?["id"]?.int, run)
        XCTAssertNil(listed?["undoneAt"]?.stringValue)
        let undone = d.ok("UndoImport", #"{"run":"last"}"#)["run"]
        XCTAssertEqual(undone?["id"]?.int, run)
        XCTAssertNotNil(undone?["undoneAt"]?.stringValue)
        XCTAssertEqual(ImportTests.people(d).compactMap { $0["name"]?.stringValue }.sorted(), ["Lin Wei", "Priya Raman"])
        XCTAssertEqual(Set(d.ok("Trash")["people"]?.array.compactMap { $0["name"]?.stringValue } ?? []),
                       ["New Person 0", "New Person 1", "New Person 2"], "restorable for 30 days")
        let priya = d.ok("ShowPerson", #"{"person":"priya"}"#)["person"]
        XCTAssertNil(priya?["title"]?.stringValue, "the import's title is taken back")
        XCTAssertNil(priya?["organization"]?.stringValue)
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"lin"}"#)["person"]?["title"]?.stringValue, "Chief Editor", "what was typed since stays")
        let again = d.error("UndoImport", #"{"run":"\#(run)"}"#)
        XCTAssertTrue(again.message.contains("was undone already"), again.message)
        XCTAssertTrue(d.error("UndoImport", #"{"run":"last"}"#).message.contains("no import of the last 30 days left to undo"))
        XCTAssertTrue(d.error("UndoImport", #"{"run":"ninety"}"#).message.contains("names no import"))
        try assertMemoryMatchesDatabase(d)
    }

    /// The user's undo, cut short by a stop, is finished at the next start: it is marked in the
    /// same transaction as its first page.
    func testAnUndoInProgress_isOneTheNextStartFinishes() throws {
        let d = try TestDaemon()
        let reply = ImportTests.importBytes(d, Array(ImportStepsTests.cards(1_200).utf8))["parameters"]
        let run = try XCTUnwrap(reply?["run"]?.int)
        let client = TestDaemon.Client()
        XCTAssertNil(ImportStepsTests.send(d, client, "UndoImport", #"{"run":"\#(run)"}"#), "the reply waits for the last step")
        d.dispatcher.turn()
        let people = try XCTUnwrap(ImportStepsTests.send(d, TestDaemon.Client(), "Status", "{}")?["parameters"]?["people"]?.int)
        XCTAssertTrue(people > 0 && people < 1_200, "part of it is undone: \(people)")
        let interrupted = try d.runtime.keeper.store.read { try $0.unfinishedImports() }
        XCTAssertEqual(interrupted.map(\.id), [Int64(run)], "a start now would finish it")
        XCTAssertNotNil(interrupted.first?.undoStartedAt)
        d.finishBackgroundWork()
        XCTAssertEqual(d.ok("Status")["people"]?.int, 0)
        XCTAssertEqual(try d.runtime.keeper.store.read { try $0.unfinishedImports() }, [])
    }
}
