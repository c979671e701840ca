import ConnectCore
import Foundation
import XCTest

final class PromptLibraryTests: XCTestCase {
    func testEmbeddedPromptsMatchTheSeedsFile() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds/prompts.txt")
        XCTAssertEqual(try String(contentsOf: seeds, encoding: .utf8), DefaultPrompts.text,
                       "seeds/prompts.txt changed: copy it into Sources/ConnectCore/Scheduling/DefaultPrompts.swift")
    }

    func testDefaultLibraryHasAtLeastFortyDistinctPrompts() throws {
        let library = try PromptLibrary(text: DefaultPrompts.text)
        XCTAssertGreaterThanOrEqual(library.prompts.count, 40)
        XCTAssertEqual(Set(library.prompts.map(\.text)).count, library.prompts.count)
    }

    func testBadLinesAreRefusedWithTheLineNumber() {
        XCTAssertThrowsError(try PromptLibrary(text: "a | One?\nno separator here")) { error in
            XCTAssertEqual(error as? CoreError, .invalidPromptLine(2))
        }
        XCTAssertThrowsError(try PromptLibrary(text: "a | One?\na | Again?")) { error in
            XCTAssertEqual(error as? CoreError, .invalidPromptLine(2))
        }
    }

    func testStreak() {
        let now = Date(timeIntervalSince1970: 100 * 86400)
        func week(_ n: Double, _ answered: Bool) -> (slot: Date, answered: Bool) { (now.addingTimeInterval(-n * 7 * 86400 - 3600), answered) }
        XCTAssertEqual(ReflectionStreak.weeks([week(0, true), week(1, true), week(2, false), week(3, true)], now: now), 2)
        XCTAssertEqual(ReflectionStreak.weeks([week(0, false), week(1, true), week(2, true)], now: now), 2, "this week's is still open")
        XCTAssertEqual(ReflectionStreak.weeks([week(1, false), week(2, true)], now: now), 0, "last week's went unanswered")
        XCTAssertEqual(ReflectionStreak.weeks([], now: now), 0)
    }
}
