import ConnectCore
import Foundation
import XCTest

/// The scheduler at chosen instants: no clock, no sockets, no sleeps.
final class SchedulerTests: XCTestCase {
    var calendar = TestCalendar.make("Europe/Berlin")
    var rules = ScheduleRules()
    let prompts = PromptLibrary(prompts: [.init(id: "a", text: "A?"), .init(id: "b", text: "B?"), .init(id: "c", text: "C?")])

    func at(_ text: String) -> Date { TestCalendar.date(text, calendar) }

    /// A person who became due `daysOverdue` days before `now` with a weekly cadence.
    func overdue(_ id: Int64, days daysOverdue: Double, now: Date, every cadence: Cadence = Cadence(count: 1, unit: .week)) -> SchedulerState.Candidate {
        let anchor = now.addingTimeInterval(-cadence.nominalSeconds - daysOverdue * 86400)
        return SchedulerState.Candidate(personID: id, cadence: cadence, anchor: anchor)
    }

    func plan(_ state: SchedulerState, _ now: Date) -> (nudges: [NudgeDelivery], prompts: [PromptDelivery], wake: Date?) {
        let actions = Scheduler.plan(state, now: now, calendar: calendar, rules: rules, prompts: prompts)
        var nudges: [NudgeDelivery] = [], promptDeliveries: [PromptDelivery] = [], wake: Date?
        for action in actions {
            switch action {
            case .deliverNudge(let nudge): nudges.append(nudge)
            case .deliverPrompt(let prompt): promptDeliveries.append(prompt)
            case .wake(let at): wake = at
            }
        }
        return (nudges, promptDeliveries, wake)
    }

    func state(_ candidates: [SchedulerState.Candidate], deliveries: [Date] = [], epoch: Date? = nil) -> SchedulerState {
        SchedulerState(candidates: candidates, nudgeDeliveries: deliveries, promptEpoch: epoch ?? at("2030-01-01 00:00"))
    }

    // MARK: Budget, ordering, spreading

    func testBudget_spreadAcrossTheDay() {
        let now = at("2027-05-04 09:00") // a Tuesday
        let people = (1...5).map { overdue(Int64($0), days: Double($0), now: now) }
        let first = plan(state(people), now)
        XCTAssertEqual(first.nudges.map(\.personID), [5], "one nudge at the window start, the most overdue")
        XCTAssertEqual(first.wake, at("2027-05-04 14:30"), "the second slot of 09:00-20:00 with a budget of 2")

        var after = state(people, deliveries: [now])
        after.candidates[4].openNudgeSince = now
        XCTAssertEqual(plan(after, at("2027-05-04 12:00")).nudges, [], "no second nudge before the second slot")
        let second = plan(after, at("2027-05-04 14:30"))
        XCTAssertEqual(second.nudges.map(\.personID), [4])
        after.nudgeDeliveries.append(at("2027-05-04 14:30"))
        after.candidates[3].openNudgeSince = at("2027-05-04 14:30")
        let third = plan(after, at("2027-05-04 19:00"))
        XCTAssertEqual(third.nudges, [], "the budget of 2 is spent")
        XCTAssertEqual(third.wake, at("2027-05-05 09:00"))
    }

    func testOrdering_mostOverdueRatioFirstTiesById() {
        let now = at("2027-05-04 09:00")
        rules.dailyBudget = 3
        let monthly = Cadence(count: 1, unit: .month)
        let people = [
            overdue(7, days: 3, now: now), // weekly, 3 days over: ratio ~1.43
            overdue(2, days: 3, now: now), // same ratio as 7
            overdue(9, days: 3, now: now, every: monthly), // ratio ~1.1
        ]
        rules.activeFrom = TimeOfDay(hour: 9, minute: 0)
        var state = state(people)
        state.nudgeDeliveries = []
        let result = plan(state, at("2027-05-04 19:00"))
        XCTAssertEqual(result.nudges.map(\.personID), [2, 7, 9])
    }

    func testDueDuringTheDay_deliveredAtOnceWhenASlotIsUnused() {
        let due = at("2027-05-04 10:03")
        let candidate = SchedulerState.Candidate(personID: 1, cadence: Cadence(count: 2, unit: .second), anchor: due.addingTimeInterval(-2))
        let before = plan(state([candidate]), due.addingTimeInterval(-1))
        XCTAssertEqual(before.nudges, [])
        XCTAssertEqual(before.wake, due, "wakes exactly when the person becomes due")
        let result = plan(state([candidate]), due)
        XCTAssertEqual(result.nudges.map(\.personID), [1])
        XCTAssertEqual(result.nudges.first?.late, false)
        XCTAssertEqual(result.nudges.first?.plannedAt, due)
    }

    // MARK: Active hours and quiet days

    func testOutsideActiveHours_waitsForTheWindow() {
        let now = at("2027-05-04 07:30")
        let result = plan(state([overdue(1, days: 1, now: now)]), now)
        XCTAssertEqual(result.nudges, [])
        XCTAssertEqual(result.wake, at("2027-05-04 09:00"))
        let evening = plan(state([overdue(1, days: 1, now: now)]), at("2027-05-04 20:00"))
        XCTAssertEqual(evening.nudges, [], "the window end is exclusive")
        XCTAssertEqual(evening.wake, at("2027-05-05 09:00"))
    }

    func testQuietDays_skipped() {
        rules.quietDays = [7, 1] // Saturday, Sunday
        let saturday = at("2027-05-08 10:00")
        let result = plan(state([overdue(1, days: 1, now: saturday)]), saturday)
        XCTAssertEqual(result.nudges, [])
        XCTAssertEqual(result.wake, at("2027-05-10 09:00"), "Monday's window")
    }

    // MARK: Lifecycle: snooze, skip, done, open nudges

    func testSnooze_movesTheDueInstant() {
        let now = at("2027-05-04 10:00")
        var person = overdue(1, days: 2, now: now)
        person.dueOverride = at("2027-05-07 11:00")
        let result = plan(state([person]), now)
        XCTAssertEqual(result.nudges, [])
        XCTAssertEqual(result.wake, at("2027-05-07 11:00"))
        XCTAssertEqual(plan(state([person]), at("2027-05-07 11:00")).nudges.map(\.personID), [1])
    }

    func testSkip_isASnoozeOfOneCadence() {
        let now = at("2027-05-04 10:00")
        var person = overdue(1, days: 2, now: now)
        person.dueOverride = person.cadence.next(after: now, calendar: calendar)
        XCTAssertEqual(plan(state([person]), now).wake, at("2027-05-11 10:00"))
    }

    func testDoneOrLogging_resetsTheAnchor() {
        let now = at("2027-05-04 10:00")
        var person = overdue(1, days: 2, now: now)
        person.anchor = now
        person.openNudgeSince = nil
        let result = plan(state([person]), now)
        XCTAssertEqual(result.nudges, [])
        XCTAssertEqual(result.wake, at("2027-05-11 10:00"))
    }

    func testOpenNudge_blocksRenudgeUntilStale() {
        let now = at("2027-05-04 10:00")
        var person = overdue(1, days: 2, now: now)
        person.openNudgeSince = at("2027-05-03 09:00")
        XCTAssertEqual(plan(state([person]), now).nudges, [], "already nudged and not yet acted on")
        XCTAssertEqual(plan(state([person]), now).wake, at("2027-05-10 09:00"))
        let renudge = plan(state([person]), at("2027-05-10 09:00"))
        XCTAssertEqual(renudge.nudges.first?.replacesOpenNudge, true)
    }

    // MARK: Weekly prompt

    func testPrompt_firesAtSunday1800Once() {
        let sunday = at("2027-05-09 18:00")
        let fresh = state([], epoch: at("2027-05-05 00:00"))
        XCTAssertEqual(plan(fresh, sunday.addingTimeInterval(-1)).prompts, [])
        XCTAssertEqual(plan(fresh, sunday.addingTimeInterval(-1)).wake, sunday)
        let fired = plan(fresh, sunday)
        XCTAssertEqual(fired.prompts, [PromptDelivery(promptID: "a", slot: sunday, late: false)])
        XCTAssertEqual(fired.wake, at("2027-05-16 18:00"))
        var after = fresh
        after.lastPromptSlot = sunday
        after.promptHistory = ["a"]
        XCTAssertEqual(plan(after, sunday.addingTimeInterval(3600)).prompts, [], "never twice for one slot")
        XCTAssertEqual(plan(after, at("2027-05-16 18:00")).prompts.first?.promptID, "b")
    }

    func testPrompt_notOwedForSlotsBeforeTheFirstStart() {
        let installed = at("2027-05-12 10:00") // a Wednesday
        XCTAssertEqual(plan(state([], epoch: installed), installed).prompts, [])
    }

    func testPromptRotation_noRepeatUntilUsedUp() {
        XCTAssertEqual(prompts.next(after: [])?.id, "a")
        XCTAssertEqual(prompts.next(after: ["a", "c"])?.id, "b")
        XCTAssertEqual(prompts.next(after: ["a", "b", "c"])?.id, "a", "a new round starts")
        XCTAssertEqual(prompts.next(after: ["a", "b", "c", "a"])?.id, "b")
        XCTAssertEqual(prompts.next(after: ["gone", "a"])?.id, "b", "unknown ids (removed prompts) are ignored")
    }

    // MARK: Downtime and clock changes

    func testDowntime_catchUpOnceWithinBudgetMarkedLate() {
        let back = at("2027-05-14 11:00") // a Friday, ten days after the daemon stopped
        let people = (1...20).map { overdue(Int64($0), days: Double($0), now: back) }
        let result = plan(SchedulerState(candidates: people, nudgeDeliveries: [at("2027-05-04 09:00")],
                                         lastPromptSlot: at("2027-05-02 18:00"), promptEpoch: at("2027-04-01 00:00"),
                                         promptHistory: ["a"]), back)
        XCTAssertEqual(result.nudges.count, 1, "only the slots passed today: never one per missed day")
        XCTAssertEqual(result.nudges.first?.late, true)
        XCTAssertEqual(result.nudges.first?.plannedAt, at("2027-05-14 09:00"))
        XCTAssertEqual(result.prompts, [PromptDelivery(promptID: "b", slot: at("2027-05-09 18:00"), late: true)],
                       "two Sundays were missed: one prompt, the latest slot, late")
    }

    func testClockSetBackwards_doesNotRepeat() {
        let delivered = at("2027-05-09 18:00")
        let state = SchedulerState(candidates: [], lastPromptSlot: delivered, promptEpoch: at("2027-04-01 00:00"), promptHistory: ["a"])
        let result = plan(state, at("2027-05-09 17:00"))
        XCTAssertEqual(result.prompts, [], "the clock went back an hour: the slot was delivered already")
        XCTAssertEqual(result.wake, delivered, "waits for the next slot, which was delivered: recomputed then")
        XCTAssertEqual(plan(state, delivered.addingTimeInterval(5)).prompts, [])
    }

    func testClockSetForwards_actsLikeDowntime() {
        let now = at("2027-05-04 09:30")
        let person = overdue(1, days: 0, now: now)
        let jumped = plan(state([person]), at("2027-05-06 16:00"))
        XCTAssertEqual(jumped.nudges.count, 1)
        XCTAssertEqual(jumped.nudges.first?.late, true)
    }

    // MARK: DST

    func testDST_springForwardGap_Berlin() {
        rules.reflectionAt = WeeklyTime(weekday: 1, time: TimeOfDay(hour: 2, minute: 30))
        rules.activeFrom = TimeOfDay(hour: 2, minute: 30)
        let transition = Date(timeIntervalSince1970: 1_837_645_200) // 2028-03-26 01:00 UTC = 03:00 CEST
        XCTAssertEqual(calendar.dateComponents([.hour], from: transition).hour, 3)
        let epoch = at("2028-03-20 00:00")
        let before = plan(state([], epoch: epoch), at("2028-03-26 01:59"))
        XCTAssertEqual(before.wake, transition, "02:30 does not exist: the first valid instant after the gap")
        XCTAssertEqual(plan(state([], epoch: epoch), transition).prompts.count, 1)
        let window = NudgeWindow(dayOf: transition, rules: rules, calendar: calendar)
        XCTAssertEqual(window?.start, transition)
    }

    func testDST_fallBackAmbiguous_Berlin_firesOnce() {
        rules.reflectionAt = WeeklyTime(weekday: 1, time: TimeOfDay(hour: 2, minute: 30))
        let first = Date(timeIntervalSince1970: 1_856_392_200) // 2028-10-29 00:30 UTC = 02:30 CEST
        let second = first.addingTimeInterval(3600) // 02:30 CET
        XCTAssertEqual(calendar.dateComponents([.hour, .minute], from: second).hour, 2)
        let epoch = at("2028-10-20 00:00")
        XCTAssertEqual(plan(state([], epoch: epoch), first.addingTimeInterval(-60)).wake, first)
        let fired = plan(state([], epoch: epoch), first)
        XCTAssertEqual(fired.prompts.count, 1)
        var after = state([], epoch: epoch)
        after.lastPromptSlot = first
        after.promptHistory = ["a"]
        XCTAssertEqual(plan(after, second).prompts, [], "the repeated 02:30 does not fire again")
        XCTAssertEqual(plan(after, second).wake, first.addingTimeInterval(7 * 86400 + 3600), "next Sunday 02:30 CET")
    }

    func testDST_NewYork_bothTransitions() {
        calendar = TestCalendar.make("America/New_York")
        rules.reflectionAt = WeeklyTime(weekday: 1, time: TimeOfDay(hour: 2, minute: 15))
        // Spring forward 2028-03-12 02:00 EST -> 03:00 EDT (07:00 UTC).
        let spring = Date(timeIntervalSince1970: 1_836_457_200)
        XCTAssertEqual(plan(state([], epoch: at("2028-03-05 12:00")), spring.addingTimeInterval(-10)).wake, spring)
        // Fall back 2028-11-05 02:00 EDT -> 01:00 EST; 01:30 happens twice.
        rules.reflectionAt = WeeklyTime(weekday: 1, time: TimeOfDay(hour: 1, minute: 30))
        let firstOccurrence = Date(timeIntervalSince1970: 1_857_015_000) // 05:30 UTC = 01:30 EDT
        let fired = plan(state([], epoch: at("2028-11-01 00:00")), firstOccurrence)
        XCTAssertEqual(fired.prompts.first?.slot, firstOccurrence)
        var after = state([], epoch: at("2028-11-01 00:00"))
        after.lastPromptSlot = firstOccurrence
        XCTAssertEqual(plan(after, firstOccurrence.addingTimeInterval(3600)).prompts, [], "01:30 EST is the same slot")
    }

    func testDST_weeklyNudgeCadenceKeepsWallTime() {
        let anchor = at("2028-03-22 10:00")
        let person = SchedulerState.Candidate(personID: 1, cadence: Cadence(count: 1, unit: .week), anchor: anchor)
        XCTAssertEqual(plan(state([person]), at("2028-03-27 08:00")).wake, at("2028-03-29 10:00"))
    }
}
