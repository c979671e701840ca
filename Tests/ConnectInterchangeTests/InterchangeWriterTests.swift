import ConnectCore
@testable import ConnectInterchange
import Foundation
import XCTest

final class InterchangeWriterTests: XCTestCase {
    func testWrittenCardsReadBackWithEveryField() throws {
        var contact = ContactRecord(line: 1, name: "Jürgen Müller-Lüdenscheidt")
        contact.uid = "urn:uuid:2b7f6d1e-3c1a-4f7e-9a51-7d3c0e9b1f42"
        contact.emails = [ContactPoint(value: "juergen@work.example", types: ["work"]),
                          ContactPoint(value: "jm@home.example", types: ["home", "pref"], label: "Pri\"vate ^ one")]
        contact.phones = [ContactPoint(value: "+49 30 1234567", types: ["cell"])]
        contact.organization = "Acme, Inc.; R&D"
        contact.title = "Head of Platform"
        contact.birthday = YearlyDate(year: nil, month: 4, day: 12)
        contact.urls = ["https://example.com/jm?a=1,2;b"]
        contact.categories = ["friends", "work, berlin"]
        contact.note = "Line one\nLine two, with comma; and semicolon\\backslash " + String(repeating: "ü", count: 60)
        contact.cadence = "3w"
        contact.met = "FOSDEM, 2023"
        contact.interests = "CRDTs, sync"
        contact.lastContact = ExportTime.parse("2026-11-28T11:00:00.000Z")
        contact.revision = ExportTime.parse("2026-12-01T10:00:00.000Z")
        let text = VCardWriter.card(contact, product: "-//connectd//test//EN")
        for line in text.components(separatedBy: "\r\n") {
            XCTAssertLessThanOrEqual(line.utf8.count, 75, "folded at 75 octets: \(line)")
        }
        XCTAssertFalse(text.contains("\n") && text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF only")
        let (cards, problems) = try VCardReaderTests.read(Array(text.utf8), chunk: 5)
        XCTAssertEqual(problems, [])
        var expected = contact
        expected.line = 1
        XCTAssertEqual(cards, [expected])
    }

    func testFoldNeverSplitsACharacter() {
        for count in 70...80 {
            let line = "NOTE:" + String(repeating: "é", count: count) + String(repeating: "😀", count: 20)
            let folded = VCardWriter.fold(line)
            let bytes = Array(folded.utf8)
            XCTAssertNotNil(String(validating: bytes, as: UTF8.self))
            for physical in folded.components(separatedBy: "\r\n") {
                XCTAssertNotNil(String(validating: Array(physical.utf8), as: UTF8.self), "each physical line is whole characters")
                XCTAssertLessThanOrEqual(physical.utf8.count, 75)
            }
        }
    }

    func testLinkedInConnections_findsTheHeader_mapsColumns() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/Connections.csv", withExtension: nil))
        var reader = try LinkedInReader(source: try FileBytes(path: url.path))
        var contacts: [ContactRecord] = []
        while let item = try reader.next() {
            guard case .contact(let contact) = item else { return XCTFail("\(item)") }
            contacts.append(contact)
        }
        XCTAssertEqual(contacts.map(\.name), ["Hanako Yamada", "Amélie Durand", "Tom Becker", "Priya Raman", "Chidi Okonkwo",
                                              "José María García-López"])
        XCTAssertEqual(contacts[1].organization, "Société Générale, Paris")
        XCTAssertEqual(contacts[1].met, "LinkedIn, 15 Mar 2024")
        XCTAssertEqual(contacts[1].emails, [])
        XCTAssertEqual(contacts[0].emails.map(\.value), ["hanako.yamada@example.jp"])
        XCTAssertEqual(contacts[4].title, "Consultant \"Fractional CTO\"")
        XCTAssertEqual(contacts[2].urls, ["https://www.linkedin.com/in/tombecker"])
        XCTAssertEqual(LinkedInFormat.connectedOn("3 Feb 2021"), "3 Feb 2021")
        XCTAssertNil(LinkedInFormat.connectedOn("2021-02-03"))
    }

    func testLinkedInWithoutAHeader_saysWhatItExpected() {
        XCTAssertThrowsError(try LinkedInReader(source: MemoryBytes(Array("name,phone\nAda,1\n".utf8)))) { error in
            XCTAssertTrue("\(error)".contains("First Name"), "\(error)")
        }
    }

    func testExportTimeRoundTrips() {
        for seconds in [0.0, 1_764_598_140.123, 1_764_598_140.1236, -86_400.5, 253_402_300_799] {
            let text = ExportTime.format(Date(timeIntervalSince1970: seconds))
            XCTAssertEqual(ExportTime.parse(text).map(ExportTime.format), text)
        }
        XCTAssertEqual(ExportTime.format(Date(timeIntervalSince1970: 1_764_598_140.123)), "2025-12-01T14:09:00.123Z")
        XCTAssertNil(ExportTime.parse("yesterday"))
    }
}
