import ConnectCore
import ConnectSimulation
import ConnectStore
import ConnectTime
import Foundation
import XCTest

/// A simulated year with the real scheduler: the invariants that the daemon promises.
final class SimulationTests: XCTestCase {
    func options(_ zone: String, days: Int = 365) -> SimulationOptions {
        let calendar = LocalCalendar(zone: try! TimeZoneDatabase.named(zone))
        var options = SimulationOptions(start: calendar.startOfDay(CivilDate(year: 2027, month: 1, day: 1)!))
        options.calendar = calendar
        options.days = days
        return options
    }

    func testAYearInBerlin_keepsEveryPromise() throws {
        let report = try Simulation(options: options("Europe/Berlin"), prompts: try DefaultPrompts.load()).run()
        XCTAssertGreaterThan(report.nudgesDelivered, 600, "a budget of 2 over a year with 150 people is mostly used")
        XCTAssertLessThanOrEqual(report.maxNudgesPerDay, 2)
        XCTAssertEqual(report.nudgesOutsideActiveHours, 0)
        XCTAssertEqual(report.duplicateNudges, 0)
        XCTAssertEqual(report.duplicatePrompts, 0)
        XCTAssertEqual(report.promptsDelivered, report.promptsExpected)
        XCTAssertEqual(report.promptsExpected, 52, "Sundays of 2027")
        XCTAssertEqual(report.lateNudges, 0)
    }

    /// 150 people imported with a monthly cadence: spread, no day has more than its share of
    /// first due dates, and a budget that covers them keeps everyone within 1.5× their cadence.
    func testImportedAtOnce_spreadKeepsEveryDayServable() throws {
        var spread = options("Europe/Berlin", days: 120)
        spread.people = 0
        spread.imported = 150
        spread.rules.dailyBudget = 6
        spread.respond = 1
        var bunched = spread
        bunched.spread = false
        let prompts = try DefaultPrompts.load()
        let withSpread = try Simulation(options: spread, prompts: prompts).run()
        let without = try Simulation(options: bunched, prompts: prompts).run()
        XCTAssertEqual(without.busiestDueDay, 150, "without the spread, all fall due on one day")
        XCTAssertLessThanOrEqual(withSpread.busiestDueDay, 6, "spread over a month: about 5 a day")
        XCTAssertEqual(withSpread.peopleWaitingOver150Percent, 0)
        XCTAssertLessThanOrEqual(withSpread.maxNudgesPerDay, 6)
    }

    func testNoPeople_noNudges() throws {
        var options = options("Europe/Berlin", days: 30)
        options.people = 0
        let report = try Simulation(options: options, prompts: try DefaultPrompts.load()).run()
        XCTAssertEqual(report.nudgesDelivered, 0)
        XCTAssertEqual(report.people, 0)
    }

    func testQuietDaysAndNewYork() throws {
        var options = options("America/New_York")
        options.rules.quietDays = [1, 7]
        options.rules.dailyBudget = 3
        let report = try Simulation(options: options, prompts: try DefaultPrompts.load()).run()
        XCTAssertEqual(report.nudgesOnQuietDays, 0)
        XCTAssertEqual(report.nudgesOutsideActiveHours, 0)
        XCTAssertLessThanOrEqual(report.maxNudgesPerDay, 3)
        XCTAssertEqual(report.promptsDelivered, report.promptsExpected)
    }

    func testDowntime_catchUpOnceWithinBudget() throws {
        var options = options("Europe/Berlin")
        options.downtimeFrom = options.calendar.startOfDay(CivilDate(year: 2027, month: 3, day: 20)!)
        options.downtimeDays = 10
        let report = try Simulation(options: options, prompts: try DefaultPrompts.load()).run()
        XCTAssertLessThanOrEqual(report.nudgesInFirstDayAfterDowntime ?? 99, 2)
        XCTAssertEqual(report.lateNudges, 0, "back at midnight: the day's slots all come while connectd runs, so none is late")
        XCTAssertLessThanOrEqual(report.maxNudgesPerDay, 2)
        XCTAssertEqual(report.duplicatePrompts, 0)
        XCTAssertEqual(report.promptsDelivered, report.promptsExpected, "two missed Sundays are delivered once")
        XCTAssertEqual(report.latePrompts, 1)
        XCTAssertEqual(report.promptsExpected, 51)
    }

    /// A fortnight's pause with 150 people: nothing goes out while it lasts; afterwards the
    /// backlog comes within the daily budget (the first day full, no day over), and the missed
    /// Sunday questions come once.
    func testAFortnightsPause_holdsEverything_thenTheBacklogComesWithinTheBudget() throws {
        var options = options("Europe/Berlin")
        options.days = 60
        options.pauseFrom = options.calendar.startOfDay(CivilDate(year: 2027, month: 1, day: 20)!)
        options.pauseDays = 14
        let report = try Simulation(options: options, prompts: try DefaultPrompts.load()).run()
        XCTAssertEqual(report.nudgesDuringPause, 0)
        XCTAssertEqual(report.promptsDuringPause, 0)
        XCTAssertEqual(report.nudgesInFirstDayAfterPause, 2, "the overdue fill the first day's budget")
        XCTAssertEqual(report.busiestDayAfterPause, 2, "and no day after it takes more than the budget")
        XCTAssertLessThanOrEqual(report.maxNudgesPerDay, 2)
        XCTAssertEqual(report.promptsDelivered, report.promptsExpected, "the two Sundays of the pause come once, when it ends")
        XCTAssertEqual(report.duplicatePrompts, 0)
    }

    /// A simulated year written as state holds exactly what the simulation did, and a second
    /// write into the same directory is refused rather than mixing into it.
    func testAYearWrittenAsState_holdsEveryContactAndAnswer() throws {
        var options = options("Europe/Berlin")
        options.people = 40
        let prompts = try DefaultPrompts.load()
        var history = SimulationHistory()
        let report = try Simulation(options: options, prompts: prompts).run(recording: &history)
        let directory = NSTemporaryDirectory() + "sim-state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try SimulationStateWriter.write(history, to: directory, prompts: prompts, rule: "Sun 18:00",
                                                      timeZone: "Europe/Berlin", seed: 1)
        XCTAssertGreaterThan(written, 100, "40 people over a year, 70 % of nudges acted on")
        XCTAssertEqual(written, history.contacts.count)
        let store = try Store(path: directory + "/state.sqlite")
        try store.read { session in
            XCTAssertEqual(try session.listPeople(tag: nil).count, 40)
            XCTAssertEqual(try session.interactionCount(), history.contacts.count)
            let delivered = try session.promptDeliveries(limit: 1000)
            XCTAssertEqual(delivered.count, report.promptsDelivered)
            XCTAssertEqual(delivered.filter { !$0.answers.isEmpty }.count, history.prompts.filter(\.answered).count)
        }
        try store.close()
        XCTAssertThrowsError(try SimulationStateWriter.write(history, to: directory, prompts: prompts, rule: "Sun 18:00",
                                                             timeZone: "Europe/Berlin", seed: 1)) { error in
            XCTAssertTrue("\(error)".contains("exists already"), "\(error)")
        }
    }
}
