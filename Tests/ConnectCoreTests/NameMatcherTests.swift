import ConnectCore
import XCTest

final class NameMatcherTests: XCTestCase {
    let people = [
        NameMatcher.Candidate(id: 1, name: "Ada Lovelace"),
        NameMatcher.Candidate(id: 2, name: "Grace Hopper"),
        NameMatcher.Candidate(id: 3, name: "Alan Turing"),
        NameMatcher.Candidate(id: 4, name: "Ada Yonath"),
        NameMatcher.Candidate(id: 12, name: "Jean-Luc Picard"),
        NameMatcher.Candidate(id: 20, name: "Zoë Kravitz"),
        NameMatcher.Candidate(id: 21, name: "José Martí"),
        NameMatcher.Candidate(id: 22, name: "Björn Ulvaeus"),
        NameMatcher.Candidate(id: 23, name: "Marie-Claire O'Neil"),
        NameMatcher.Candidate(id: 24, name: "山田 太郎"),
        NameMatcher.Candidate(id: 25, name: "Ｔａｒｏ Ｗｉｄｅ"),
    ]

    func choose(_ query: String) throws -> Int64 { try NameMatcher.choose(query, among: people) }

    func testUniquePrefixOfAnyWord() throws {
        XCTAssertEqual(try choose("grace"), 2)
        XCTAssertEqual(try choose("HOP"), 2)
        XCTAssertEqual(try choose("tur"), 3)
        XCTAssertEqual(try choose("love"), 1)
        XCTAssertEqual(try choose("luc"), 12)
    }

    func testSeveralWordsNarrowDown() throws {
        XCTAssertEqual(try choose("ada l"), 1)
        XCTAssertEqual(try choose("ada yon"), 4)
        XCTAssertEqual(try choose("ada lovelace"), 1)
    }

    func testAccentsCaseAndWidthFold_separatorsSplitWords() throws {
        XCTAssertEqual(try choose("zoe"), 20)
        XCTAssertEqual(try choose("jose"), 21)
        XCTAssertEqual(try choose("marti"), 21)
        XCTAssertEqual(try choose("bjorn"), 22)
        XCTAssertEqual(try choose("marie-c"), 23)
        XCTAssertEqual(try choose("claire"), 23)

        XCTAssertEqual(try choose("neil"), 23, "an apostrophe separates words")
        XCTAssertEqual(try choose("o neil"), 23)
        XCTAssertEqual(try choose("山田"), 24)
        XCTAssertEqual(try choose("taro wide"), 25, "full-width letters match their ASCII forms")
        XCTAssertEqual(try choose("ZOË KRAVITZ"), 20)
    }

    func testLettersWithoutADecomposition_foldToWhatAKeyboardTypes() {
        XCTAssertEqual(NameKey.fold("Łukasz Żółć"), "lukasz zolc")
        XCTAssertEqual(NameKey.fold("Ævar Arnfjörð"), "aevar arnfjord")
        XCTAssertEqual(NameKey.fold("Jens Straße"), "jens strasse")
        XCTAssertEqual(NameKey.fold("Søren Kierkegaard"), "soren kierkegaard")
        XCTAssertEqual(NameKey.fold("Ørsted Œuvre Þór"), "orsted oeuvre thor")
    }

    func testIdForms() {
        XCTAssertEqual(NameMatcher.id(in: "12"), 12)
        XCTAssertEqual(NameMatcher.id(in: " #3 "), 3)
        XCTAssertNil(NameMatcher.id(in: "#"))
        XCTAssertNil(NameMatcher.id(in: "12a"))
        XCTAssertNil(NameMatcher.id(in: "99999999999999999999999"), "too long for an id: not a number, no trap")
    }

    func testAmbiguousListsCandidatesAndTotal() {
        XCTAssertThrowsError(try choose("ada")) { error in
            XCTAssertEqual(error as? CoreError, .ambiguousName("ada", candidates: ["Ada Lovelace (#1)", "Ada Yonath (#4)"], total: 2))
        }
        XCTAssertThrowsError(try NameMatcher.choose("a", among: people, total: 51)) { error in
            guard case .ambiguousName(_, let candidates, let total)? = error as? CoreError else { return XCTFail("expected ambiguous, got \(error)") }
            XCTAssertEqual(candidates.count, 3, "Ada Lovelace, Alan Turing, Ada Yonath")
            XCTAssertEqual(total, 51)
        }
    }

    func testUnknown() {
        for query in ["zed", "", "  ", "ada x"] {
            XCTAssertThrowsError(try choose(query), "'\(query)'") { error in
                XCTAssertEqual(error as? CoreError, .personNotFound(query))
            }
        }
    }

    func testNamesAreValidated() {
        XCTAssertEqual(try Person.normalizedName("  Ada   Lovelace "), "Ada Lovelace")
        XCTAssertThrowsError(try Person.normalizedName("Evil \u{1B}[2J\u{1B}]0;owned\u{07} Name")) { error in
            XCTAssertEqual(error as? CoreError, .controlCharacters(field: "name"))
        }
        XCTAssertThrowsError(try Person.normalizedName("12")) { XCTAssertEqual($0 as? CoreError, .nameLooksLikeID("12")) }
        XCTAssertThrowsError(try Person.normalizedName("#3")) { XCTAssertEqual($0 as? CoreError, .nameLooksLikeID("#3")) }
        XCTAssertThrowsError(try Person.normalizedName("\u{200B}\u{200D}")) { XCTAssertEqual($0 as? CoreError, .invisibleName("\u{200B}\u{200D}")) }
        XCTAssertThrowsError(try Person.normalizedName("   ")) { XCTAssertEqual($0 as? CoreError, .emptyName) }
        XCTAssertThrowsError(try Person.normalizedName(String(repeating: "a", count: 100_000))) {
            XCTAssertEqual($0 as? CoreError, .tooLong(field: "name", limit: 200))
        }
        XCTAssertThrowsError(try Person.normalizedName("Right\u{202E}to left")) { XCTAssertEqual($0 as? CoreError, .controlCharacters(field: "name")) }
        XCTAssertEqual(try Person.optionalText("line one\nline two", .notes), "line one\nline two", "notes keep line breaks")
        XCTAssertThrowsError(try Person.optionalText("line\u{1B}", .notes))
    }
}

final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 1_000)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}

final class InvisibleMarkTests: XCTestCase {
    func testNamesLoseMarksThatShowNothing_andAreFoundWithout() throws {
        XCTAssertEqual(try Person.normalizedName("\u{FEFF}Ada\u{200B} Love\u{200E}lace"), "Ada Lovelace")
        XCTAssertEqual(NameKey.fold("\u{FEFF}Ada"), "ada")
        XCTAssertEqual(try Person.normalizedName("Man\u{200D}ouchehr"), "Man\u{200D}ouchehr", "joiners carry meaning and stay")
        XCTAssertThrowsError(try Person.normalizedName("\u{FEFF}\u{200B}"))
    }

    func testTokens_keepSafeCharacters() {
        XCTAssertTrue(TextRules.isToken("laptop-1.home"))
        XCTAssertFalse(TextRules.isToken("evil\u{1B}]0;x"))
        XCTAssertEqual(TextRules.token("evil\u{1B}]0;x\nline"), "evil??0?x?line")
        XCTAssertEqual(TextRules.token(String(repeating: "a", count: 100)).count, 64)
    }
}
