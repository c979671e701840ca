import ConnectCore
@testable import ConnectInterchange
import Foundation
import XCTest

/// The hand-made fixtures of every dialect (see Fixtures/README.md for what each must give).
final class VCardReaderTests: XCTestCase {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    /// Reads every item, feeding the bytes in chunks of `chunk` (1: byte by byte).
    static func read(_ bytes: [UInt8], chunk: Int = 65536) throws -> (contacts: [ContactRecord], problems: [ImportProblem]) {
        struct Chunks: ByteSource {
            var bytes: [UInt8]
            var offset = 0
            let size: Int
            mutating func next() -> ArraySlice<UInt8> {
                let end = min(offset + size, bytes.count)
                defer { offset = end }
                return bytes[offset..<end]
            }
        }
        var reader = VCardReader(source: Chunks(bytes: bytes, size: chunk))
        var contacts: [ContactRecord] = []
        var problems: [ImportProblem] = []
        while let item = try reader.next() {
            switch item {
            case .contact(let contact): contacts.append(contact)
            case .problem(let problem): problems.append(problem)
            case .exported: XCTFail("a vCard reader yields no export elements")
            }
        }
        return (contacts, problems)
    }

    func testAndroid21_quotedPrintableSplitInsideCharacters_bareTypes_base64Photo() throws {
        let (cards, problems) = try Self.read(try Self.fixture("android-2.1.vcf"))
        XCTAssertEqual(problems, [])
        XCTAssertEqual(cards.map(\.name), ["Jürgen Groß", "山田 花子", "Sam O'Neil", "Mohamed Farouk"])
        let jurgen = cards[0]
        XCTAssertEqual(jurgen.emails, [ContactPoint(value: "juergen.gross@example.de", types: ["home"]),
                                       ContactPoint(value: "j.gross@baeckerei-gross.example", types: ["work"])])
        XCTAssertEqual(jurgen.phones.map(\.value), ["+49 170 1234567", "+49 30 9876543"])
        XCTAssertEqual(jurgen.phones[0].types, ["cell", "pref"])
        XCTAssertEqual(jurgen.organization, "Bäckerei Groß GmbH")
        XCTAssertEqual(jurgen.title, "Inhaber")
        XCTAssertEqual(jurgen.birthday?.description, "1990-05-17")
        XCTAssertEqual(jurgen.urls, ["https://baeckerei-gross.example"])
        XCTAssertEqual(jurgen.note, "Samstags auf dem Wochenmarkt.\nLieblingsbrot: Roggenmischbrot – fragt nach Körnern!")
        XCTAssertNil(jurgen.uid)
        XCTAssertEqual(cards[1].note, "東京オフィス勤務。日本語でのメール歓迎。")
        XCTAssertEqual(cards[1].organization, "Example KK")
        XCTAssertEqual(cards[2].note, "Tea, no sugar; call after 6pm", "2.1: the comma is text, \\; a semicolon")
        XCTAssertEqual(cards[2].birthday?.description, "1978-12-31")
        XCTAssertEqual(cards[3].birthday?.description, "--11-03")
        XCTAssertEqual(cards[3].phones.first?.types.sorted(), ["pref", "voice", "work"])
    }

    func testGoogle30_BOM_LF_fold_escapes_labels_nameFallbacks() throws {
        let (cards, problems) = try Self.read(try Self.fixture("google-3.0.vcf"))
        XCTAssertEqual(problems, [])
        XCTAssertEqual(cards.map(\.name), ["Priya Raman", "Alex Kim", "Chidi Okonkwo", "Nordwind Plumbing", "newsletter-friend@example.net"])
        let priya = cards[0]
        XCTAssertEqual(priya.note, "Met at FOSDEM 2023, Brussels.\nIntro'd by Tom; wants the slides on CRDTs and the sync-engine benchmark.")
        XCTAssertEqual(priya.urls, ["https://priya.example.dev"], "\\: is unescaped in URLs")
        XCTAssertEqual(priya.birthday?.description, "1988-02-29")
        XCTAssertEqual(priya.categories, ["myContacts", "Friends"])
        XCTAssertEqual(priya.emails.map(\.types), [["home"], ["work"]], "'internet' is noise")
        XCTAssertEqual(cards[1].emails[1].label, "Uni")
        XCTAssertEqual(cards[1].phones[1].label, "Studio")
        XCTAssertEqual(cards[1].birthday?.description, "--05-17")
        XCTAssertEqual(cards[3].organization, "Nordwind Plumbing")
    }

    func testApple30_foldInsideAUTF8Sequence_omittedYear_companyCard() throws {
        let (cards, problems) = try Self.read(try Self.fixture("apple-3.0.vcf"))
        XCTAssertEqual(problems, [])
        XCTAssertEqual(cards.map(\.name), ["Åsa Lindqvist", "Dr. Marcus Aidan O'Brien-Walsh Jr.", "Kaffebar Söder", "Yuki Tanaka"])
        let asa = cards[0]
        XCTAssertEqual(asa.birthday?.description, "--05-17", "X-APPLE-OMIT-YEAR=1604 means no year")
        XCTAssertEqual(asa.note, "Föreläsning på Göteborgs universitet – tisdagarna. Träffades på Formex 2022, älskar smörgåstårta, kanelbullar och långa promenader längs älven.")
        XCTAssertEqual(asa.organization, "Nordisk Design AB")
        XCTAssertTrue(asa.urls.contains("https://asa.design.example"), "\(asa.urls)")
        XCTAssertTrue(asa.urls.contains("https://www.linkedin.com/in/asalindqvist"), "\(asa.urls)")
        XCTAssertEqual(cards[1].note, "Referral contact. Prefers email; never phone before 10:00.")
        XCTAssertEqual(cards[1].birthday?.description, "1979-11-02")
        XCTAssertEqual(cards[1].organization, "St. Vincent's Hospital, Dublin")
        XCTAssertEqual(cards[3].emails[1].label, "Side, project")
        XCTAssertEqual(cards[3].birthday?.description, "--03-04")
    }

    func testNextcloud40_uids_telURIs_quotedTypeLists_groupCardSkipped() throws {
        let (cards, problems) = try Self.read(try Self.fixture("nextcloud-4.0.vcf"))
        XCTAssertEqual(cards.map(\.name), ["Dr. Lena Schäfer", "Thomas Becker", "Nguyễn Thị Minh Anh"])
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].message.contains("group card"), "\(problems)")
        let lena = cards[0]
        XCTAssertEqual(lena.uid, "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1")
        XCTAssertEqual(lena.phones[0], ContactPoint(value: "+49-170-5550123", types: ["cell", "voice"]))
        XCTAssertEqual(lena.emails[0].types, ["work", "pref"], "PREF=1 counts as pref")
        XCTAssertEqual(lena.categories, ["Research", "Conference 2024"])
        XCTAssertEqual(lena.note, "Co-author on the CRDT paper.\nPrefers Signal; not WhatsApp.")
        XCTAssertEqual(lena.revision.map(ExportTime.format), "2024-03-15T09:15:22.000Z")
        XCTAssertEqual(cards[1].revision.map(ExportTime.format), "2023-11-02T18:04:11.000Z")
        XCTAssertEqual(cards[1].phones[0].value, "+1-555-555-0100;ext=12")
        XCTAssertNil(cards[2].birthday, "VALUE=text is never parsed as a date")
    }

    /// Each card has one outcome: what was wrong with it is said on it, not as another record.
    func testBroken_saysBothLinesOnTheirCards_losesNobody() throws {
        let (cards, problems) = try Self.read(try Self.fixture("broken.vcf"))
        XCTAssertEqual(cards.map(\.name), ["Greta Good", "Max Malformed", "Nora NoEnd", "Otto After"])
        XCTAssertEqual(cards[1].emails, [], "the line without ':' was dropped")
        XCTAssertEqual(cards[1].phones.map(\.value), ["+1 555 0100"])
        XCTAssertEqual(problems, [], "no record was skipped")
        XCTAssertEqual(cards[1].leftOut, ["line 11 (a content line without ':')"])
        XCTAssertEqual(cards[2].remarks, ["it has no END:VCARD and ends where the next card begins, on line 19"])
    }

    func testChunkBoundariesChangeNothing() throws {
        for name in ["android-2.1.vcf", "google-3.0.vcf", "apple-3.0.vcf", "nextcloud-4.0.vcf", "broken.vcf"] {
            let bytes = try Self.fixture(name)
            let whole = try Self.read(bytes)
            for chunk in [1, 2, 3, 7, 64] {
                let pieces = try Self.read(bytes, chunk: chunk)
                XCTAssertEqual(pieces.contacts, whole.contacts, "\(name) in chunks of \(chunk)")
                XCTAssertEqual(pieces.problems, whole.problems, "\(name) in chunks of \(chunk)")
            }
        }
    }

    func testGarbageNeverTraps_andIsReportedNotGuessed() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<300, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if Bool.random(using: &generator) { bytes = Array("BEGIN:VCARD\r\nFN:".utf8) + bytes }
            _ = try Self.read(bytes, chunk: Int.random(in: 1...50, using: &generator))
        }
        let (cards, problems) = try Self.read(Array("hello\nworld\n".utf8))
        XCTAssertEqual(cards, [])
        XCTAssertEqual(problems.count, 1, "\(problems)")
    }

    func testFormatDetection() throws {
        XCTAssertEqual(InterchangeFormat.detect(try Self.fixture("google-3.0.vcf")[...]), .vcard)
        XCTAssertEqual(InterchangeFormat.detect(try Self.fixture("android-2.1.vcf")[...]), .vcard)
        XCTAssertEqual(InterchangeFormat.detect(try Self.fixture("Connections.csv")[...]), .linkedIn)
        XCTAssertEqual(InterchangeFormat.detect(Array(" \n{\"format\":\"connectd-export\"}".utf8)[...]), .json)
        XCTAssertNil(InterchangeFormat.detect(Array("name,phone\nAda,1\n".utf8)[...]))
        XCTAssertNil(InterchangeFormat.detect([]))
    }
}
