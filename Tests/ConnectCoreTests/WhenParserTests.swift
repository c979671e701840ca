import ConnectCore
import Foundation
import XCTest

final class WhenParserTests: XCTestCase {
    let calendar = TestCalendar.make("America/New_York")
    /// Wednesday 2026-11-25 15:30 in New York.
    var now: Date { TestCalendar.date("2026-11-25 15:30", calendar) }

    func parse(_ text: String) throws -> Date { try WhenParser.parse(text, now: now, calendar: calendar) }

    func testRelativeWords() throws {
        XCTAssertEqual(try parse("now"), now)
        XCTAssertEqual(try parse("today"), now)
        XCTAssertEqual(try parse("yesterday"), TestCalendar.date("2026-11-24 12:00", calendar))
        XCTAssertEqual(try parse("3 days ago"), TestCalendar.date("2026-11-22 12:00", calendar))
        XCTAssertEqual(try parse("1 day ago"), TestCalendar.date("2026-11-24 12:00", calendar))
        XCTAssertEqual(try parse("2 weeks ago"), TestCalendar.date("2026-11-11 12:00", calendar))
    }

    func testWeekdayMeansTheMostRecentOne() throws {
        XCTAssertEqual(try parse("monday"), TestCalendar.date("2026-11-23 12:00", calendar))
        XCTAssertEqual(try parse("Fri"), TestCalendar.date("2026-11-20 12:00", calendar))
        XCTAssertEqual(try parse("wednesday"), TestCalendar.date("2026-11-25 12:00", calendar), "today's weekday is today")
        XCTAssertEqual(try parse("last thursday"), TestCalendar.date("2026-11-19 12:00", calendar))
        XCTAssertEqual(try parse("last wednesday"), TestCalendar.date("2026-11-18 12:00", calendar), "'last' on the same weekday: a week ago")
    }

    func testISOForms() throws {
        XCTAssertEqual(try parse("2026-11-20"), TestCalendar.date("2026-11-20 12:00", calendar))
        XCTAssertEqual(try parse("2026-11-20 08:15"), TestCalendar.date("2026-11-20 08:15", calendar))
        XCTAssertEqual(try parse("2026-11-20T08:15"), TestCalendar.date("2026-11-20 08:15", calendar))
        XCTAssertEqual(try parse("2026-11-20T13:15:00Z"), TestCalendar.date("2026-11-20 08:15", calendar))
        XCTAssertEqual(try parse("2026-11-20T14:15:00+01:00"), TestCalendar.date("2026-11-20 08:15", calendar))
    }

    func testTodayAsDateBeforeNoonIsNotInTheFuture() throws {
        let morning = TestCalendar.date("2026-11-25 08:00", calendar)
        XCTAssertEqual(try WhenParser.parse("2026-11-25", now: morning, calendar: calendar), morning)
    }

    func testBadInputIsRefusedWithExamples() {
        for bad in ["", "  ", "tomorrowish", "2026-13-01", "2026-02-30", "2026-11-20 25:00", "soon", "3 fortnights ago", "x days ago", "2026-11-20T08:15+1"] {
            XCTAssertThrowsError(try parse(bad), "'\(bad)'") { error in
                XCTAssertEqual(error as? CoreError, .invalidWhen(bad))
            }
        }
    }

    func testHugeNumbersAndAncientDates_areRefusedNeverTrap() {
        for bad in ["2000000000000000000 weeks ago", "99999999999999999999 days ago", "50000 days ago", "0001-01-01",
                    "0000-01-01", "1899-12-31", "1000000 weeks ago"] {
            XCTAssertThrowsError(try parse(bad), bad) { error in
                XCTAssertTrue([CoreError.whenOutOfRange(bad), .invalidWhen(bad)].contains(error as? CoreError), "\(bad): \(error)")
            }
        }
        XCTAssertThrowsError(try parse("50000 days ago")) { error in
            XCTAssertEqual("\(error)", "'50000 days ago' is before 1900-01-01: --at takes times from 1900-01-01 up to now.")
        }
        XCTAssertEqual(try parse("1900-01-01"), TestCalendar.date("1900-01-01 12:00", calendar))
        XCTAssertNoThrow(try parse("36600 days ago"), "100 years back is inside the range")
    }

    func testFutureIsRefused() {
        XCTAssertThrowsError(try parse("2026-12-01")) { error in
            XCTAssertEqual(error as? CoreError, .whenInFuture("2026-12-01"))
        }
    }
}
