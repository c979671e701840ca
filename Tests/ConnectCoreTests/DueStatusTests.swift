import ConnectCore
import Foundation
import XCTest

final class DueStatusTests: XCTestCase {
    let calendar = TestCalendar.make("Europe/Berlin")

    func at(_ text: String) -> Date { TestCalendar.date(text, calendar) }

    func person(_ id: Int64, every cadence: String, added: String) throws -> Person {
        Person(id: id, name: "P\(id)", cadence: try Cadence.parse(cadence), addedAt: TestCalendar.date(added, calendar))
    }

    func testNeverContacted_dueOneCadenceAfterAdding() throws {
        let ada = try person(1, every: "3w", added: "2026-11-01 10:00")
        let before = DueStatus(person: ada, lastContact: nil, now: TestCalendar.date("2026-11-22 09:59", calendar), calendar: calendar)
        XCTAssertFalse(before.isDue)
        XCTAssertEqual(before.nextDue, TestCalendar.date("2026-11-22 10:00", calendar))
        let at = DueStatus(person: ada, lastContact: nil, now: TestCalendar.date("2026-11-22 10:00", calendar), calendar: calendar)
        XCTAssertTrue(at.isDue)
        XCTAssertEqual(at.overdueRatio, 1.0, accuracy: 0.001)
    }

    func testLastContactResetsTheClock() throws {
        let ada = try person(1, every: "2w", added: "2026-01-01 10:00")
        let status = DueStatus(person: ada, lastContact: TestCalendar.date("2026-11-20 12:00", calendar),
                               now: TestCalendar.date("2026-11-27 12:00", calendar), calendar: calendar)
        XCTAssertFalse(status.isDue)
        XCTAssertEqual(status.overdueRatio, 0.5, accuracy: 0.001)
        XCTAssertEqual(status.nextDue, TestCalendar.date("2026-12-04 12:00", calendar))
    }

    func testOrdering_mostOverdueFirstThenById() throws {
        let now = TestCalendar.date("2026-11-29 12:00", calendar)
        let statuses = [
            DueStatus(person: try person(3, every: "1w", added: "2026-11-15 12:00"), lastContact: nil, now: now, calendar: calendar), // ratio 2
            DueStatus(person: try person(1, every: "2w", added: "2026-10-18 12:00"), lastContact: nil, now: now, calendar: calendar), // ratio 3
            DueStatus(person: try person(2, every: "1w", added: "2026-11-15 12:00"), lastContact: nil, now: now, calendar: calendar), // ratio 2
        ]
        XCTAssertEqual(statuses.map(\.overdueRatio).map { ($0 * 100).rounded() / 100 }, [2, 3, 2])
        let candidates = [
            SchedulerState.Candidate(personID: 3, cadence: Cadence(count: 1, unit: .week), anchor: at("2026-11-15 12:00")),
            SchedulerState.Candidate(personID: 1, cadence: Cadence(count: 2, unit: .week), anchor: at("2026-10-18 12:00")),
            SchedulerState.Candidate(personID: 2, cadence: Cadence(count: 1, unit: .week), anchor: at("2026-11-15 12:00")),
        ]
        XCTAssertEqual(candidates.sorted(by: SchedulerState.Candidate.mostOverdueFirst(now: now)).map(\.personID), [1, 2, 3])
    }
}
