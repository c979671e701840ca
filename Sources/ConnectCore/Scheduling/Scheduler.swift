import ConnectTime
import Foundation

/// The heart of connectd, as a pure function: given the state and the instant, which nudges and
/// prompts go out now and when to wake next. No clock, no I/O: tests drive it to any instant (DST
/// edges, years of simulated time) and compare the actions. Reads the schedule's orders only:
/// O(log n) plus the people eligible now when a budget slot is open.
public enum Scheduler {
    public static func plan(_ state: SchedulerState, now: Date, rules: ScheduleRules, prompts: PromptLibrary) -> [SchedulerAction] {
        if let until = pausedUntil(state, rules: rules), now < until { return [.wake(at: until)] }
        var actions: [SchedulerAction] = []
        let nudges = dueNudges(state.schedule, deliveries: state.nudgeDeliveries, now: now, rules: rules,
                               awakeSince: state.awakeSince, excluded: [])
        var deliveries = state.nudgeDeliveries
        for nudge in nudges {
            actions.append(.deliverNudge(nudge))
            deliveries.append(now)
        }
        let firstContact = dueFirstContact(state, now: now, rules: rules)
        if let firstContact { actions.append(.deliverNudge(firstContact)) }
        for occasion in dueOccasions(state, now: now, rules: rules) { actions.append(.deliverNudge(occasion)) }
        for id in dueQuestions(state, now: now, rules: rules) { actions.append(.askWhetherItHappened(personID: id)) }
        let prompt = duePrompt(state, now: now, rules: rules, prompts: prompts)
        if let prompt { actions.append(.deliverPrompt(prompt)) }
        let chosen = Set(nudges.map(\.personID))
        // The people nudged now may be nudged again once their nudge is stale.
        var wake = nextNudgeOpportunity(state.schedule, deliveries: deliveries, now: now, rules: rules, excluded: chosen,
                                        excludedReturnAt: chosen.isEmpty ? nil : now.addingTimeInterval(state.schedule.renudgeAfter))
        if let promptAt = nextPrompt(state, after: now, rules: rules) {
            wake = min(wake ?? promptAt, promptAt)
        }
        var firstContacts = state.firstContactDeliveries
        if firstContact != nil { firstContacts.append(now) }
        for other in [nextFirstContact(state, deliveries: firstContacts, after: now, rules: rules, excluded: firstContact?.personID),
                      nextOccasion(state, after: now, rules: rules), nextQuestion(state, after: now, rules: rules)] {
            if let other { wake = min(wake ?? other, other) }
        }
        if let wake { actions.append(.wake(at: wake)) }
        return actions
    }

    /// When a pause ends: the start of the active hours of its day, in today's zone and rules.
    public static func pausedUntil(_ state: SchedulerState, rules: ScheduleRules) -> Date? {
        state.pausedUntilDay.map { pauseEnd($0, calendar: state.schedule.calendar, rules: rules) }
    }

    public static func pauseEnd(_ day: CivilDate, calendar: LocalCalendar, rules: ScheduleRules) -> Date {
        calendar.instant(rules.activeFrom, on: day)
    }

    // MARK: People to meet: one first-contact nudge per `firstContactPerWeek` in any 7 days

    /// The next first contact at `now`: the person to meet added longest ago whose last
    /// first-contact nudge (if any) is stale, when the week's pace allows one more.
    static func dueFirstContact(_ state: SchedulerState, now: Date, rules: ScheduleRules) -> NudgeDelivery? {
        guard rules.firstContactPerWeek > 0, let window = NudgeWindow(dayOf: now, rules: rules, calendar: state.schedule.calendar),
              window.contains(now), paceAllows(state.firstContactDeliveries, at: now, rules: rules) else { return nil }
        guard let (entry, eligible) = state.schedule.nextToMeet, eligible <= now else { return nil }
        let planned = max(window.start, eligible)
        return NudgeDelivery(personID: entry.personID, dueSince: entry.addedAt, plannedAt: planned,
                             late: Lateness.isLate(plannedAt: planned, awakeSince: state.awakeSince, now: now, rules: rules),
                             replacesOpenNudge: entry.openNudgeSince != nil, kind: .firstContact)
    }

    /// Fewer than `firstContactPerWeek` first contacts in the 7 days before `instant`.
    static func paceAllows(_ deliveries: [Date], at instant: Date, rules: ScheduleRules) -> Bool {
        deliveries.filter { instant.timeIntervalSince($0) < 7 * 86400 && $0 <= instant }.count < rules.firstContactPerWeek
    }

    /// The next instant a first contact could go out (someone eligible, the pace and a window allow it).
    /// `chosen`: the person just given one (they are next eligible a renudge interval from now).
    static func nextFirstContact(_ state: SchedulerState, deliveries: [Date], after now: Date, rules: ScheduleRules, excluded chosen: Int64?) -> Date? {
        guard rules.firstContactPerWeek > 0, let next = state.schedule.nextToMeet else { return nil }
        let earliest = next.entry.personID == chosen ? now.addingTimeInterval(state.schedule.renudgeAfter) : next.eligible
        var at = max(earliest, now.addingTimeInterval(1))
        // The pace: once the oldest of the last week's deliveries is a week old.
        let recent = deliveries.filter { at.timeIntervalSince($0) < 7 * 86400 }.sorted()
        if recent.count >= rules.firstContactPerWeek, let oldest = recent.dropLast(rules.firstContactPerWeek - 1).last {
            at = max(at, oldest.addingTimeInterval(7 * 86400))
        }
        return NudgeWindow.nextOpportunity(atOrAfter: at, rules: rules, calendar: state.schedule.calendar) { _ in 0 }
    }

    /// When someone to meet can expect their first-contact nudge if nobody acts: those ahead of
    /// them in line go first, `firstContactPerWeek` a week. An estimate, O(log n); nil when
    /// first contacts are off or `personID` is not someone to meet.
    public static func firstContactExpected(_ state: SchedulerState, personID: Int64, now: Date, rules: ScheduleRules) -> Date? {
        guard rules.firstContactPerWeek > 0, let place = state.schedule.placeToMeet(personID),
              let head = nextFirstContact(state, deliveries: state.firstContactDeliveries, after: now, rules: rules, excluded: nil) else { return nil }
        let weeks = Double(place.ahead / rules.firstContactPerWeek)
        let at = max(head.addingTimeInterval(weeks * 7 * 86400), place.eligible)
        return NudgeWindow.nextOpportunity(atOrAfter: at, rules: rules, calendar: state.schedule.calendar) { _ in 0 }
    }

    // MARK: Planned catch-ups: asked once whether they happened, in the active hours after they end

    /// The most people one run of the planner asks about (the rest come a moment later).
    static let questionsPerRun = 20

    /// The people whose planned catch-up is over and not asked about, when now is in the active hours.
    static func dueQuestions(_ state: SchedulerState, now: Date, rules: ScheduleRules) -> [Int64] {
        guard activeInstant(atOrAfter: now, calendar: state.schedule.calendar, rules: rules) == now else { return [] }
        return state.schedule.questions(until: now, limit: questionsPerRun)
    }

    /// When the next question may be asked: the end of the earliest plan not asked about, moved
    /// into the active hours (after `now`: one due now was just asked).
    static func nextQuestion(_ state: SchedulerState, after now: Date, rules: ScheduleRules) -> Date? {
        guard let ends = state.schedule.nextQuestion else { return nil }
        return activeInstant(atOrAfter: max(ends, now.addingTimeInterval(1)), calendar: state.schedule.calendar, rules: rules)
    }

    /// `instant` if it is in a day's active hours, else the start of the next ones.
    static func activeInstant(atOrAfter instant: Date, calendar: LocalCalendar, rules: ScheduleRules) -> Date? {
        var day = calendar.day(of: instant)
        for _ in 0..<3 {
            let start = calendar.instant(rules.activeFrom, on: day)
            if instant < start { return start }
            if instant < calendar.instant(rules.activeUntil, on: day) { return instant }
            guard let next = day.adding(days: 1) else { return nil }
            day = next
        }
        return nil
    }

    // MARK: Their days (birthdays, anniversaries): on the morning, outside the budget and the quiet days

    /// Nudges for everyone whose birthday or other date is today and who has not had theirs
    /// (one a day for all of a person's dates), from the start of the active hours until their
    /// end. Never late: a greeting any time on the day is on time (and a birthday entered at noon
    /// was not missed at nine).
    static func dueOccasions(_ state: SchedulerState, now: Date, rules: ScheduleRules) -> [NudgeDelivery] {
        let calendar = state.schedule.calendar
        let day = calendar.day(of: now)
        let start = calendar.instant(rules.activeFrom, on: day)
        let end = calendar.instant(rules.activeUntil, on: day)
        guard now >= start, now < end else { return [] }
        return state.schedule.occasions(on: day).compactMap { id -> NudgeDelivery? in
            guard (state.birthdayDeliveries[id] ?? .distantPast) < start else { return nil }
            return NudgeDelivery(personID: id, dueSince: start, plannedAt: start, late: false, replacesOpenNudge: false, kind: .occasion)
        }
    }

    /// The next morning with someone's day not yet nudged, within a year.
    static func nextOccasion(_ state: SchedulerState, after now: Date, rules: ScheduleRules) -> Date? {
        guard state.schedule.hasOccasions else { return nil }
        let calendar = state.schedule.calendar
        var day = calendar.day(of: now)
        for _ in 0...366 {
            // The day's people first (a lookup); the zone arithmetic only on days that have one.
            let people = state.schedule.occasions(on: day)
            if !people.isEmpty, calendar.instant(rules.activeUntil, on: day) > now,
               case let start = calendar.instant(rules.activeFrom, on: day),
               people.contains(where: { (state.birthdayDeliveries[$0] ?? .distantPast) < start }) {
                let at = max(start, now)
                if at > now { return at }
            }
            guard let next = day.adding(days: 1) else { return nil }
            day = next
        }
        return nil
    }

    /// People's days from `now` to `days` days ahead (today included), for `due`.
    public static func upcomingOccasions(_ state: SchedulerState, now: Date, days: Int) -> [(personID: Int64, day: CivilDate)] {
        let calendar = state.schedule.calendar
        var result: [(personID: Int64, day: CivilDate)] = []
        var day = calendar.day(of: now)
        for _ in 0...days {
            result += state.schedule.occasions(on: day).map { ($0, day) }
            guard let next = day.adding(days: 1) else { break }
            day = next
        }
        return result
    }

    /// When the next nudge is expected if nobody acts: what `status` and STATUS= report. O(log n).
    public static func nextNudge(_ state: SchedulerState, now: Date, rules: ScheduleRules) -> Date? {
        nextNudgeOpportunity(state.schedule, deliveries: state.nudgeDeliveries, now: now, rules: rules, excluded: [],
                             excludedReturnAt: nil, includeNow: true)
    }

    /// The next weekly prompt slot after `instant` (none before the first start); nil when off.
    public static func nextPrompt(_ state: SchedulerState, after instant: Date, rules: ScheduleRules) -> Date? {
        rules.reflectionAt?.next(after: max(instant, state.promptEpoch), calendar: state.schedule.calendar)
    }

    /// Nudges that go out at `now`: inside today's window, as many as the unlocked budget slots
    /// allow, the most overdue eligible people first.
    static func dueNudges(_ schedule: Schedule, deliveries: [Date], now: Date, rules: ScheduleRules, awakeSince: Date,
                          excluded: Set<Int64>) -> [NudgeDelivery] {
        guard let window = NudgeWindow(dayOf: now, rules: rules, calendar: schedule.calendar), window.contains(now) else { return [] }
        let deliveredToday = deliveries.filter(window.contains).count
        let unlocked = window.slots.filter { $0 <= now }.count
        let allowed = unlocked - deliveredToday
        guard allowed > 0 else { return [] }
        // Keep the `allowed` most overdue of everyone eligible, in order (allowed <= 48).
        let before = ScheduleEntry.mostOverdueFirst(now: now)
        var best: [(entry: ScheduleEntry, eligible: Date)] = []
        schedule.forEachEligible(until: now) { entry, eligible in
            guard !excluded.contains(entry.personID) else { return true }
            if best.count == allowed, let worst = best.last, !before(entry, worst.entry) { return true }
            let index = best.firstIndex { before(entry, $0.entry) } ?? best.count
            best.insert((entry, eligible), at: index)
            if best.count > allowed { best.removeLast() }
            return true
        }
        return best.enumerated().map { offset, item in
            let slot = window.slots[deliveredToday + offset]
            let planned = max(item.eligible, slot, item.entry.scheduledAt ?? item.eligible)
            return NudgeDelivery(
                personID: item.entry.personID, dueSince: schedule.dueAt(item.entry.personID) ?? item.eligible, plannedAt: planned,
                late: Lateness.isLate(plannedAt: planned, awakeSince: awakeSince, now: now, rules: rules),
                replacesOpenNudge: item.entry.openNudgeSince != nil)
        }
    }

    static func duePrompt(_ state: SchedulerState, now: Date, rules: ScheduleRules, prompts: PromptLibrary) -> PromptDelivery? {
        guard let weekly = rules.reflectionAt, let prompt = prompts.next(after: state.promptHistory) else { return nil }
        let slot = weekly.mostRecent(atOrBefore: now, calendar: state.schedule.calendar)
        guard slot >= state.promptEpoch, state.lastPromptSlot.map({ slot > $0 }) ?? true else { return nil }
        return PromptDelivery(promptID: prompt.id, slot: slot,
                              late: Lateness.isLate(plannedAt: slot, awakeSince: state.awakeSince, now: now, rules: rules))
    }

    /// The next instant a nudge could go out: the earliest eligible person's first open budget
    /// slot. `excluded` people are left out until `excludedReturnAt` (nil: for good).
    /// Without `includeNow`, an opportunity at `now` itself is passed over (it was just used).
    static func nextNudgeOpportunity(_ schedule: Schedule, deliveries: [Date], now: Date, rules: ScheduleRules,
                                     excluded: Set<Int64>, excludedReturnAt: Date?, includeNow: Bool = false) -> Date? {
        var earliest = schedule.earliestEligible(excluding: excluded)
        if let back = excludedReturnAt { earliest = min(earliest ?? back, back) }
        guard let earliest else { return nil }
        var counts: [CivilDate: Int] = [:]
        let deliveredIn: (NudgeWindow) -> Int = { window in
            if let count = counts[window.day] { return count }
            let count = deliveries.filter(window.contains).count
            counts[window.day] = count
            return count
        }
        let calendar = schedule.calendar
        var wake = NudgeWindow.nextOpportunity(atOrAfter: max(earliest, now), rules: rules, calendar: calendar, deliveredIn: deliveredIn)
        if !includeNow, let at = wake, at <= now {
            // Someone is eligible but the current opportunity was used: the next slot decides.
            wake = NudgeWindow.nextOpportunity(atOrAfter: now.addingTimeInterval(1), rules: rules, calendar: calendar, deliveredIn: deliveredIn)
        }
        return wake
    }

    /// Who would be nudged when if nobody acts: the plan run forward from `now`, each person at
    /// most once. For `connectctl nudges`.
    public static func upcoming(_ state: SchedulerState, now: Date, rules: ScheduleRules, limit: Int = 10,
                                horizon: TimeInterval = 60 * 86400) -> [(personID: Int64, at: Date)] {
        var result: [(personID: Int64, at: Date)] = []
        var excluded = Set<Int64>()
        var deliveries = state.nudgeDeliveries
        var instant = now
        let end = now.addingTimeInterval(horizon)
        while result.count < limit, instant <= end {
            let nudges = dueNudges(state.schedule, deliveries: deliveries, now: instant, rules: rules, awakeSince: instant,
                                   excluded: excluded)
            for nudge in nudges.prefix(limit - result.count) {
                result.append((nudge.personID, instant))
                excluded.insert(nudge.personID)
                deliveries.append(instant)
            }
            guard let next = nextNudgeOpportunity(state.schedule, deliveries: deliveries, now: instant, rules: rules,
                                                  excluded: excluded, excludedReturnAt: nil), next > instant else { break }
            instant = next
        }
        return result
    }
}
