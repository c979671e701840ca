import Foundation
import XCTest

/// Contacts found in what you sent, with the real msmtp sending to a small SMTP sink on
/// 127.0.0.1 and writing its own log, read by the real daemon: proposals, accept, dismiss.
final class DetectionTests: XCTestCase {
    func testMailsSentWithMsmtp_becomeProposals_acceptedOnesAreLoggedAtTheirTime() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp") else {
            return XCTFail("msmtp is not installed: apt-get install msmtp (.ci/setup does)")
        }
        let h = try Harness()
        let sink = Process()
        sink.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sink.arguments = ["python3", Harness.packageRoot + "/Tests/EndToEndTests/smtp_sink.py"]
        let portPipe = Pipe()
        sink.standardOutput = portPipe
        try sink.run()
        defer { sink.terminate() }
        let portLine = String(decoding: portPipe.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try XCTUnwrap(Int(portLine), "the sink says its port: '\(portLine)'")
        let log = h.root + "/msmtp.log"
        let rc = h.root + "/msmtprc"
        try "account default\nhost 127.0.0.1\nport \(port)\nfrom me@example.org\nauth off\ntls off\nlogfile \(log)\n"
            .write(toFile: rc, atomically: true, encoding: .utf8)
        chmod(rc, 0o600)
        func send(_ recipients: [String], port override: Int? = nil) throws -> Int32 {
            let input = h.root + "/mail.txt"
            try "To: someone\nSubject: hello\n\nhello\n".write(toFile: input, atomically: true, encoding: .utf8)
            let result = try h.run("/bin/sh", ["-c", "/usr/bin/msmtp -C \(rc) \(override.map { "--port \($0) " } ?? "")\"$@\" < \(input)", "msmtp"] + recipients)
            return result.code
        }
        try "[desktop]\nenabled = false\n[detect]\nmsmtp_log = \"\(log)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--email", "ada@example.org", "--every", "2w").code, 0)
        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--email", "grace@example.org", "--every", "1m").code, 0)
        XCTAssertEqual(try h.ctl("add", "Hedy Lamarr", "--email", "hedy@example.org", "--every", "1m").code, 0)

        XCTAssertEqual(try send(["ada@example.org", "Grace Hopper <GRACE@Example.ORG>", "stranger@example.org"]), 0)
        XCTAssertNotEqual(try send(["hedy@example.org"], port: 1), 0, "a mail that did not go out")
        let list = (1...30).map { "list\($0)@example.org" } + ["hedy@example.org"]
        XCTAssertEqual(try send(list), 0, "a mail to 31 people")

        let detect = try h.ctl("detect")
        XCTAssertEqual(detect.code, 0, detect.stderr)
        XCTAssertTrue(detect.stdout.contains("Read 2 mails sent since the last reading: 2 proposed"), detect.stdout)
        XCTAssertTrue(detect.stdout.contains("1 to more than [detect] max_recipients people left alone"), detect.stdout)
        let proposals = try h.ctl("proposals")
        print("DETECT-FIGURE proposals:\n" + proposals.stdout)
        XCTAssertTrue(proposals.stdout.contains("Ada Lovelace") && proposals.stdout.contains("Grace Hopper"), proposals.stdout)
        XCTAssertFalse(proposals.stdout.contains("Hedy"), "neither the failed mail nor the one to 31 people: \(proposals.stdout)")
        XCTAssertTrue(try h.ctl("detect").stdout.contains("Read 0 mails"), "reading again proposes nothing twice")

        // One mail to both: accepting one is one interaction with the two of them.
        let accepted = try h.ctl("accept", "1")
        XCTAssertEqual(accepted.code, 0, accepted.stderr)
        XCTAssertTrue(accepted.stdout.contains("Logged email with Ada Lovelace and Grace Hopper on "), accepted.stdout)
        XCTAssertTrue(try h.ctl("history", "grace").stdout.contains("email with Ada Lovelace"), "Grace's history has it too")
        let show = try h.ctl("show", "ada")
        XCTAssertTrue(show.stdout.contains("(email, just now)") || show.stdout.contains("email,"), show.stdout)
        XCTAssertTrue(show.stdout.contains("due in 14 days") || show.stdout.contains("due in 13 days"), "the next catch-up moved: \(show.stdout)")

        XCTAssertEqual(try send(["hedy@example.org"]), 0)
        XCTAssertTrue(try h.ctl("detect").stdout.contains("Read 1 mail sent since the last reading: 1 proposed"))
        XCTAssertEqual(try h.ctl("dismiss", "3", "--never").code, 0)
        XCTAssertEqual(try send(["hedy@example.org"]), 0)
        XCTAssertTrue(try h.ctl("detect").stdout.contains("Read 1 mail sent since the last reading: 0 proposed"), "never again for Hedy's address")
        XCTAssertTrue(try h.ctl("proposals").stdout.contains("No proposals"))
        let missing = try h.ctl("accept", "99")
        XCTAssertEqual(missing.code, 1)
        XCTAssertTrue(missing.stderr.contains("There is no open proposal 99"), missing.stderr)
    }

    /// Meetings in a calendar written by the icalendar package (a vdir collection, as khal and
    /// vdirsyncer keep it): every past occurrence of a weekly meeting (less its EXDATE, one moved
    /// a day later), not the ones to come, not one you declined, not one cancelled, not a town hall
    /// of 30, not one with nobody else, not one older than `since`; a guest who declined is not
    /// proposed; a file that is not a calendar is left out; reading again proposes nothing twice.
    func testMeetingsInACalendar_becomeProposals() throws {
        let h = try Harness()
        let directory = h.root + "/calendars/work"
        let made = try h.run("/usr/bin/env", ["python3", Harness.packageRoot + "/Tests/EndToEndTests/calendar_meetings.py", directory])
        XCTAssertEqual(made.code, 0, "pip install icalendar (.ci/setup does): \(made.stderr)")
        try "[detect]\ncalendars = [\"\(directory)\"]\nsubjects = true\nsince = \"90d\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        for (name, email) in [("Ada Lovelace", "ada@example.org"), ("Grace Hopper", "grace@example.org"), ("Hedy Lamarr", "hedy@example.org")] {
            XCTAssertEqual(try h.ctl("add", name, "--email", email).code, 0)
        }
        let detect = try h.ctl("detect", "--json")
        XCTAssertEqual(detect.code, 0, detect.stderr)
        let found = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(detect.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(found["proposed"] as? Int, 6, "\(found)")
        XCTAssertEqual(found["tooMany"] as? Int, 1, "the town hall")
        let listed = try h.ctl("proposals")
        print("DETECT-FIGURE calendar proposals:\n" + listed.stdout)
        let reply = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try h.ctl("proposals", "--json").stdout.utf8)) as? [String: Any])
        let proposals = reply["proposals"] as? [[String: Any]] ?? []
        XCTAssertEqual(Set(proposals.compactMap { $0["person"] as? String }), ["Ada Lovelace"], "\(proposals)")
        XCTAssertEqual(proposals.compactMap { $0["kind"] as? String }.filter { $0 != "meeting" }, [])
        let subjects = proposals.compactMap { $0["subject"] as? String }
        XCTAssertEqual(subjects.filter { $0 == "Weekly with Ada" }.count, 4, "five weeks past, one left out by EXDATE, one moved: \(subjects)")
        XCTAssertEqual(subjects.filter { $0 == "Weekly with Ada (moved)" }.count, 1)
        XCTAssertEqual(subjects.filter { $0 == "Review" }.count, 1, "Grace declined it; Ada did not")
        let again = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try h.ctl("detect", "--json").stdout.utf8)) as? [String: Any])
        XCTAssertEqual(again["proposed"] as? Int, 0, "nothing changed: nothing read again")
        XCTAssertTrue(h.log.contains("your calendars cannot be read: 1 event without a UID or a start (or in a file cut short) left out"), h.log)
        XCTAssertTrue(h.log.contains("Read your calendars: 8 meetings, 6 proposed"), h.log)
        // Accepted, the moved meeting is logged at its new time.
        let moved = try XCTUnwrap(proposals.first { $0["subject"] as? String == "Weekly with Ada (moved)" })
        XCTAssertEqual(try h.ctl("accept", String(moved["id"] as? Int ?? 0)).code, 0)
        let history = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try h.ctl("history", "ada", "--json").stdout.utf8)) as? [String: Any])
        let logged = (history["interactions"] as? [[String: Any]])?.first
        XCTAssertEqual(logged?["kind"] as? String, "meeting")
        XCTAssertEqual(logged?["at"] as? String, moved["at"] as? String)
    }
}
