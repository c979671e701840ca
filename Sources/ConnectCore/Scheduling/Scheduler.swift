import Foundation

/// The heart of connectd, as a pure function: given the state, the instant and the calendar, which
/// nudges and prompts go out now and when to wake next. No clock, no I/O: tests drive it to any
/// instant (DST edges, years of simulated time) and compare the actions.
public enum Scheduler {
    public static func plan(_ state: SchedulerState, now: Date, calendar: Calendar, rules: ScheduleRules,
                            prompts: PromptLibrary) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        var state = state
        // Calendar arithmetic is the expensive part: compute each candidate's instants once.
        var eligible = state.candidates.map { eligibleAt($0, calendar: calendar, rules: rules) }

        for nudge in dueNudges(state, eligible: eligible, now: now, calendar: calendar, rules: rules) {
            actions.append(.deliverNudge(nudge))
            state.nudgeDeliveries.append(now)
            if let index = state.candidates.firstIndex(where: { $0.personID == nudge.personID }) {
                state.candidates[index].openNudgeSince = now
                eligible[index] = eligibleAt(state.candidates[index], calendar: calendar, rules: rules)
            }
        }
        if let prompt = duePrompt(state, now: now, calendar: calendar, rules: rules, prompts: prompts) {
            actions.append(.deliverPrompt(prompt))
            state.lastPromptSlot = prompt.slot
        }
        if let wake = nextWake(state, eligible: eligible, now: now, calendar: calendar, rules: rules) {
            actions.append(.wake(at: wake))
        }
        return actions
    }

    /// When a candidate may be nudged: when due, or, with an ignored open nudge, once it is stale.
    static func eligibleAt(_ candidate: SchedulerState.Candidate, calendar: Calendar, rules: ScheduleRules) -> Date {
        let due = candidate.dueAt(calendar: calendar)
        guard let open = candidate.openNudgeSince else { return due }
        return max(due, open.addingTimeInterval(rules.renudgeAfter))
    }

    /// `eligible[i]` is `eligibleAt(state.candidates[i])`.
    static func dueNudges(_ state: SchedulerState, eligible: [Date], now: Date, calendar: Calendar, rules: ScheduleRules) -> [NudgeDelivery] {
        guard let window = NudgeWindow(dayOf: now, rules: rules, calendar: calendar), window.contains(now) else { return [] }
        let deliveredToday = state.nudgeDeliveries.filter(window.contains).count
        let unlocked = window.slots.filter { $0 <= now }.count
        let allowed = unlocked - deliveredToday
        guard allowed > 0 else { return [] }
        let ready = state.candidates.indices
            .filter { eligible[$0] <= now }
            .map { (candidate: state.candidates[$0], eligibleAt: eligible[$0]) }
            .sorted { SchedulerState.Candidate.mostOverdueFirst(now: now)($0.candidate, $1.candidate) }
        return ready.prefix(allowed).enumerated().map { offset, item in
            let candidate = item.candidate
            let planned = max(item.eligibleAt, window.slots[deliveredToday + offset])
            return NudgeDelivery(
                personID: candidate.personID, dueSince: candidate.dueAt(calendar: calendar), plannedAt: planned,
                late: now.timeIntervalSince(planned) > rules.lateAfter, replacesOpenNudge: candidate.openNudgeSince != nil)
        }
    }

    static func duePrompt(_ state: SchedulerState, now: Date, calendar: Calendar, rules: ScheduleRules,
                          prompts: PromptLibrary) -> PromptDelivery? {
        guard let weekly = rules.reflectionAt, let prompt = prompts.next(after: state.promptHistory) else { return nil }
        let slot = weekly.mostRecent(atOrBefore: now, calendar: calendar)
        guard slot >= state.promptEpoch, state.lastPromptSlot.map({ slot > $0 }) ?? true else { return nil }
        return PromptDelivery(promptID: prompt.id, slot: slot, late: now.timeIntervalSince(slot) > rules.lateAfter)
    }

    /// The next instant at which `plan` could return a delivery: the earliest of every candidate's
    /// next opportunity and the next prompt slot. Between now and then the daemon sleeps.
    static func nextWake(_ state: SchedulerState, eligible: [Date], now: Date, calendar: Calendar, rules: ScheduleRules) -> Date? {
        var counts: [Date: Int] = [:]
        let deliveredOn: (NudgeWindow) -> Int = { window in
            if let count = counts[window.start] { return count }
            let count = state.nudgeDeliveries.filter(window.contains).count
            counts[window.start] = count
            return count
        }
        let earliestEligible = eligible.min().map { max($0, now) }
        var wake = earliestEligible.flatMap {
            NudgeWindow.nextOpportunity(atOrAfter: $0, rules: rules, calendar: calendar, deliveredOn: deliveredOn)
        }
        if let nudgeWake = wake, nudgeWake <= now {
            // Someone is eligible but the current opportunity was used: the next slot decides.
            wake = NudgeWindow.nextOpportunity(atOrAfter: now.addingTimeInterval(1), rules: rules, calendar: calendar, deliveredOn: deliveredOn)
        }
        if let weekly = rules.reflectionAt {
            let promptAt = weekly.next(after: max(now, state.promptEpoch), calendar: calendar)
            wake = min(wake ?? promptAt, promptAt)
        }
        return wake
    }
}
