import ConnectCore
@testable import ConnectDaemon
import ConnectInterchange
import ConnectJSON
import Foundation
import XCTest

/// Importing, triage, the spread start, capacity, news and export, through the real handlers.
final class ImportTests: XCTestCase {
    static func fixture(_ name: String) throws -> [UInt8] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ConnectInterchangeTests/Fixtures/" + name).path
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The file as the client sends it (chunks of at most 512 KiB), then Import with `options`.
    static func importBytes(_ d: TestDaemon, _ bytes: [UInt8], _ options: String = "", chunk: Int = 512 << 10) -> JSONValue {
        var token: String?
        var offset = 0
        repeat {
            let end = min(offset + chunk, bytes.count)
            let data = Data(bytes[offset..<end]).base64EncodedString()
            let upload = token.map { #","upload":"\#($0)""# } ?? ""
            token = d.ok("ImportUpload", #"{"data":"\#(data)"\#(upload)}"#)["upload"]?.stringValue
            offset = end
        } while offset < bytes.count
        return d.call("Import", #"{"upload":"\#(token ?? "")"\#(options.isEmpty ? "" : "," + options)}"#)
    }

    static func people(_ d: TestDaemon) -> [JSONValue] { d.ok("ListPeople", #"{"limit":10000}"#)["people"]?.array ?? [] }

    func testVCardImport_untriagedAndNeverNudged_secondImportChangesNothing() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        let first = Self.importBytes(d, try Self.fixture("google-3.0.vcf"), "", chunk: 100)["parameters"]
        XCTAssertEqual(first?["format"]?.stringValue, "vcard")
        XCTAssertEqual(first?["added"]?.int, 5)
        let status = d.ok("Status")
        XCTAssertEqual(status["untriaged"]?.int, 5)
        XCTAssertEqual(status["due"]?.int, 0)
        let priya = Self.people(d).first { $0["name"]?.stringValue == "Priya Raman" }
        XCTAssertNil(priya?["cadence"]?.stringValue, "no cadence until triage")
        XCTAssertNil(priya?["nextDue"]?.stringValue)
        XCTAssertEqual(priya?["tags"]?.array, [.string("friends")], "Google's own groups are not tags")
        XCTAssertEqual(priya?["organization"]?.stringValue, "Contoso Ltd.")
        XCTAssertEqual(priya?["birthday"]?.stringValue, "1988-02-29")
        d.setClock("2028-05-04 10:00")
        d.replan()
        XCTAssertEqual(d.channel.events.filter { $0.kind == .nudge }.count, 0, "an untriaged person is never nudged, even a year later")
        let second = Self.importBytes(d, try Self.fixture("google-3.0.vcf"))["parameters"]
        XCTAssertEqual(second?["added"]?.int, 0)
        XCTAssertEqual(second?["updated"]?.int, 0)
        XCTAssertEqual(second?["unchanged"]?.int, 5, "importing the same file twice changes nothing")
    }

    func testMatchByEmailThenName_typedFieldsKeptUnlessOverwrite() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"P. Raman","every":"2w","notes":"my own notes","emails":["PRIYA.RAMAN@example.com"]}"#)
        d.ok("AddPerson", #"{"name":"Alex Kim","every":"1m","met":"at the climbing gym"}"#)
        let reply = Self.importBytes(d, try Self.fixture("google-3.0.vcf"))["parameters"]
        XCTAssertEqual(reply?["added"]?.int, 3)
        XCTAssertEqual(reply?["updated"]?.int, 2)
        let byName = Dictionary(uniqueKeysWithValues: Self.people(d).map { ($0["name"]?.stringValue ?? "", $0) })
        XCTAssertEqual(byName["P. Raman"]?["notes"]?.stringValue, "my own notes", "matched by e-mail (case ignored); notes typed here are kept")
        XCTAssertEqual(byName["P. Raman"]?["cadence"]?.stringValue, "2w")
        XCTAssertEqual(byName["P. Raman"]?["emails"]?.array.count, 2, "the address book's second address is merged in")
        XCTAssertEqual(byName["Alex Kim"]?["met"]?.stringValue, "at the climbing gym", "matched by name; how-met kept")
        XCTAssertNil(byName["Priya Raman"], "not added twice")
        let overwritten = Self.importBytes(d, try Self.fixture("google-3.0.vcf"), #""overwrite":true"#)["parameters"]
        XCTAssertEqual(overwritten?["updated"]?.int, 1, "only Priya had a typed field the file replaces")
        let priya = Self.people(d).first { $0["emails"]?.array.contains { $0["value"]?.stringValue == "praman@contoso.example" } == true }
        XCTAssertEqual(priya?["name"]?.stringValue, "Priya Raman")
        XCTAssertTrue(priya?["notes"]?.stringValue?.hasPrefix("Met at FOSDEM") == true)
    }

    func testSameNameDifferentUIDs_areTwoPeople() throws {
        let d = try TestDaemon()
        let cards = """
            BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:1\r\nFN:Sam Lee\r\nEMAIL:sam@one.example\r\nEND:VCARD\r\n\
            BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:2\r\nFN:Sam Lee\r\nEMAIL:sam@two.example\r\nEND:VCARD\r\n
            """
        let reply = Self.importBytes(d, Array(cards.utf8))["parameters"]
        XCTAssertEqual(reply?["added"]?.int, 2)
        XCTAssertEqual(Self.people(d).compactMap { $0["name"]?.stringValue }, ["Sam Lee", "Sam Lee (2)"])
        XCTAssertEqual(Self.importBytes(d, Array(cards.utf8))["parameters"]?["unchanged"]?.int, 2)
    }

    func testImportWithEvery_spreadsFirstDueDatesOverTheCadence_andSaysTheCapacity() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00") { $0.rules.dailyBudget = 2 }
        var text = ""
        for index in 0..<150 { text += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person \(index)\r\nEND:VCARD\r\n" }
        let reply = Self.importBytes(d, Array(text.utf8), #""every":"1m""#)["parameters"]
        XCTAssertEqual(reply?["added"]?.int, 150)
        let perDay = Dictionary(grouping: Self.people(d).compactMap { $0["nextDue"]?.stringValue?.prefix(10) }, by: { $0 }).mapValues(\.count)
        XCTAssertEqual(perDay.values.reduce(0, +), 150)
        XCTAssertGreaterThanOrEqual(perDay.count, 28, "spread over about a month: \(perDay)")
        XCTAssertLessThanOrEqual(perDay.values.max() ?? 0, 6, "no day gets more than its share: \(perDay)")
        let catchUps = try XCTUnwrap(reply?["catchUpsPerDay"]?.double)
        XCTAssertEqual(catchUps, 150 / 30.44, accuracy: 0.1, "150 monthly people need about 4.9 catch-ups a day")
        XCTAssertEqual(d.ok("Status")["catchUpsPerDay"]?.double ?? 0, catchUps, accuracy: 0.01)
    }

    func testTriage_listsOldestFirst_decisionsSpread_ignoreHides() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        _ = Self.importBytes(d, try Self.fixture("android-2.1.vcf"))
        let list = d.ok("Triage", #"{"limit":2}"#)
        XCTAssertEqual(list["remaining"]?.int, 4)
        XCTAssertEqual(list["people"]?.array.count, 2)
        let first = try XCTUnwrap(list["people"]?.array.first?["id"]?.int)
        let edited = d.ok("EditPerson", ##"{"person":"#\##(first)","every":"1w"}"##)
        let nextDue = try XCTUnwrap(edited["person"]?["nextDue"]?.stringValue)
        XCTAssertTrue(nextDue.hasPrefix("2027-05-05") || nextDue > "2027-05-05", "starts within the week, not today: \(nextDue)")
        XCTAssertLessThan(nextDue, "2027-05-12")
        d.ok("EditPerson", ##"{"person":"#\##(first + 1)","ignored":true}"##)
        XCTAssertEqual(d.ok("Triage")["remaining"]?.int, 2)
        XCTAssertEqual(d.ok("Status")["untriaged"]?.int, 2)
        XCTAssertEqual(d.error("Snooze", ##"{"person":"#\##(first + 1)","duration":"1d"}"##).message.contains("ignored"), true)
        XCTAssertEqual(d.error("Skip", ##"{"person":"#\##(first + 2)"}"##).message.contains("no cadence yet"), true)
    }

    func testEditByTag_givesTheCadenceAndSpreads() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        _ = Self.importBytes(d, try Self.fixture("nextcloud-4.0.vcf"), #""tags":["imported"]"#)
        XCTAssertEqual(d.ok("SetCadence", #"{"tag":"imported","every":"3m"}"#)["changed"]?.int, 3)
        XCTAssertEqual(d.ok("Status")["untriaged"]?.int, 0)
        XCTAssertEqual(d.ok("SetCadence", #"{"tag":"imported","every":"3m"}"#)["changed"]?.int, 0)
    }

    func testLinkedInReimport_recordsTheNewJob_theNudgeLeadsWithIt_contactClearsIt() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        let reply = Self.importBytes(d, try Self.fixture("Connections.csv"))
        let first = reply["parameters"]
        XCTAssertEqual(first?["format"]?.stringValue, "linkedin-csv", "\(reply)")
        XCTAssertEqual(first?["added"]?.int, 6)
        let tom = try XCTUnwrap(Self.people(d).first { $0["name"]?.stringValue == "Tom Becker" })
        XCTAssertEqual(tom["met"]?.stringValue, "LinkedIn, 2 Jan 2023")
        d.ok("EditPerson", #"{"person":"tom","every":"1w"}"#)
        let newer = Self.importBytes(d, try Self.fixture("Connections-newer.csv"))["parameters"]
        XCTAssertEqual(newer?["added"]?.int, 1)
        XCTAssertEqual(newer?["updated"]?.int, 2)
        XCTAssertEqual(newer?["unchanged"]?.int, 4)
        let shown = d.ok("ShowPerson", #"{"person":"tom"}"#)["person"]
        XCTAssertEqual(shown?["news"]?.stringValue, "is now Engineering Manager at Globex Corporation")
        d.setClock("2027-05-20 10:00")
        d.replan()
        let nudge = try XCTUnwrap(d.channel.events.first { $0.kind == .nudge })
        XCTAssertTrue(nudge.body.hasPrefix("Tom Becker is now Engineering Manager at Globex Corporation — a good moment to congratulate them."), nudge.body)
        d.ok("LogInteraction", #"{"person":"tom","kind":"message","note":"congratulated him"}"#)
        XCTAssertNil(d.ok("ShowPerson", #"{"person":"tom"}"#)["person"]?["news"]?.stringValue, "heard once you were in touch")
    }

    func testDryRunChangesNothing_strictRefusesAFileWithBadRecords() throws {
        let d = try TestDaemon()
        let dry = Self.importBytes(d, try Self.fixture("broken.vcf"), #""dryRun":true"#)["parameters"]
        XCTAssertEqual(dry?["added"]?.int, 4)
        XCTAssertEqual(dry?["skipped"]?.int, 0, "each card has one outcome: the line without ':' and the missing END are said on their cards")
        let reasons = dry?["items"]?.array.compactMap { item in item["reason"]?.stringValue.map { (item["line"]?.int ?? 0, $0) } } ?? []
        XCTAssertEqual(reasons.map(\.0), [7, 14], "\(reasons)")
        XCTAssertEqual(reasons.first?.1, "left out: line 11 (a content line without ':')")
        XCTAssertEqual(reasons.last?.1, "it has no END:VCARD and ends where the next card begins, on line 19")
        XCTAssertEqual(Self.people(d).count, 0, "a dry run changes nothing")
        XCTAssertEqual(d.ok("Status")["untriaged"]?.int, 0, "nor memory")
        // A card without a name is skipped: --strict refuses the file and nothing stays.
        let unusable = Array(try Self.fixture("broken.vcf")) + Array("BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nobody\r\nEND:VCARD\r\n".utf8)
        let strict = Self.importBytes(d, unusable, #""strict":true"#)
        XCTAssertEqual(strict["error"]?.stringValue, "io.connectd.ImportFailed")
        XCTAssertTrue(strict["parameters"]?["message"]?.stringValue?.contains("Nothing was imported") == true, "\(strict)")
        XCTAssertEqual(Self.people(d).count, 0)
        let lenient = Self.importBytes(d, unusable)["parameters"]
        XCTAssertEqual(lenient?["added"]?.int, 4)
        let lines = lenient?["items"]?.array.filter { $0["outcome"]?.stringValue == "skipped" }.compactMap { $0["line"]?.int }
        XCTAssertEqual(lines, [25])
    }

    func testUnreadableInput_saysWhatItTakes() throws {
        let d = try TestDaemon()
        for (bytes, expected) in [([UInt8](), "empty"), (Array("name,phone\nAda,1\n".utf8), "vCard"), ((0..<300).map { UInt8($0 % 256) }, "vCard")] {
            let reply = Self.importBytes(d, bytes)
            XCTAssertEqual(reply["error"]?.stringValue, "io.connectd.ImportFailed")
            XCTAssertTrue(reply["parameters"]?["message"]?.stringValue?.contains(expected) == true, "\(reply)")
        }
        XCTAssertEqual(d.error("Import", #"{"upload":"0123456789abcdef0123456789abcdef"}"#).message.contains("no upload named"), true)
        XCTAssertEqual(d.error("ImportUpload", #"{"data":"not base64!"}"#).message.contains("base64"), true)
    }

    func testJSONExport_importedIntoAnEmptyDaemon_exportsTheSame() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        _ = Self.importBytes(d, try Self.fixture("apple-3.0.vcf"), #""every":"2w""#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w","met":"Navy","tags":["cs"]}"#)
        d.ok("LogInteraction", #"{"person":"grace","kind":"call","at":"3 days ago","note":"compilers"}"#)
        // The same coffee logged twice (two coffees that day), a follow-up, someone not met yet.
        for _ in 0..<2 { d.ok("LogInteraction", #"{"person":"grace","kind":"coffee","at":"2 days ago"}"#) }
        d.ok("LogInteraction", #"{"person":"grace","kind":"call","at":"yesterday","next":["send the COBOL paper"]}"#)
        d.ok("AddPerson", #"{"name":"Lin Wei","wantToMeet":true,"found":"her talk on compilers"}"#)
        d.setClock("2027-05-20 10:00")
        d.replan()
        d.ok("Reflect", #"{"answer":"Called Grace"}"#)
        let first = try Self.exportJSON(d)
        let e = try TestDaemon(now: "2027-06-01 10:00")
        let restored = Self.importBytes(e, Array(first.utf8))["parameters"]
        XCTAssertEqual(restored?["format"]?.stringValue, "json")
        XCTAssertEqual(restored?["added"]?.int, 6)
        XCTAssertEqual(try Self.exportJSON(e), first, "export, import, export: the same text")
        XCTAssertEqual(e.ok("Status")["interactions"]?.int, d.ok("Status")["interactions"]?.int, "both coffees of the same day come back")
        XCTAssertEqual(e.ok("FollowUps")["followUps"]?.array.first?["text"]?.stringValue, "send the COBOL paper")
        XCTAssertEqual(e.ok("ShowPerson", #"{"person":"lin wei"}"#)["person"]?["wantToMeet"]?.bool, true)
        XCTAssertEqual(Self.importBytes(e, Array(first.utf8))["parameters"]?["unchanged"]?.int, 6, "restoring twice adds nothing")
        XCTAssertEqual(try Self.exportJSON(e), first)
        XCTAssertEqual(e.ok("Status")["interactions"]?.int, d.ok("Status")["interactions"]?.int)
    }

    /// A person already here is merged as an import merges: a field empty here is filled from
    /// the export; one typed here is replaced only with overwrite.
    func testJSONExport_intoADaemonThatHasThePerson_fillsEmptyFields_overwriteReplaces() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1w"}"#)
        let e = try TestDaemon(now: "2027-05-04 11:00")
        _ = Self.importBytes(e, Array(try Self.exportJSON(d).utf8))
        d.ok("EditPerson", #"{"person":"grace","notes":"likes tea"}"#)
        let filled = Self.importBytes(e, Array(try Self.exportJSON(d).utf8))["parameters"]
        XCTAssertEqual(filled?["updated"]?.int, 1, "\(String(describing: filled))")
        XCTAssertEqual(e.ok("ShowPerson", #"{"person":"grace"}"#)["person"]?["notes"]?.stringValue, "likes tea")
        e.ok("EditPerson", #"{"person":"grace","notes":"prefers coffee"}"#)
        d.ok("EditPerson", #"{"person":"grace","notes":"likes green tea"}"#)
        let kept = Self.importBytes(e, Array(try Self.exportJSON(d).utf8))["parameters"]
        XCTAssertEqual(kept?["unchanged"]?.int, 1)
        XCTAssertEqual(e.ok("ShowPerson", #"{"person":"grace"}"#)["person"]?["notes"]?.stringValue, "prefers coffee", "typed here: kept")
        _ = Self.importBytes(e, Array(try Self.exportJSON(d).utf8), #""overwrite":true"#)
        XCTAssertEqual(e.ok("ShowPerson", #"{"person":"grace"}"#)["person"]?["notes"]?.stringValue, "likes green tea", "--overwrite replaces")
    }

    /// The JSON export as the client assembles it from pages of 2 people.
    static func exportJSON(_ d: TestDaemon) throws -> String {
        var after = 0
        var pages: [ExportPage] = []
        while true {
            let reply = d.ok("Export", #"{"format":"json","after":\#(after),"limit":2}"#)
            let text = try XCTUnwrap(reply["page"]?.stringValue)
            pages.append(try JSONValueDecoder().decode(ExportPage.self, from: try JSONParser.parse(Array(text.utf8))))
            guard let next = reply["next"]?.int else { break }
            after = next
        }
        return JSONWriter.prettyText(try JSONParser.parse(try JSONEncoding.encode(ExportDocument(pages: pages))))
    }

    /// A person keeps their id for life: the trash lists it, `restore ID` finds them by it, and
    /// they come back under it. Two removed people with the same first name are told apart by it.
    func testRestoreKeepsTheIdAPersonHad_andFindsThemByIt() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        let altman = try XCTUnwrap(d.ok("AddPerson", #"{"name":"Sam Altman","every":"1m"}"#)["person"]?["id"]?.int)
        let smith = try XCTUnwrap(d.ok("AddPerson", #"{"name":"Sam Smith","every":"1m"}"#)["person"]?["id"]?.int)
        d.ok("AddPerson", #"{"name":"Grace Hopper"}"#)
        d.ok("LogInteraction", #"{"person":"sam smith","kind":"call","next":["lend him the book"]}"#)
        d.ok("RemovePerson", #"{"person":"sam altman"}"#)
        d.ok("RemovePerson", #"{"person":"sam smith"}"#)
        d.ok("AddPerson", #"{"name":"Someone New"}"#)
        XCTAssertEqual(Set(d.ok("Trash")["people"]?.array.compactMap { $0["id"]?.int } ?? []), [altman, smith], "the trash shows their own ids")
        let ambiguous = d.error("Restore", #"{"name":"sam"}"#)
        XCTAssertEqual(ambiguous.name, "io.connectd.AmbiguousName")
        XCTAssertTrue(ambiguous.message.contains("Sam Smith (#\(smith))"), ambiguous.message)
        let restored = d.ok("Restore", #"{"name":"\#(smith)"}"#)["person"]
        XCTAssertEqual(restored?["name"]?.stringValue, "Sam Smith")
        XCTAssertEqual(restored?["id"]?.int, smith, "back under the id they had")
        XCTAssertEqual(d.ok("ShowPerson", ##"{"person":"#\##(smith)"}"##)["person"]?["name"]?.stringValue, "Sam Smith")
        XCTAssertEqual(d.ok("FollowUps")["followUps"]?.array.first?["text"]?.stringValue, "lend him the book", "the follow-up came back too")
        XCTAssertEqual(d.ok("Restore", #"{"name":"altman"}"#)["person"]?["id"]?.int, altman)
        let gone = d.error("Restore", ##"{"name":"#\##(smith)"}"##)
        XCTAssertEqual(gone.name, "io.connectd.PersonNotFound", "restored once, gone from the trash")
        XCTAssertTrue(gone.message.contains("Nobody in the trash matches '#\(smith)'") && gone.message.contains("connectctl trash"), gone.message)
    }

    /// A card with one unreadable value is added without it and counted once, as added; its
    /// line in the report says what was left out.
    func testACardWithAnUnreadableBirthday_isAddedOnce_andTheReportSaysWhatWasLeftOut() throws {
        let d = try TestDaemon()
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nBDAY:notadate\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"
        let reply = Self.importBytes(d, Array(card.utf8))["parameters"]
        XCTAssertEqual(reply?["added"]?.int, 1)
        XCTAssertEqual(reply?["skipped"]?.int, 0, "one card, counted once")
        let item = reply?["items"]?.array.first
        XCTAssertEqual(item?["outcome"]?.stringValue, "added")
        XCTAssertTrue(item?["reason"]?.stringValue?.contains("left out: the birthday 'notadate'") == true, "\(String(describing: item))")
    }
}
