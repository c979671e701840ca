@testable import ConnectDaemon
import ConnectJSON
import Foundation
import XCTest

/// Edits a new user expects: someone imported becomes someone to meet, single addresses come
/// and go, and a replacement says what it took away.
final class EditingTests: XCTestCase {
    func testSomeoneAlreadyHere_becomesSomeoneToMeetByEdit_andAddSaysHow() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        let id = try XCTUnwrap(d.ok("AddPerson", #"{"name":"Lena Berg"}"#)["person"]?["id"]?.int)
        let refused = d.error("AddPerson", #"{"name":"Lena Berg","wantToMeet":true}"#)
        XCTAssertEqual(refused.name, "io.connectd.PersonExists")
        XCTAssertTrue(refused.message.contains("'connectctl edit \(id) --want-to-meet' marks them as someone to meet"), refused.message)
        let edited = d.ok("EditPerson", #"{"person":"lena","wantToMeet":true,"found":"her talk on CRDTs"}"#)
        XCTAssertEqual(edited["changed"]?.array.compactMap(\.stringValue), ["found", "want to meet"])
        XCTAssertEqual(edited["person"]?["wantToMeet"]?.bool, true)
        XCTAssertEqual(edited["person"]?["found"]?.stringValue, "her talk on CRDTs")
        try assertMemoryMatchesDatabase(d)
        d.ok("LogInteraction", #"{"person":"lena","kind":"message","note":"wrote to her"}"#)
        let met = d.error("EditPerson", #"{"person":"lena","wantToMeet":true}"#)
        XCTAssertTrue(met.message.contains("You are in touch with Lena Berg already"), met.message)
    }

    /// Someone to meet is not "needs a cadence": show and nudges say when their first contact
    /// comes, in the order they were added, at the configured pace.
    func testSomeoneToMeet_saysWhenTheirFirstContactComes_andIsUpNext() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00") { $0.rules.firstContactPerWeek = 1 }
        d.ok("AddPerson", #"{"name":"First Person","wantToMeet":true}"#)
        d.setClock("2027-05-04 10:01")
        let second = d.ok("AddPerson", #"{"name":"Second Person","wantToMeet":true}"#)["person"]
        let firstAt = try XCTUnwrap(d.ok("ShowPerson", #"{"person":"first"}"#)["person"]?["nextDue"]?.stringValue)
        let secondAt = try XCTUnwrap(second?["nextDue"]?.stringValue)
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let first = try XCTUnwrap(format.date(from: firstAt), firstAt), later = try XCTUnwrap(format.date(from: secondAt), secondAt)
        XCTAssertEqual(later.timeIntervalSince(first), 7 * 86400, accuracy: 86400, "one a week: the second a week after the first")
        XCTAssertEqual(second?["due"]?.bool, false)
        let upNext = d.ok("Nudges")["upcoming"]?.array ?? []
        XCTAssertEqual(upNext.filter { $0["kind"]?.stringValue == "first-contact" }.compactMap { $0["personName"]?.stringValue },
                       ["First Person", "Second Person"])
    }

    func testSingleAddressesComeAndGo_andAReplacementSaysWhatItTookAway() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Ada Lovelace","emails":["a@x.org","b@x.org"],"phones":["+1 555 0100"]}"#)
        let added = d.ok("EditPerson", #"{"person":"ada","addEmails":["c@x.org","A@X.org"],"removePhones":["+1 555 0100"],"addPhones":["+1 555 0199"]}"#)
        XCTAssertEqual(added["person"]?["emails"]?.array.compactMap { $0["value"]?.stringValue }, ["a@x.org", "b@x.org", "c@x.org"],
                       "an address already there (in any case) is not added twice")
        XCTAssertEqual(added["person"]?["phones"]?.array.compactMap { $0["value"]?.stringValue }, ["+1 555 0199"])
        XCTAssertEqual(added["dropped"]?.array, [], "adding and removing single ones drops nothing unasked")
        let missing = d.error("EditPerson", #"{"person":"ada","removeEmails":["zzz@x.org"],"addEmails":["d@x.org"]}"#)
        XCTAssertTrue(missing.message.contains("has no e-mail address 'zzz@x.org' (they have: a@x.org, b@x.org, c@x.org). Nothing was changed."),
                      missing.message)
        XCTAssertEqual(d.ok("ShowPerson", #"{"person":"ada"}"#)["person"]?["emails"]?.array.count, 3, "nothing was changed")
        let replaced = d.ok("EditPerson", #"{"person":"ada","emails":["new@x.org","b@x.org"]}"#)
        XCTAssertEqual(replaced["dropped"]?.array.compactMap(\.stringValue), ["a@x.org", "c@x.org"])
    }
}
