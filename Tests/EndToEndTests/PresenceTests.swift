import Foundation
import XCTest

/// Nudges that arrive when you can act on them and say what to talk about, with real peers: a
/// private bus standing in for the system bus with a small fake login1 the test drives, dunst on
/// Xvfb as the notification server, and the real daemon.
final class PresenceTests: XCTestCase {
    /// The fake login1 on the stand-in system bus; commands go to its stdin.
    final class FakeLogin1 {
        let process = Process()
        private let input = Pipe()
        private let output: String

        init(harness: Harness, bus: SessionBus, locked: Bool) throws {
            let check = try harness.run("/usr/bin/env", ["python3", "-c", "import jeepney"])
            guard check.code == 0 else { throw XCTSkip("the Python package jeepney is missing (pip install jeepney)") }
            output = harness.root + "/login1.out"
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Harness.packageRoot + "/Tests/EndToEndTests/fake_login1.py"] + (locked ? ["--locked"] : [])
            process.environment = ProcessInfo.processInfo.environment.merging(bus.environment) { $1 }.merging(["PYTHONUNBUFFERED": "1"]) { $1 }
            process.standardInput = input
            process.standardOutput = FileHandle(forWritingAtPath: output)
            process.standardError = FileHandle(forWritingAtPath: output)
            try process.run()
            try harness.waitFor("the fake login1") { self.said("ready") }
        }

        func said(_ text: String) -> Bool { ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains(text) }

        /// Sends a command and waits until the fake has emitted its signal.
        func send(_ command: String, harness: Harness) throws {
            let count = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").components(separatedBy: "ok \(command)").count
            input.fileHandleForWriting.write(Data((command + "\n").utf8))
            try harness.waitFor("login1 to \(command)") {
                ((try? String(contentsOfFile: self.output, encoding: .utf8)) ?? "").components(separatedBy: "ok \(command)").count > count
            }
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    func dunst(_ h: Harness, _ env: [String: String], _ arguments: String...) throws -> String {
        try h.run("/usr/bin/dunstctl", arguments, environment: env).stdout
    }

    func testALockedSessionHoldsTheNudge_itArrivesWithItsFollowUpRightAfterTheUnlock_andPausedDunstHoldsToo() throws {
        let h = try Harness()
        let system = try SessionBus(harness: h, socketName: "system-bus")
        defer { system.stop() }
        let login1 = try FakeLogin1(harness: h, bus: system, locked: true)
        defer { login1.stop() }
        let session = try SessionBus(harness: h)
        defer { session.stop() }
        let display = try session.startDunst(harness: h)
        try h.allowNudgesAllDay()
        h.extraEnvironment = session.environment.merging(["DBUS_SYSTEM_BUS_ADDRESS": system.address, "DISPLAY": display]) { $1 }
        try h.start()
        try h.waitFor("the daemon to see the locked session") { h.log.contains("Nudges wait: the session is locked.") }
        let env = h.environment

        // Ada is due (a coffee three weeks ago, every two weeks), with a promise from last time.
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "2w", "--met", "at the analytical engine meetup", "--into", "poetical science").code, 0)
        XCTAssertEqual(try h.ctl("log", "ada", "coffee", "--at", "3 weeks ago", "--next", "send her the onboarding article",
                                 "talked about her launch").code, 0)
        try h.waitFor("the nudge to be held") { h.log.contains("Holding 1 nudge until you are back (the session is locked).") }
        XCTAssertEqual((try h.json("nudges")["open"] as? [[String: Any]])?.count, 0, "nothing delivered while locked")

        let unlocked = Date()
        try login1.send("unlock", harness: h)
        var delivered: Date?
        try h.waitFor("the nudge after the unlock") {
            let open = try h.json("nudges")["open"] as? [[String: Any]] ?? []
            delivered = open.first.flatMap { Harness.instant($0["deliveredAt"]) }
            return delivered != nil
        }
        let delay = try XCTUnwrap(delivered).timeIntervalSince(unlocked)
        XCTAssertLessThan(delay, 60, "within a minute of the unlock")
        var history = ""
        try h.waitFor("dunst to show the nudge") {
            history = try dunst(h, env, "history")
            return history.contains("Time to reconnect with Ada Lovelace")
        }
        XCTAssertTrue(history.contains("Last time you said you would: send her the onboarding article."), history)
        XCTAssertTrue(history.contains("talked about her launch"), history)
        let body = try XCTUnwrap(Self.dunstBody(history, containing: "send her the onboarding article"))
        print(String(format: "PRESENCE-FIGURE the nudge was delivered %.3f s after the unlock", delay))
        print("PRESENCE-FIGURE dunst shows: \"Time to reconnect with Ada Lovelace\" / \"\(body)\"")

        // Do-not-disturb (dunst paused) holds the next one; resuming lets it out.
        XCTAssertEqual(try h.run("/usr/bin/dunstctl", ["set-paused", "true"], environment: env).code, 0)
        try h.waitFor("the daemon to see dunst paused") { h.log.contains("Nudges wait: notifications are paused (do not disturb).") }
        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--every", "1m", "--due", "now").code, 0)
        try h.waitFor("Grace's nudge to be held") {
            h.log.contains("Holding 1 nudge until you are back (notifications are paused (do not disturb)).")
        }
        XCTAssertFalse((try h.json("nudges")["open"] as? [[String: Any]] ?? []).contains { $0["personName"] as? String == "Grace Hopper" })
        XCTAssertEqual(try h.run("/usr/bin/dunstctl", ["set-paused", "false"], environment: env).code, 0)
        try h.waitFor("Grace's nudge after resuming") {
            (try h.json("nudges")["open"] as? [[String: Any]] ?? []).contains { $0["personName"] as? String == "Grace Hopper" }
        }

        // Going to sleep holds too.
        try login1.send("sleep", harness: h)
        try h.waitFor("the daemon to see the sleep") { h.log.contains("Nudges wait: the machine is going to sleep.") }
        try login1.send("wake", harness: h)
        try h.waitFor("the daemon to see the wake") { h.log.components(separatedBy: "You are back").count >= 4 }
    }

    /// The body of the dunst history entry whose body contains `text` (dunstctl prints JSON).
    static func dunstBody(_ history: String, containing text: String) -> String? {
        guard let json = try? JSONSerialization.jsonObject(with: Data(history.utf8)) as? [String: Any],
              let entries = (json["data"] as? [[Any]])?.first as? [[String: Any]] else { return nil }
        return entries.compactMap { ($0["body"] as? [String: Any])?["data"] as? String }.first { $0.contains(text) }
    }

    /// The Sunday prompt comes with the week in review: the daemon is started a minute before the
    /// slot (debug clock) to set up the week, then at the slot, when the prompt goes out.
    func testTheSundayPromptShowsTheWeekInReview_inDunst() throws {
        let h = try Harness()
        let session = try SessionBus(harness: h)
        defer { session.stop() }
        let display = try session.startDunst(harness: h)
        try "time_zone = \"Europe/Berlin\"\n[nudges]\ndaily_budget = 0\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        h.extraEnvironment = session.environment.merging(["DISPLAY": display, "CONNECTD_TEST_NOW": "2027-05-09T17:59:00.000+02:00"]) { $1 }
        try h.start()
        for (name, every) in [("Ada Lovelace", "2w"), ("Grace Hopper", "1w"), ("Zoë Kravitz", "1w")] {
            XCTAssertEqual(try h.ctl("add", name, "--every", every).code, 0)
        }
        XCTAssertEqual(try h.ctl("log", "ada", "coffee", "--at", "2027-05-06 10:00", "--next", "send her the onboarding article", "her launch").code, 0)
        XCTAssertEqual(try h.ctl("log", "grace", "call", "--at", "2027-05-08 19:00").code, 0)
        XCTAssertEqual(try h.ctl("log", "ada", "read", "--at", "2027-05-07 21:00", "her essay on the engine").code, 0)
        XCTAssertEqual(try h.ctl("log", "zoe", "coffee", "--at", "2027-04-20 09:00").code, 0)
        let week = try h.ctl("week")
        XCTAssertEqual(week.code, 0, week.stderr)
        XCTAssertTrue(week.stdout.contains("3 connections with 2 people"), week.stdout)
        h.stop()
        h.extraEnvironment["CONNECTD_TEST_NOW"] = "2027-05-09T18:00:00.000+02:00"
        try h.start()
        var history = ""
        try h.waitFor("dunst to show the prompt") {
            history = try dunst(h, h.environment, "history")
            return history.contains("Weekly reflection")
        }
        let body = try XCTUnwrap(Self.dunstBody(history, containing: "This week"), history)
        XCTAssertTrue(body.contains("3 connections with 2 people — 2 coffee… ") || body.contains("3 connections with 2 people"), body)
        XCTAssertTrue(body.contains("Open follow-ups: 1 — Ada Lovelace: send her the onboarding article"), body)
        XCTAssertTrue(body.contains("Most overdue: Zoë Kravitz"), body)
        XCTAssertTrue(body.contains("Answer with: connectctl reflect"), body)
        print("PRESENCE-FIGURE the Sunday prompt in dunst: \"Weekly reflection\" /\n\(body)")
    }

    /// With `nudges.digest`, the day's nudges come in one notification with a button per person,
    /// and a button closes that person's nudge.
    func testTheDigestIsOneNotificationWithAButtonPerPerson() throws {
        let h = try Harness()
        let session = try SessionBus(harness: h)
        defer { session.stop() }
        let record = h.root + "/notify.jsonl"
        try session.startFakeServer(harness: h, record: record, actions: ["done-2"])
        try "time_zone = \"Europe/Berlin\"\n[nudges]\ndaily_budget = 3\ndigest = \"17:00\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        h.extraEnvironment = session.environment.merging(["CONNECTD_TEST_NOW": "2027-05-04T16:59:00.000+02:00"]) { $1 }
        try h.start()
        for name in ["Ada Lovelace", "Grace Hopper", "Zoë Kravitz"] {
            XCTAssertEqual(try h.ctl("add", name, "--every", "1w", "--due", "now").code, 0)
        }
        XCTAssertEqual((try h.json("nudges")["open"] as? [[String: Any]])?.count, 0, "nothing before the digest time")
        h.stop()
        h.extraEnvironment["CONNECTD_TEST_NOW"] = "2027-05-04T17:00:00.000+02:00"
        try h.start()
        try h.waitFor("Grace's nudge closed by her button") {
            (try h.json("nudges")["recent"] as? [[String: Any]] ?? []).contains {
                $0["personName"] as? String == "Grace Hopper" && $0["status"] as? String == "done"
            }
        }
        let calls = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        XCTAssertEqual(calls.count, 1, "one notification for the three: \(calls)")
        XCTAssertEqual(calls.first?["summary"] as? String, "3 people to reach out to today: Ada Lovelace, Grace Hopper, Zoë Kravitz")
        XCTAssertEqual(calls.first?["actions"] as? [String], ["done-1", "Done: Ada Lovelace", "done-2", "Done: Grace Hopper", "done-3",
                                                            "Done: Zoë Kravitz", "default", "Later"])
        XCTAssertEqual((try h.json("nudges")["open"] as? [[String: Any]])?.count, 2, "the other two stay open")
    }
}
