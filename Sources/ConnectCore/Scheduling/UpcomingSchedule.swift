import Foundation

extension Scheduler {
    /// Who would be nudged when if nobody acts: runs `plan` forward from `now` on a copy of the state.
    /// Used for `connectctl nudges`; pure like `plan`.
    public static func upcoming(_ state: SchedulerState, now: Date, calendar: Calendar, rules: ScheduleRules,
                                limit: Int = 10, horizon: TimeInterval = 60 * 86400) -> [(personID: Int64, at: Date)] {
        var state = state
        var result: [(personID: Int64, at: Date)] = []
        var instant = now
        let end = now.addingTimeInterval(horizon)
        var remaining = Set(state.candidates.map(\.personID))
        // Prompts are irrelevant here: an empty library keeps them out of the simulation.
        let noPrompts = PromptLibrary(prompts: [])
        while result.count < limit, instant <= end, !remaining.isEmpty {
            var wake: Date?
            for action in plan(state, now: instant, calendar: calendar, rules: rules, prompts: noPrompts) {
                switch action {
                case .deliverNudge(let nudge):
                    result.append((nudge.personID, instant))
                    remaining.remove(nudge.personID)
                    state.nudgeDeliveries.append(instant)
                    if let index = state.candidates.firstIndex(where: { $0.personID == nudge.personID }) {
                        state.candidates[index].openNudgeSince = instant
                        state.candidates[index].dueOverride = end.addingTimeInterval(1)
                    }
                case .deliverPrompt: break
                case .wake(let at): wake = at
                }
            }
            guard let next = wake, next > instant else { break }
            instant = next
        }
        return Array(result.prefix(limit))
    }
}
