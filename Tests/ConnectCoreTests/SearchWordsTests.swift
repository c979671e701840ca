import ConnectCore
import XCTest

/// The words the search index keeps and a query looks for.
final class SearchWordsTests: XCTestCase {
    func testWordsAreFoldedLikeNames_withTheirPlaceInTheText() {
        let words = SearchWords.words("Łukasz met ZOË at Straße-5, café")
        XCTAssertEqual(words.map(\.folded), ["lukasz", "met", "zoe", "at", "strasse", "5", "cafe"])
        XCTAssertEqual(words[0].bytes, 0..<7, "Ł is two bytes")
        let text = Array("Łukasz met ZOË at Straße-5, café".utf8)
        XCTAssertEqual(String(decoding: text[words[2].bytes], as: UTF8.self), "ZOË", "offsets point at the word as written")
    }

    func testScriptsWithoutSpaces_giveOneWordPerCharacter() {
        let words = SearchWords.words("東京大学 and 서울")
        XCTAssertEqual(words.filter(\.isCharacter).count, 6)
        XCTAssertEqual(words.map(\.isCharacter), [true, true, true, true, false, true, true])
        XCTAssertEqual(words[1].bytes, 3..<6)
    }

    func testPunctuationAndQuerySyntax_areNotWords() {
        XCTAssertEqual(SearchWords.words(#"NEAR("a" b*) AND -x"#).map(\.folded), ["near", "a", "b", "and", "x"])
        XCTAssertEqual(SearchWords.words(#""*(),.;:!?"#), [])
    }

    func testBytesThatAreNotUTF8_separateWords() {
        let bytes: [UInt8] = [0x61, 0x62, 0xFF, 0x63, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0x64]
        let words = bytes.withUnsafeBufferPointer { buffer in
            var found: [SearchWords.Word] = []
            SearchWords.forEach(in: buffer) { found.append($0) }
            return found
        }
        XCTAssertEqual(words.map(\.folded), ["ab", "c", "d"], "a stray byte, a broken sequence and a surrogate are not words")
        XCTAssertEqual(words.map(\.bytes), [0..<2, 3..<4, 9..<10])
    }
}
