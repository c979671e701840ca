import ConnectCore
import ConnectTime
import Foundation
import XCTest

/// The scheduler at chosen instants: no clock, no sockets, no sleeps.
final class SchedulerTests: XCTestCase {
    var calendar = TestCalendar.make("Europe/Berlin")
    var rules = ScheduleRules()
    let prompts = PromptLibrary(prompts: [.init(id: "a", text: "A?"), .init(id: "b", text: "B?"), .init(id: "c", text: "C?")])

    func at(_ text: String) -> Date { TestCalendar.date(text, calendar) }

    /// A person who became due `daysOverdue` days before `now` with a weekly cadence.
    func overdue(_ id: Int64, days daysOverdue: Double, now: Date, every cadence: Cadence = .weeks(1)) -> ScheduleEntry {
        let anchor = now.addingTimeInterval(-cadence.nominalSeconds - daysOverdue * 86400)
        return ScheduleEntry(personID: id, cadence: cadence, addedAt: anchor)
    }

    func plan(_ state: SchedulerState, _ now: Date) -> (nudges: [NudgeDelivery], prompts: [PromptDelivery], wake: Date?) {
        let actions = Scheduler.plan(state, now: now, rules: rules, prompts: prompts)
        var nudges: [NudgeDelivery] = [], promptDeliveries: [PromptDelivery] = [], wake: Date?
        for action in actions {
            switch action {
            case .deliverNudge(let nudge): nudges.append(nudge)
            case .deliverPrompt(let prompt): promptDeliveries.append(prompt)
            case .wake(let at): wake = at
            case .askWhetherItHappened: break
            }
        }
        return (nudges, promptDeliveries, wake)
    }

    /// A state in which the daemon has been awake all along (nothing is late) unless `awakeSince` says otherwise.
    func state(_ entries: [ScheduleEntry], deliveries: [Date] = [], epoch: Date? = nil, awakeSince: Date = .distantPast) -> SchedulerState {
        SchedulerState(schedule: Schedule(calendar: calendar, renudgeAfter: rules.renudgeAfter, entries: entries),
                       nudgeDeliveries: deliveries, promptEpoch: epoch ?? at("2030-01-01 00:00"), awakeSince: awakeSince)
    }

    // MARK: Budget, ordering, spreading

    func testBudget_spreadAcrossTheDay() {
        let now = at("2027-05-04 09:00") // a Tuesday
        var people = (1...5).map { overdue(Int64($0), days: Double($0), now: now) }
        let first = plan(state(people), now)
        XCTAssertEqual(first.nudges.map(\.personID), [5], "one nudge at the window start, the most overdue")
        XCTAssertEqual(first.wake, at("2027-05-04 14:30"), "the second slot of 09:00-20:00 with a budget of 2")

        people[4].openNudgeSince = now
        XCTAssertEqual(plan(state(people, deliveries: [now]), at("2027-05-04 12:00")).nudges, [], "no second nudge before the second slot")
        let second = plan(state(people, deliveries: [now]), at("2027-05-04 14:30"))
        XCTAssertEqual(second.nudges.map(\.personID), [4])
        people[3].openNudgeSince = at("2027-05-04 14:30")
        let third = plan(state(people, deliveries: [now, at("2027-05-04 14:30")]), at("2027-05-04 19:00"))
        XCTAssertEqual(third.nudges, [], "the budget of 2 is spent")
        XCTAssertEqual(third.wake, at("2027-05-05 09:00"))
    }

    func testOrdering_mostOverdueRatioFirstTiesById() {
        let now = at("2027-05-04 09:00")
        rules.dailyBudget = 3
        let people = [
            overdue(7, days: 3, now: now), // weekly, 3 days over: ratio ~1.43
            overdue(2, days: 3, now: now), // same ratio as 7
            overdue(9, days: 3, now: now, every: .months(1)), // ratio ~1.1
        ]
        XCTAssertEqual(plan(state(people), at("2027-05-04 19:00")).nudges.map(\.personID), [2, 7, 9])
    }

    func testManyEligible_onlyTheBudgetsMostOverdueGoOut() {
        let now = at("2027-05-04 19:00")
        rules.dailyBudget = 3
        let people = (1...5000).map { overdue(Int64($0), days: Double($0 % 997) / 10, now: now) }
        let chosen = plan(state(people), now).nudges.map(\.personID)
        let expected = people.sorted(by: ScheduleEntry.mostOverdueFirst(now: now)).prefix(3).map(\.personID)
        XCTAssertEqual(chosen, Array(expected))
    }

    func testDueDuringTheDay_deliveredAtOnceWhenASlotIsUnused() {
        let due = at("2027-05-04 10:03")
        let person = ScheduleEntry(personID: 1, cadence: .seconds(2), addedAt: due.addingTimeInterval(-2))
        let before = plan(state([person]), due.addingTimeInterval(-1))
        XCTAssertEqual(before.nudges, [])
        XCTAssertEqual(before.wake, due, "wakes exactly when the person becomes due")
        let result = plan(state([person]), due)
        XCTAssertEqual(result.nudges.map(\.personID), [1])
        XCTAssertEqual(result.nudges.first?.late, false)
        XCTAssertEqual(result.nudges.first?.plannedAt, due)
    }

    func testUnscheduledPeople_areNeverDue() {
        let now = at("2027-05-04 10:00")
        let listed = ScheduleEntry(personID: 1, cadence: nil, addedAt: now.addingTimeInterval(-400 * 86400))
        let result = plan(state([listed]), now)
        XCTAssertEqual(result.nudges, [])
        XCTAssertEqual(state([listed]).schedule.dueCount(at: now), 0)
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

    func testDueOverride_movesTheDueInstant() {
        let now = at("2027-05-04 10:00")
        var person = overdue(1, days: 2, now: now)
        person.dueOverride = at("2027-05-07 11:00")
        XCTAssertEqual(plan(state([person]), now).nudges, [])
        XCTAssertEqual(plan(state([person]), now).wake, at("2027-05-07 11:00"))
        XCTAssertEqual(plan(state([person]), at("2027-05-07 11:00")).nudges.map(\.personID), [1])
    }

    func testSnooze_neverBringsADateForward() {
        let now = at("2027-05-04 10:00")
        let dueLater = at("2027-05-28 10:00")
        XCTAssertNil(Postponement.snooze(currentDue: dueLater, duration: Cadence(count: 2, unit: .hour)!, now: now, calendar: calendar),
                     "due later anyway: nothing to snooze")
        XCTAssertNil(Postponement.snooze(currentDue: at("2028-05-04 10:00"), duration: .weeks(1), now: now, calendar: calendar))
        XCTAssertEqual(Postponement.snooze(currentDue: at("2027-05-03 10:00"), duration: .days(3), now: now, calendar: calendar),
                       at("2027-05-07 10:00"), "an overdue person: not before now + 3 days")
        XCTAssertEqual(Postponement.snooze(currentDue: at("2027-05-05 10:00"), duration: .days(3), now: now, calendar: calendar),
                       at("2027-05-07 10:00"), "due tomorrow, snoozed 3 days: later, never earlier")
    }

    func testSkip_movesOneCadencePastTheCurrentDueDate() {
        let now = at("2027-05-04 10:00")
        XCTAssertEqual(Postponement.skip(currentDue: at("2027-05-20 09:00"), cadence: .weeks(2), now: now, calendar: calendar),
                       at("2027-06-03 09:00"), "not yet due: one cadence after that date")
        XCTAssertEqual(Postponement.skip(currentDue: at("2027-05-01 09:00"), cadence: .weeks(2), now: now, calendar: calendar),
                       at("2027-05-18 10:00"), "overdue: one cadence from now")
    }

    func testDoneOrLogging_resetsTheAnchor() {
        let now = at("2027-05-04 10:00")
        var person = overdue(1, days: 2, now: now)
        person.lastContact = now
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

    func testNudgedNow_wakeWaitsForTheNextSlotAndTheRenudge() {
        let now = at("2027-05-04 19:00")
        rules.dailyBudget = 1
        let result = plan(state([overdue(1, days: 1, now: now)]), now)
        XCTAssertEqual(result.nudges.map(\.personID), [1])
        XCTAssertEqual(result.wake, at("2027-05-11 19:00"), "the only person returns after renudge_after (7 days)")
    }

    // MARK: Late means missed while down

    func testLate_onlyWhenTheDaemonWasNotAwakeAtThePlannedInstant() {
        let now = at("2027-05-04 10:00")
        let person = overdue(1, days: 2, now: now)
        XCTAssertEqual(plan(state([person], awakeSince: at("2027-05-01 00:00")), now).nudges.first?.late, false,
                       "due two days ago but only outside the window... awake since: delivered at the first slot it could")
        XCTAssertEqual(plan(state([person], deliveries: [], awakeSince: at("2027-05-04 09:59")), now).nudges.first?.late, true,
                       "the 09:00 slot passed while the daemon was down")
        var loggedInThePast = person
        loggedInThePast.scheduledAt = now.addingTimeInterval(-5)
        XCTAssertEqual(plan(state([loggedInThePast], awakeSince: at("2027-05-04 09:59")), now).nudges.first?.late, false,
                       "due since before it was set (an interaction logged in the past): due now, not late")
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
        var down = state(people, deliveries: [at("2027-05-04 09:00")], epoch: at("2027-04-01 00:00"), awakeSince: back)
        down.lastPromptSlot = at("2027-05-02 18:00")
        down.promptHistory = ["a"]
        let result = plan(down, back)
        XCTAssertEqual(result.nudges.count, 1, "only the slots passed today: never one per missed day")
        XCTAssertEqual(result.nudges.first?.late, true)
        XCTAssertEqual(result.nudges.first?.plannedAt, at("2027-05-14 09:00"))
        XCTAssertEqual(result.prompts, [PromptDelivery(promptID: "b", slot: at("2027-05-09 18:00"), late: true)],
                       "two Sundays were missed: one prompt, the latest slot, late")
    }

    func testClockSetBackwards_doesNotRepeat() {
        let delivered = at("2027-05-09 18:00")
        var back = state([], epoch: at("2027-04-01 00:00"))
        back.lastPromptSlot = delivered
        back.promptHistory = ["a"]
        let result = plan(back, at("2027-05-09 17:00"))
        XCTAssertEqual(result.prompts, [], "the clock went back an hour: the slot was delivered already")
        XCTAssertEqual(result.wake, delivered, "waits for the next slot, which was delivered: recomputed then")
        XCTAssertEqual(plan(back, delivered.addingTimeInterval(5)).prompts, [])
    }

    func testClockSetForwards_actsLikeDowntime() {
        let now = at("2027-05-04 09:30")
        let jumpedTo = at("2027-05-06 16:00")
        let jumped = plan(state([overdue(1, days: 0, now: now)], awakeSince: jumpedTo), jumpedTo)
        XCTAssertEqual(jumped.nudges.count, 1)
        XCTAssertEqual(jumped.nudges.first?.late, true)
    }

    // MARK: Status figures and the upcoming list

    func testNextNudgeAndUpcoming() {
        let now = at("2027-05-04 08:00")
        rules.dailyBudget = 2
        let people = (1...4).map { overdue(Int64($0), days: Double($0), now: now) }
        let s = state(people)
        XCTAssertEqual(Scheduler.nextNudge(s, now: now, rules: rules), at("2027-05-04 09:00"))
        let upcoming = Scheduler.upcoming(s, now: now, rules: rules)
        XCTAssertEqual(upcoming.map(\.personID), [4, 3, 2, 1])
        XCTAssertEqual(upcoming.map(\.at), [at("2027-05-04 09:00"), at("2027-05-04 14:30"), at("2027-05-05 09:00"), at("2027-05-05 14:30")])
        XCTAssertEqual(s.schedule.dueCount(at: now), 4)
        XCTAssertEqual(s.schedule.mostOverdue(at: now, limit: 10).map(\.entry.personID), [4, 3, 2, 1])
    }

    // MARK: DST

    func testDST_springForwardGap_Berlin() {
        rules.reflectionAt = WeeklyTime(weekday: 1, time: TimeOfDay(hour: 2, minute: 30)!)
        rules.activeFrom = TimeOfDay(hour: 2, minute: 30)!
        let transition = Date(timeIntervalSince1970: 1_837_645_200) // 2028-03-26 01:00 UTC = 03:00 CEST
        XCTAssertEqual(calendar.local(transition).hour, 3)
        let epoch = at("2028-03-20 00:00")
        let before = plan(state([], epoch: epoch), at("2028-03-26 01:59"))
        XCTAssertEqual(before.wake, transition, "02:30 does not exist: the first valid instant after the gap")
        XCTAssertEqual(plan(state([], epoch: epoch), transition).prompts.count, 1)
        XCTAssertEqual(NudgeWindow(dayOf: transition, rules: rules, calendar: calendar)?.start, transition)
    }

    func testDST_fallBackAmbiguous_Berlin_firesOnce() {
        rules.reflectionAt = WeeklyTime(weekday: 1, time: TimeOfDay(hour: 2, minute: 30)!)
        let first = Date(timeIntervalSince1970: 1_856_392_200) // 2028-10-29 00:30 UTC = 02:30 CEST
        let second = first.addingTimeInterval(3600) // 02:30 CET
        XCTAssertEqual(calendar.local(second).hour, 2)
        let epoch = at("2028-10-20 00:00")
        XCTAssertEqual(plan(state([], epoch: epoch), first.addingTimeInterval(-60)).wake, first)
        XCTAssertEqual(plan(state([], epoch: epoch), first).prompts.count, 1)
        var after = state([], epoch: epoch)
        after.lastPromptSlot = first
        after.promptHistory = ["a"]
        XCTAssertEqual(plan(after, second).prompts, [], "the repeated 02:30 does not fire again")
        XCTAssertEqual(plan(after, second).wake, first.addingTimeInterval(7 * 86400 + 3600), "next Sunday 02:30 CET")
    }

    func testDST_NewYork_bothTransitions() {
        calendar = TestCalendar.make("America/New_York")
        rules.reflectionAt = WeeklyTime(weekday: 1, time: TimeOfDay(hour: 2, minute: 15)!)
        // Spring forward 2028-03-12 02:00 EST -> 03:00 EDT (07:00 UTC).
        let spring = Date(timeIntervalSince1970: 1_836_457_200)
        XCTAssertEqual(plan(state([], epoch: at("2028-03-05 12:00")), spring.addingTimeInterval(-10)).wake, spring)
        // Fall back 2028-11-05 02:00 EDT -> 01:00 EST; 01:30 happens twice.
        rules.reflectionAt = WeeklyTime(weekday: 1, time: TimeOfDay(hour: 1, minute: 30)!)
        let firstOccurrence = Date(timeIntervalSince1970: 1_857_015_000) // 05:30 UTC = 01:30 EDT
        XCTAssertEqual(plan(state([], epoch: at("2028-11-01 00:00")), firstOccurrence).prompts.first?.slot, firstOccurrence)
        var after = state([], epoch: at("2028-11-01 00:00"))
        after.lastPromptSlot = firstOccurrence
        XCTAssertEqual(plan(after, firstOccurrence.addingTimeInterval(3600)).prompts, [], "01:30 EST is the same slot")
    }

    func testDST_weeklyNudgeCadenceKeepsWallTime() {
        let person = ScheduleEntry(personID: 1, cadence: .weeks(1), addedAt: at("2028-03-22 10:00"))
        XCTAssertEqual(plan(state([person]), at("2028-03-27 08:00")).wake, at("2028-03-29 10:00"))
    }
}
