import ConnectCore
@testable import ConnectDaemon
import ConnectInterchange
import ConnectServices
import ConnectTime
import Foundation
import XCTest

/// What counts as a contact, the same for every source, and msmtp's yearless times.
final class DetectionRulesTests: XCTestCase {
    private func message(_ d: TestDaemon, _ at: String, _ recipients: [String], key: String) -> Detecting.Message {
        Detecting.Message(at: d.at(at), recipients: recipients, key: key, subject: nil)
    }

    func testTheRules_knownPeopleOnce_notWhenLoggedThatDay_notToManyPeople_logMode() throws {
        let d = try TestDaemon(now: "2027-05-04 18:00")
        d.ok("AddPerson", #"{"name":"Ada Lovelace","emails":["ada@example.org"],"every":"2w"}"#)
        d.ok("AddPerson", #"{"name":"Grace Hopper","emails":["grace@example.org"],"every":"1m"}"#)
        d.ok("LogInteraction", #"{"person":"grace","kind":"call","at":"today"}"#)
        var rules = Detecting.Rules()
        rules.maxRecipients = 3
        let outcome = try d.write { ws in
            try Detecting.found([
                self.message(d, "2027-05-04 09:00", ["ADA@example.org", "grace@example.org", "who@example.org"], key: "a"),
                self.message(d, "2027-05-04 10:00", ["ada@example.org"], key: "a"),  // the same message again
                self.message(d, "2027-05-03 10:00", ["ada@example.org", "1@x.org", "2@x.org", "3@x.org"], key: "b"),
            ], kind: .email, source: "test", rules: rules, in: ws)
        }
        XCTAssertEqual(outcome.proposed, 1, "Ada once; Grace was logged that day; the stranger is nobody")
        XCTAssertEqual(outcome.tooMany, 1)
        var logging = Detecting.Rules()
        logging.mode = .log
        let logged = try d.write { ws in
            try Detecting.found([self.message(d, "2027-05-02 10:00", ["grace@example.org"], key: "c")], kind: .email, source: "test", rules: logging, in: ws)
        }
        XCTAssertEqual(logged.logged, 1, "log mode counts without asking")
        XCTAssertEqual(d.ok("Proposals")["total"]?.int, 1)
        let history = d.ok("History", #"{"person":"grace"}"#)["interactions"]?.array ?? []
        XCTAssertEqual(history.compactMap { $0["kind"]?.stringValue }, ["call", "email"], "logged at the moment of the mail: \(history)")
    }

    func testMsmtpsTimesWithoutAYear_areTheLatestNotAfterTheFileWasWritten() {
        let calendar = LocalCalendar.utc
        let written = calendar.instant(LocalDateTime(date: CivilDate(year: 2027, month: 1, day: 3)!, hour: 12, minute: 0))
        func at(_ month: Int, _ day: Int) -> Date? {
            MsmtpDetector.instant(MsmtpLogLine(month: month, day: day, hour: 8, minute: 0, second: 0, recipients: ["a@b"], sent: true),
                                  notAfter: written, calendar: calendar)
        }
        XCTAssertEqual(at(12, 30).map { calendar.day(of: $0) }, CivilDate(year: 2026, month: 12, day: 30), "December before a January file")
        XCTAssertEqual(at(1, 2).map { calendar.day(of: $0) }, CivilDate(year: 2027, month: 1, day: 2))
        XCTAssertNil(at(2, 29), "29 February in a year that has none")
    }
}
