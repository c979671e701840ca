import ConnectCore
import ConnectTime
import Foundation
import XCTest

/// Our calendar against Foundation's where both define the answer, and our DST rules where they differ.
final class LocalCalendarTests: XCTestCase {
    func testLocalReadingsMatchFoundation() {
        for zone in ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham"] {
            let ours = TestCalendar.make(zone)
            var theirs = Calendar(identifier: .gregorian)
            theirs.timeZone = TimeZone(identifier: zone)!
            for seconds in stride(from: 1_700_000_000.0, to: 2_000_000_000.0, by: 86400 * 3.3 + 1234.5) {
                let date = Date(timeIntervalSince1970: seconds)
                let local = ours.local(date)
                let parts = theirs.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
                XCTAssertEqual([local.date.year, local.date.month, local.date.day, local.hour, local.minute, local.second, local.weekday],
                               [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.weekday], "\(zone) \(seconds)")
                XCTAssertEqual(ours.local(ours.instant(local)), local, "round trip in \(zone) (an ambiguous reading names its first instant)")
            }
        }
    }

    func testAddingDaysAndMonthsMatchesFoundationAwayFromGaps() {
        let ours = TestCalendar.make("Europe/Berlin")
        var theirs = Calendar(identifier: .gregorian)
        theirs.timeZone = TimeZone(identifier: "Europe/Berlin")!
        for seconds in stride(from: 1_800_000_000.0, to: 1_900_000_000.0, by: 86400 * 1.7 + 4321) {
            let date = Date(timeIntervalSince1970: seconds)
            guard (4...22).contains(ours.local(date).hour) else { continue } // gaps and overlaps are at night
            for n in [1, 7, 30, -3] {
                XCTAssertEqual(ours.adding(days: n, to: date), theirs.date(byAdding: .day, value: n, to: date), "\(seconds) + \(n)d")
            }
            for n in [1, 3, 12, -1] {
                XCTAssertEqual(ours.adding(months: n, to: date), theirs.date(byAdding: .month, value: n, to: date), "\(seconds) + \(n)m")
            }
        }
    }

    func testGapGivesTheTransition_overlapTheFirstOccurrence() {
        let berlin = TestCalendar.make("Europe/Berlin")
        let spring = CivilDate(year: 2028, month: 3, day: 26)!
        XCTAssertEqual(berlin.instant(LocalDateTime(date: spring, hour: 2, minute: 30)), Date(timeIntervalSince1970: 1_837_645_200))
        let fall = CivilDate(year: 2028, month: 10, day: 29)!
        XCTAssertEqual(berlin.instant(LocalDateTime(date: fall, hour: 2, minute: 30)), Date(timeIntervalSince1970: 1_856_392_200))
        // A day-cadence step that lands in the gap moves to the first valid instant.
        let before = TestCalendar.date("2028-03-25 02:30", berlin)
        XCTAssertEqual(berlin.adding(days: 1, to: before), Date(timeIntervalSince1970: 1_837_645_200))
    }

    func testStartOfDayWhenMidnightIsSkipped_Havana() {
        // Cuba springs forward at midnight: 2028-03-12 00:00 does not exist; the day starts at 01:00.
        let havana = TestCalendar.make("America/Havana")
        let start = havana.startOfDay(CivilDate(year: 2028, month: 3, day: 12)!)
        XCTAssertEqual(havana.local(start).hour, 1)
        XCTAssertEqual(havana.local(start).date.day, 12)
    }

    func testExtremeInstantsAreClampedNotTrapped() {
        let berlin = TestCalendar.make("Europe/Berlin")
        for value in [Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, .infinity, -.infinity, 1e18, -1e18] {
            let date = Date(timeIntervalSince1970: value)
            _ = berlin.local(date)
            _ = berlin.adding(days: 100_000, to: date)
            _ = berlin.adding(months: -100_000, to: date)
            _ = berlin.startOfDay(for: date)
        }
        XCTAssertEqual(berlin.local(Date(timeIntervalSince1970: 1e18)).date.year, 9999)
    }
}
