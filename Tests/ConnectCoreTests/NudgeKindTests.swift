import ConnectCore
import ConnectTime
import Foundation
import XCTest

/// First contacts, birthdays and the digest at chosen instants, and over simulated weeks: the
/// scheduler is a pure function, so each rule is driven to its edges.
final class NudgeKindTests: XCTestCase {
    var calendar = TestCalendar.make("Europe/Berlin")
    var rules = ScheduleRules()
    let prompts = PromptLibrary(prompts: [.init(id: "a", text: "A?")])

    func at(_ text: String) -> Date { TestCalendar.date(text, calendar) }

    func state(_ entries: [ScheduleEntry], awakeSince: Date = .distantPast) -> SchedulerState {
        SchedulerState(schedule: Schedule(calendar: calendar, renudgeAfter: rules.renudgeAfter, entries: entries),
                       promptEpoch: at("2040-01-01 00:00"), awakeSince: awakeSince)
    }

    func nudges(_ state: SchedulerState, _ now: Date) -> [NudgeDelivery] {
        Scheduler.plan(state, now: now, rules: rules, prompts: prompts).compactMap { if case .deliverNudge(let n) = $0 { n } else { nil } }
    }

    func wake(_ state: SchedulerState, _ now: Date) -> Date? {
        Scheduler.plan(state, now: now, rules: rules, prompts: prompts).compactMap { if case .wake(let at) = $0 { at } else { nil } }.first
    }

    /// Runs the plan hour by hour from `from` for `days`, recording what it delivers the way the
    /// daemon does (open nudge, pace, birthday log).
    func simulate(_ entries: [ScheduleEntry], from: Date, days: Int, step: TimeInterval = 3600) -> [(at: Date, nudge: NudgeDelivery)] {
        var state = state(entries)
        var delivered: [(at: Date, nudge: NudgeDelivery)] = []
        var now = from
        while now < from.addingTimeInterval(Double(days) * 86400) {
            for nudge in nudges(state, now) {
                delivered.append((now, nudge))
                switch nudge.kind {
                case .catchUp: state.nudgeDeliveries.append(now)
                case .firstContact: state.firstContactDeliveries.append(now)
                case .occasion: state.birthdayDeliveries[nudge.personID] = now
                }
                if nudge.kind != .occasion, var entry = state.schedule[nudge.personID] {
                    entry.openNudgeSince = now
                    state.schedule.set(entry)
                }
            }
            now = now.addingTimeInterval(step)
        }
        return delivered
    }

    // MARK: First contacts

    func testFirstContacts_oneAWeek_oldestFirst_outsideTheBudget() {
        rules.dailyBudget = 1
        let people = (1...3).map { ScheduleEntry(personID: Int64($0), cadence: nil, addedAt: at("2027-05-0\($0) 08:00"), wantToMeet: true) }
        let catchUp = ScheduleEntry(personID: 9, cadence: .weeks(1), addedAt: at("2027-04-01 08:00"))
        let delivered = simulate(people + [catchUp], from: at("2027-05-04 00:00"), days: 21)
        let firsts = delivered.filter { $0.nudge.kind == .firstContact }
        XCTAssertEqual(firsts.map(\.nudge.personID), [1, 2, 3], "oldest first, each once in three weeks")
        XCTAssertEqual(firsts.first?.at, at("2027-05-04 09:00"), "at the window's start")
        for (earlier, later) in zip(firsts, firsts.dropFirst()) {
            XCTAssertGreaterThanOrEqual(later.at.timeIntervalSince(earlier.at), 7 * 86400, "at most one in any 7 days")
        }
        XCTAssertTrue(delivered.contains { $0.nudge.kind == .catchUp && $0.at == at("2027-05-04 09:00") },
                      "the catch-up goes out too: first contacts do not use the daily budget")
    }

    func testFirstContacts_wakeAtThePaceAndNeverWhenNobodyIsLeft() {
        let person = ScheduleEntry(personID: 1, cadence: nil, addedAt: at("2027-05-01 08:00"), wantToMeet: true)
        var paced = state([person, ScheduleEntry(personID: 2, cadence: nil, addedAt: at("2027-05-02 08:00"), wantToMeet: true)])
        paced.firstContactDeliveries = [at("2027-05-04 09:00")]
        var first = person
        first.openNudgeSince = at("2027-05-04 09:00")
        paced.schedule.set(first)
        XCTAssertEqual(nudges(paced, at("2027-05-05 10:00")), [], "the week's one first contact went out")
        XCTAssertEqual(wake(paced, at("2027-05-05 10:00")), at("2027-05-11 09:00"), "a week after the last, at the window's start")
        rules.firstContactPerWeek = 0
        XCTAssertEqual(nudges(state([person]), at("2027-05-04 10:00")), [], "0 turns them off")
    }

    // MARK: Birthdays

    func testBirthday_onTheMorning_onceThatDay_evenOnAQuietDayAndWithNoBudget() {
        rules.dailyBudget = 0
        rules.quietDays = [5] // Thursday
        let ada = ScheduleEntry(personID: 1, cadence: .months(3), addedAt: at("2027-01-01 08:00"), occasions: [YearlyDate(year: 1815, month: 12, day: 10)!])
        XCTAssertEqual(nudges(state([ada]), at("2027-12-10 08:59")), [], "not before the active hours")
        let morning = nudges(state([ada]), at("2027-12-10 09:00"))
        XCTAssertEqual(morning.map(\.kind), [.occasion])
        XCTAssertEqual(morning.first?.dueSince, at("2027-12-10 09:00"))
        var after = state([ada])
        after.birthdayDeliveries[1] = at("2027-12-10 09:00")
        XCTAssertEqual(nudges(after, at("2027-12-10 15:00")), [], "once that day")
        XCTAssertEqual(wake(after, at("2027-12-10 15:00")), at("2028-12-10 09:00"), "next year's morning")
        XCTAssertEqual(nudges(state([ada]), at("2027-12-10 20:00")), [], "not after the active hours")
        XCTAssertEqual(wake(state([ada]), at("2027-12-03 12:00")), at("2027-12-10 09:00"))
    }

    /// Entered at noon with connectd started at eleven: the morning's moment passed before it
    /// ran, yet the greeting is on time on the day.
    func testBirthday_enteredLaterOnTheDay_isNotLate() {
        let grace = ScheduleEntry(personID: 1, cadence: nil, addedAt: at("2026-01-01 08:00"), occasions: [YearlyDate(year: 1906, month: 12, day: 9)!])
        let delivered = nudges(state([grace], awakeSince: at("2027-12-09 11:00")), at("2027-12-09 12:00"))
        XCTAssertEqual(delivered.map(\.kind), [.occasion])
        XCTAssertEqual(delivered.map(\.late), [false])
    }

    func testBirthday_29February_isThe28thInOtherYears_andThe29thInLeapYears() {
        let leapling = ScheduleEntry(personID: 1, cadence: nil, addedAt: at("2026-01-01 08:00"), occasions: [YearlyDate(year: nil, month: 2, day: 29)!])
        XCTAssertEqual(nudges(state([leapling]), at("2027-02-28 09:00")).map(\.kind), [.occasion], "2027 has no 29 February")
        XCTAssertEqual(nudges(state([leapling]), at("2028-02-28 09:00")), [], "2028 has one")
        XCTAssertEqual(nudges(state([leapling]), at("2028-02-29 09:00")).map(\.kind), [.occasion])
        let delivered = simulate([leapling], from: at("2027-01-01 09:00"), days: 4 * 366, step: 86400)
        XCTAssertEqual(delivered.map { calendar.day(of: $0.at).description }, ["2027-02-28", "2028-02-29", "2029-02-28", "2030-02-28"],
                       "once a year over four simulated years")
    }

    func testBirthday_onTheDayDaylightSavingTimeStarts_atLocalMorning() {
        rules.activeFrom = TimeOfDay(hour: 2, minute: 30)! // a time that does not exist on 28 March 2027 in Berlin
        let person = ScheduleEntry(personID: 1, cadence: nil, addedAt: at("2027-01-01 08:00"), occasions: [YearlyDate(year: 1990, month: 3, day: 28)!])
        let due = calendar.instant(rules.activeFrom, on: CivilDate(year: 2027, month: 3, day: 28)!)
        XCTAssertEqual(wake(state([person]), at("2027-03-27 12:00")), due)
        XCTAssertEqual(nudges(state([person]), due).map(\.kind), [.occasion])
        XCTAssertEqual(calendar.day(of: due).description, "2027-03-28")
    }

    /// A birthday and an anniversary on different days: a morning each; two dates on one day: one nudge.
    func testOccasions_eachMorning_oneNudgeADayForAllOfAPersonsDates() {
        let ada = ScheduleEntry(personID: 1, cadence: nil, addedAt: at("2027-01-01 08:00"),
                                occasions: [YearlyDate(year: 1815, month: 12, day: 10)!, YearlyDate(year: 1835, month: 7, day: 8)!,
                                            YearlyDate(year: 2020, month: 7, day: 8)!])
        XCTAssertEqual(nudges(state([ada]), at("2027-07-08 09:00")).map(\.kind), [.occasion], "two dates on 8 July: one nudge")
        XCTAssertEqual(nudges(state([ada]), at("2027-12-10 09:00")).map(\.kind), [.occasion])
        XCTAssertEqual(nudges(state([ada]), at("2027-07-09 09:00")), [])
        let delivered = simulate([ada], from: at("2027-01-01 09:00"), days: 2 * 365, step: 86400)
        XCTAssertEqual(delivered.map { calendar.day(of: $0.at).description }, ["2027-07-08", "2027-12-10", "2028-07-08", "2028-12-10"],
                       "twice a year over two simulated years")
    }

    func testUpcomingBirthdays_aWeekAhead() {
        let entries = [(1, 5, 4), (2, 5, 11), (3, 5, 12)].map { id, month, day in
            ScheduleEntry(personID: Int64(id), cadence: nil, addedAt: at("2027-01-01 08:00"), occasions: [YearlyDate(year: nil, month: month, day: day)!])
        }
        let upcoming = Scheduler.upcomingOccasions(state(entries), now: at("2027-05-04 10:00"), days: 7)
        XCTAssertEqual(upcoming.map(\.personID), [1, 2], "today and 7 days ahead, not the 8th")
    }

    // MARK: Digest

    func testDigest_theDaysNudgesGoOutTogetherAtTheDigestTime() {
        rules.dailyBudget = 3
        rules.digest = TimeOfDay(hour: 17, minute: 0)
        let now = at("2027-05-04 10:00")
        let people = (1...5).map { ScheduleEntry(personID: Int64($0), cadence: .weeks(1), addedAt: now.addingTimeInterval(-Double(8 + $0) * 86400)) }
        XCTAssertEqual(nudges(state(people), now), [], "nothing before the digest time")
        XCTAssertEqual(wake(state(people), now), at("2027-05-04 17:00"))
        let digest = nudges(state(people), at("2027-05-04 17:00"))
        XCTAssertEqual(digest.map(\.personID), [5, 4, 3], "the budget's three most overdue, all at once")
        XCTAssertTrue(digest.allSatisfy { $0.plannedAt == at("2027-05-04 17:00") })
    }
}
