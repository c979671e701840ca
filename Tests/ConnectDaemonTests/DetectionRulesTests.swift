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

/// Someone you wrote to several times who is none of your people is proposed as someone to add;
/// added, what you sent them becomes their proposals.
final class PeopleToAddTests: XCTestCase {
    private func mail(_ d: TestDaemon, _ at: String, _ to: [String], key: String) -> Detecting.Message {
        Detecting.Message(at: d.at(at), recipients: to, key: key, subject: nil)
    }

    private func read(_ d: TestDaemon, _ messages: [Detecting.Message]) throws -> Detecting.Outcome {
        try d.write { ws in try Detecting.found(messages, kind: .email, source: "test", rules: Detecting.Rules(), in: ws) }
    }

    func testThreeMailsInAMonthToAnUnknownAddress_proposeAddingThem_andAddingProposesTheMails() throws {
        let d = try TestDaemon(now: "2027-05-25 18:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","emails":["ada@example.org"],"every":"2w"}"#)
        XCTAssertEqual(try read(d, [mail(d, "2027-05-01 10:00", ["Jane.Doe@Example.org", "ada@example.org"], key: "j1"),
                                    mail(d, "2027-05-10 10:00", ["jane.doe@example.org"], key: "j2")]).proposed, 1, "Ada only: twice is not several")
        // Three times, but never within 30 days; three within a month to an address you said never to; a mail seen again.
        _ = try read(d, [mail(d, "2027-03-01 10:00", ["slow@example.org"], key: "s1"), mail(d, "2027-04-05 10:00", ["slow@example.org"], key: "s2"),
                         mail(d, "2027-05-10 10:00", ["slow@example.org"], key: "s3"), mail(d, "2027-05-10 10:00", ["jane.doe@example.org"], key: "j2")])
        try d.write { ws in try ws.session.neverPropose("newsletter@example.org") }
        _ = try read(d, (1...3).map { mail(d, "2027-05-1\($0) 10:00", ["newsletter@example.org"], key: "n\($0)") })
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 1, "nobody to add yet: \(d.ok("Proposals"))")

        let third = try read(d, [mail(d, "2027-05-20 10:00", ["jane.doe@example.org"], key: "j3")])
        XCTAssertEqual(third.proposed, 1)
        XCTAssertEqual(third.toAdd, 1)
        try d.write { ws in try Detecting.readingEnded(third, in: ws) }
        XCTAssertEqual(d.channel.events.last?.summary, "1 person to add", "the reading's notification says what it is")
        XCTAssertTrue(d.channel.events.last?.body.contains("jane.doe@example.org: 3 mails, none of your people — add them?") == true,
                      d.channel.events.last?.body ?? "")
        let proposals = d.ok("Proposals")["proposals"]?.array ?? []
        let jane = try XCTUnwrap(proposals.first { $0["newPerson"]?.bool == true }, "\(proposals)")
        XCTAssertEqual(jane["person"]?.stringValue, "Jane Doe", "a name made from the address")
        XCTAssertEqual(jane["address"]?.stringValue, "jane.doe@example.org")
        XCTAssertEqual(jane["seen"]?.int, 3)
        XCTAssertEqual(jane["personId"]?.int, 0)
        XCTAssertEqual(try read(d, [mail(d, "2027-05-21 10:00", ["jane.doe@example.org"], key: "j4")]).proposed, 0, "proposed once")

        // "Log all" on the desktop counts contacts only.
        XCTAssertEqual(try d.write { ws in try Detecting.acceptAll(upTo: 1000, in: ws) }.accepted, 2)
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 1, "Jane is still to be decided")

        let accepted = d.ok("AcceptProposals", #"{"ids":[\#(jane["id"]?.int ?? 0)]}"#)
        XCTAssertEqual(accepted["accepted"]?.array.first?["person"]?.stringValue, "Jane Doe")
        XCTAssertEqual(accepted["accepted"]?.array.first?["newPerson"]?.bool, true)
        let added = d.ok("ShowPerson", #"{"person":"jane"}"#)["person"]
        XCTAssertEqual(added?["emails"]?.array.first?["value"]?.stringValue, "jane.doe@example.org")
        XCTAssertNotNil(added?["cadence"]?.stringValue, "on the default cadence")
        // The four mails to her are her proposals now, at their times.
        let hers = (d.ok("Proposals")["proposals"]?.array ?? []).filter { $0["person"]?.stringValue == "Jane Doe" }
        XCTAssertEqual(hers.count, 4, "\(hers)")
        XCTAssertTrue(hers.allSatisfy { $0["newPerson"] == nil && $0["kind"]?.stringValue == "email" })
        d.ok("AcceptProposals", #"{"all":true}"#)
        XCTAssertEqual(d.ok("History", #"{"person":"jane"}"#)["interactions"]?.array.count, 4)
        XCTAssertEqual(try d.runtime.keeper.store.read { try $0.sightings(address: "jane.doe@example.org", limit: 10) }.count, 0, "forgotten once added")

        // Someone you have, given an address you wrote to before: those mails are theirs now.
        d.ok("AddPerson", #"{"name":"Grace Hopper","every":"1m"}"#)
        _ = try read(d, [mail(d, "2027-05-02 10:00", ["grace@navy.example"], key: "g1"), mail(d, "2027-05-05 10:00", ["grace@navy.example"], key: "g2")])
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 0)
        d.ok("EditPerson", #"{"person":"grace","addEmails":["Grace@Navy.example"]}"#)
        let graces = (d.ok("Proposals")["proposals"]?.array ?? []).compactMap { $0["person"]?.stringValue }
        XCTAssertEqual(graces, ["Grace Hopper", "Grace Hopper"])
        // Not hers after all: the address taken away takes its proposals with it.
        d.ok("EditPerson", #"{"person":"grace","removeEmails":["grace@navy.example"]}"#)
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 0)
    }

    func testSomeoneWhoHasTheAddressSince_isNotAddedTwice() throws {
        let d = try TestDaemon(now: "2027-05-25 18:00")
        _ = try read(d, (1...3).map { mail(d, "2027-05-1\($0) 10:00", ["jane.doe@example.org"], key: "j\($0)") })
        let id = try XCTUnwrap(d.ok("Proposals")["proposals"]?.array.first?["id"]?.int)
        // Her card came another way (an import, another machine) while the proposal was open.
        let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:5f0c0c1e-0000-4000-8000-00000000jane\r\nFN:Jane Doe-Smith\r\n"
            + "EMAIL:jane.doe@example.org\r\nEND:VCARD\r\n"
        XCTAssertEqual(ImportTests.importBytes(d, Array(card.utf8))["parameters"]?["added"]?.int, 1)
        let accepted = d.ok("AcceptProposals", #"{"ids":[\#(id)]}"#)
        XCTAssertEqual(accepted["accepted"]?.array.first?["person"]?.stringValue, "Jane Doe-Smith", "the one who has the address")
        XCTAssertEqual(d.ok("Status")["people"]?.int, 1, "nobody added twice")
        XCTAssertEqual((d.ok("Proposals")["proposals"]?.array ?? []).filter { $0["person"]?.stringValue == "Jane Doe-Smith" }.count, 3)
        XCTAssertEqual(d.ok("DismissProposals", #"{"all":true}"#)["dismissed"]?.array.count, 3)
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 0)
        XCTAssertEqual(d.error("DismissProposals", #"{"all":true,"ids":[1]}"#).message, "Give either 'all' or 'ids', not both.")
        XCTAssertTrue(d.error("DismissProposals", "{}").message.contains("or all"))
    }

    func testDismissedOnce_isNotAskedAgain_andNamesThatAreNoNamesStayAddresses() throws {
        let d = try TestDaemon(now: "2027-05-25 18:00")
        _ = try read(d, (1...3).map { mail(d, "2027-05-1\($0) 10:00", ["info@shop.example"], key: "i\($0)") })
        let id = try XCTUnwrap(d.ok("Proposals")["proposals"]?.array.first?["id"]?.int)
        XCTAssertEqual(d.ok("Proposals")["proposals"]?.array.first?["person"]?.stringValue, "info@shop.example")
        XCTAssertEqual(d.ok("AcceptProposals", #"{"all":true}"#)["accepted"]?.array.count, 0, "'all' counts contacts; it adds nobody")
        d.ok("DismissProposals", #"{"ids":[\#(id)]}"#)
        XCTAssertEqual(try read(d, [mail(d, "2027-05-20 10:00", ["info@shop.example"], key: "i9")]).proposed, 0)
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 0)
        XCTAssertEqual(EmailAddress.guessedName("grace_hopper+news@navy.example"), "Grace Hopper")
        XCTAssertEqual(EmailAddress.guessedName("x7@example.org"), "x7@example.org")
        // An address no person could have (a terminal escape in it) is never proposed.
        _ = try read(d, (1...3).map { mail(d, "2027-05-1\($0) 10:00", ["\u{1b}[31mx@evil.example"], key: "e\($0)") })
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 0)
    }
}
