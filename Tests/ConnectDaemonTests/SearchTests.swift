@testable import ConnectDaemon
import ConnectCore
import ConnectJSON
import ConnectServices
import Foundation
import XCTest

/// Search over what you wrote down, kept in step with every write in the write's own commit.
final class SearchTests: XCTestCase {
    private func json(_ value: JSONValue) -> String { String(decoding: JSONWriter.bytes(value), as: UTF8.self) }

    private func found(_ d: TestDaemon, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let reply = d.ok("Search", json(.object(["text": .string(text)])), file: file, line: line)
        return reply["hits"]?.array.map { "\($0["personName"]?.stringValue ?? "-")/\($0["field"]?.stringValue ?? ""): \($0["snippet"]?.stringValue ?? "")" } ?? []
    }

    func testAccentsCaseCJKAndPartsOfWords() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Łukasz Nowak","met":"a meetup in Bangalore, 2024","into":"sourdough, bouldering"}"#)
        d.ok("AddPerson", #"{"name":"田中 太郎","met":"東京大学の研究室"}"#)
        d.ok("AddPerson", #"{"name":"김민준","met":"서울대학교 동아리, ½ marathon, ｶﾀｶﾅ"}"#)
        d.ok("AddPerson", #"{"name":"Ada Lovelace","tags":["founders"]}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"coffee","note":"She bakes SOURDOUGH too; try the Café Central"}"#)
        XCTAssertEqual(found(d, "lukasz"), ["Łukasz Nowak/name: [Łukasz] Nowak"])
        XCTAssertEqual(found(d, "LUKASZ bangalore"), ["Łukasz Nowak/met: a meetup in [Bangalore], 2024"])
        XCTAssertEqual(found(d, "cafe central"), ["Ada Lovelace/coffee: She bakes SOURDOUGH too; try the [Café] [Central]"])
        XCTAssertEqual(Set(found(d, "sourd")), ["Łukasz Nowak/into: [sourdough], bouldering",
                                                "Ada Lovelace/coffee: She bakes [SOURDOUGH] too; try the Café Central"])
        XCTAssertEqual(found(d, "東京"), ["田中 太郎/met: [東京]大学の研究室"], "characters inside a longer word")
        XCTAssertEqual(found(d, "研究"), ["田中 太郎/met: 東京大学の[研究]室"])
        XCTAssertEqual(found(d, "京東"), [], "the characters in their order")
        XCTAssertEqual(found(d, "서울"), ["김민준/met: [서울]대학교 동아리, ½ marathon, ｶﾀｶﾅ"], "Hangul: syllables fold to jamo, found all the same")
        XCTAssertEqual(found(d, "민준"), ["김민준/name: 김[민준]"])
        XCTAssertEqual(found(d, "½ marathon"), ["김민준/met: 서울대학교 동아리, [½] [marathon], ｶﾀｶﾅ"])
        XCTAssertEqual(found(d, "カタカナ"), ["김민준/met: 서울대학교 동아리, ½ marathon, [ｶﾀｶﾅ]"], "full- and half-width kana are one")
        XCTAssertEqual(found(d, "founders"), ["Ada Lovelace/tags: [founders]"])
    }

    func testQuerySyntaxIsText_andNothingToSearchIsASentence() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Grace Hopper","notes":"NEAR the navy; \"quoted\" AND starred*"}"#)
        for query in [#"NEAR("#, #"grace*"#, "AND", #""quoted"#, "OR grace", "-navy", "navy NOT", "^grace", "{body}: grace", "col:grace"] {
            let reply = d.ok("Search", json(.object(["text": .string(query)])))
            XCTAssertNotNil(reply["total"]?.int, "\(query) is searched for as words")
        }
        XCTAssertEqual(found(d, #"NEAR("#).count, 1, "NEAR is a word of her notes")
        XCTAssertEqual(found(d, "navy NOT"), [], "NOT is a word too, and she has no such word")
        let nothing = d.error("Search", #"{"text":"\"*()"}"#)
        XCTAssertEqual(nothing.name, "org.varlink.service.InvalidParameter")
        XCTAssertTrue(nothing.message.contains("has no letters or digits to search for"), nothing.message)
        let tooMany = d.error("Search", json(.object(["text": .string(Array(repeating: "word", count: 17).joined(separator: " "))])))
        XCTAssertTrue(tooMany.message.contains("at most 16 words"), tooMany.message)
        let tooLong = d.error("Search", json(.object(["text": .string(String(repeating: "東", count: 100_000))])))
        XCTAssertTrue(tooLong.message.contains("200 characters"), tooLong.message)
    }

    /// A word in thousands of places costs a bounded read: short words are whole words, and past
    /// `Search.rankable` places the newest come unranked, with the count capped.
    func testShortWordsAreWhole_andAHugeMatchIsCapped() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Ada Lovelace","notes":"ta-da, tapas and talks"}"#)
        XCTAssertEqual(found(d, "ta"), ["Ada Lovelace/notes: [ta]-da, tapas and talks"], "two letters: the whole word only")
        XCTAssertEqual(found(d, "tap"), ["Ada Lovelace/notes: ta-da, [tapas] and talks"], "three letters: the start of a word")
        try d.write { ws in
            for index in 0...Search.rankable {
                _ = try ws.session.insertPerson(Person(name: "Sourdough Baker \(index)", cadence: nil, addedAt: ws.now, uid: Person.newUID()))
            }
        }
        let reply = d.ok("Search", #"{"text":"sourdough","limit":3}"#)
        XCTAssertEqual(reply["capped"], .bool(true))
        XCTAssertEqual(reply["total"]?.int, Search.rankable)
        XCTAssertEqual(reply["hits"]?.array.compactMap { $0["personName"]?.stringValue },
                       ["Sourdough Baker \(Search.rankable)", "Sourdough Baker \(Search.rankable - 1)", "Sourdough Baker \(Search.rankable - 2)"],
                       "the newest first")
        XCTAssertEqual(d.ok("Search", #"{"text":"lovelace"}"#)["capped"], .bool(false))
        XCTAssertTrue(d.error("Search", #"{"text":"sourdough","limit":5000}"#).message.contains("at most 500 places a call"))
    }

    func testEditsRemovalsMergesAndRestores_showInTheNextSearch() throws {
        let d = try TestDaemon()
        d.ok("AddPerson", #"{"name":"Ada Lovelace","met":"at the Difference Engine demo"}"#)
        d.ok("AddPerson", #"{"name":"Augusta King"}"#)
        d.ok("LogInteraction", #"{"person":"ada","kind":"call","note":"talked about looms","next":["send the loom article"]}"#)
        XCTAssertEqual(found(d, "loom").count, 2)
        d.ok("EditPerson", #"{"person":"ada","met":"at a salon"}"#)
        XCTAssertEqual(found(d, "difference"), [], "the old text left the index with the edit")
        XCTAssertEqual(found(d, "salon"), ["Ada Lovelace/met: at a [salon]"])
        d.ok("MergePeople", #"{"into":"augusta","from":"ada"}"#)
        XCTAssertEqual(Set(found(d, "loom").map { $0.prefix(while: { $0 != "/" }) }), ["Augusta King"], "what was Ada's is Augusta's")
        XCTAssertEqual(found(d, "lovelace"), ["Augusta King/notes: Also known as Ada [Lovelace]"], "the merged record is gone; the merge noted her name")
        d.ok("RemovePerson", #"{"person":"augusta"}"#)
        XCTAssertEqual(found(d, "loom"), [], "a removed person's interactions and follow-ups go with them")
        XCTAssertEqual(found(d, "augusta"), [])
        d.ok("Restore", #"{"name":"augusta"}"#)
        XCTAssertEqual(found(d, "loom").count, 2, "restored, found again")
        d.ok("Reflect", #"{"answer":"Wrote to Augusta about looms"}"#)
        XCTAssertEqual(found(d, "looms").filter { $0.hasPrefix("-/reflection") }, ["-/reflection: Wrote to Augusta about [looms]"])
    }
}
