import Foundation
import XCTest

/// The calendar collection of the vdir (`calendar/`): khal lists it as a calendar; a plan made on
/// machine A reaches machine B through a real CalDAV server (Radicale, then Xandikos: nothing
/// depends on one server's quirks) and vdirsyncer; a lunch moved in a calendar program on B
/// (DTSTART rewritten with a TZID) moves in connectd on B, then on A. The time of each step is
/// printed.
final class CalendarSyncTests: XCTestCase {
    func testAPlanMovedInTheCalendarOnB_arrivesOnA_throughRadicale() throws {
        let root = FileManager.default.temporaryDirectory.path + "/connectd-radicale-\(UUID().uuidString.prefix(8))"
        let server = try RadicaleServer(root: root)
        defer { server.stop(); try? FileManager.default.removeItem(atPath: root) }
        try movedLunchArrives(through: server, named: "Radicale")
    }

    func testAPlanMovedInTheCalendarOnB_arrivesOnA_throughXandikos() throws {
        let root = FileManager.default.temporaryDirectory.path + "/connectd-xandikos-\(UUID().uuidString.prefix(8))"
        let server = try XandikosServer(root: root)
        defer { server.stop(); try? FileManager.default.removeItem(atPath: root) }
        try movedLunchArrives(through: server, named: "Xandikos")
    }

    private func movedLunchArrives(through server: SyncServer, named serverName: String) throws {
        let a = try SyncMachine("laptop", server: server, timeZone: "Europe/Berlin")
        let b = try SyncMachine("desktop", server: server, timeZone: "Europe/Berlin")
        XCTAssertEqual(try a.ctl("add", "Ada Lovelace", "--every", "1w").code, 0)
        // An anniversary five days from now (in a year long past), so that khal lists it below.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "Europe/Berlin")!
        let soon = utc.dateComponents([.month, .day], from: Date().addingTimeInterval(5 * 86400))
        let anniversary = String(format: "1930-%02d-%02d", soon.month!, soon.day!)
        XCTAssertEqual(try a.ctl("add", "Grace Hopper", "--every", "2w", "--birthday", "1906-12-09", "--anniversary", anniversary).code, 0)
        let planned = try a.json("plan", "ada", "lunch", "in 3 days 12:30", "--for", "90min", "--where", "Café Central")
        let plan = try XCTUnwrap(planned["plan"] as? [String: Any])
        let id = try XCTUnwrap(plan["id"] as? Int)
        func planFile() throws -> String? { try FileManager.default.contentsOfDirectory(atPath: a.vdir + "/calendar").first { $0.hasPrefix("plan-") && $0.hasSuffix(".ics") } }
        try a.waitFor("the plan's event in A's calendar collection") { try planFile() != nil }
        let uidFile = try XCTUnwrap(try planFile())
        var steps: [(String, Double)] = []
        func timed(_ what: String, _ body: () throws -> Void) rethrows {
            let started = Date()
            try body()
            steps.append((what, Date().timeIntervalSince(started)))
        }

        try timed("A: vdirsyncer sync (up)") { try a.sync() }
        try timed("B: vdirsyncer sync (down) and B's daemon merges the plan") {
            try b.sync()
            try b.waitFor("the plan from A") { (try b.json("planned")["plans"] as? [[String: Any]])?.count == 1 }
        }
        let onB = try XCTUnwrap((try b.json("planned")["plans"] as? [[String: Any]])?.first)
        XCTAssertEqual(onB["startsAt"] as? String, plan["startsAt"] as? String)
        XCTAssertEqual(onB["place"] as? String, "Café Central")
        XCTAssertEqual(onB["person"] as? String, "Ada Lovelace")
        let idOnB = try XCTUnwrap(onB["id"] as? Int)

        // A calendar program on B moves the lunch by a day, to 13:00, writing a TZID.
        let path = b.vdir + "/calendar/" + uidFile
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let start = try XCTUnwrap(plan["startsAt"] as? String)
        let day = String(start.prefix(10))
        let next = try XCTUnwrap(Self.nextDay(day))
        // As the server sent it: line endings may be LF.
        let moved = original.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }.map { line -> String in
            if line.hasPrefix("DTSTART") { return "DTSTART;TZID=Europe/Berlin:\(next.replacingOccurrences(of: "-", with: ""))T130000" }
            if line.hasPrefix("DTEND") { return "DTEND;TZID=Europe/Berlin:\(next.replacingOccurrences(of: "-", with: ""))T143000" }
            if line.hasPrefix("DTSTAMP") { return "DTSTAMP:20261207T120000Z" }
            return line
        }.joined(separator: "\r\n")
        // The offset is Berlin's on that day (+01:00 in winter, +02:00 in summer).
        let expected = "\(next)T13:00:00.000+0"
        try timed("B: the calendar program's edit merged by B's daemon") {
            try moved.write(toFile: path, atomically: true, encoding: .utf8)
            try b.waitFor("the lunch moved on B") { ((try b.json("planned")["plans"] as? [[String: Any]])?.first?["startsAt"] as? String ?? "").hasPrefix(expected) }
        }
        try timed("B: vdirsyncer sync (up)") { try b.sync() }
        try timed("A: vdirsyncer sync (down) and A's daemon moves the lunch") {
            try a.sync()
            try a.waitFor("the lunch moved on A") { ((try a.json("planned")["plans"] as? [[String: Any]])?.first?["startsAt"] as? String ?? "").hasPrefix(expected) }
        }
        let onA = try XCTUnwrap((try a.json("planned")["plans"] as? [[String: Any]])?.first)
        XCTAssertTrue((onA["endsAt"] as? String)?.hasPrefix("\(next)T14:30:00.000+0") == true, "the end came with it: \(onA)")
        XCTAssertEqual(onA["id"] as? Int, id, "the same plan, moved")

        // khal lists A's collection as a calendar program shows it (the birthday and the next
        // catch-ups are written ten seconds after A's own last change).
        try a.waitFor("Grace's birthday in A's calendar") {
            try FileManager.default.contentsOfDirectory(atPath: a.vdir + "/calendar").contains { $0.hasPrefix("birthday-") && $0.hasSuffix(".ics") }
        }
        let khal = try Self.khal(a.harness, collection: a.vdir + "/calendar", arguments: ["list", "--format", "{start-date} {start-time} {title}", "today", "30d"])
        XCTAssertEqual(khal.code, 0, khal.stderr)
        XCTAssertTrue(khal.stdout.contains("\(next) 13:00 Lunch with Ada Lovelace"), khal.stdout)
        XCTAssertTrue(khal.stdout.contains("Grace Hopper's birthday"), khal.stdout)
        XCTAssertTrue(khal.stdout.contains("Grace Hopper's anniversary"), khal.stdout)
        XCTAssertTrue(khal.stdout.contains("Weekly reflection"), khal.stdout)
        XCTAssertTrue(khal.stdout.contains("Catch up with Grace Hopper"), khal.stdout)

        // Cancelled on B: its event goes, and on A the plan closes with the sync.
        XCTAssertEqual(try b.ctl("cancel", String(idOnB)).code, 0)
        try b.waitFor("the event removed on B") { !FileManager.default.fileExists(atPath: path) }
        try b.sync()
        try a.sync()
        try a.waitFor("the plan closed on A") { (try a.json("planned")["total"] as? Int) == 0 }
        print("\(serverName): " + steps.map { "\($0.0): \(String(format: "%.2f", $0.1)) s" }.joined(separator: "; "))
        print("khal list on A:\n\(khal.stdout)")
    }

    /// What a calendar program or a hand may leave in `calendar/`: a file that does not parse, a
    /// plan's event that lost its UID, one made a whole day, one that repeats. Each gets a log
    /// line; the plan keeps its time unless the event says a usable new one (a repeat is left
    /// out, the move kept).
    func testBadEventsInTheCalendarCollection_getALogLine_andNothingIsLost() throws {
        let h = try Harness()
        let vdir = h.root + "/vdir"
        try "time_zone = \"Europe/Berlin\"\n[sync]\nvdir = \"\(vdir)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "1w").code, 0)
        XCTAssertEqual(try h.ctl("plan", "ada", "lunch", "in 3 days 12:30").code, 0)
        func planned() throws -> String? {
            let reply = try h.ctl("planned", "--json")
            return ((try JSONSerialization.jsonObject(with: Data(reply.stdout.utf8)) as? [String: Any])?["plans"] as? [[String: Any]])?
                .first?["startsAt"] as? String
        }
        let start = try XCTUnwrap(try planned())
        var file: String?
        try h.waitFor("the plan's event") {
            file = try FileManager.default.contentsOfDirectory(atPath: vdir + "/calendar").first { $0.hasPrefix("plan-") && $0.hasSuffix(".ics") }
            return file != nil
        }
        let path = vdir + "/calendar/" + (file ?? "")
        let ours = try String(contentsOfFile: path, encoding: .utf8)
        func rewritten(_ change: (String) -> String?) -> String {
            ours.components(separatedBy: "\r\n").compactMap(change).joined(separator: "\r\n")
        }
        try "this is not a calendar\n".write(toFile: vdir + "/calendar/garbage.ics", atomically: true, encoding: .utf8)
        try h.waitFor("the refusal of garbage.ics") { h.log.contains("calendar/garbage.ics: it is not an iCalendar VEVENT with a UID") }

        try rewritten { $0.hasPrefix("UID:") ? nil : $0 }.write(toFile: path, atomically: true, encoding: .utf8)
        try h.waitFor("the refusal of the event without a UID") { h.log.contains("\(file ?? ""): it is not an iCalendar VEVENT with a UID") }
        XCTAssertEqual(try planned(), start, "the plan keeps its time")

        let day = String(start.prefix(10)).replacingOccurrences(of: "-", with: "")
        try rewritten { $0.hasPrefix("DTSTART") ? "DTSTART;VALUE=DATE:\(day)" : $0.hasPrefix("DTEND") ? nil : $0 }
            .write(toFile: path, atomically: true, encoding: .utf8)
        try h.waitFor("the refusal of a whole-day plan") { h.log.contains("a planned catch-up needs a start time") }
        XCTAssertEqual(try planned(), start, "the plan keeps its time")

        try rewritten { line in
            if line.hasPrefix("DTSTART") { return "DTSTART;TZID=Mars/Olympus_Mons:\(day)T190000\r\nRRULE:FREQ=WEEKLY" }
            return line.hasPrefix("DTEND") ? "DTEND;TZID=Mars/Olympus_Mons:\(day)T200000" : line
        }.write(toFile: path, atomically: true, encoding: .utf8)
        try h.waitFor("the repeat left out") { h.log.contains("a planned catch-up happens once: its repeat (RRULE) was left out") }
        XCTAssertEqual(try planned().map { String($0.prefix(16)) }, "\(start.prefix(10))T19:00", "moved to 19:00, read in your zone (the TZID is unknown)")
        XCTAssertTrue(h.log.contains("its time zone 'Mars/Olympus_Mons' is not one this machine knows, so its times were read in yours"), h.log)
        XCTAssertTrue(try h.ctl("status").code == 0, "the daemon is still there")
    }

    static func nextDay(_ day: String) -> String? {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let date = formatter.date(from: day) else { return nil }
        return formatter.string(from: date.addingTimeInterval(86400))
    }

    /// khal with a config of its own over one collection (made when missing).
    static func khal(_ h: Harness, collection: String, arguments: [String]) throws -> Harness.Result {
        try FileManager.default.createDirectory(atPath: collection, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: h.root + "/khal-config/khal", withIntermediateDirectories: true)
        try """
            [calendars]
            [[connectd]]
            path = \(collection)
            type = calendar
            [locale]
            timeformat = %H:%M
            dateformat = %Y-%m-%d
            longdateformat = %Y-%m-%d
            datetimeformat = %Y-%m-%d %H:%M
            longdatetimeformat = %Y-%m-%d %H:%M

            """.write(toFile: h.root + "/khal-config/khal/config", atomically: true, encoding: .utf8)
        var environment = h.environment
        environment["XDG_CONFIG_HOME"] = h.root + "/khal-config"
        environment["XDG_DATA_HOME"] = h.root + "/khal-data"
        return try h.run("/usr/bin/env", ["khal"] + arguments, environment: environment)
    }
}
