import ConnectTOML
import Foundation
import XCTest

final class TOMLDocumentTests: XCTestCase {
    func testTheShippedConfigReadsAsTOML() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/config.toml").path
        let table = try TOMLDocument.parse(try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertEqual(table["default_cadence"], .string("3w"))
        XCTAssertEqual(table["nudges"]?.table?["daily_budget"], .integer(2))
        XCTAssertEqual(table["nudges"]?.table?["quiet_days"], .array([]))
        XCTAssertEqual(table["desktop"]?.table?["enabled"], .boolean(true))
        XCTAssertEqual(table.entries.map(\.key), ["default_cadence", "time_zone", "nudges", "reflection", "desktop", "hooks", "sync", "detect", "calendar", "feeds", "kinds"])
        XCTAssertEqual(table["detect"]?.table?["msmtp_log"], .string(""), "nothing is read unless the user names a source")
    }

    func testValuesKeysAndLayout() throws {
        let table = try TOMLDocument.parse("""
            # comment
            a = "x\\ty\\u00e9\\U0001F600 \\"q\\"" # trailing comment
            'quoted key' = 'C:\\path'
            "b" = -1_000
            c = [ "sat",
                  "sun", # a comment inside
                ]
            d = [[1, 2], [true]]\r
            [t]
            e = false
            """)
        XCTAssertEqual(table["a"], .string("x\tyé😀 \"q\""))
        XCTAssertEqual(table["quoted key"], .string("C:\\path"))
        XCTAssertEqual(table["b"], .integer(-1000))
        XCTAssertEqual(table["c"], .array([.string("sat"), .string("sun")]))
        XCTAssertEqual(table["d"], .array([.array([.integer(1), .integer(2)]), .array([.boolean(true)])]))
        XCTAssertEqual(table["t"]?.table?["e"], .boolean(false))
        XCTAssertEqual(table.entries.first { $0.key == "b" }?.line, 4)
    }

    /// Each refusal says where and why; none traps (the first was an abort in the C++ parser).
    func testRefusals_sayWhereAndWhy() {
        let cases: [(String, Int, String)] = [
            ("[é]\n", 1, "expected a key"),
            ("[\u{FFFD}\u{FFFD}nudges]\n", 1, "expected a key"),
            ("a = 1\na = 2\n", 2, "appears twice"),
            ("[t]\n[t]\n", 2, "appears twice"),
            ("a = 1\n[a]\n", 2, "appears twice"),
            ("a.b = 1\n", 1, "dotted keys"),
            ("[a.b]\n", 1, "nested tables"),
            ("[[a]]\n", 1, "arrays of tables"),
            ("a = {x = 1}\n", 1, "inline tables"),
            ("a = 1.5\n", 1, "whole numbers"),
            ("a = 1979-05-27\n", 1, "in a number"),
            ("a = 99999999999999999999\n", 1, "too large"),
            ("a = \"\"\"x\"\"\"\n", 1, "multi-line strings"),
            ("a = \"open\n", 1, "not closed"),
            ("a = 'open\n", 1, "not closed"),
            ("a = \"\\q\"\n", 1, "unknown escape"),
            ("a = \"\\uD800\"\n", 1, "not a character"),
            ("a = \"\u{1B}[2J\"\n", 1, "control character"),
            ("a = [1, 2\n", 2, "not closed"),
            ("a = [1 2]\n", 1, "expected ',' or ']'"),
            ("a = yes\n", 1, "true or false"),
            ("a = 1 b = 2\n", 1, "one key = value per line"),
            ("a\n", 1, "expected '='"),
            ("= 1\n", 1, "expected a key"),
            ("a = \n", 1, "expected a value"),
            (String(repeating: "[", count: 10_000), 1, "arrays of tables"),
            ("a = " + String(repeating: "[", count: 100), 1, "nested too deeply"),
        ]
        for (text, line, reason) in cases {
            XCTAssertThrowsError(try TOMLDocument.parse(text), "\(text.prefix(40))") { error in
                guard let error = error as? TOMLError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.line, line, "\(text.prefix(40)): \(error)")
                XCTAssertTrue(error.reason.contains(reason), "\(text.prefix(40)): \(error)")
            }
        }
    }

    func testRandomInputNeverTraps() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("[]=\"'#\\ \n\r\tab1_-.,{}+é\u{FFFD}tfue".unicodeScalars)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
            _ = try? TOMLDocument.parse(text)
        }
    }
}
