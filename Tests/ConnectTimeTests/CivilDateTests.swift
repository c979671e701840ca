import ConnectTime
import Foundation
import XCTest

final class CivilDateTests: XCTestCase {
    func testDaysRoundTrip_everyDayOfTheSupportedRange() {
        var day = CivilDate(year: 1, month: 1, day: 1)!
        XCTAssertEqual(day.daysSinceEpoch, CivilDate.firstDay)
        for offset in stride(from: CivilDate.firstDay, through: CivilDate.lastDay, by: 1) {
            XCTAssertEqual(day.daysSinceEpoch, offset)
            guard let next = day.adding(days: 1) else {
                XCTAssertEqual(offset, CivilDate.lastDay, "only the last day has no successor")
                break
            }
            XCTAssertTrue(next > day)
            day = next
        }
        XCTAssertEqual(day, CivilDate(year: 9999, month: 12, day: 31))
    }

    func testWeekdayMatchesFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -30000, through: 60000, by: 97) {
            let date = Date(timeIntervalSince1970: Double(days) * 86400)
            XCTAssertEqual(CivilDate(daysSinceEpoch: days)?.weekday, calendar.component(.weekday, from: date), "day \(days)")
        }
    }

    func testAddingMonths_clampsToTheMonthsLastDay() {
        let jan31 = CivilDate(year: 2027, month: 1, day: 31)!
        XCTAssertEqual(jan31.adding(months: 1), CivilDate(year: 2027, month: 2, day: 28))
        XCTAssertEqual(CivilDate(year: 2028, month: 1, day: 31)!.adding(months: 1), CivilDate(year: 2028, month: 2, day: 29))
        XCTAssertEqual(jan31.adding(months: -2), CivilDate(year: 2026, month: 11, day: 30))
        XCTAssertEqual(jan31.adding(months: 12 * 3), CivilDate(year: 2030, month: 1, day: 31))
    }

    func testArithmeticNeverTraps_outOfRangeIsNil() {
        let last = CivilDate(year: 9999, month: 12, day: 31)!
        XCTAssertNil(last.adding(days: 1))
        XCTAssertNil(last.adding(months: 1))
        XCTAssertNil(last.adding(days: .max))
        XCTAssertNil(CivilDate(year: 1, month: 1, day: 1)!.adding(days: .min))
        XCTAssertNil(last.adding(months: .max))
        XCTAssertNil(CivilDate(daysSinceEpoch: .max))
        XCTAssertNil(CivilDate(year: 2027, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 0, month: 1, day: 1))
        XCTAssertNil(LocalDateTime(localSeconds: .max))
        XCTAssertNil(LocalDateTime(localSeconds: .min))
    }

    func testNames() {
        XCTAssertEqual(CalendarNames.weekday(named: "tues"), 3)
        XCTAssertEqual(CalendarNames.weekday(named: "SUNDAY"), 1)
        XCTAssertNil(CalendarNames.weekday(named: "su"))
        XCTAssertEqual(CalendarNames.month(named: "Sept"), 9)
        XCTAssertEqual(CalendarNames.day(CivilDate(year: 2026, month: 11, day: 28)!), "Sat 28 Nov 2026")
    }
}
