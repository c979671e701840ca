import Foundation
import XCTest

/// Desktop notifications against real peers: dunst under Xvfb, and a fake server that presses buttons.
final class DesktopNotificationTests: XCTestCase {
    func startDaemon(_ h: Harness, bus: SessionBus, extraConfig: String = "") throws {
        try h.allowNudgesAllDay(extra: extraConfig)
        h.extraEnvironment = bus.environment
        try h.start()
    }

    func testDunstShowsTheNudgeWithItsContext() throws {
        let h = try Harness()
        let bus = try SessionBus(harness: h)
        defer { bus.stop() }
        let display = try bus.startDunst(harness: h)
        try startDaemon(h, bus: bus)
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--due", "now", "--met", "Twitter, 2026", "--into", "podcasts").code, 0)
        var env = h.environment.merging(bus.environment) { $1 }
        env["DISPLAY"] = display
        try h.waitFor("dunst to display it") {
            Int(try h.run("/usr/bin/dunstctl", ["count", "displayed"], environment: env).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 1
        }
        XCTAssertEqual(try h.run("/usr/bin/dunstctl", ["close-all"], environment: env).code, 0)
        var history = ""
        try h.waitFor("dunst's history") {
            history = try h.run("/usr/bin/dunstctl", ["history"], environment: env).stdout
            return history.contains("Time to reconnect with Ada Lovelace")
        }
        XCTAssertTrue(history.contains("You met: Twitter, 2026. Into: podcasts."), history)
        XCTAssertTrue(history.contains("\"connectd\""), "app name: \(history)")
    }

    func testButtonsSnoozeAndDone_foreignIdsIgnored() throws {
        let journal = try Journald()
        defer { journal.stop() }
        let h = try Harness()
        let bus = try SessionBus(harness: h)
        defer { bus.stop() }
        let record = h.root + "/notify.jsonl"
        try bus.startFakeServer(harness: h, record: record, actions: ["snooze", "done"])
        try startDaemon(h, bus: bus, extraConfig: "[desktop]\nsnooze = \"2d\"\n")
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--due", "now").code, 0)
        try h.waitFor("Ada to be snoozed by the button") {
            (try h.json("nudges")["recent"] as? [[String: Any]])?.first?["status"] as? String == "snoozed"
        }
        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--due", "now").code, 0)
        try h.waitFor("Grace to be done by the button") {
            (try h.json("nudges")["recent"] as? [[String: Any]])?.first { $0["personName"] as? String == "Grace Hopper" }?["status"] as? String == "done"
        }
        let ada = try h.json("show", "ada")["person"] as? [String: Any]
        XCTAssertEqual(try XCTUnwrap(Harness.instant(ada?["nextDue"])).timeIntervalSinceNow, 2 * 86400, accuracy: 60, "snooze = 2d from [desktop]")
        let graceHistory = try h.json("history", "grace")["interactions"] as? [[String: Any]]
        XCTAssertEqual(graceHistory?.count, 1)
        XCTAssertNil(graceHistory?.first?["note"], "the Done button writes no made-up note: \(String(describing: graceHistory))")
        XCTAssertEqual(try h.json("status")["interactions"] as? Int, 1, "the foreign id 9999 changed nothing")
        let calls = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"summary\"") }
        XCTAssertEqual(calls.count, 2)
        XCTAssertTrue(calls[0].contains(#""actions": ["done", "Done", "snooze", "Snooze 2 days", "skip", "Skip"]"#), String(calls[0]))
        XCTAssertTrue(h.log.contains("Snoozed Ada Lovelace"), h.log)
        XCTAssertTrue(h.log.contains("Connected with Grace Hopper"), h.log)
        let pid = try XCTUnwrap(h.daemon?.processIdentifier)
        try h.waitFor("the journal entries of the buttons") {
            let snoozed = try journal.entries(["_PID=\(pid)", "MESSAGE_ID=2299f02c7b1c4ebb827fa16659db32af"])
            let done = try journal.entries(["_PID=\(pid)", "MESSAGE_ID=57eedc7a84cc40a1b633c0105d43355b"])
            return snoozed.first?["CONNECTD_PERSON"] as? String == "Ada Lovelace" && done.first?["CONNECTD_PERSON"] as? String == "Grace Hopper"
        }
    }

    /// A lunch that is over (planned on another machine, arriving through the vdir) is asked
    /// about on the desktop; the button "It happened" logs it at the planned time.
    func testThePlanQuestion_itHappenedButton_logsTheLunchAtThePlannedTime() throws {
        let h = try Harness()
        let bus = try SessionBus(harness: h)
        defer { bus.stop() }
        let record = h.root + "/notify.jsonl"
        try bus.startFakeServer(harness: h, record: record, actions: ["happened"])
        let vdir = h.root + "/vdir"
        try startDaemon(h, bus: bus, extraConfig: "[sync]\nvdir = \"\(vdir)\"\n")
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "3w").code, 0)
        let uid = try XCTUnwrap((try h.json("show", "ada")["person"] as? [String: Any])?["uid"] as? String)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let start = Date().addingTimeInterval(-7200).rounded(to: 60), end = start.addingTimeInterval(3600)
        let event = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:plan-0000000000000001",
                     "DTSTAMP:\(formatter.string(from: start))", "DTSTART:\(formatter.string(from: start))", "DTEND:\(formatter.string(from: end))",
                     "SUMMARY:Lunch with Ada Lovelace", "LOCATION:Café Central", "X-CONNECTD-PERSON:\(uid)", "X-CONNECTD-KIND:lunch",
                     "END:VEVENT", "END:VCALENDAR", ""].joined(separator: "\r\n")
        try event.write(toFile: vdir + "/calendar/plan-0000000000000001.ics", atomically: true, encoding: .utf8)
        try h.waitFor("the lunch logged by the button") {
            (try h.json("history", "ada")["interactions"] as? [[String: Any]])?.first?["kind"] as? String == "lunch"
        }
        let lunch = try XCTUnwrap((try h.json("history", "ada")["interactions"] as? [[String: Any]])?.first)
        XCTAssertEqual(try XCTUnwrap(Harness.instant(lunch["at"])).timeIntervalSince1970, start.timeIntervalSince1970, accuracy: 1,
                       "logged at the planned time")
        XCTAssertEqual(lunch["note"] as? String, "at Café Central")
        XCTAssertEqual(try h.json("planned")["total"] as? Int, 0, "answered")
        let calls = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"summary\"") }
        XCTAssertTrue(calls.first?.contains("Did your lunch with Ada Lovelace happen?") == true, "\(calls)")
        XCTAssertTrue(calls.first?.contains(#""actions": ["happened", "It happened", "didnt", "It didn't", "move", "Move it a week"]"#) == true,
                      "\(calls)")
    }

    func testNoBusAtAll_eventsStillLogged_exactlyOneWarning() throws {
        let h = try Harness()
        try h.allowNudgesAllDay()
        h.extraEnvironment = ["DBUS_SESSION_BUS_ADDRESS": "unix:path=\(h.root)/no-such-bus"]
        try h.start()
        for name in ["Ada Lovelace", "Grace Hopper", "Alan Turing"] {
            XCTAssertEqual(try h.ctl("add", name, "--due", "now").code, 0)
        }
        try h.waitFor("three nudges in the log") { h.log.components(separatedBy: "Time to reconnect with").count == 4 }
        XCTAssertEqual(h.log.components(separatedBy: "Desktop notifications are unavailable").count, 2, "one warning:\n\(h.log)")
        let test = try h.ctl("notify-test")
        XCTAssertTrue(test.stdout.contains("desktop  unavailable"), test.stdout)
        XCTAssertEqual(try h.ctl("status").code, 0)
    }

    /// A notification server that never answers holds no request: the reply comes first, the
    /// desktop call waits on its own.
    func testAWriteIsAnsweredWhileANotifyHangs() throws {
        let h = try Harness()
        let bus = try SessionBus(harness: h)
        defer { bus.stop() }
        let record = h.root + "/notify.jsonl"
        try bus.startFakeServer(harness: h, record: record, actions: [], hang: true)
        try h.allowNudgesAllDay()
        h.extraEnvironment = bus.environment
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--due", "now").code, 0)
        try h.waitFor("the Notify call to arrive (and stay unanswered)") {
            ((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").contains("Ada Lovelace")
        }
        let started = Date()
        let logged = try h.ctl("log", "ada", "coffee")
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(logged.code, 0, logged.stderr)
        XCTAssertLessThan(elapsed, 1.0, "answered at once, not after the D-Bus call's 5 s time-out")
        XCTAssertEqual(try h.ctl("status").code, 0)
    }

    /// Every nudge reaches the notification server within two seconds of its due instant, never
    /// before it; prints the latencies (the figures belong in notes).
    func testLatencyFromDueToNotify_withinTwoSeconds() throws {
        let h = try Harness()
        let bus = try SessionBus(harness: h)
        defer { bus.stop() }
        let record = h.root + "/notify.jsonl"
        try bus.startFakeServer(harness: h, record: record, actions: [])
        try h.allowBurstOfNudges()
        h.extraEnvironment = bus.environment
        try h.start()
        for index in 0..<20 {
            XCTAssertEqual(try h.ctl("add", "Person \(index)", "--every", "1s").code, 0)
        }
        var calls: [[String: Any]] = []
        try h.waitFor("20 Notify calls") {
            calls = ((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            return calls.count == 20
        }
        let open = try h.json("nudges")["open"] as? [[String: Any]] ?? []
        let latencies = try calls.map { call -> Double in
            let summary = call["summary"] as? String ?? ""
            let nudge = try XCTUnwrap(open.first { summary == "Time to reconnect with \($0["personName"] as? String ?? "")" })
            let due = try XCTUnwrap(Harness.instant(nudge["dueSince"]))
            return ((call["time"] as? Double ?? 0) - due.timeIntervalSince1970) * 1000
        }
        let sorted = latencies.sorted()
        print(String(format: "due-to-Notify latency over %d nudges: median %.2f ms, min %.2f ms, max %.2f ms",
                     sorted.count, sorted[sorted.count / 2], sorted.first!, sorted.last!))
        XCTAssertTrue(latencies.allSatisfy { $0 >= 0 }, "never before the due instant: \(latencies)")
        XCTAssertTrue(latencies.allSatisfy { $0 < 2000 }, "within two seconds of the due instant: \(latencies)")
    }

    /// A nudge done in the terminal takes its notification off the screen (its buttons would act
    /// on nothing); the Done button says what it logs, the kind last done with them.
    func testANudgeDoneInTheTerminal_closesItsNotification_andDoneSaysWhatItLogs() throws {
        let h = try Harness()
        let bus = try SessionBus(harness: h)
        defer { bus.stop() }
        let record = h.root + "/notify.jsonl"
        try bus.startFakeServer(harness: h, record: record, actions: [])
        try startDaemon(h, bus: bus)
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "1w").code, 0)
        XCTAssertEqual(try h.ctl("log", "ada", "coffee", "--at", "2 weeks ago", "engines").code, 0)
        func lines() -> [[String: Any]] {
            ((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
        var shown: [String: Any] = [:]
        try h.waitFor("Ada's nudge on the screen") {
            shown = lines().first { $0["summary"] != nil } ?? [:]
            return !shown.isEmpty
        }
        XCTAssertEqual((shown["actions"] as? [String])?.prefix(2), ["done", "Done: coffee"], "\(shown)")
        let id = try XCTUnwrap(shown["id"] as? Int)
        XCTAssertEqual(try h.ctl("done", "ada", "call").code, 0)
        try h.waitFor("CloseNotification for notification \(id)") { lines().contains { $0["closed"] as? Int == id } }
    }
}

private extension Date {
    /// Whole `seconds` (an iCalendar time has whole seconds).
    func rounded(to seconds: Double) -> Date { Date(timeIntervalSince1970: (timeIntervalSince1970 / seconds).rounded(.down) * seconds) }
}
