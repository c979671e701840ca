import ConnectCore
@testable import ConnectDaemon
import ConnectJSON
import Foundation
import XCTest

/// The calendar comes in pages, each one bounded query: every birthday once, whatever the count,
/// and a cursor that is not one connectd gave out is refused with a sentence.
final class CalendarFeedPagingTests: XCTestCase {
    func testEveryBirthdayOnce_overSeveralPages() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        for n in 1...1_203 {
            d.ok("AddPerson", #"{"name":"Person \#(n)","birthday":"--\#(String(format: "%02d-%02d", n % 12 + 1, n % 28 + 1))"}"#)
        }
        d.ok("AddPerson", #"{"name":"Ignored Person","birthday":"--01-01"}"#)
        d.ok("EditPerson", #"{"person":"ignored","ignored":true}"#)
        var text = ""
        var cursor: String?
        var pages = 0
        repeat {
            let reply = d.ok("CalendarFeed", cursor.map { #"{"cursor":"\#($0)"}"# } ?? "{}")
            text += reply["text"]?.stringValue ?? ""
            cursor = reply["next"]?.stringValue
            pages += 1
        } while cursor != nil && pages < 100
        XCTAssertEqual(pages, 6, "the start, the plans, the catch-ups, three pages of birthdays")
        XCTAssertTrue(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
        let uids = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:birthday-") }
        XCTAssertEqual(uids.count, 1_203, "every birthday, the ignored person's not")
        XCTAssertEqual(Set(uids).count, uids.count, "each once")
    }

    func testACursorConnectdDidNotGive_isRefused() throws {
        let d = try TestDaemon(now: "2027-05-04 10:00")
        for cursor in ["nonsense", "plans:-1", "birthdays:x", "plans:1:2", ""] {
            let error = d.error("CalendarFeed", #"{"cursor":"\#(cursor)"}"#)
            XCTAssertEqual(error.name, "org.varlink.service.InvalidParameter", cursor)
            XCTAssertTrue(error.message.contains("start again without it"), "\(cursor): \(error.message)")
        }
    }
}
