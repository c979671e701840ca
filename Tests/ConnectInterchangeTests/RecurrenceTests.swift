import ConnectCore
@testable import ConnectInterchange
import ConnectTime
import XCTest

/// Repeating meetings as calendars write them, expanded in their zone's wall clock.
final class RecurrenceTests: XCTestCase {
    let berlin = LocalCalendar(zone: try! TimeZoneDatabase.named("Europe/Berlin"))
    func day(_ text: String) -> CivilDate {
        let parts = text.split(separator: "-").map { Int($0)! }
        return CivilDate(year: parts[0], month: parts[1], day: parts[2])!
    }
    func rule(_ text: String) -> Recurrence? { Recurrence(text) { ICalTime.read($0, tzid: nil, calendar: self.berlin, zone: { _ in nil })?.instant } }

    func testWeeklyMonthlyDailyYearly() throws {
        let weekly = try XCTUnwrap(rule("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=5"))
        XCTAssertEqual(weekly.days(from: day("2026-11-03"), through: day("2027-01-01")).map(\.description),
                       ["2026-11-03", "2026-11-05", "2026-11-10", "2026-11-12", "2026-11-17"])
        let fortnightly = try XCTUnwrap(rule("FREQ=WEEKLY;INTERVAL=2"))
        XCTAssertEqual(fortnightly.days(from: day("2026-11-04"), through: day("2026-12-10")).map(\.description),
                       ["2026-11-04", "2026-11-18", "2026-12-02"])
        let secondTuesday = try XCTUnwrap(rule("FREQ=MONTHLY;BYDAY=2TU"))
        XCTAssertEqual(secondTuesday.days(from: day("2026-10-13"), through: day("2027-01-31")).map(\.description),
                       ["2026-10-13", "2026-11-10", "2026-12-08", "2027-01-12"])
        let lastFriday = try XCTUnwrap(rule("FREQ=MONTHLY;BYDAY=-1FR"))
        XCTAssertEqual(lastFriday.days(from: day("2026-11-27"), through: day("2027-01-31")).map(\.description),
                       ["2026-11-27", "2026-12-25", "2027-01-29"])
        let thirtyFirst = try XCTUnwrap(rule("FREQ=MONTHLY"))
        XCTAssertEqual(thirtyFirst.days(from: day("2026-10-31"), through: day("2027-03-31")).map(\.description),
                       ["2026-10-31", "2026-12-31", "2027-01-31", "2027-03-31"], "months without a 31st are skipped (RFC 5545)")
        XCTAssertEqual(try XCTUnwrap(rule("FREQ=DAILY;COUNT=3")).days(from: day("2026-12-30"), through: day("2027-12-31")).map(\.description),
                       ["2026-12-30", "2026-12-31", "2027-01-01"])
        XCTAssertEqual(try XCTUnwrap(rule("FREQ=YEARLY")).days(from: day("2024-02-29"), through: day("2028-12-31")).map(\.description),
                       ["2024-02-29", "2028-02-29"])
        for unread in ["FREQ=WEEKLY;BYSETPOS=1", "FREQ=HOURLY", "BYDAY=MO", "FREQ=WEEKLY;BYDAY=2MO", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;COUNT=x",
                       "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "FREQ=WEEKLY;BYMONTHDAY=1", "FREQ=YEARLY;BYDAY=MO"] {
            XCTAssertNil(rule(unread), unread)
        }
    }

    /// A daily rule that began in 1800 is walked from the window, not from 1800.
    func testARuleFromLongAgo_startsAtTheWindow() throws {
        let daily = try XCTUnwrap(rule("FREQ=DAILY"))
        let days = daily.days(from: day("1800-01-01"), through: day("2026-12-07"), notBefore: day("2026-12-01"))
        XCTAssertEqual(days.filter { $0 >= day("2026-12-01") }.map(\.description),
                       ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07"])
        XCTAssertLessThan(days.count, 10, "only the days from the window on are walked")
    }

    /// A weekly 10:00 meeting in Berlin stays at 10:00 across the change to summer time; an EXDATE
    /// takes one week out; UNTIL ends it.
    func testOccurrencesAcrossDST_withAnException() throws {
        let file = """
            BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:standup\r\nDTSTART;TZID=Europe/Berlin:20270318T100000\r\n\
            RRULE:FREQ=WEEKLY;UNTIL=20270415T080000Z\r\nEXDATE;TZID=Europe/Berlin:20270401T100000\r\n\
            ATTENDEE;PARTSTAT=ACCEPTED:mailto:Ada@Example.org\r\nORGANIZER:mailto:me@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
            """
        let meetings = try Meeting.read(Array(file.utf8), calendar: .utc) { (try? TimeZoneDatabase.named($0)).map(LocalCalendar.init(zone:)) }
        XCTAssertEqual(meetings.leftOut, 0)
        let meeting = try XCTUnwrap(meetings.meetings.first)
        XCTAssertEqual(meeting.attendees.map(\.address), ["ada@example.org"])
        let starts = meeting.occurrences(from: .distantPast, until: .distantFuture).map { berlin.local($0).description }
        XCTAssertEqual(starts, ["2027-03-18 10:00:00", "2027-03-25 10:00:00", "2027-04-08 10:00:00", "2027-04-15 10:00:00"],
                       "10:00 before and after 28 March; 1 April left out; until 15 April 08:00 UTC (10:00 in Berlin)")
    }
}
