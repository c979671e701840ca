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
        let body = NudgeText.body(for: ada, context: context, late: false, dueSince: day(34), calendar: calendar)
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
        XCTAssertEqual(NudgeText.summary(for: trish, kind: .firstContact), "Reach out to Trish Morrison for the first time")
        XCTAssertEqual(NudgeText.body(for: trish, context: NudgeContext(last: nil), kind: .firstContact, late: false, dueSince: added, calendar: calendar),
                       "You wanted to reach out to Trish Morrison (found: her MomCom Life post on Twitter). Say what you liked about it.")
        let grace = Person(id: 3, name: "Grace Hopper", cadence: nil, addedAt: added, birthday: Birthday(year: 1906, month: 12, day: 9))
        let birthday = NudgeText.body(for: grace, context: NudgeContext(last: nil), kind: .birthday, late: false,
                                      dueSince: calendar.instant(TimeOfDay(hour: 9, minute: 0)!, on: CivilDate(year: 2027, month: 12, day: 9)!),
                                      calendar: calendar)
        XCTAssertTrue(birthday.hasPrefix("It is Grace Hopper's birthday today (121): a short message is enough."), birthday)
    }
}
