import ConnectCore
import ConnectStore
import Foundation
import XCTest

/// The real daemon decides on its own when to nudge and prompt; checked through connectctl and journald.
final class SchedulingTests: XCTestCase {
    func testShortCadence_nudgeWithinASecond_inTheJournal_notRepeatedAfterRestart() throws {
        let journal = try Journald()
        defer { journal.stop() }
        let h = try Harness()
        try h.allowNudgesAllDay()
        let daemon = try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "2s", "--met", "Twitter, 2026", "--into", "podcasts").code, 0)
        var nudge: [String: Any] = [:]
        try h.waitFor("the nudge", timeout: 10) {
            nudge = (try h.json("nudges")["open"] as? [[String: Any]])?.first ?? [:]
            return !nudge.isEmpty
        }
        let due = try XCTUnwrap(Harness.instant(nudge["dueSince"]))
        let delivered = try XCTUnwrap(Harness.instant(nudge["deliveredAt"]))
        XCTAssertLessThan(delivered.timeIntervalSince(due), 1.0, "delivered \(delivered.timeIntervalSince(due)) s after due")
        XCTAssertGreaterThanOrEqual(delivered.timeIntervalSince(due), 0, "never early")
        XCTAssertEqual(nudge["late"] as? Bool, false)
        XCTAssertTrue((nudge["body"] as? String ?? "").contains("You met: Twitter, 2026."), "\(nudge)")

        let pid = daemon.processIdentifier
        var entries: [[String: Any]] = []
        try h.waitFor("the journal entry", timeout: 10) {
            entries = try journal.entries(["_PID=\(pid)", "CONNECTD_EVENT=nudge"])
            return !entries.isEmpty
        }
        let entry = try XCTUnwrap(entries.first)
        XCTAssertEqual(entry["MESSAGE_ID"] as? String, "993b442327474e3a8e81bab03e596d27")
        XCTAssertEqual(entry["CONNECTD_PERSON"] as? String, "Ada Lovelace")
        XCTAssertEqual(entry["CONNECTD_PERSON_ID"] as? String, "1")
        XCTAssertNotNil(entry["CONNECTD_DUE_SINCE"])
        XCTAssertEqual(entry["SYSLOG_IDENTIFIER"] as? String, "connectd")
        XCTAssertEqual(entry["PRIORITY"] as? String, "5")

        XCTAssertEqual(h.stop(), 0)
        // The first plan runs before the loop serves anyone: once it answers, a repeat would be there.
        let restarted = try h.start()
        XCTAssertEqual((try h.json("nudges")["recent"] as? [[String: Any]])?.count, 1, "no second delivery after restart")
        XCTAssertEqual(try journal.entries(["_PID=\(restarted.processIdentifier)", "CONNECTD_EVENT=nudge"]).count, 0)
    }

    func testNudgeLifecycle_doneSnoozeSkipAndLogging() throws {
        let h = try Harness()
        try h.allowNudgesAllDay()
        try h.start()
        for name in ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"] {
            XCTAssertEqual(try h.ctl("add", name, "--every", "2w", "--due", "now").code, 0)
        }
        try h.waitFor("four open nudges") { (try h.json("nudges")["open"] as? [[String: Any]])?.count == 4 }
        let done = try h.ctl("done", "ada", "coffee", "talked", "about", "engines")
        XCTAssertEqual(done.code, 0, done.stderr)
        XCTAssertTrue(done.stdout.contains("Done: coffee with Ada Lovelace"), done.stdout)
        XCTAssertEqual(try h.ctl("snooze", "grace", "3d").code, 0)
        XCTAssertEqual(try h.ctl("skip", "alan").code, 0)
        XCTAssertEqual(try h.ctl("log", "edsger", "call").code, 0, "logging closes the nudge too")
        let nudges = try h.json("nudges")
        XCTAssertEqual((nudges["open"] as? [[String: Any]])?.count, 0)
        let statuses = Dictionary(uniqueKeysWithValues: (nudges["recent"] as? [[String: Any]] ?? []).map {
            ($0["personName"] as? String ?? "", $0["status"] as? String ?? "")
        })
        XCTAssertEqual(statuses, ["Ada Lovelace": "done", "Grace Hopper": "snoozed", "Alan Turing": "skipped", "Edsger Dijkstra": "done"])
        let grace = try h.json("show", "grace")["person"] as? [String: Any]
        let graceDue = try XCTUnwrap(Harness.instant(grace?["nextDue"]))
        XCTAssertEqual(graceDue.timeIntervalSinceNow, 3 * 86400, accuracy: 60)
        let alan = try h.json("show", "alan")["person"] as? [String: Any]
        XCTAssertEqual(try XCTUnwrap(Harness.instant(alan?["nextDue"])).timeIntervalSinceNow, 14 * 86400, accuracy: 3700)
        let badSnooze = try h.ctl("snooze", "grace", "a while")
        XCTAssertEqual(badSnooze.code, 1)
        XCTAssertTrue(badSnooze.stderr.contains("'a while' is not a duration"), badSnooze.stderr)
    }

    func testBudgetHoldsWithManyDue() throws {
        let h = try Harness()
        try "[nudges]\ndaily_budget = 1\nactive_hours = \"00:00-24:00\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        for index in 0..<5 { XCTAssertEqual(try h.ctl("add", "Person \(index)", "--due", "now").code, 0) }
        try h.waitFor("the one nudge of the day") { (try h.json("nudges")["open"] as? [[String: Any]])?.count == 1 }
        let upcoming = try h.json("nudges")["upcoming"] as? [[String: Any]] ?? []
        let nextFour = upcoming.prefix(4).compactMap { Harness.instant($0["at"]) }
        XCTAssertEqual(nextFour.count, 4, "the other four are scheduled: \(upcoming)")
        XCTAssertEqual(Set(nextFour.map { Calendar.current.startOfDay(for: $0) }).count, 4, "one per later day")
        XCTAssertGreaterThan(nextFour.min() ?? .distantPast, Date(), "none today")
    }

    func testMissedWeeklyPrompt_deliveredOnceLate_thenAnswered() throws {
        let h = try Harness()
        try h.allowNudgesAllDay()
        // The daemon "first started" eight days ago: last week's prompt slot was missed while it was down.
        let store = try Store(path: h.stateDirectory + "/state.sqlite")
        try store.write { try $0.setPromptEpoch(Date().addingTimeInterval(-8 * 86400)) }
        try store.close()
        try h.start()
        var current: [String: Any] = [:]
        try h.waitFor("the late prompt") {
            current = try h.json("prompt")["current"] as? [String: Any] ?? [:]
            return !current.isEmpty
        }
        XCTAssertEqual(current["late"] as? Bool, true)
        XCTAssertEqual(current["promptId"] as? String, "learned-from", "the library's first prompt")
        let answer = try h.ctl("reflect", "Grace taught me about nanoseconds")
        XCTAssertEqual(answer.code, 0, answer.stderr)
        let reflections = try h.json("reflections")
        XCTAssertEqual((reflections["reflections"] as? [[String: Any]])?.count, 1)
        XCTAssertEqual(reflections["streak"] as? Int, 1)
        XCTAssertEqual(try h.json("status")["streak"] as? Int, 1)
        XCTAssertEqual(h.stop(), 0)
        try h.start()
        XCTAssertEqual((try h.json("reflections")["reflections"] as? [[String: Any]])?.count, 1, "not delivered again")
    }

    func testReflectBeforeAnyPrompt_answersTheQuestionPromptShows() throws {
        let h = try Harness()
        try h.start()
        let next = try XCTUnwrap(try h.json("prompt")["nextText"] as? String)
        let result = try h.ctl("reflect", "early, and that is fine")
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(result.stdout, "Saved your answer to: \(next)\n")
    }

    func testCrashBetweenRecordAndAnnounce_announcedOnceMoreLate() throws {
        let h = try Harness()
        let store = try Store(path: h.stateDirectory + "/state.sqlite")
        let now = Date()
        try store.write { session in
            let person = try session.insertPerson(Person(name: "Ada Lovelace", cadence: Cadence(count: 1, unit: .week)!, addedAt: now.addingTimeInterval(-8 * 86400)))
            _ = try session.recordNudge(NudgeDelivery(personID: person.id, dueSince: now.addingTimeInterval(-86400), plannedAt: now.addingTimeInterval(-60),
                                                      late: false, replacesOpenNudge: false), at: now.addingTimeInterval(-60), rule: "test", timeZone: "UTC")
        }
        try store.close()
        try h.start()
        try h.waitFor("the repair and the announcement") {
            h.log.contains("Repair: nudge #1 for Ada Lovelace") && h.log.contains("Time to reconnect with Ada Lovelace")
        }
        XCTAssertEqual(h.stop(), 0)
        try h.start()
        XCTAssertEqual(h.log.components(separatedBy: "Repair:").count, 2, "repaired exactly once:\n\(h.log)")
        XCTAssertEqual((try h.json("nudges")["recent"] as? [[String: Any]])?.count, 1)
    }

    /// A config refused on reload keeps the earlier settings, and `status` says so until a reload
    /// succeeds; seven quiet days are taken with a warning; a config file removed since is
    /// reloaded as the defaults, and the log says that.
    func testARefusedReload_isShownByStatus_untilAReloadSucceeds() throws {
        let h = try Harness()
        try "[nudges]\ndaily_budget = 3\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        let daemon = try h.start()
        func reload(expecting line: String) throws {
            let before = h.log.components(separatedBy: line).count
            kill(daemon.processIdentifier, SIGHUP)
            try h.waitFor("'\(line)' in the log") { h.log.components(separatedBy: line).count > before }
        }
        try "[nudges]\ndaily_budget = \"two\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try reload(expecting: "Kept the previous config")
        let refused = try h.ctl("status")
        XCTAssertTrue(refused.stdout.contains("The config was NOT reloaded, the earlier settings apply: "), refused.stdout)
        XCTAssertTrue(refused.stdout.contains("'nudges.daily_budget' must be a whole number"), refused.stdout)
        XCTAssertEqual(try h.json("status")["dailyBudget"] as? Int, 3, "the earlier settings apply")
        XCTAssertNotNil(try h.json("status")["configProblem"] as? String)

        try "[nudges]\ndaily_budget = 4\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try reload(expecting: "Reloaded the config from \(h.configFile)")
        XCTAssertFalse(try h.ctl("status").stdout.contains("NOT reloaded"))
        XCTAssertNil(try h.json("status")["configProblem"] as? String)
        XCTAssertEqual(try h.json("status")["dailyBudget"] as? Int, 4)

        let week = "[\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]"
        try "[nudges]\nquiet_days = \(week)\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try reload(expecting: "nudges.quiet_days names all seven days, so no nudge goes out")

        try FileManager.default.removeItem(atPath: h.configFile)
        try reload(expecting: "Reloaded the config: \(h.configFile) is gone, so the defaults apply")
        XCTAssertEqual(try h.json("status")["dailyBudget"] as? Int, 2, "the default budget")
    }

    func testInvalidScheduleConfig_namesTheKey() throws {
        let h = try Harness()
        let cases = [
            ("[nudges]\ndaily_budget = \"two\"\n", "'nudges.daily_budget' must be a whole number"),
            ("[nudges]\nactive_hours = \"20:00-09:00\"\n", "'nudges.active_hours': '20:00-09:00' is not a range"),
            ("[nudges]\nquiet_days = [\"caturday\"]\n", "is not a weekday"),
            ("[reflection]\nat = \"Sunday evening\"\n", "'reflection.at': 'Sunday evening' is not like"),
            ("[nudges]\nbudget = 2\n", "unknown key 'nudges.budget'"),
        ]
        for (config, expected) in cases {
            try config.write(toFile: h.configFile, atomically: true, encoding: .utf8)
            let result = try h.run(Harness.binary("connectd"), ["--state-dir", h.stateDirectory, "--socket", h.socket, "--config", h.configFile])
            XCTAssertEqual(result.code, 78, config)
            XCTAssertTrue(result.stderr.contains(expected), "expected '\(expected)' in: \(result.stderr)")
        }
    }
}
