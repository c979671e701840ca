import Foundation
import XCTest

/// Sent mail found through the real notmuch: a Maildir written by the test and indexed by the real
/// `notmuch new`, read by the real daemon through libnotmuch. What it must propose, and what it
/// must rightly leave alone (a list, 30 recipients, a Bcc, mail only received, one message in two
/// folders, mail older than the window, bulk mail); then new mail arriving is found by itself.
final class NotmuchDetectionTests: XCTestCase {
    func testSentMailAndRepliesInYourThreads_becomeProposals_theRestIsLeftAlone() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/notmuch") else {
            return XCTFail("notmuch is not installed: apt-get install notmuch (.ci/setup does)")
        }
        let h = try Harness()
        let mailbox = Harness.packageRoot + "/Tests/EndToEndTests/notmuch_mailbox.py"
        let written = try h.run("/usr/bin/env", ["python3", mailbox, h.root, "first"])
        XCTAssertEqual(written.code, 0, written.stderr)
        let together = try h.run("/usr/bin/env", ["python3", mailbox, h.root, "together"])
        XCTAssertEqual(together.code, 0, together.stderr)
        h.extraEnvironment["NOTMUCH_CONFIG"] = h.root + "/notmuch-config"
        try "[desktop]\nenabled = false\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        let daemon = try h.start()
        let people = ["Ada Lovelace": "ada", "Grace Hopper": "grace", "Hedy Lamarr": "hedy", "Katherine Johnson": "katherine",
                      "Barbara Liskov": "barbara", "Linus Torvalds": "linus", "Margaret Hamilton": "margaret", "Edsger Dijkstra": "edsger"]
        for (name, local) in people.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(try h.ctl("add", name, "--email", "\(local)@example.org", "--every", "1m").code, 0)
        }
        try "[desktop]\nenabled = false\n[detect]\nnotmuch = true\nsubjects = true\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        kill(daemon.processIdentifier, SIGHUP)
        try h.waitFor("the first pass over notmuch") { h.log.contains("Read notmuch:") }

        let listed = try h.ctl("proposals", "--json")
        XCTAssertEqual(listed.code, 0, listed.stderr)
        struct Listed: Decodable {
            struct Proposal: Decodable { let id: Int; let person: String; let subject: String?; let source: String; let newPerson: Bool? }
            let proposals: [Proposal]
        }
        let proposals = try JSONDecoder().decode(Listed.self, from: Data(listed.stdout.utf8)).proposals
        print("DETECT-FIGURE notmuch proposals:\n" + (try h.ctl("proposals")).stdout)
        XCTAssertEqual(proposals.map(\.person).sorted(), ["Ada Lovelace", "Ada Lovelace", "Barbara Liskov", "Barbara Liskov", "Barbara Liskov",
                                                            "Edsger Dijkstra", "Grace Hopper", "Jean Sammet"],
                       "sent to Ada; Grace in Cc from the other address; Barbara's thread on two days; Edsger once though in two folders; "
                           + "Ada and Barbara in one mail; Jean, written to three times, to add")
        XCTAssertEqual(proposals.filter { $0.newPerson == true }.map(\.person), ["Jean Sammet"])
        XCTAssertEqual(Set(proposals.map(\.source)), ["notmuch"])
        XCTAssertFalse(listed.stdout.contains("someone@else.example") || listed.stdout.contains("newsletter@"), "strangers written to once are not")
        XCTAssertTrue(proposals.contains { $0.person == "Ada Lovelace" && $0.subject == "onboarding" }, "subjects = true shows the subject")
        for left in ["Hedy", "Katherine", "Linus", "Margaret"] {
            XCTAssertFalse(listed.stdout.contains(left), "\(left) is rightly not proposed (list / 30 recipients / Bcc / only received)")
        }
        XCTAssertTrue(try h.ctl("detect").stdout.contains("Read 0 mails"), "reading again proposes nothing twice")

        // The mail to Ada and Barbara is one interaction with both; Jean, added, has her three mails proposed.
        let lunch = try XCTUnwrap(proposals.first { $0.subject == "lunch on friday?" })
        let both = try h.ctl("accept", String(lunch.id))
        XCTAssertTrue(both.stdout.contains("Logged email with Ada Lovelace and Barbara Liskov on "), both.stdout)
        let jean = try XCTUnwrap(proposals.first { $0.newPerson == true })
        let added = try h.ctl("accept", String(jean.id))
        XCTAssertTrue(added.stdout.contains("Added Jean Sammet (#9, jean.sammet@else.example)"), added.stdout)
        let hers = try h.ctl("proposals").stdout.split(separator: "\n").filter { $0.contains("Jean Sammet") && $0.contains("email") }
        XCTAssertEqual(hers.count, 3, "her three mails: \(hers)")
        print("DETECT-FIGURE after accepting the lunch and Jean:\n" + both.stdout + "\n" + added.stdout + "\n" + (try h.ctl("proposals")).stdout)

        // New mail, indexed by notmuch new: found without being asked (the database changed).
        let more = try h.run("/usr/bin/env", ["python3", mailbox, h.root, "more"])
        XCTAssertEqual(more.code, 0, more.stderr)
        try h.waitFor("the new mail to Katherine to be proposed", timeout: 30) { try h.ctl("proposals").stdout.contains("Katherine Johnson") }
        let katherine = try XCTUnwrap(try h.ctl("proposals").stdout.split(separator: "\n").first { $0.contains("Katherine Johnson") })
        let id = String(katherine.split(separator: " ").first ?? "")
        let accepted = try h.ctl("accept", id)
        XCTAssertEqual(accepted.code, 0, accepted.stderr)
        XCTAssertTrue(accepted.stdout.contains("Logged email with Katherine Johnson"), accepted.stdout)
        let show = try h.ctl("show", "katherine")
        XCTAssertTrue(show.stdout.contains("due in 4 weeks") || show.stdout.contains("due in 5 weeks"),
                      "the next catch-up moved a month on: \(show.stdout)")
    }

    /// End to end: mail found in notmuch, a desktop notification (a fake server on a private
    /// session bus presses "Log all"), the contacts logged at the time of each mail, due moved.
    func testTheFoundContactsNotification_logAll_logsThemAndMovesTheirDue() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/notmuch") else {
            return XCTFail("notmuch is not installed: apt-get install notmuch (.ci/setup does)")
        }
        let h = try Harness()
        let written = try h.run("/usr/bin/env", ["python3", Harness.packageRoot + "/Tests/EndToEndTests/notmuch_mailbox.py", h.root, "first"])
        XCTAssertEqual(written.code, 0, written.stderr)
        let bus = try SessionBus(harness: h)
        defer { bus.stop() }
        let record = h.root + "/notify.jsonl"
        try bus.startFakeServer(harness: h, record: record, actions: ["log-all"])
        h.extraEnvironment = bus.environment.merging(["NOTMUCH_CONFIG": h.root + "/notmuch-config"]) { $1 }
        try "".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        let daemon = try h.start()
        for (name, local) in [("Ada Lovelace", "ada"), ("Barbara Liskov", "barbara"), ("Edsger Dijkstra", "edsger"), ("Grace Hopper", "grace")] {
            XCTAssertEqual(try h.ctl("add", name, "--email", "\(local)@example.org", "--every", "1m").code, 0)
        }
        try "[detect]\nnotmuch = true\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        kill(daemon.processIdentifier, SIGHUP)
        // "No proposals" alone is also what a daemon that has not read yet says: wait for the log line of the button.
        try h.waitFor("Log all to count the five found contacts", timeout: 30) {
            try h.log.contains("Logged 5 found contacts from a desktop notification") && h.ctl("proposals").stdout.contains("No proposals")
        }
        let shown = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").filter { $0.contains("contacts to count") }
        print("DETECT-FIGURE the notification:\n" + shown.joined(separator: "\n"))
        XCTAssertEqual(shown.count, 1, "one notification for the reading")
        XCTAssertTrue(shown.first?.contains(#""actions": ["log-all", "Log all", "default", "Review"]"#) == true, String(describing: shown.first))
        XCTAssertTrue(shown.first?.contains("5 contacts to count") == true, String(describing: shown.first))
        let history = try h.json("history", "barbara")["interactions"] as? [[String: Any]]
        XCTAssertEqual(history?.count, 2, "Barbara on two days: \(String(describing: history))")
        let ada = try h.ctl("show", "ada").stdout
        XCTAssertTrue(ada.contains("email, 3 days ago") || ada.contains("(email,"), ada)
        XCTAssertTrue(ada.contains("due in 3 weeks") || ada.contains("due in 4 weeks"), "due a month after the mail, not after now: \(ada)")
        XCTAssertTrue(h.log.contains("Logged 5 found contacts from a desktop notification"), h.log)
    }
}
