import Foundation
import XCTest

/// Your catch-ups as a calendar file: `connectctl calendar --ics` and `[calendar] file`, read by
/// real peers (the icalendar package and khal), with the plan's alarm, the yearly birthdays
/// (February 29 on the last day of February) and the weekly reflection.
final class CalendarFeedTests: XCTestCase {
    static let checker = Harness.packageRoot + "/Tests/EndToEndTests/ics_check.py"

    func testTheFeed_parsesInICalendarAndKhal_andTheDaemonKeepsTheFile() throws {
        let h = try Harness()
        let file = h.root + "/calendars/catchups.ics"
        try FileManager.default.createDirectory(atPath: h.root + "/calendars", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try "[calendar]\nfile = \"\(file)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        let daemon = try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "1w", "--birthday", "1815-12-10", "--met", "Twitter",
                                 "--anniversary", "1835-07-08", "--date", "joined Plaid:2022-07-08").code, 0)
        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--every", "2w", "--birthday", "--02-29").code, 0)
        XCTAssertEqual(try h.ctl("add", "Hedy Lamarr", "--every", "3d").code, 0)
        let planned = try h.ctl("plan", "ada", "lunch", "2099-01-02 12:30", "--for", "90min", "--where", "Café Central", "bring the book")
        XCTAssertEqual(planned.code, 1, "more than two years ahead is refused")
        XCTAssertEqual(try h.ctl("plan", "ada", "lunch", "in 3 days 12:30", "--for", "90min", "--where", "Café Central", "bring the book").code, 0)

        let feed = try h.ctl("calendar", "--ics")
        XCTAssertEqual(feed.code, 0, feed.stderr)
        XCTAssertTrue(feed.stdout.hasPrefix("BEGIN:VCALENDAR\r\n") && feed.stdout.hasSuffix("END:VCALENDAR\r\n"))
        try feed.stdout.write(toFile: h.root + "/feed.ics", atomically: true, encoding: .utf8)
        let events = try parsed(h, h.root + "/feed.ics")
        func event(_ summary: String) -> [String: Any]? { events.first { $0["summary"] as? String == summary } }

        let lunch = try XCTUnwrap(event("Lunch with Ada Lovelace"), "\(events)")
        XCTAssertEqual(lunch["location"] as? String, "Café Central")
        XCTAssertEqual(lunch["alarms"] as? [Int], [-1800], "an alarm 30 minutes before")
        XCTAssertTrue((lunch["start"] as? String)?.hasSuffix("T11:30:00+00:00") == true, "12:30 in Berlin, in UTC: \(lunch)")
        let adaBirthday = try XCTUnwrap(event("Ada Lovelace's birthday"))
        XCTAssertEqual(adaBirthday["start"] as? String, "1815-12-10")
        XCTAssertEqual(adaBirthday["rrule"] as? String, "FREQ=YEARLY")
        XCTAssertEqual(adaBirthday["alarms"] as? [Int], [9 * 3600], "on the morning, when the active hours begin")
        XCTAssertEqual((event("Grace Hopper's birthday")?["rrule"] as? String).map { Set($0.split(separator: ";")) },
                       ["FREQ=YEARLY", "BYMONTH=2", "BYMONTHDAY=-1"], "February 29: the last day of February in other years")
        let anniversary = try XCTUnwrap(event("Ada Lovelace's anniversary"), "\(events)")
        XCTAssertEqual(anniversary["start"] as? String, "1835-07-08")
        XCTAssertEqual(anniversary["rrule"] as? String, "FREQ=YEARLY")
        XCTAssertEqual(anniversary["alarms"] as? [Int], [9 * 3600], "on the morning, as a birthday")
        XCTAssertEqual(event("Ada Lovelace: joined Plaid")?["start"] as? String, "2022-07-08")
        let reflection = try XCTUnwrap(event("Weekly reflection: what did you do this week to connect?"))
        XCTAssertEqual(reflection["rrule"] as? String, "FREQ=WEEKLY;BYDAY=SU")
        XCTAssertTrue((reflection["start"] as? String)?.hasSuffix("T18:00:00") == true, "a floating 18:00: \(reflection)")
        XCTAssertNotNil(event("Catch up with Hedy Lamarr"), "the next catch-ups as the planner places them: \(events)")
        let adaCatchUp = try XCTUnwrap(event("Catch up with Ada Lovelace")?["start"] as? String, "\(events)")
        XCTAssertGreaterThan(adaCatchUp, String((lunch["start"] as? String ?? "").prefix(10)), "Ada's next catch-up comes after the lunch that holds her nudges")

        // khal reads the same file as a calendar program would (with a config of its own).
        let khal = try CalendarSyncTests.khal(h, collection: h.root + "/khal/connectd", arguments: ["printics", h.root + "/feed.ics"])
        XCTAssertEqual(khal.code, 0, "khal printics failed (pip install khal):\n\(khal.stdout)\n\(khal.stderr)")
        XCTAssertTrue(khal.stdout.contains("Lunch with Ada Lovelace"), khal.stdout)
        XCTAssertTrue(khal.stdout.contains("Ada Lovelace's birthday"), khal.stdout)
        XCTAssertTrue(khal.stdout.contains("Ada Lovelace's anniversary"), khal.stdout)

        // The daemon's own file: written at start, and again on a reload, with everything above.
        kill(daemon.processIdentifier, SIGHUP)
        try h.waitFor("the calendar file with the lunch") {
            ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").contains("SUMMARY:Lunch with Ada Lovelace")
        }
        let kept = try parsed(h, file)
        XCTAssertEqual(Set(kept.compactMap { $0["uid"] as? String }), Set(events.compactMap { $0["uid"] as? String }), "the same events as the feed")
        XCTAssertTrue(h.log.contains("Keeping the calendar at \(file)"), h.log)
    }

    /// A file in a directory other users may write to (a link could be put there) is refused
    /// with a sentence, and nothing is written.
    func testAFileInADirectoryOthersMayWrite_isNotWritten() throws {
        let h = try Harness()
        let shared = h.root + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        chmod(shared, 0o777)
        try "[calendar]\nfile = \"\(shared)/catchups.ics\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        try h.waitFor("the refusal in the log") { h.log.contains("Not writing the calendar to \(shared)/catchups.ics") }
        XCTAssertTrue(h.log.contains("writable by group or others"), h.log)
        XCTAssertFalse(FileManager.default.fileExists(atPath: shared + "/catchups.ics"))
    }

    private func parsed(_ h: Harness, _ path: String) throws -> [[String: Any]] {
        let result = try h.run("/usr/bin/env", ["python3", Self.checker, path])
        XCTAssertEqual(result.code, 0, "icalendar could not read \(path) (pip install icalendar):\n\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(object?["name"] as? String, "connectd: catch-ups")
        return object?["events"] as? [[String: Any]] ?? []
    }
}
