import ConnectCore
import Foundation
import XCTest

final class CadenceTests: XCTestCase {
    func testParse_shortForms() throws {
        let expected: [String: String] = ["3d": "3d", "2w": "2w", "6w": "6w", "1m": "1m", "3m": "3m", "1y": "1y",
                                          "2s": "2s", "5min": "5min", "12h": "12h"]
        for (input, canonical) in expected {
            XCTAssertEqual(try Cadence.parse(input).description, canonical, "parsing \(input)")
        }
    }

    func testParse_longFormsAndWords() throws {
        XCTAssertEqual(try Cadence.parse("3 weeks"), Cadence(count: 3, unit: .week))
        XCTAssertEqual(try Cadence.parse("every 2 months"), Cadence(count: 2, unit: .month))
        XCTAssertEqual(try Cadence.parse("  1 Year "), Cadence(count: 1, unit: .year))
        XCTAssertEqual(try Cadence.parse("fortnightly"), Cadence(count: 2, unit: .week))
        XCTAssertEqual(try Cadence.parse("quarterly"), Cadence(count: 3, unit: .month))
    }

    func testParse_rejectsBadInput() {
        for bad in ["", "often", "3", "w", "0d", "-2w", "3 fortnights", "11y", "1.5w", "3w2d"] {
            XCTAssertThrowsError(try Cadence.parse(bad), "'\(bad)' should be refused") { error in
                XCTAssertEqual(error as? CoreError, .invalidCadence(bad))
                XCTAssertTrue("\(error)".contains("like 3d, 2w"), "the message should show examples: \(error)")
            }
        }
    }

    func testCanonicalFormRoundTrips() throws {
        for unit in Cadence.Unit.allCases {
            let cadence = Cadence(count: 7, unit: unit)
            XCTAssertEqual(try Cadence.parse(cadence.description), cadence)
        }
    }

    func testNext_monthsFollowTheCalendar() throws {
        let calendar = TestCalendar.make("Europe/Berlin")
        let jan31 = TestCalendar.date("2027-01-31 10:00", calendar)
        XCTAssertEqual(Cadence(count: 1, unit: .month).next(after: jan31, calendar: calendar), TestCalendar.date("2027-02-28 10:00", calendar))
    }

    func testNext_weeksKeepLocalTimeAcrossDST() throws {
        let calendar = TestCalendar.make("Europe/Berlin")
        let before = TestCalendar.date("2027-03-20 09:00", calendar) // DST starts 2027-03-28
        let next = Cadence(count: 2, unit: .week).next(after: before, calendar: calendar)
        XCTAssertEqual(next, TestCalendar.date("2027-04-03 09:00", calendar))
        XCTAssertEqual(next.timeIntervalSince(before), 14 * 86400 - 3600, "one hour shorter across spring-forward")
    }

    func testNext_secondsAreFixed() {
        let calendar = TestCalendar.make("UTC")
        let start = Date(timeIntervalSince1970: 1_000_000)
        XCTAssertEqual(Cadence(count: 2, unit: .second).next(after: start, calendar: calendar), start.addingTimeInterval(2))
    }
}

/// Calendars and instants for tests, in a named zone.
enum TestCalendar {
    static func make(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        return calendar
    }

    /// "2027-03-20 09:00" local to `calendar`.
    static func date(_ text: String, _ calendar: Calendar) -> Date {
        let parts = text.split(whereSeparator: { "- :".contains($0) }).map { Int($0)! }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))!
    }
}
