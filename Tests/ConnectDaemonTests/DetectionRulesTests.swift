import ConnectCore
@testable import ConnectDaemon
import ConnectInterchange
import ConnectServices
import ConnectTime
import Foundation
import XCTest

/// What counts as a contact, the same for every source, and msmtp's yearless times.
final class DetectionRulesTests: XCTestCase {
    private func message(_ d: TestDaemon, _ at: String, _ recipients: [String], key: String) -> Detecting.Message {
        Detecting.Message(at: d.at(at), recipients: recipients, key: key, subject: nil)
    }

    func testTheRules_knownPeopleOnce_notWhenLoggedThatDay_notToManyPeople_logMode() throws {
        let d = try TestDaemon(now: "2027-05-04 18:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","emails":["ada@example.org"],"every":"2w"}"#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","emails":["grace@example.org"],"every":"1m"}"#)
        d.ok("LogInteraction", #"{"person":"grace","kind":"call","at":"today"}"#)
        var rules = Detecting.Rules()
        rules.maxRecipients = 3
        let outcome = try d.write { ws in
            try Detecting.found([
                self.message(d, "2027-05-04 09:00", ["ADA@example.org", "grace@example.org", "who@example.org"], key: "a"),
                self.message(d, "2027-05-04 10:00", ["ada@example.org"], key: "a"),  // the same message again
                self.message(d, "2027-05-04 11:00", ["ada@example.org"], key: "x"),  // another the same day
                self.message(d, "2027-05-03 10:00", ["ada@example.org", "1@x.org", "2@x.org", "3@x.org"], key: "b"),
            ], kind: .email, source: "test", rules: rules, in: ws)
        }
        XCTAssertEqual(outcome.proposed, 1, "Ada once a day; Grace was logged that day; the stranger is nobody")
        XCTAssertEqual(outcome.tooMany, 1)
        var logging = Detecting.Rules()
        logging.mode = .log
        let logged = try d.write { ws in
            try Detecting.found([self.message(d, "2027-05-02 10:00", ["grace@example.org"], key: "c")], kind: .email, source: "test", rules: logging, in: ws)
        }
        XCTAssertEqual(logged.logged, 1, "log mode counts without asking")
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 1)
        XCTAssertEqual(d.ok("Status")["openProposals"]?.int, 1)
        let week = d.ok("Week")
        XCTAssertEqual(week["openProposals"]?.int, 1)
        XCTAssertTrue(week["text"]?.stringValue?.contains("Found in what you sent: 1 contact to count — connectctl proposals.") == true,
                      "the week in review (and so the Sunday prompt) says they wait: \(week["text"] ?? .null)")
        let history = d.ok("History", #"{"person":"grace"}"#)["interactions"]?.array ?? []
        XCTAssertEqual(history.compactMap { $0["kind"]?.stringValue }, ["call", "email"], "logged at the moment of the mail: \(history)")
        // Status keeps the count until a write: the accept is one.
        d.ok("AcceptProposals", #"{"all":true}"#)
        XCTAssertEqual(d.ok("Status")["openProposals"]?.int, 0, "the count made before the accept is not shown after it")
    }

    /// The log followed in-process: a line still being written waits, a rotated log is read
    /// from its start, nothing is read twice.
    func testTheLogFollower_waitsForWholeLines_andReadsARotatedLogFromItsStart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("connectd-msmtp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/msmtp.log"
        let d = try TestDaemon(now: "2027-05-04 18:00") { $0.detect.msmtpLog = log }
        d.ok("AddPerson", #"{"name":"Ada Lovelace","emails":["ada@example.org"],"every":"2w"}"#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","emails":["grace@example.org"],"every":"2w"}"#)
        d.ok("AddPerson", #"{"name":"Hedy Lamarr","emails":["hedy@example.org"],"every":"2w"}"#)
        func line(_ day: Int, _ to: String) -> String {
            "May \(String(format: "%02d", day)) 09:00:00 host=mx from=me@example.org recipients=\(to) mailsize=1 smtpstatus=250 exitcode=EX_OK\n"
        }
        func pass() -> Int {
            // Written "now" on the test's clock: msmtp's yearless times are read against it.
            try? FileManager.default.setAttributes([.modificationDate: d.clock.now], ofItemAtPath: log)
            var proposed = -1
            d.runtime.msmtp.requestPass { result in proposed = (try? result.get())?.outcome.proposed ?? -2 }
            var turns = 0
            while proposed == -1, turns < 20 {
                d.dispatcher.turn()
                turns += 1
            }
            return proposed
        }
        let half = line(2, "grace@example.org")
        try (line(1, "ada@example.org") + half.prefix(30)).write(toFile: log, atomically: false, encoding: .utf8)
        XCTAssertEqual(pass(), 1, "Ada's line; Grace's is still being written")
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: log))
        handle.seekToEndOfFile()
        handle.write(Data(half.dropFirst(30).utf8))
        try handle.close()
        XCTAssertEqual(pass(), 1, "Grace's line once whole")
        XCTAssertEqual(pass(), 0, "nothing twice")
        func append(_ text: Substring) throws {
            let handle = try XCTUnwrap(FileHandle(forWritingAtPath: log))
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try handle.close()
        }
        let hedy = line(3, "hedy@example.org")
        try append(hedy.prefix(20))
        XCTAssertEqual(pass(), 0, "only half a line at the end: it waits")
        try append(hedy.dropFirst(20))
        XCTAssertEqual(pass(), 1, "Hedy's line once whole, not cut")
        // logrotate: the old file moves away, a new one begins.
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        try line(4, "ada@example.org").write(toFile: log, atomically: false, encoding: .utf8)
        XCTAssertEqual(pass(), 1, "the new log is read from its start")
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 4)
    }

    /// msmtp writes no years: a log that spans more than a year is dated by counting its turns of
    /// the year back from when the file was written; a rewritten or truncated log is read again
    /// without proposing a mail twice.
    func testALogOfMoreThanAYear_isDatedRight_andARewrittenLogProposesNothingTwice() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("connectd-msmtp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/msmtp.log"
        let d = try TestDaemon(now: "2027-05-04 18:00", zone: "UTC") {
            $0.detect.msmtpLog = log
            $0.detect.since = 365 * 86400
        }
        d.ok("AddPerson", #"{"name":"Ada Lovelace","emails":["ada@example.org"],"every":"2w"}"#)
        func line(_ date: String, _ to: String) -> String {
            "\(date) 09:00:00 host=mx from=me@example.org recipients=\(to) mailsize=1 smtpstatus=250 exitcode=EX_OK\n"
        }
        func pass(_ text: String? = nil, atomically: Bool = false) throws -> Int {
            if let text { try text.write(toFile: log, atomically: atomically, encoding: .utf8) }
            try FileManager.default.setAttributes([.modificationDate: d.clock.now], ofItemAtPath: log)
            var proposed = -1
            d.runtime.msmtp.requestPass { result in proposed = (try? result.get())?.outcome.proposed ?? -2 }
            for _ in 0..<20 where proposed == -1 { d.dispatcher.turn() }
            return proposed
        }
        // May 2026 (a year and a bit ago: outside 365 days), then December, January, May 2027.
        let text = line("May 01", "ada@example.org") + line("Dec 20", "ada@example.org") + line("Jan 10", "ada@example.org")
            + line("May 01", "ada@example.org")
        XCTAssertEqual(try pass(text), 3, "the first May is a year earlier, so outside the 365 days")
        let days = (d.ok("Proposals")["proposals"]?.array ?? []).compactMap { $0["at"]?.stringValue?.prefix(10) }
        XCTAssertEqual(days, ["2026-12-20", "2027-01-10", "2027-05-01"])
        // Rewritten (a new file in its place, one line more): only the new line is new.
        XCTAssertEqual(try pass(text + line("May 02", "ada@example.org"), atomically: true), 1)
        // Truncated and begun again in the same file: the old mark does not match, read from the start.
        XCTAssertEqual(try pass(line("May 03", "ada@example.org")), 1)
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 5)
        // A month name in German (msmtp writes the user's LC_TIME) is read.
        XCTAssertEqual(try pass(line("Mai 04", "ada@example.org"), atomically: true), 1)
        // A time in another form (logfile_time_format): not read, and said.
        var problem: String?
        try "2027-05-05T10:46:09 host=mx from=me@example.org recipients=ada@example.org exitcode=EX_OK\n"
            .write(toFile: log, atomically: true, encoding: .utf8)
        d.runtime.msmtp.requestPass { problem = (try? $0.get())?.problem }
        for _ in 0..<20 where problem == nil { d.dispatcher.turn() }
        XCTAssertTrue(problem?.contains("lines that name recipients are not in msmtp's default form (1 of them") == true, problem ?? "nothing said")
    }
}
