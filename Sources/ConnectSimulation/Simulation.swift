import ConnectCore
import ConnectServices
import ConnectStore
import Foundation

/// Runs the real `Scheduler.plan` against a simulated clock and a simulated user, on the daemon's
/// own path: a throwaway SQLite state, the services that log interactions and record deliveries,
/// and the schedule as the projection reads it back. No daemon, no socket, no sleeping: the
/// clock jumps from one wake-up to the next, as the daemon's alarm would.
public struct Simulation {
    let options: SimulationOptions
    let calendar: LocalCalendar
    let prompts: PromptLibrary

    public init(options: SimulationOptions, prompts: PromptLibrary) {
        self.options = options
        self.prompts = prompts
        calendar = options.calendar
    }

    public func run() throws -> SimulationReport {
        var history = SimulationHistory()
        return try run(recording: &history)
    }

    /// Runs the simulation and keeps what happened in `history`.
    public func run(recording history: inout SimulationHistory) throws -> SimulationReport {
        var random = SplitMix64(seed: options.seed)
        let start = calendar.startOfDay(for: options.start)
        let end = calendar.adding(days: options.days, to: start)
        let rules = options.rules
        var people = Schedule(calendar: calendar, renudgeAfter: rules.renudgeAfter, entries: makePeople(start: start, random: &random))
        addImported(to: &people, at: start)
        history.people = people.entries
        // Its own generator: recording answers must not change what the simulation does.
        var answers = SplitMix64(seed: options.seed ^ 0x5EED)
        let downtime = options.downtimeFrom.map { from in
            from..<calendar.adding(days: options.downtimeDays, to: from)
        }
        // A pause is made at the start of its first day and lasts until the active hours of
        // the day after its last begin.
        let pause = options.pauseFrom.map { from in from..<calendar.adding(days: options.pauseDays, to: from) }
        let pausedUntil = pause.map { $0.lowerBound..<Scheduler.pauseEnd(calendar.day(of: $0.upperBound), calendar: calendar, rules: rules) }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("connectd-simulation-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store(path: directory + "/state.sqlite", durable: false)
        defer { try? store.close() }
        let settings = ServiceSettings(calendar: calendar, defaultCadence: options.importCadence, rules: rules, prompts: prompts,
                                       ruleDescription: "simulation")
        let keeper = try StateKeeper(store: store, settings: settings, now: start)
        let live = keeper.live
        try write(keeper, settings, at: start) { ws in
            for entry in people.entries.sorted(by: { $0.personID < $1.personID }) {
                let person = try ws.session.insertPerson(Person(name: "Person \(entry.personID)", cadence: entry.cadence, addedAt: entry.addedAt,
                                                                dueOverride: entry.dueOverride))
                guard person.id == entry.personID else { throw Failure.unexpectedID(person.id, entry.personID) }
            }
        }

        var report = SimulationReport(
            people: options.people, days: options.days, budget: rules.dailyBudget, timeZone: calendar.identifier,
            nudgesDelivered: 0, maxNudgesPerDay: 0, nudgesOutsideActiveHours: 0, nudgesOnQuietDays: 0, duplicateNudges: 0,
            lateNudges: 0, promptsDelivered: 0, promptsExpected: expectedPrompts(start: start, end: end, gaps: [downtime, pausedUntil].compactMap { $0 }),
            duplicatePrompts: 0, latePrompts: 0, peopleWaitingOver150Percent: 0, plannerRuns: 0)
        report.people = options.people + options.imported
        report.busiestDueDay = Dictionary(grouping: live.schedule.entries.compactMap { $0.dueAt(calendar: calendar) }.filter { $0 >= start },
                                          by: { calendar.startOfDay(for: $0) }).values.map(\.count).max() ?? 0
        var perDay: [Date: Int] = [:]
        var promptSlots = Set<Date>()
        var waitedTooLong = Set<Int64>()
        /// Interactions the simulated user will log: (when, person).
        var pendingActions: [(at: Date, personID: Int64)] = []
        var now = start
        var paused = false
        var promptsWhilePaused = 0

        while now < end {
            if let pause, !paused, now >= pause.lowerBound {
                paused = true
                try write(keeper, settings, at: now) { ws in
                    _ = try Pausing.pause(until: calendar.day(of: pause.upperBound), reason: "holiday", in: ws)
                }
            }
            if let downtime, downtime.contains(now) {
                now = downtime.upperBound
                live.setAwakeSince(now)
                continue
            }
            // The user acts first: logging the interaction resets the person's clock and closes the nudge.
            pendingActions.sort { $0.at < $1.at }
            let due = pendingActions.prefix { $0.at <= now }
            pendingActions.removeFirst(due.count)
            if !due.isEmpty {
                try write(keeper, settings, at: now) { ws in
                    for action in due {
                        history.contacts.append((action.personID, action.at))
                        guard let person = try ws.session.person(id: action.personID) else { continue }
                        _ = try InteractionLog.log(person, kind: .coffee, at: action.at, note: nil, next: [], closes: [], in: ws)
                    }
                }
            }
            report.plannerRuns += 1
            live.pruneDeliveries(now: now)
            let actions = Scheduler.plan(live.scheduler, now: now, rules: rules, prompts: prompts)
            var wake: Date?
            for action in actions {
                switch action {
                case .deliverNudge(let nudge):
                    guard let candidate = live.schedule[nudge.personID], let cadence = candidate.cadence else { continue }
                    report.nudgesDelivered += 1
                    if nudge.late { report.lateNudges += 1 }
                    if let open = candidate.openNudgeSince, now.timeIntervalSince(open) < rules.renudgeAfter { report.duplicateNudges += 1 }
                    let window = NudgeWindow(dayOf: now, rules: rules, calendar: calendar)
                    if rules.quietDays.contains(calendar.weekday(of: now)) { report.nudgesOnQuietDays += 1 }
                    if window?.contains(now) != true { report.nudgesOutsideActiveHours += 1 }
                    let day = calendar.startOfDay(for: now)
                    perDay[day, default: 0] += 1
                    if now.timeIntervalSince(nudge.dueSince) > 1.5 * cadence.nominalSeconds { waitedTooLong.insert(candidate.personID) }
                    if random.nextDouble() < options.respond {
                        let endOfDay = calendar.adding(days: 1, to: day)
                        let delay = random.nextDouble() * min(4 * 3600, endOfDay.timeIntervalSince(now) - 1)
                        pendingActions.append((now.addingTimeInterval(max(0, delay)), candidate.personID))
                    }
                case .deliverPrompt(let prompt):
                    if let pausedUntil, pausedUntil.contains(now) { promptsWhilePaused += 1 }
                    report.promptsDelivered += 1
                    if prompt.late { report.latePrompts += 1 }
                    if !promptSlots.insert(prompt.slot).inserted { report.duplicatePrompts += 1 }
                    history.prompts.append((prompt, now, answers.nextDouble() < options.respond))
                case .askWhetherItHappened:
                    break // the simulated user makes no plans
                case .wake(let at):
                    wake = at
                }
            }
            // Recorded as the daemon records them: the projection then has the open nudges,
            // the day's deliveries and the prompt history.
            if actions.contains(where: { if case .wake = $0 { false } else { true } }) {
                _ = try write(keeper, settings, at: now) { try Deliveries.record(actions, in: $0) }
            }
            let nextAction = pendingActions.map(\.at).min()
            let pauseStart = pause.flatMap { paused ? nil : $0.lowerBound }
            let next = [wake, nextAction, pauseStart].compactMap { $0 }.min() ?? end
            // The scheduler must never ask to be woken in the past (that would be a busy loop).
            now = next > now ? next : now.addingTimeInterval(1)
        }
        // Still waiting at the end counts too.
        for candidate in live.schedule.entries where candidate.openNudgeSince == nil {
            guard let due = candidate.dueAt(calendar: calendar), let cadence = candidate.cadence else { continue }
            if end.timeIntervalSince(due) > 1.5 * cadence.nominalSeconds { waitedTooLong.insert(candidate.personID) }
        }
        report.maxNudgesPerDay = perDay.values.max() ?? 0
        report.peopleWaitingOver150Percent = waitedTooLong.count
        if let downtime {
            report.nudgesInFirstDayAfterDowntime = perDay[calendar.startOfDay(for: downtime.upperBound)] ?? 0
        }
        if let pause {
            report.nudgesDuringPause = perDay.filter { pause.contains($0.key) }.values.reduce(0, +)
            report.promptsDuringPause = promptsWhilePaused
            report.nudgesInFirstDayAfterPause = perDay[calendar.startOfDay(for: pause.upperBound)] ?? 0
            let after = pause.upperBound..<calendar.adding(days: 14, to: pause.upperBound)
            report.busiestDayAfterPause = perDay.filter { after.contains($0.key) }.values.max() ?? 0
        }
        return report
    }

    enum Failure: Error, CustomStringConvertible {
        case unexpectedID(Int64, Int64)
        case notCommitted(any Error)
        case notRun

        var description: String {
            switch self {
            case .unexpectedID(let got, let wanted): "the simulation's state gave person #\(got) where #\(wanted) was expected"
            case .notCommitted(let error): "the simulation's state could not be written: \(error)"
            case .notRun: "a write of the simulation did not run"
            }
        }
    }

    /// One write in a batch of its own, at the simulated instant, as the daemon's turn runs it.
    private func write<T>(_ keeper: StateKeeper, _ settings: ServiceSettings, at now: Date, _ body: (Workspace) throws -> T) throws -> T {
        var result: Result<T, any Error> = .failure(Failure.notRun)
        let outcome = keeper.batch(now: now) { batch in
            let workspace = Workspace(session: batch.session, live: keeper.live, now: now, settings: settings)
            result = Result { try batch.write(workspace, body) }
        }
        if case .failed(let error) = outcome { throw Failure.notCommitted(error) }
        return try result.get()
    }

    /// An address book imported at the start: everyone gets the same cadence at once, spread
    /// (as the daemon does) or not.
    func addImported(to schedule: inout Schedule, at start: Date) {
        guard options.imported > 0 else { return }
        var planner = SpreadPlanner(schedule: schedule, now: start, rules: options.rules)
        for index in 1...options.imported {
            let id = Int64(options.people + index)
            let due = options.spread ? planner.place(cadence: options.importCadence, key: UInt64(id)) : nil
            schedule.set(ScheduleEntry(personID: id, cadence: options.importCadence, addedAt: start, dueOverride: due, scheduledAt: start))
        }
    }

    /// A realistic circle: a few close people every week or two, most every one to six months.
    func makePeople(start: Date, random: inout SplitMix64) -> [ScheduleEntry] {
        let cadences: [(Cadence, Double)] = [
            (Cadence(count: 1, unit: .week)!, 0.05), (Cadence(count: 2, unit: .week)!, 0.10), (Cadence(count: 1, unit: .month)!, 0.25),
            (Cadence(count: 2, unit: .month)!, 0.20), (Cadence(count: 3, unit: .month)!, 0.25), (Cadence(count: 6, unit: .month)!, 0.15),
        ]
        guard options.people > 0 else { return [] }
        return (1...options.people).map { id in
            var pick = random.nextDouble()
            var cadence = cadences[0].0
            for (candidate, share) in cadences {
                cadence = candidate
                pick -= share
                if pick < 0 { break }
            }
            let anchor = start.addingTimeInterval(-random.nextDouble() * cadence.nominalSeconds)
            return ScheduleEntry(personID: Int64(id), cadence: cadence, addedAt: anchor)
        }
    }

    /// Weekly slots in the period; those missed during downtime or a pause count once (they are
    /// delivered once, when it ends).
    func expectedPrompts(start: Date, end: Date, gaps: [Range<Date>]) -> Int {
        guard let weekly = options.rules.reflectionAt, !prompts.prompts.isEmpty else { return 0 }
        var slots: [Date] = []
        var slot = weekly.next(after: start, calendar: calendar)
        while slot < end {
            slots.append(slot)
            slot = weekly.next(after: slot, calendar: calendar)
        }
        var count = slots.count
        for gap in gaps {
            let missed = slots.filter { gap.contains($0) }.count
            count += -missed + (missed > 0 && gap.upperBound < end ? 1 : 0)
        }
        return count
    }
}

/// A small seeded generator so simulations are repeatable.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
