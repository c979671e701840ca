import ConnectCore
@testable import ConnectInterchange
import XCTest

/// Dates, relationships and time zones on cards: ANNIVERSARY, RELATED and TZ of vCard 4, and the
/// X-ABDATE / X-ABRELATEDNAMES groups with their X-ABLabel that Apple and Google write.
final class ImportantDatesCardTests: XCTestCase {
    func read(_ text: String) throws -> ContactRecord {
        let (cards, problems) = try VCardReaderTests.read(Array(text.utf8))
        XCTAssertEqual(problems, [])
        return try XCTUnwrap(cards.first)
    }

    func testApplesAndGooglesLabelledGroups() throws {
        let apple = try read("""
            BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Åsa Lindqvist\r\n\
            item3.X-ABDATE;type=pref:2015-09-12\r\nitem3.X-ABLabel:_$!<Anniversary>!$_\r\n\
            item4.X-ABDATE:1604-03-01\r\nitem4.X-ABLabel:Company founded\r\n\
            item5.X-ABRELATEDNAMES;type=pref:Linnea\r\nitem5.X-ABLabel:_$!<Child>!$_\r\n\
            item6.X-ABRELATEDNAMES:Erik Lindqvist\r\nitem6.X-ABLabel:_$!<Spouse>!$_\r\n\
            item7.ADR:;;Storgatan 1;Stockholm;;;Sweden\r\nitem7.X-ABLabel:Studio\r\nEND:VCARD\r\n
            """)
        XCTAssertEqual(apple.dates, [ImportantDate(label: "anniversary", date: YearlyDate(year: 2015, month: 9, day: 12)!),
                                     ImportantDate(label: "Company founded", date: YearlyDate(year: 1604, month: 3, day: 1)!)])
        XCTAssertEqual(apple.related, [Relation(name: "Linnea", type: "child"), Relation(name: "Erik Lindqvist", type: "spouse")])
        XCTAssertEqual(apple.extraLines, ["item7.ADR:;;Storgatan 1;Stockholm;;;Sweden", "item7.X-ABLabel:Studio"],
                       "the address stays with its label; the labels of read groups are not kept twice")
        // Google writes the label as it was typed, and the date with its year.
        let google = try read("""
            BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n\
            item1.X-ABDATE:2022-07-08\r\nitem1.X-ABLabel:joined Plaid\r\n\
            item2.X-ABRELATEDNAMES:Byron\r\nitem2.X-ABLabel:son\r\nEND:VCARD\r\n
            """)
        XCTAssertEqual(google.dates, [ImportantDate(label: "joined Plaid", date: YearlyDate(year: 2022, month: 7, day: 8)!)])
        XCTAssertEqual(google.related, [Relation(name: "Byron", type: "son")])
    }

    func testVCard4Properties_andWhatIsKeptAsItCame() throws {
        let card = try read("""
            BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nANNIVERSARY:19300615\r\n\
            RELATED;TYPE=friend;VALUE=uri:urn:uuid:1234\r\nRELATED;TYPE=colleague;VALUE=text:Howard Aiken\r\n\
            TZ:America/New_York\r\nEND:VCARD\r\n
            """)
        XCTAssertEqual(card.dates, [ImportantDate(label: "anniversary", date: YearlyDate(year: 1930, month: 6, day: 15)!)])
        XCTAssertEqual(card.related, [Relation(name: "1234", type: "friend", uid: "1234"), Relation(name: "Howard Aiken", type: "colleague")])
        XCTAssertEqual(card.timeZone, "America/New_York")
        let kept = try read("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:K\r\nTZ:-05:00\r\nANNIVERSARY;VALUE=text:circa 1990\r\nX-ABDATE:soon\r\nEND:VCARD\r\n")
        XCTAssertNil(kept.timeZone, "an offset names no zone")
        XCTAssertEqual(kept.extraLines, ["TZ:-05:00", "ANNIVERSARY;VALUE=text:circa 1990"], "kept as they came")
        XCTAssertEqual(kept.leftOut, ["the date 'soon' (not a date like 2004-10-05 or --10-05)"])
    }

    /// What connectd writes reads back the same, and as Apple and Google write it.
    func testWrittenCardsReadBack() throws {
        var record = ContactRecord(line: 1, name: "Ada Lovelace")
        record.uid = "ada"
        record.dates = [ImportantDate(label: "anniversary", date: YearlyDate(year: 1835, month: 7, day: 8)!),
                        ImportantDate(label: "joined Plaid", date: YearlyDate(year: nil, month: 3, day: 1)!),
                        ImportantDate(label: "Wedding; second", date: YearlyDate(year: 2001, month: 1, day: 2)!)]
        record.related = [Relation(name: "Byron", type: "child"), Relation(name: "Grace Hopper", type: "best friend", uid: "g-1")]
        record.timeZone = "Asia/Tokyo"
        let text = VCardWriter.card(record, product: "test")
        XCTAssertTrue(text.contains("ANNIVERSARY:18350708\r\n"), text)
        XCTAssertTrue(text.contains("date1.X-ABDATE:--03-01\r\ndate1.X-ABLabel:joined Plaid\r\n"), text)
        XCTAssertTrue(text.contains("RELATED;TYPE=\"best friend\";VALUE=text;X-CONNECTD-UID=g-1:Grace Hopper\r\n"), text)
        XCTAssertTrue(text.contains("TZ:Asia/Tokyo\r\n"), text)
        let back = try read(text)
        XCTAssertEqual(back.dates, record.dates)
        XCTAssertEqual(back.related, record.related)
        XCTAssertEqual(back.timeZone, "Asia/Tokyo")
        XCTAssertEqual(back.extraLines, [])
    }
}
