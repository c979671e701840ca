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
        XCTAssertEqual(try Cadence.parse("3 weeks"), Cadence.weeks(3))
        XCTAssertEqual(try Cadence.parse("every 2 months"), Cadence.months(2))
        XCTAssertEqual(try Cadence.parse("  1 Year "), Cadence(count: 1, unit: .year)!)
        XCTAssertEqual(try Cadence.parse("fortnightly"), Cadence.weeks(2))
        XCTAssertEqual(try Cadence.parse("quarterly"), Cadence.months(3))
    }

    func testParse_rejectsBadInput() {
        for bad in ["", "often", "3", "w", "3 fortnights", "1.5w", "3w2d"] {
            XCTAssertThrowsError(try Cadence.parse(bad), "'\(bad)' should be refused") { error in
                XCTAssertEqual(error as? CoreError, .invalidCadence(bad))
                XCTAssertTrue("\(error)".contains("like 2h, 3d, 2w"), "the message should show examples: \(error)")
            }
        }
        for bad in ["0d", "-2w", "-1w"] {
            XCTAssertThrowsError(try Cadence.parse(bad)) { error in
                XCTAssertEqual(error as? CoreError, .nonPositiveCadence(bad))
                XCTAssertTrue("\(error)".contains("positive"), "\(error)")
            }
        }
        for bad in ["11y", "9999999999999999999999w", "2000000000000000000 weeks", "522w", "999999999s"] {
            XCTAssertThrowsError(try Cadence.parse(bad)) { error in
                XCTAssertEqual(error as? CoreError, .cadenceTooLong(bad), bad)
            }
        }
    }

    func testConstruction_onlyValidValuesExist() {
        XCTAssertNil(Cadence(count: 0, unit: .day))
        XCTAssertNil(Cadence(count: -1, unit: .week))
        XCTAssertNil(Cadence(count: .max, unit: .year))
        XCTAssertNil(Cadence(count: 11, unit: .year))
        XCTAssertNotNil(Cadence(count: 10, unit: .year))
        XCTAssertNotNil(Cadence(count: 120, unit: .month))
    }

    func testMessagesQuoteAtMost60Characters() {
        let long = String(repeating: "x", count: 10_000) + "\u{1B}[2J"
        XCTAssertThrowsError(try Cadence.parse(long)) { error in
            XCTAssertLessThan("\(error)".count, 250, "\(error)")
            XCTAssertTrue("\(error)".contains("…"))
        }
        XCTAssertEqual(CoreError.quote("a\u{1B}[2Jb"), "'a\\e[2Jb'")
    }

    func testCanonicalFormRoundTrips() throws {
        for unit in Cadence.Unit.allCases {
            let cadence = Cadence(count: 7, unit: unit)!
            XCTAssertEqual(try Cadence.parse(cadence.description), cadence)
        }
    }

    func testNext_monthsFollowTheCalendar() throws {
        let calendar = TestCalendar.make("Europe/Berlin")
        let jan31 = TestCalendar.date("2027-01-31 10:00", calendar)
        XCTAssertEqual(Cadence.months(1).next(after: jan31, calendar: calendar), TestCalendar.date("2027-02-28 10:00", calendar))
    }

    func testNext_weeksKeepLocalTimeAcrossDST() throws {
        let calendar = TestCalendar.make("Europe/Berlin")
        let before = TestCalendar.date("2027-03-20 09:00", calendar) // DST starts 2027-03-28
        let next = Cadence.weeks(2).next(after: before, calendar: calendar)
        XCTAssertEqual(next, TestCalendar.date("2027-04-03 09:00", calendar))
        XCTAssertEqual(next.timeIntervalSince(before), 14 * 86400 - 3600, "one hour shorter across spring-forward")
    }

    func testNext_secondsAreFixed() {
        let calendar = TestCalendar.make("UTC")
        let start = Date(timeIntervalSince1970: 1_000_000)
        XCTAssertEqual(Cadence.seconds(2).next(after: start, calendar: calendar), start.addingTimeInterval(2))
    }
}

