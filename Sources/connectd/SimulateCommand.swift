import ArgumentParser
import ConnectCore
import ConnectSimulation
import ConnectTime
import Foundation

/// `connectd simulate`: the real scheduler against a simulated clock and user, printing what it did.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Run the real scheduling code over simulated days; no daemon, no socket.")

    @Option(help: "How many people.") var people = 150
    @Option(help: "How many days.") var days = 365
    @Option(help: "Nudges per day at most.") var budget = 2
    @Option(name: .customLong("time-zone"), help: "IANA time zone.") var timeZone = "UTC"
    @Option(help: "Share of nudges acted on the same day, 0...1.") var respond = 0.7
    @Option(help: ArgumentHelp("The daemon is down: FROM:DAYS, e.g. 2027-03-20:10.", valueName: "from:days")) var downtime: String?
    @Option(help: ArgumentHelp("You pause nudges (a holiday): FROM:DAYS, e.g. 2027-03-20:14.", valueName: "from:days")) var pause: String?
    @Option(name: .customLong("active-hours"), help: "Nudge window.") var activeHours = "09:00-20:00"
    @Option(name: .customLong("quiet-days"), help: "Comma-separated weekdays without nudges, e.g. sat,sun.") var quietDays = ""
    @Option(name: .customLong("reflection-at"), help: "Weekly prompt time.") var reflectionAt = "Sun 18:00"
    @Option(help: "First simulated day (YYYY-MM-DD).") var start = "2027-01-01"
    @Option(help: "Random seed (same seed, same run).") var seed: UInt64 = 42
    @Option(name: .customLong("import"), help: "People imported at the start, all given --import-every at once.") var imported = 0
    @Option(name: .customLong("import-every"), help: "The cadence the imported people get.") var importEvery = "1m"
    @Flag(name: .customLong("no-spread"), help: "Let the imported people all fall due one cadence after the import (to compare).") var noSpread = false
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(name: .customLong("write-state"), help: ArgumentHelp(
        "Also write the simulated people, contacts and reflections into a new state directory, to look at with connectd --state-dir DIR and connectctl.",
        valueName: "dir")) var writeState: String?

    /// Every check runs here too, so that a bad value gets simulate's usage, not connectd's.
    func validate() throws {
        _ = try makeOptions()
    }

    /// The simulation's options from the command line; a `ValidationError` names what is wrong.
    func makeOptions() throws -> SimulationOptions {
        let calendar: LocalCalendar
        do {
            calendar = LocalCalendar(zone: try TimeZoneDatabase.named(timeZone))
        } catch {
            throw ValidationError(error.description)
        }
        guard people >= 0, people <= 100_000 else { throw ValidationError("--people must be between 0 and 100000.") }
        guard days >= 1, days <= 3660 else { throw ValidationError("--days must be between 1 and 3660.") }
        guard budget >= 0, budget <= 48 else { throw ValidationError("--budget must be between 0 and 48.") }
        guard let startDate = Self.day(start, calendar) else { throw ValidationError("--start must be YYYY-MM-DD.") }
        guard (0...1).contains(respond) else { throw ValidationError("--respond must be between 0 and 1.") }
        guard imported >= 0, imported <= 100_000 else { throw ValidationError("--import must be between 0 and 100000.") }
        let importCadence: Cadence
        do { importCadence = try Cadence.parse(importEvery) } catch { throw ValidationError("--import-every: \(error.description)") }
        var options = SimulationOptions(start: startDate)
        options.people = people
        options.days = days
        options.calendar = calendar
        options.respond = respond
        options.seed = seed
        options.rules.dailyBudget = budget
        options.imported = imported
        options.importCadence = importCadence
        options.spread = !noSpread
        guard let (from, until) = TimeOfDay.parseWindow(activeHours) else {
            throw ValidationError("--active-hours must look like 09:00-20:00.")
        }
        options.rules.activeFrom = from
        options.rules.activeUntil = until
        options.rules.quietDays = Set(try quietDays.split(separator: ",").map { word in
            guard let day = CalendarNames.weekday(named: String(word)) else { throw ValidationError("'\(word)' is not a weekday.") }
            return day
        })
        if reflectionAt.lowercased() == "off" {
            options.rules.reflectionAt = nil
        } else {
            guard let weekly = WeeklyTime.parse(reflectionAt) else { throw ValidationError("--reflection-at must look like 'Sun 18:00' or be 'off'.") }
            options.rules.reflectionAt = weekly
        }
        if let downtime {
            let parts = downtime.split(separator: ":").map(String.init)
            guard parts.count == 2, let from = Self.day(parts[0], calendar), let length = Int(parts[1]), (1...3660).contains(length) else {
                throw ValidationError("--downtime must look like 2027-03-20:10 (from which day, for how many days).")
            }
            options.downtimeFrom = from
            options.downtimeDays = length
        }
        if let pause {
            let parts = pause.split(separator: ":").map(String.init)
            guard parts.count == 2, let from = Self.day(parts[0], calendar), let length = Int(parts[1]), (1...366).contains(length) else {
                throw ValidationError("--pause must look like 2027-03-20:14 (from which day, for how many days, at most 366).")
            }
            let first = options.start, last = options.calendar.adding(days: days, to: options.start)
            guard from >= first, from < last else { throw ValidationError("--pause must begin within the simulated days (from --start, for --days).") }
            if let down = options.downtimeFrom, from < options.calendar.adding(days: options.downtimeDays, to: down),
               down < options.calendar.adding(days: length, to: from) {
                throw ValidationError("--pause and --downtime overlap: a pause is made while connectd runs.")
            }
            options.pauseFrom = from
            options.pauseDays = length
        }
        return options
    }

    func run() throws {
        let options = try makeOptions()
        let calendar = options.calendar

        let clock = ContinuousClock()
        let began = clock.now
        let prompts = try DefaultPrompts.load()
        var history = SimulationHistory()
        let report = try Simulation(options: options, prompts: prompts).run(recording: &history)
        let elapsed = began.duration(to: clock.now)
        var written = ""
        if let writeState {
            umask(0o077)  // the state is private, as the daemon's is
            let contacts = try SimulationStateWriter.write(history, to: writeState, prompts: prompts, rule: reflectionAt,
                                                           timeZone: calendar.identifier, seed: seed)
            written = "Wrote \(Self.count(history.people.count, "person", "people")), \(contacts) contacts and \(history.prompts.count) prompts "
                + "to \(writeState)/state.sqlite; look at them with: connectd --state-dir \(writeState)"
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if json {
            struct Output: Encodable {
                let report: SimulationReport
                let wallTimeSeconds: Double
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(Output(report: report, wallTimeSeconds: seconds)), as: UTF8.self))
            if !written.isEmpty { FileHandle.standardError.write(Data((written + "\n").utf8)) }
            return
        }
        print("""
            Simulated \(Self.count(report.people, "person", "people")) for \(report.days) days in \(report.timeZone), budget \(report.budget)/day, respond \(respond)\(downtime.map { ", downtime \($0)" } ?? "")\(pause.map { ", pause \($0)" } ?? "")
              nudges delivered                 \(report.nudgesDelivered) (\(report.lateNudges) late)
              max nudges in one day            \(report.maxNudgesPerDay)
              outside active hours             \(report.nudgesOutsideActiveHours)
              on quiet days                    \(report.nudgesOnQuietDays)
              duplicate nudges                 \(report.duplicateNudges)
              weekly prompts                   \(report.promptsDelivered) of \(report.promptsExpected) (\(report.latePrompts) late, \(report.duplicatePrompts) duplicates)
              busiest day of first due dates   \(Self.count(report.busiestDueDay, "person", "people"))\(imported > 0 ? " (\(imported) imported, \(noSpread ? "not spread" : "spread over \(importEvery)"))" : "")
              waited > 1.5x cadence after due  \(Self.count(report.peopleWaitingOver150Percent, "person", "people"))
            """ + (report.nudgesInFirstDayAfterDowntime.map { "\n  nudges on first day back        \($0)" } ?? "")
            + (report.nudgesDuringPause.map { "\n  nudges while paused              \($0) (and \(report.promptsDuringPause ?? 0) prompts)" } ?? "")
            + (report.nudgesInFirstDayAfterPause.map { "\n  nudges on first day after pause  \($0) of budget \(report.budget)" } ?? "")
            + (report.busiestDayAfterPause.map { "\n  busiest day of 14 after pause    \($0) of budget \(report.budget)" } ?? "") + """

              planner runs                     \(report.plannerRuns)
              wall time                        \(String(format: "%.3f", seconds)) s
            """ + (written.isEmpty ? "" : "\n" + written))
    }

    /// "1 person", "3 people".
    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    static func day(_ text: String, _ calendar: LocalCalendar) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let day = CivilDate(year: parts[0], month: parts[1], day: parts[2]) else { return nil }
        return calendar.startOfDay(day)
    }
}
