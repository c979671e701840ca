import ConnectCore
@testable import ConnectDaemon
import ConnectInterchange
import ConnectJSON
import ConnectServices
import ConnectStore
import Foundation
import XCTest

/// Imports go in a step per turn, all of them or none: other clients are answered between the
/// steps, a refusal or a client that leaves undoes what went in, and uploads belong to their
/// connection.
final class ImportStepsTests: XCTestCase {
    /// A call on `client` in one turn (no background work run): its reply, if it came.
    @discardableResult
    static func send(_ d: TestDaemon, _ client: TestDaemon.Client, _ method: String, _ parameters: String) -> JSONValue? {
        let before = client.slots.count
        client.pending.append(Array(#"{"method":"io.connectd.\#(method)","parameters":\#(parameters)}"#.utf8))
        d.dispatcher.enqueue(client)
        d.dispatcher.turn()
        guard client.slots.count > before, let bytes = client.slots[before].bytes else { return nil }
        return try? JSONParser.parse(Array(bytes.dropLast()))
    }

    /// Uploads `bytes` on `client`; the upload's name.
    static func upload(_ d: TestDaemon, _ client: TestDaemon.Client, _ bytes: [UInt8]) -> String {
        var token: String?
        var offset = 0
        repeat {
            let end = min(offset + (512 << 10), bytes.count)
            let data = Data(bytes[offset..<end]).base64EncodedString()
            token = send(d, client, "ImportUpload", #"{"data":"\#(data)"\#(token.map { #","upload":"\#($0)""# } ?? "")}"#)?["parameters"]?["upload"]?.stringValue
            offset = end
        } while offset < bytes.count
        return token ?? ""
    }

    /// The uploads directory empties (the file of an import that ended is freed on a thread).
    static func waitForNoUploads(_ d: TestDaemon, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date(timeIntervalSinceNow: 5)
        while Date() < deadline, try !FileManager.default.contentsOfDirectory(atPath: d.directory + "/uploads").isEmpty { usleep(10_000) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: d.directory + "/uploads"), [], "the upload is gone", file: file, line: line)
    }

    static func cards(_ count: Int, from start: Int = 0) -> String {
        (start..<start + count).map { "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u\($0)\r\nFN:Person \($0)\r\nEND:VCARD\r\n" }.joined()
    }

    /// Runs one step of the import (waiting for the file's records first).
    static func step(_ d: TestDaemon) {
        if !d.dispatcher.hasBackgroundWork { d.runtime.imports.waitForRecords(timeout: 5) }
        d.dispatcher.turn()
    }

    func testALargeImportGoesInSteps_andAnotherClientIsAnsweredBetweenThem() throws {
        let d = try TestDaemon()
        let importer = TestDaemon.Client()
        let token = Self.upload(d, importer, Array(Self.cards(1_200).utf8))
        XCTAssertNil(Self.send(d, importer, "Import", #"{"upload":"\#(token)"}"#), "the reply waits for the last step")
        Self.step(d)
        let other = TestDaemon.Client()
        let status = try XCTUnwrap(Self.send(d, other, "Status", "{}"), "answered in the next turn, while the import runs")
        let people = try XCTUnwrap(status["parameters"]?["people"]?.int)
        XCTAssertTrue(people > 0 && people < 1_200, "part of the file is in: \(people)")
        XCTAssertTrue(d.runtime.imports.isBusy)
        d.finishBackgroundWork()
        let reply = try XCTUnwrap(importer.slots.last?.bytes.flatMap { try? JSONParser.parse(Array($0.dropLast())) })
        XCTAssertEqual(reply["parameters"]?["added"]?.int, 1_200, "\(reply)")
        XCTAssertEqual(d.ok("Status")["people"]?.int, 1_200)
        try Self.waitForNoUploads(d)
    }

    func testAStrictRefusalAfterSeveralSteps_undoesWhatWentIn() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Person 3","every":"2w","notes":"typed here"}"#)
        let file = Self.cards(1_200) + "BEGIN:VCARD\r\nNOTE:nobody\r\nEND:VCARD\r\n"
        let reply = ImportTests.importBytes(d, Array(file.utf8), #""strict":true,"every":"1m""#)
        XCTAssertEqual(reply["error"]?.stringValue, "io.connectd.ImportFailed", "\(reply)")
        XCTAssertEqual(d.ok("Status")["people"]?.int, 1, "nothing of the file stays")
        let kept = d.ok("ShowPerson", #"{"person":"person 3"}"#)["person"]
        XCTAssertEqual(kept?["cadence"]?.stringValue, "2w", "the person it had changed is as before")
        XCTAssertEqual(kept?["notes"]?.stringValue, "typed here")
        XCTAssertEqual(d.ok("Trash")["people"]?.array.count, 0, "an import that never finished leaves nothing in the trash")
        try assertMemoryMatchesDatabase(d)
    }

    func testAClientThatLeavesDuringItsImport_hasItUndone() throws {
        let d = try TestDaemon()
        let importer = TestDaemon.Client()
        let token = Self.upload(d, importer, Array(Self.cards(1_200).utf8))
        Self.send(d, importer, "Import", #"{"upload":"\#(token)"}"#)
        Self.step(d)
        XCTAssertGreaterThan(Self.send(d, TestDaemon.Client(), "Status", "{}")?["parameters"]?["people"]?.int ?? 0, 0, "part of the file is in")
        importer.isConnected = false
        d.finishBackgroundWork()
        XCTAssertEqual(d.ok("Status")["people"]?.int, 0, "what went in was undone")
        try Self.waitForNoUploads(d)
        try assertMemoryMatchesDatabase(d)
    }

    func testADryRunOfSeveralSteps_changesNothing_andSeesTheFilesOwnDuplicates() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Already Here","every":"1w"}"#)
        let file = Self.cards(600) + Self.cards(1, from: 0)
        let reply = ImportTests.importBytes(d, Array(file.utf8), #""dryRun":true,"every":"1m""#)["parameters"]
        XCTAssertEqual(reply?["added"]?.int, 600)
        XCTAssertEqual(reply?["updated"]?.int, 1, "the last card is the first one again")
        XCTAssertEqual(reply?["items"]?.array.last?["reason"]?.stringValue, "merged with the record on line 1 of this file")
        XCTAssertEqual(d.ok("Status")["people"]?.int, 1)
        let real = ImportTests.importBytes(d, Array(file.utf8), #""every":"1m""#)["parameters"]
        XCTAssertEqual(real?["added"]?.int, 600)
        let expected = 1 / 7.0 + 600 / 30.44
        XCTAssertEqual(real?["catchUpsPerDay"]?.double ?? 0, expected, accuracy: 0.05, "one weekly and 600 monthly people")
        XCTAssertEqual(reply?["catchUpsPerDay"]?.double ?? 0, real?["catchUpsPerDay"]?.double ?? -1, accuracy: 0.02,
                       "the dry run foresees the load the import brings")
    }

    func testUploadsBelongToTheirConnection_areBounded_andGoWithIt() throws {
        let d = try TestDaemon()
        let greedy = TestDaemon.Client()
        let data = Data("BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n".utf8).base64EncodedString()
        var tokens: [String] = []
        for _ in 0..<2 {
            tokens.append(try XCTUnwrap(Self.send(d, greedy, "ImportUpload", #"{"data":"\#(data)"}"#)?["parameters"]?["upload"]?.stringValue))
        }
        let third = Self.send(d, greedy, "ImportUpload", #"{"data":"\#(data)"}"#)
        XCTAssertTrue(third?["parameters"]?["message"]?.stringValue?.contains("sending 2 files already") == true, "\(String(describing: third))")
        let other = TestDaemon.Client()
        XCTAssertNotNil(Self.send(d, other, "ImportUpload", #"{"data":"\#(data)"}"#)?["parameters"]?["upload"]?.stringValue, "another client still uploads")
        let foreign = Self.send(d, other, "ImportUpload", #"{"data":"\#(data)","upload":"\#(tokens[0])"}"#)
        XCTAssertTrue(foreign?["parameters"]?["message"]?.stringValue?.contains("no upload named") == true, "nobody adds to another's upload")
        let stolen = Self.send(d, other, "Import", #"{"upload":"\#(tokens[0])"}"#)
        XCTAssertEqual(stolen?["error"]?.stringValue, "org.varlink.service.InvalidParameter", "nor imports it")
        d.runtime.uploads.clientClosed(ObjectIdentifier(greedy))
        for token in tokens { XCTAssertFalse(FileManager.default.fileExists(atPath: d.directory + "/uploads/" + token), "gone with its connection") }
    }

    func testUploads_keepFreeSpaceOnTheDisk() throws {
        let directory = NSTemporaryDirectory() + "connectd-uploads-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let uploads = try Uploads(stateDirectory: directory) { _ in 600 << 20 }
        let owner = ObjectIdentifier(TestDaemon.Client())
        let chunk = Data(repeating: 0x41, count: 100 << 10).base64EncodedString()
        XCTAssertNoThrow(try uploads.append(nil, base64: chunk, owner: owner, now: Date()))
        let tight = try Uploads(stateDirectory: directory) { _ in 500 << 20 }
        XCTAssertThrowsError(try tight.append(nil, base64: chunk, owner: owner, now: Date())) { error in
            XCTAssertTrue("\(error)".contains("has 500 MiB free; connectd keeps 512 MiB free"), "\(error)")
        }
    }

    func testANamesakeGetsTheLowestFreeNumber_whateverNumbersAreTaken() throws {
        let d = try TestDaemon()
        let present = (["Sam"] + (13...23).map { "Sam (\($0))" }).enumerated()
            .map { "BEGIN:VCARD\r\nUID:sam-\($0.offset)\r\nFN:\($0.element)\r\nEND:VCARD\r\n" }.joined()
        XCTAssertEqual(ImportTests.importBytes(d, Array(present.utf8))["parameters"]?["added"]?.int, 12)
        let reply = ImportTests.importBytes(d, Array("BEGIN:VCARD\r\nUID:another-sam\r\nFN:Sam\r\nEND:VCARD\r\n".utf8))["parameters"]
        XCTAssertEqual(reply?["added"]?.int, 1, "\(String(describing: reply))")
        XCTAssertNotNil(d.ok("ShowPerson", #"{"person":"Sam (2)"}"#)["person"])
    }

    func testAThousandNamesakes_theNextIsSkippedWithAReason_theRestGoesIn() throws {
        let d = try TestDaemon()
        let namesakes = (0..<1_002).map { "BEGIN:VCARD\r\nUID:ada-\($0)\r\nFN:Ada\r\nEND:VCARD\r\n" }.joined()
        let reply = ImportTests.importBytes(d, Array((namesakes + "BEGIN:VCARD\r\nFN:Grace Hopper\r\nEND:VCARD\r\n").utf8))["parameters"]
        XCTAssertEqual(reply?["added"]?.int, 1_002)
        XCTAssertEqual(reply?["skipped"]?.int, 1)
        let skipped = reply?["items"]?.array.first { $0["outcome"]?.stringValue == "skipped" }
        XCTAssertEqual(skipped?["line"]?.int, 1_002 * 4 - 3)
        XCTAssertTrue(skipped?["reason"]?.stringValue?.contains("1000 people are called 'Ada' already") == true, "\(String(describing: skipped))")
        XCTAssertNotNil(d.ok("ShowPerson", #"{"person":"grace"}"#)["person"], "the import went on after it")
    }

    func testRestoringThousandsOfIdenticalInteractions_addsEachOnce_andTwiceAddsNothing() throws {
        let d = try TestDaemon()
        let interaction = #"{"person":"ada","kind":"call","at":"2027-04-01T12:00:00.000Z","note":null,"loggedAt":"2027-04-01T12:00:00.000Z"}"#
        let document = #"{"format":"connectd-export","version":1,"people":[{"uid":"ada","name":"Ada Lovelace","tags":[],"links":[],"emails":[],"phones":[],"addedAt":"2027-01-01T00:00:00.000Z","ignored":false}],"interactions":["#
            + Array(repeating: interaction, count: 3_000).joined(separator: ",") + #"],"nudges":[],"prompts":[]}"#
        XCTAssertEqual(ImportTests.importBytes(d, Array(document.utf8))["parameters"]?["added"]?.int, 1)
        XCTAssertEqual(d.ok("Status")["interactions"]?.int, 3_000)
        _ = ImportTests.importBytes(d, Array(document.utf8))
        XCTAssertEqual(d.ok("Status")["interactions"]?.int, 3_000, "restoring twice adds nothing")
    }
}
