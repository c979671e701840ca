import ConnectCore
import ConnectStore
import Foundation

/// What the daemon keeps in memory beside SQLite: everyone's schedule, the recent deliveries,
/// the prompt log and the counts. Memory holds the schedule, SQLite holds the truth: each write
/// changes both in the same step, and every change here can be undone, so a request whose
/// savepoint rolls back (or a batch whose commit fails) leaves no trace in memory either.
public final class LiveState {
    public private(set) var scheduler: SchedulerState
    public private(set) var interactionCount: Int
    /// People hidden from triage and nudges (they are unscheduled too).
    public private(set) var heldCount: Int
    /// People with an open nudge.
    public private(set) var openNudgeCount: Int
    /// Every delivered prompt, oldest first, and whether it was answered (for the streak).
    public private(set) var reflectionLog: [(slot: Date, answered: Bool)]
    /// Set by every change that may alter who is due; the scheduler runner clears it.
    public var scheduleChanged = false
    private var undoLog: [() -> Void] = []

    public init(loaded: LoadedState, calendar: LocalCalendar, rules: ScheduleRules, now: Date) {
        let history = loaded.history
        let schedule = Schedule(calendar: calendar, renudgeAfter: rules.renudgeAfter, entries: loaded.entries)
        scheduler = SchedulerState(
            schedule: schedule, nudgeDeliveries: history.nudgeDeliveries, lastPromptSlot: history.prompts.last?.slot,
            promptEpoch: history.promptEpoch ?? now, promptHistory: history.prompts.map(\.promptID), awakeSince: now)
        scheduler.firstContactDeliveries = history.firstContactDeliveries
        scheduler.birthdayDeliveries = history.birthdayDeliveries
        interactionCount = history.interactionCount
        openNudgeCount = loaded.entries.filter { $0.openNudgeSince != nil }.count
        reflectionLog = history.prompts.map { ($0.slot, $0.answered) }
        heldCount = history.heldCount
    }

    /// The entries of `ids` as SQLite now has them (`entries`; an id without one is gone): after
    /// changes that touched more about a person than one field. Undone like any other change.
    public func reload(_ entries: [ScheduleEntry], ids: Set<Int64>, now: Date) {
        var gone = ids
        for var entry in entries {
            gone.remove(entry.personID)
            entry.scheduledAt = now
            setEntry(entry)
        }
        for id in gone { removeEntry(id) }
    }

    /// The deliveries, prompts and counts as SQLite now has them (after a restore added nudges
    /// or prompts); undone like any other change.
    public func reloadHistory(_ history: LoadedHistory) {
        // Not the whole scheduler state: holding a copy of its schedule would copy every entry
        // at the next change.
        let previous = (scheduler.nudgeDeliveries, scheduler.firstContactDeliveries, scheduler.birthdayDeliveries, scheduler.lastPromptSlot,
                        scheduler.promptHistory, scheduler.promptEpoch, interactionCount, reflectionLog, heldCount)
        scheduler.nudgeDeliveries = history.nudgeDeliveries
        scheduler.firstContactDeliveries = history.firstContactDeliveries
        scheduler.birthdayDeliveries = history.birthdayDeliveries
        scheduler.lastPromptSlot = history.prompts.last?.slot
        scheduler.promptHistory = history.prompts.map(\.promptID)
        if let epoch = history.promptEpoch { scheduler.promptEpoch = epoch }
        interactionCount = history.interactionCount
        reflectionLog = history.prompts.map { ($0.slot, $0.answered) }
        heldCount = history.heldCount
        scheduleChanged = true
        undoLog.append { [unowned self] in
            (self.scheduler.nudgeDeliveries, self.scheduler.firstContactDeliveries, self.scheduler.birthdayDeliveries, self.scheduler.lastPromptSlot,
             self.scheduler.promptHistory, self.scheduler.promptEpoch, self.interactionCount, self.reflectionLog, self.heldCount) = previous
        }
    }

    public var schedule: Schedule { scheduler.schedule }

    // MARK: Undo

    /// A point to undo back to.
    public var undoMark: Int { undoLog.count }

    /// Reverses every change made since `mark`, newest first.
    public func undo(to mark: Int) {
        while undoLog.count > mark { undoLog.removeLast()() }
    }

    /// The changes are committed: they can no longer be undone.
    public func commit() { undoLog.removeAll(keepingCapacity: true) }

    // MARK: Changes

    /// Adds or replaces a person's entry.
    public func setEntry(_ entry: ScheduleEntry) {
        let previous = scheduler.schedule.set(entry)
        openNudgeCount += (entry.openNudgeSince != nil ? 1 : 0) - (previous?.openNudgeSince != nil ? 1 : 0)
        scheduleChanged = true
        undoLog.append { [unowned self] in
            if let previous { self.setEntryWithoutUndo(previous) } else { self.removeEntryWithoutUndo(entry.personID) }
        }
    }

    public func removeEntry(_ id: Int64) {
        guard let previous = scheduler.schedule[id] else { return }
        removeEntryWithoutUndo(id)
        undoLog.append { [unowned self] in self.setEntryWithoutUndo(previous) }
    }

    private func setEntryWithoutUndo(_ entry: ScheduleEntry) {
        let previous = scheduler.schedule.set(entry)
        openNudgeCount += (entry.openNudgeSince != nil ? 1 : 0) - (previous?.openNudgeSince != nil ? 1 : 0)
        scheduleChanged = true
    }

    private func removeEntryWithoutUndo(_ id: Int64) {
        if let previous = scheduler.schedule.remove(id), previous.openNudgeSince != nil { openNudgeCount -= 1 }
        scheduleChanged = true
    }

    /// People without a cadence who are not ignored: waiting for triage.
    public var untriagedCount: Int { scheduler.schedule.unscheduledCount - heldCount }

    public func addHeld(_ count: Int) {
        heldCount += count
        undoLog.append { [unowned self] in self.heldCount -= count }
    }

    public func addInteractions(_ count: Int) {
        interactionCount += count
        undoLog.append { [unowned self] in self.interactionCount -= count }
    }

    /// A nudge went out to `personID` at `now`: a catch-up counts against the day's budget, a
    /// first contact against the week's pace, a birthday only against a second one that day.
    public func recordNudgeDelivery(personID: Int64, at now: Date, kind: NudgeKind = .catchUp) {
        switch kind {
        case .catchUp:
            scheduler.nudgeDeliveries.append(now)
            undoLog.append { [unowned self] in self.scheduler.nudgeDeliveries.removeLast() }
        case .firstContact:
            scheduler.firstContactDeliveries.append(now)
            undoLog.append { [unowned self] in self.scheduler.firstContactDeliveries.removeLast() }
        case .birthday:
            let previous = scheduler.birthdayDeliveries[personID]
            scheduler.birthdayDeliveries[personID] = now
            undoLog.append { [unowned self] in self.scheduler.birthdayDeliveries[personID] = previous }
            return
        }
        if var entry = scheduler.schedule[personID] {
            entry.openNudgeSince = now
            setEntry(entry)
        }
    }

    /// A prompt was delivered for `slot` (delivered early when answered before its time).
    public func recordPrompt(slot: Date, promptID: String) {
        let previousSlot = scheduler.lastPromptSlot
        scheduler.lastPromptSlot = max(slot, previousSlot ?? slot)
        scheduler.promptHistory.append(promptID)
        reflectionLog.append((slot, false))
        scheduleChanged = true
        undoLog.append { [unowned self] in
            self.scheduler.lastPromptSlot = previousSlot
            self.scheduler.promptHistory.removeLast()
            self.reflectionLog.removeLast()
        }
    }

    /// The latest prompt got an answer.
    public func markLatestPromptAnswered() {
        guard let last = reflectionLog.indices.last, !reflectionLog[last].answered else { return }
        reflectionLog[last].answered = true
        undoLog.append { [unowned self] in self.reflectionLog[last].answered = false }
    }

    // MARK: Outside transactions

    /// Since when the daemon has been running and awake (after a suspend or a clock jump, now).
    public func setAwakeSince(_ instant: Date) { scheduler.awakeSince = instant }

    public func setPromptEpoch(_ epoch: Date) { scheduler.promptEpoch = epoch }

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
