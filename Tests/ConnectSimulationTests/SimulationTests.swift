import ConnectCore
import ConnectSimulation
import Foundation
import XCTest

/// A simulated year with the real scheduler: the invariants that the daemon promises.
final class SimulationTests: XCTestCase {
    func options(_ zone: String, days: Int = 365) -> SimulationOptions {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        var options = SimulationOptions(start: calendar.date(from: DateComponents(year: 2027, month: 1, day: 1))!)
        options.timeZone = calendar.timeZone
        options.days = days
        return options
    }

    func testAYearInBerlin_keepsEveryPromise() {
        let report = Simulation(options: options("Europe/Berlin"), prompts: DefaultPrompts.library).run()
        XCTAssertGreaterThan(report.nudgesDelivered, 600, "a budget of 2 over a year with 150 people is mostly used")
        XCTAssertLessThanOrEqual(report.maxNudgesPerDay, 2)
        XCTAssertEqual(report.nudgesOutsideActiveHours, 0)
        XCTAssertEqual(report.duplicateNudges, 0)
        XCTAssertEqual(report.duplicatePrompts, 0)
        XCTAssertEqual(report.promptsDelivered, report.promptsExpected)
        XCTAssertEqual(report.promptsExpected, 52, "Sundays of 2027")
        XCTAssertEqual(report.lateNudges, 0)
    }

    func testQuietDaysAndNewYork() {
        var options = options("America/New_York")
        options.rules.quietDays = [1, 7]
        options.rules.dailyBudget = 3
        let report = Simulation(options: options, prompts: DefaultPrompts.library).run()
        XCTAssertEqual(report.nudgesOnQuietDays, 0)
        XCTAssertEqual(report.nudgesOutsideActiveHours, 0)
        XCTAssertLessThanOrEqual(report.maxNudgesPerDay, 3)
        XCTAssertEqual(report.promptsDelivered, report.promptsExpected)
    }

    func testDowntime_catchUpOnceWithinBudget() {
        var options = options("Europe/Berlin")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = options.timeZone
        options.downtimeFrom = calendar.date(from: DateComponents(year: 2027, month: 3, day: 20))
        options.downtimeDays = 10
        let report = Simulation(options: options, prompts: DefaultPrompts.library).run()
        XCTAssertLessThanOrEqual(report.nudgesInFirstDayAfterDowntime ?? 99, 2)
        XCTAssertLessThanOrEqual(report.maxNudgesPerDay, 2)
        XCTAssertEqual(report.duplicatePrompts, 0)
        XCTAssertEqual(report.promptsDelivered, report.promptsExpected, "two missed Sundays are delivered once")
        XCTAssertEqual(report.latePrompts, 1)
        XCTAssertEqual(report.promptsExpected, 51)
    }
}
