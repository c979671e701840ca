import ConnectCore
import Foundation
import XCTest

/// The in-memory schedule's orders against a plain scan, over random changes.
final class ScheduleTests: XCTestCase {
    func testRandomChangesAgreeWithAFullScan() {
        let calendar = TestCalendar.make("Europe/Berlin")
        var schedule = Schedule(calendar: calendar, renudgeAfter: 7 * 86400)
        var reference: [Int64: ScheduleEntry] = [:]
        var random = SystemRandomNumberGenerator()
        let start = TestCalendar.date("2027-01-01 00:00", calendar)
        let cadences: [Cadence?] = [nil, .days(3), .weeks(2), .months(1), Cadence(count: 1, unit: .year)!, .seconds(30)]
        for step in 0..<3000 {
            let id = Int64.random(in: 1...300, using: &random)
            if step % 7 == 0 {
                XCTAssertEqual(schedule.remove(id), reference.removeValue(forKey: id))
            } else {
                let entry = ScheduleEntry(
                    personID: id, cadence: cadences.randomElement(using: &random)!,
                    addedAt: start.addingTimeInterval(Double.random(in: -400...400, using: &random) * 86400),
                    dueOverride: Bool.random(using: &random) ? start.addingTimeInterval(Double.random(in: -50...50, using: &random) * 86400) : nil,
                    openNudgeSince: Bool.random(using: &random) ? start.addingTimeInterval(Double.random(in: -20...0, using: &random) * 86400) : nil)
                schedule.set(entry)
                reference[id] = entry
            }
            let now = start.addingTimeInterval(Double.random(in: -100...100, using: &random) * 86400)
            let dueIDs = reference.values.filter { ($0.dueAt(calendar: calendar) ?? .distantFuture) <= now }
            XCTAssertEqual(schedule.dueCount(at: now), dueIDs.count)
            if step % 101 == 0 {
                let order = dueIDs.sorted(by: ScheduleEntry.mostOverdueFirst(now: now)).map(\.personID)
                XCTAssertEqual(schedule.mostOverdue(at: now, limit: .max).map(\.entry.personID), order)
                XCTAssertEqual(schedule.mostOverdue(at: now, limit: 5).map(\.entry.personID), Array(order.prefix(5)))
                let eligible = reference.values.compactMap { entry in
                    entry.dueAt(calendar: calendar).map { entry.eligibleAt(due: $0, renudgeAfter: 7 * 86400) }
                }
                XCTAssertEqual(schedule.earliestEligible(), eligible.min())
            }
            XCTAssertEqual(schedule.count, reference.count)
        }
    }
}
