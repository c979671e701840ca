import ConnectCore
import ConnectStore
import Foundation

/// What the daemon keeps in memory beside SQLite: everyone's schedule, the recent deliveries, the
/// prompt log and the counts — a projection of SQLite, never written by hand. Services write SQL
/// only; SQLite notes which people and which history the statements touched (`TouchedRows`), and
/// `catchUp` reads those again through the one query that says what the schedule is made of
/// (`StoreSession.scheduleRows`). A savepoint or a batch that rolls back reads again what it had
/// touched, now as SQLite has it back: nothing to undo by hand.
public final class LiveState {
    public private(set) var scheduler: SchedulerState
    public private(set) var interactionCount = 0
    /// People hidden from triage and nudges (they are unscheduled too).
    public private(set) var heldCount = 0
    /// People with an open nudge.
    public private(set) var openNudgeCount = 0
    /// Every delivered prompt, oldest first, and whether it was answered (for the streak).
    public private(set) var reflectionLog: [(slot: Date, answered: Bool)]
    /// The schedule must be planned again: set by every change that may alter who is due, and by
    /// whatever else wants a new plan (the alarm, a new config, you coming back); the scheduler
    /// runner plans after the event that set it, and clears it.
    public var scheduleChanged = false

    /// What the counts are made of, per person.
    private var facts = IDTable<Facts>()
    private struct Facts: Sendable {
        var interactions: Int
        var held: Bool
        var circle: String?
    }
    /// The connection's change counter when this last looked: unchanged, nothing to read.
    private var seenChanges = -1
    /// What each open scope (a batch, a savepoint in it) has read again: what its rollback must
    /// read again.
    private var scopes: [(people: Set<Int64>, history: Bool)] = []
    /// A read that failed: the next look reads everything.
    private var stale = false

    public init(loaded: LoadedState, calendar: LocalCalendar, rules: ScheduleRules, now: Date) {
        let history = loaded.history
        let schedule = Schedule(calendar: calendar, renudgeAfter: rules.renudgeAfter, entries: loaded.entries)
        scheduler = SchedulerState(
            schedule: schedule, nudgeDeliveries: history.nudgeDeliveries, lastPromptSlot: history.prompts.last?.slot,
            promptEpoch: history.promptEpoch ?? now, promptHistory: history.prompts.map(\.promptID), awakeSince: now)
        scheduler.firstContactDeliveries = history.firstContactDeliveries
        scheduler.birthdayDeliveries = history.birthdayDeliveries
        scheduler.pausedUntilDay = history.pausedUntilDay
        reflectionLog = history.prompts.map { ($0.slot, $0.answered) }
        for row in loaded.rows {
            facts[row.entry.personID] = Facts(interactions: row.interactions, held: row.held, circle: row.circle)
            interactionCount += row.interactions
            heldCount += row.held ? 1 : 0
            openNudgeCount += row.entry.openNudgeSince != nil ? 1 : 0
        }
    }

    public var schedule: Schedule { scheduler.schedule }

    /// People without a cadence who are not ignored: waiting for triage.
    public var untriagedCount: Int { scheduler.schedule.unscheduledCount - heldCount }

    /// The circle whose cadence a person follows (they have none of their own), if any.
    public func circle(of id: Int64) -> String? { facts[id]?.circle }

    // MARK: The projection

    /// Reads again what the statements since the last look touched (cheap when nothing was).
    public func catchUp(_ session: StoreSession, now: Date) throws {
        guard stale || session.totalChanges != seenChanges else { return }
        if stale {
            try reloadEverything(session, now: now)
            return
        }
        let touched = session.takeTouched()
        seenChanges = session.totalChanges
        // Into the scope before reading: if the read fails halfway, a rollback still reads
        // these people again.
        if !scopes.isEmpty {
            scopes[scopes.count - 1].people.formUnion(touched.people)
            scopes[scopes.count - 1].history = scopes[scopes.count - 1].history || touched.history
        }
        do {
            try read(people: touched.people, history: touched.history, session, now: now)
        } catch {
            // Some rows may have been applied: the next look reads everything again.
            stale = true
            throw error
        }
    }

    /// The same, where a failure cannot be thrown (a property read in the middle of a request):
    /// the next look that can throw reads everything again.
    func catchUpOrMarkStale(_ session: StoreSession, now: Date) {
        do { try catchUp(session, now: now) } catch { stale = true }
    }

    /// A batch or a savepoint begins.
    public func beginScope() { scopes.append(([], false)) }

    /// It ended: committed (what it read stays, and its batch must still know), or rolled back
    /// (what it had touched is read again, as SQLite has it now).
    public func endScope(committed: Bool, _ session: StoreSession, now: Date) {
        guard let scope = scopes.popLast() else { return }
        if !committed {
            seenChanges = -1
            do {
                // What it read, and what its statements noted since (rolled back too).
                let noted = session.takeTouched()
                seenChanges = session.totalChanges
                try read(people: scope.people.union(noted.people), history: scope.history || noted.history, session, now: now)
            } catch {
                stale = true
            }
        }
        if !scopes.isEmpty {
            scopes[scopes.count - 1].people.formUnion(scope.people)
            scopes[scopes.count - 1].history = scopes[scopes.count - 1].history || scope.history
        }
    }

    private func read(people: Set<Int64>, history: Bool, _ session: StoreSession, now: Date) throws {
        if !people.isEmpty {
            var gone = people
            for row in try session.scheduleRows(personIDs: people) {
                gone.remove(row.entry.personID)
                set(row, now: now)
            }
            for id in gone { remove(id) }
        }
        if history { reloadHistory(try session.loadHistory(deliveriesSince: now.addingTimeInterval(-3 * 86400))) }
    }

    private func set(_ row: ScheduleRow, now: Date) {
        var entry = row.entry
        let previous = scheduler.schedule[entry.personID]
        // When the due date was set: now, unless it stayed where it was.
        if let previous, previous.dueAt(calendar: scheduler.schedule.calendar) == entry.dueAt(calendar: scheduler.schedule.calendar) {
            entry.scheduledAt = previous.scheduledAt
        } else {
            entry.scheduledAt = now
        }
        if previous != entry {
            scheduler.schedule.set(entry)
            scheduleChanged = true
        }
        openNudgeCount += (entry.openNudgeSince != nil ? 1 : 0) - (previous?.openNudgeSince != nil ? 1 : 0)
        let old = facts[entry.personID]
        facts[entry.personID] = Facts(interactions: row.interactions, held: row.held, circle: row.circle)
        interactionCount += row.interactions - (old?.interactions ?? 0)
        heldCount += (row.held ? 1 : 0) - (old?.held == true ? 1 : 0)
    }

    private func remove(_ id: Int64) {
        if let previous = scheduler.schedule.remove(id) {
            if previous.openNudgeSince != nil { openNudgeCount -= 1 }
            scheduleChanged = true
        }
        if let old = facts.removeValue(forKey: id) {
            interactionCount -= old.interactions
            heldCount -= old.held ? 1 : 0
        }
    }

    private func reloadHistory(_ history: LoadedHistory) {
        scheduler.nudgeDeliveries = history.nudgeDeliveries
        scheduler.firstContactDeliveries = history.firstContactDeliveries
        scheduler.birthdayDeliveries = history.birthdayDeliveries
        scheduler.lastPromptSlot = history.prompts.last?.slot
        scheduler.promptHistory = history.prompts.map(\.promptID)
        if let epoch = history.promptEpoch { scheduler.promptEpoch = epoch }
        scheduler.pausedUntilDay = history.pausedUntilDay
        reflectionLog = history.prompts.map { ($0.slot, $0.answered) }
        scheduleChanged = true
    }

    private func reloadEverything(_ session: StoreSession, now: Date) throws {
        _ = session.takeTouched()
        let loaded = try session.loadState(deliveriesSince: now.addingTimeInterval(-3 * 86400))
        let fresh = LiveState(loaded: loaded, calendar: scheduler.schedule.calendar, rules: ScheduleRules(), now: now)
        let awakeSince = scheduler.awakeSince
        scheduler = fresh.scheduler
        scheduler.schedule = fresh.scheduler.schedule.rebuilt(calendar: scheduler.schedule.calendar, renudgeAfter: schedule.renudgeAfter)
        scheduler.awakeSince = awakeSince
        (interactionCount, heldCount, openNudgeCount, reflectionLog, facts) =
            (fresh.interactionCount, fresh.heldCount, fresh.openNudgeCount, fresh.reflectionLog, fresh.facts)
        seenChanges = session.totalChanges
        stale = false
        scheduleChanged = true
    }

    // MARK: Outside transactions

    /// Since when the daemon has been running and awake (after a suspend or a clock jump, now).
    public func setAwakeSince(_ instant: Date) { scheduler.awakeSince = instant }

    /// Forgets deliveries older than the budget needs.
    public func pruneDeliveries(now: Date) { scheduler.pruneDeliveries(now: now) }

    /// The same people under a new calendar or renudge rule (a config reload, a zone change).
    public func rebuild(calendar: LocalCalendar, renudgeAfter: TimeInterval) {
        scheduler.schedule = scheduler.schedule.rebuilt(calendar: calendar, renudgeAfter: renudgeAfter)
        scheduleChanged = true
    }

    /// Weeks in a row with an answered prompt.
    public func streak(now: Date) -> Int {
        ReflectionStreak.weeks(reflectionLog.reversed(), now: now)
    }
}
