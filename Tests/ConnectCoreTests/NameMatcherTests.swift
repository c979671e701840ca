import ConnectCore
import XCTest

final class NameMatcherTests: XCTestCase {
    let people = [
        NameMatcher.Candidate(id: 1, name: "Ada Lovelace"),
        NameMatcher.Candidate(id: 2, name: "Grace Hopper"),
        NameMatcher.Candidate(id: 3, name: "Alan Turing"),
        NameMatcher.Candidate(id: 4, name: "Ada Yonath"),
        NameMatcher.Candidate(id: 12, name: "Jean-Luc Picard"),
    ]

    func testResolve_uniquePrefixOfAnyWord() throws {
        XCTAssertEqual(try NameMatcher.resolve("grace", among: people), 2)
        XCTAssertEqual(try NameMatcher.resolve("HOP", among: people), 2)
        XCTAssertEqual(try NameMatcher.resolve("tur", among: people), 3)
        XCTAssertEqual(try NameMatcher.resolve("love", among: people), 1)
        XCTAssertEqual(try NameMatcher.resolve("luc", among: people), 12)
    }

    func testResolve_severalWordsNarrowDown() throws {
        XCTAssertEqual(try NameMatcher.resolve("ada l", among: people), 1)
        XCTAssertEqual(try NameMatcher.resolve("ada yon", among: people), 4)
    }

    func testResolve_byIdAndFullName() throws {
        XCTAssertEqual(try NameMatcher.resolve("12", among: people), 12)
        XCTAssertEqual(try NameMatcher.resolve("#3", among: people), 3)
        XCTAssertEqual(try NameMatcher.resolve("ada lovelace", among: people), 1)
    }

    func testResolve_ambiguousListsCandidates() {
        XCTAssertThrowsError(try NameMatcher.resolve("ada", among: people)) { error in
            XCTAssertEqual(error as? CoreError, .ambiguousName("ada", candidates: ["Ada Lovelace (#1)", "Ada Yonath (#4)"]))
        }
        XCTAssertThrowsError(try NameMatcher.resolve("a", among: people)) { error in
            guard case .ambiguousName(_, let candidates)? = error as? CoreError else { return XCTFail("expected ambiguous, got \(error)") }
            XCTAssertEqual(candidates.count, 3)
        }
    }

    func testResolve_unknown() {
        for query in ["zed", "", "  ", "99", "ada x"] {
            XCTAssertThrowsError(try NameMatcher.resolve(query, among: people), "'\(query)'") { error in
                XCTAssertEqual(error as? CoreError, .personNotFound(query))
            }
        }
    }
}
