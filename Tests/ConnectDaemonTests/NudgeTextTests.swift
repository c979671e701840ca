@testable import ConnectDaemon
import ConnectCore
import ConnectServices
import ConnectStore
import ConnectTime
import Foundation
import XCTest

/// What a nudge says, at fixed instants: the follow-up first, the latest note, the suggestion.
final class NudgeTextTests: XCTestCase {
    let calendar = LocalCalendar(zone: try! TimeZoneDatabase.named("Europe/Berlin"))
    let added = Date(timeIntervalSince1970: 1_800_000_000)

    func day(_ offset: Double) -> Date { added.addingTimeInterval(offset * 86400) }

    func testTheFollowUpLeads_theLatestNoteIsQuoted_andTheKindDoneLongestAgoIsSuggested() {
        let ada = Person(id: 1, name: "Ada Lovelace", cadence: Cadence(count: 2, unit: .week), met: "at the meetup", interests: "poetical science",
                         addedAt: added)
        let context = NudgeContext(
            last: LastContact(at: day(20), kind: .message, note: nil),
            latestNote: LastContact(at: day(10), kind: .coffee, note: "talked about her launch"),
            followUps: [FollowUp(id: 1, personID: 1, text: "send her the onboarding article", createdAt: day(10), closedAt: nil),
                        FollowUp(id: 2, personID: 1, text: "introduce her to Grace", createdAt: day(12), closedAt: nil)],
            suggestion: NudgeContext.suggestion([(.message, day(20)), (.coffee, day(10)), (.call, day(2))]))
        let body = NudgeText.body(for: ada, context: context, late: false, dueSince: day(34), at: day(34), calendar: calendar)
        XCTAssertTrue(body.hasPrefix("Last time you said you would: send her the onboarding article. (and 1 more: connectctl show 1)"), body)
        XCTAssertTrue(body.contains("Your latest note (coffee on "), body)
        XCTAssertTrue(body.contains("talked about her launch."), body)
        XCTAssertTrue(body.contains("Maybe a call this time: the last was on "), "the call is the kind done longest ago: \(body)")
    }

    func testNoSuggestionFromOneKind_andOtherDoesNotCount() {
        XCTAssertNil(NudgeContext.suggestion([(.coffee, Date(timeIntervalSince1970: 1))]))
        XCTAssertNil(NudgeContext.suggestion([(.coffee, Date(timeIntervalSince1970: 2)), (.other, Date(timeIntervalSince1970: 1))]))
        XCTAssertEqual(NudgeContext.suggestion([(.coffee, Date(timeIntervalSince1970: 2)), (.read, Date(timeIntervalSince1970: 1))])?.kind, .read)
    }

    func testFirstContactAndBirthdayTexts() {
        var trish = Person(id: 2, name: "Trish Morrison", cadence: Cadence(count: 3, unit: .week), addedAt: added)
        trish.found = "her MomCom Life post on Twitter"
        trish.wantToMeet = true
        XCTAssertEqual(NudgeText.summary(for: trish, kind: .firstContact, dueSince: added, calendar: calendar), "Reach out to Trish Morrison for the first time")
        XCTAssertEqual(NudgeText.body(for: trish, context: NudgeContext(last: nil), kind: .firstContact, late: false, dueSince: added, at: added,
                                      calendar: calendar),
                       "You wanted to reach out to Trish Morrison (found: her MomCom Life post on Twitter). Say what you liked about it.")
        let grace = Person(id: 3, name: "Grace Hopper", cadence: nil, addedAt: added, birthday: YearlyDate(year: 1906, month: 12, day: 9))
        let morning = calendar.instant(TimeOfDay(hour: 9, minute: 0)!, on: CivilDate(year: 2027, month: 12, day: 9)!)
        let birthday = NudgeText.body(for: grace, context: NudgeContext(last: nil), kind: .occasion, late: false, dueSince: morning, at: morning,
                                      calendar: calendar)
        XCTAssertTrue(birthday.hasPrefix("It is Grace Hopper's birthday today (121). A short message is enough."), birthday)
        XCTAssertEqual(NudgeText.summary(for: grace, kind: .occasion, dueSince: morning, calendar: calendar), "Grace Hopper's birthday today")
    }

    /// Golden texts at fixed instants: an anniversary and a labelled date on one morning, a
    /// relationship, and someone nine hours ahead for whom it is night.
    func testAnniversaryDatesRelationshipAndTheirLocalTime() throws {
        var ada = Person(id: 1, name: "Ada Lovelace", cadence: Cadence(count: 3, unit: .week), addedAt: added,
                         birthday: YearlyDate(year: 1815, month: 12, day: 10))
        ada.dates = [ImportantDate(label: "anniversary", date: YearlyDate(year: 1835, month: 7, day: 8)!),
                     ImportantDate(label: "joined Plaid", date: YearlyDate(year: 2022, month: 7, day: 8)!),
                     ImportantDate(label: "Company founded", date: YearlyDate(year: nil, month: 3, day: 1)!)]
        ada.related = [Relation(name: "Grace Hopper", type: "friend", uid: "g"), Relation(name: "Byron", type: "child")]
        ada.timeZone = "Asia/Tokyo"
        let morning = calendar.instant(TimeOfDay(hour: 9, minute: 0)!, on: CivilDate(year: 2027, month: 7, day: 8)!)
        XCTAssertEqual(NudgeText.summary(for: ada, kind: .occasion, dueSince: morning, calendar: calendar), "Ada Lovelace: anniversary and joined Plaid today")
        XCTAssertEqual(NudgeText.body(for: ada, context: NudgeContext(last: nil), kind: .occasion, late: false, dueSince: morning, at: morning, calendar: calendar),
                       "It is Ada Lovelace's anniversary today (192 years). Today it is 5 years since Ada Lovelace joined Plaid. A short message is enough. "
                       + "It is 16:00 for Ada Lovelace (Asia/Tokyo). Ask about Byron (child) and Grace Hopper (friend). Nothing logged together yet.")
        let march = calendar.instant(TimeOfDay(hour: 9, minute: 0)!, on: CivilDate(year: 2027, month: 3, day: 1)!)
        XCTAssertTrue(NudgeText.body(for: ada, context: NudgeContext(last: nil), kind: .occasion, late: false, dueSince: march, at: march, calendar: calendar)
            .hasPrefix("Today: Ada Lovelace's Company founded. A short message is enough."))
        // What she published leads a catch-up nudge; two people's days make one notification.
        let lead = NudgeText.body(for: ada, context: NudgeContext(last: nil, published: PublishedItem(
            title: "How we onboard", link: "https://ada.example.org/onboard", published: morning.addingTimeInterval(-2 * 86400))),
                                  late: false, dueSince: morning, at: morning, calendar: calendar)
        XCTAssertTrue(lead.hasPrefix("Ada Lovelace published “How we onboard” on Tue 6 Jul 2027 — read it before you write: https://ada.example.org/onboard. "
                                     + "It is 16:00 for Ada Lovelace (Asia/Tokyo)."), lead)
        let grace = Person(id: 2, name: "Grace Hopper", cadence: nil, addedAt: added, birthday: YearlyDate(year: 1906, month: 7, day: 8))
        XCTAssertEqual(NudgeText.daysSummary([(ada, morning), (grace, morning)], calendar: calendar),
                       "2 people's days today: Ada Lovelace (anniversary, joined Plaid), Grace Hopper (birthday)")
        XCTAssertEqual(NudgeText.daysBody([(ada, morning), (grace, morning)], calendar: calendar),
                       "• It is Ada Lovelace's anniversary today (192 years). Today it is 5 years since Ada Lovelace joined Plaid.\n"
                       + "• It is Grace Hopper's birthday today (121).\nA short message is enough.")
        // 23:30 in Berlin is 06:30 the next morning in Tokyo; the last catch-up was a call.
        let evening = calendar.instant(TimeOfDay(hour: 23, minute: 30)!, on: CivilDate(year: 2027, month: 7, day: 8)!)
        let call = NudgeContext(last: LastContact(at: evening.addingTimeInterval(-30 * 86400), kind: .call))
        let body = NudgeText.body(for: ada, context: call, late: false, dueSince: evening, at: evening, calendar: calendar)
        XCTAssertTrue(body.contains("It is 06:30 for Ada Lovelace (Asia/Tokyo). For a call, you are both in your day from 08:00 to 14:00 your time tomorrow."),
                      "Tokyo is 7 hours ahead of Berlin in summer: 08:00 to 21:00 there is 01:00 to 14:00 here: \(body)")
    }
}
