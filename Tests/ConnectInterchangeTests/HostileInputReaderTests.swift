import ConnectCore
@testable import ConnectInterchange
import Foundation
import XCTest

/// The readers against input made to hurt them: bounded in what they keep, linear in what they
/// read, and saying what they left out on the record it belongs to.
final class HostileInputReaderTests: XCTestCase {
    static func read(_ text: String, maxLineBytes: Int = 8 << 20) throws -> [ImportItem] {
        var reader = VCardReader(source: MemoryBytes(Array(text.utf8)), lineLimit: maxLineBytes)
        var items: [ImportItem] = []
        while let item = try reader.next() { items.append(item) }
        return items
    }

    static func card(_ items: [ImportItem], _ index: Int = 0) -> ContactRecord? {
        let cards = items.compactMap { item -> ContactRecord? in if case .contact(let card) = item { card } else { nil } }
        return index < cards.count ? cards[index] : nil
    }

    /// (The hostile benchmark reads 100,000; the bounds show with 8,000, quickly in a debug build.)
    func testACardWithThousandsOfEmails_keepsTheFirst1000_andSaysHowManyWereLeftOut() throws {
        let emails = (0..<8_000).map { "EMAIL:m\($0)@example.org\r\n" }.joined()
        let items = try Self.read("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many Mails\r\n" + emails + "END:VCARD\r\n")
        let card = try XCTUnwrap(Self.card(items))
        XCTAssertEqual(card.emails.count, ContactRecord.maxListValues)
        XCTAssertEqual(card.emails.last?.value, "m999@example.org")
        XCTAssertTrue(card.leftOut.contains("3002 properties beyond the first 5000"), "\(card.leftOut)")
        XCTAssertTrue(card.leftOut.contains("3998 e-mail addresses beyond the first 1000"), "\(card.leftOut)")
    }

    func testACategoriesLineWithThousandsOfValues_keepsTheFirst1000() throws {
        let items = try Self.read("BEGIN:VCARD\r\nFN:Many Tags\r\nCATEGORIES:" + (0..<3_000).map { "t\($0)" }.joined(separator: ",") + "\r\nEND:VCARD\r\n")
        let card = try XCTUnwrap(Self.card(items))
        XCTAssertEqual(card.categories.count, 1000)
        XCTAssertTrue(card.leftOut.contains("tags beyond the first 1000"), "\(card.leftOut)")
    }

    func testACardAfterAByteOrderMarkInTheMiddle_isRead() throws {
        let items = try Self.read("BEGIN:VCARD\r\nFN:First\r\nEND:VCARD\r\n\u{FEFF}BEGIN:VCARD\r\nFN:Second\r\nEND:VCARD\r\n")
        XCTAssertEqual(items.count, 2, "\(items)")
        XCTAssertEqual(Self.card(items, 1)?.name, "Second")
    }

    func testAnUnknownCharset_isLeftOutAndSaid_notStoredAsItsEncoding() throws {
        let items = try Self.read("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Utf Seven\r\nNOTE;CHARSET=UTF-7:+AGEAYgBj-\r\nEND:VCARD\r\n")
        let card = try XCTUnwrap(Self.card(items))
        XCTAssertNil(card.note)
        XCTAssertEqual(card.leftOut, ["the NOTE on line 4 (UTF-7, a character set connectd does not read)"])
    }

    /// A photo larger than the bound (8 MiB; 64 KiB here) once gave seven bogus "skipped" lines.
    func testAPhotoLargerThanTheBound_isOneNote_onItsCard() throws {
        let photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + String(repeating: "A", count: 200 << 10)
        let folded = stride(from: 0, to: photo.utf8.count, by: 74).map { start -> String in
            let bytes = Array(photo.utf8)[start..<min(start + 74, photo.utf8.count)]
            return (start == 0 ? "" : " ") + String(decoding: bytes, as: UTF8.self)
        }.joined(separator: "\r\n")
        let items = try Self.read("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\n" + folded + "\r\nEMAIL:big@example.org\r\nEND:VCARD\r\n",
                                  maxLineBytes: 64 << 10)
        XCTAssertEqual(items.count, 1, "one card, no stray problems: \(items.map { "\($0)".prefix(120) })")
        let card = try XCTUnwrap(Self.card(items))
        XCTAssertEqual(card.emails.map(\.value), ["big@example.org"], "what follows the photo is read")
        XCTAssertEqual(card.leftOut, ["the property on line 4 (longer than 64 KiB)"])
    }

    func testPropertiesConnectdDoesNotUse_areKeptAsLines_andWrittenBack() throws {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nitem1.ADR;TYPE=HOME:;;12 St James's Square;London;;;UK\r\nitem1.X-ABLabel:Salon\r\n"
            + "X-FOO;BAR=1:baz\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\nEND:VCARD\r\n"
        let card = try XCTUnwrap(Self.card(try Self.read(text)))
        XCTAssertEqual(card.extraLines, ["item1.ADR;TYPE=HOME:;;12 St James's Square;London;;;UK", "X-FOO;BAR=1:baz", "PHOTO;ENCODING=b;TYPE=JPEG:AAAA",
                                         "item1.X-ABLabel:Salon"])
        let again = try XCTUnwrap(Self.card(try Self.read(VCardWriter.card(card, product: "-//test//EN"))))
        XCTAssertEqual(again.extraLines, card.extraLines, "nothing is lost on the way out and back")
    }

    func testCSV_aRowLargerThanTheBound_isSkippedWithItsLine_theRestIsRead() throws {
        let text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            + "Ada,\"" + String(repeating: "x", count: 100 << 10) + "\",,,,,\r\n"
            + "Grace,\"Hop\r\nper\",,,,,\r\nLin,Wei,,,,,\r\n"
        var reader = try LinkedInReader(source: MemoryBytes(Array(text.utf8)), rowLimit: 64 << 10)
        var items: [ImportItem] = []
        while let item = try reader.next() { items.append(item) }
        XCTAssertEqual(items.count, 3)
        guard case .problem(let problem) = items[0], case .contact(let grace) = items[1], case .contact(let lin) = items[2] else { return XCTFail("\(items)") }
        XCTAssertEqual(problem.line, 2)
        XCTAssertTrue(problem.message.contains("longer than 64 KiB"), problem.message)
        XCTAssertFalse(problem.message.contains("\n"))
        XCTAssertEqual(grace.line, 3)
        XCTAssertEqual(grace.name, "Grace Hop\r\nper")
        XCTAssertEqual(lin.line, 5, "a line break inside quotes counts as a line")
    }

    /// A quote inside a row past the bound is text, as in any unquoted field: it must not open a
    /// quoted field that swallows the records after it.
    func testCSV_aQuoteInsideARowPastTheBound_doesNotSwallowTheNextRows() throws {
        let text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            + "Ada," + String(repeating: "x", count: 100 << 10) + "\"not a quote,,,,,\r\nLin,Wei,,,,,\r\n"
        var reader = try LinkedInReader(source: MemoryBytes(Array(text.utf8)), rowLimit: 64 << 10)
        var items: [ImportItem] = []
        while let item = try reader.next() { items.append(item) }
        guard items.count == 2, case .problem(let problem) = items[0], case .contact(let lin) = items[1] else { return XCTFail("\(items)") }
        XCTAssertEqual(problem.line, 2)
        XCTAssertEqual(lin.name, "Lin Wei")
        XCTAssertEqual(lin.line, 3)
    }

    /// Lines kept from another program can never stand in for connectd's own properties: a card
    /// written with them reads back as the person it is.
    func testExtraLinesThatWouldTakeOverACard_areNotWritten() throws {
        var record = ContactRecord(line: 1, name: "Ada Lovelace")
        record.uid = "ada"
        record.extraLines = ["UID:victim", "FN:Mallory", "x.EMAIL:mallory@example.org", "X-CONNECTD-IGNORED:true", "X-CONNECTD-FUTURE:1",
                             "BEGIN:VCARD", "END:VCARD", "item9.X-ABLabel:alone", "item1.ADR:;;1 Main St;;;;", "item1.X-ABLabel:Studio",
                             "X-OTHER;A=1:kept"]
        let text = VCardWriter.card(record, product: "-//test//EN")
        let card = try XCTUnwrap(Self.card(try Self.read(text)))
        XCTAssertEqual(card.uid, "ada")
        XCTAssertEqual(card.name, "Ada Lovelace")
        XCTAssertEqual(card.emails, [])
        XCTAssertFalse(card.ignored)
        XCTAssertEqual(card.extraLines, ["item1.ADR:;;1 Main St;;;;", "X-OTHER;A=1:kept", "item1.X-ABLabel:Studio"])
    }

    /// A value longer than its field could ever hold is left out (and said) on the reader's thread.
    func testAValueLongerThanItsFieldCouldHold_isLeftOutAndSaid() throws {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEMAIL:" + String(repeating: "a", count: 5_000) + "@example.org\r\n"
            + "EMAIL:ada@example.org\r\nEND:VCARD\r\n"
        let card = try XCTUnwrap(Self.card(try Self.read(text)))
        XCTAssertEqual(card.emails.map(\.value), ["ada@example.org"])
        XCTAssertEqual(card.leftOut, ["the EMAIL on line 4 (longer than the 4 KiB connectd reads)"])
    }

    func testMergeFiles_keepsWhatEitherSideHas_andRefusesWhatItCannotTellApart() throws {
        let a = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:ada\r\nFN:Ada\r\nADR:;;1 Main St;;;;\r\nREV:20260101T000000Z\r\nEND:VCARD\r\n"
        let b = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:ada\r\nFN:Ada\r\nPHOTO:data:image/png;base64,AAAA\r\nX-OTHER:1\r\nREV:20260102T000000Z\r\nEND:VCARD\r\n"
        let merged = try CardMerge.mergeFiles(Array(a.utf8), Array(b.utf8), names: ("a", "b"), product: "-//test//EN")
        for line in ["ADR:;;1 Main St;;;;", "PHOTO:data:image/png;base64,AAAA", "X-OTHER:1"] {
            XCTAssertTrue(merged.contains(line + "\r\n"), "\(line) survives the merge: \(merged)")
        }
        let noUID = "BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n"
        XCTAssertThrowsError(try CardMerge.mergeFiles(Array(noUID.utf8), Array(noUID.utf8), names: ("a", "b"), product: "-//test//EN")) {
            XCTAssertTrue("\($0)".contains("neither card has a UID"), "\($0)")
        }
        XCTAssertThrowsError(try CardMerge.mergeFiles(Array((a + b).utf8), Array(b.utf8), names: ("a", "b"), product: "-//test//EN")) {
            XCTAssertTrue("\($0)".contains("a holds 2 cards"), "\($0)")
        }
    }
}
