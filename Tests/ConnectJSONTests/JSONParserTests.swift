import ConnectJSON
import Foundation
import XCTest

/// The strict parser against hostile input, and the writer and codecs against round trips.
final class JSONParserTests: XCTestCase {
    func testValidDocuments() throws {
        XCTAssertEqual(try JSONParser.parse(#"{"a":[1,-2.5e3,true,false,null,"x\u00e9\ud83d\ude00"]}"#),
                       .object(["a": .array([.integer(1), .double(-2500), .bool(true), .bool(false), .null, .string("xé😀")])]))
        XCTAssertEqual(try JSONParser.parse(" \t\n\"\\\"\\\\\\/\\b\\f\\n\\r\\t\" "), .string("\"\\/\u{8}\u{c}\n\r\t"))
        XCTAssertEqual(try JSONParser.parse("9223372036854775807"), .integer(.max))
        XCTAssertEqual(try JSONParser.parse("9223372036854775808"), .double(9223372036854775808))
    }

    func testRefusals_sayWhatAndWhere() {
        let cases: [(String, String)] = [
            (#"{"a":1,"a":2}"#, "appears twice"),
            (#"{"a":1}x"#, "after the value"),
            (#"{"a":}"#, "value should be"),
            ("[1,]", "value should be"),
            (#""\u{1}""#.replacingOccurrences(of: "\\u{1}", with: "\u{1}"), "raw control character"),
            (#""\ud800""#, "lone surrogate"),
            (#""\udc00x""#, "lone surrogate"),
            ("01", "after the value"),
            ("1e999", "out of range"),
            ("-", "needs digits"),
            (#"{"a" 1}"#, "expected ':'"),
            ("", "ends where a value should be"),
            ("tru", "unknown literal"),
        ]
        for (text, fragment) in cases {
            XCTAssertThrowsError(try JSONParser.parse(text), text) { error in
                XCTAssertTrue("\(error)".contains(fragment), "'\(text)': expected '\(fragment)' in '\(error)'")
            }
        }
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]), "invalid UTF-8")
    }

    func testDeepNestingIsRefusedWithoutRecursingForever() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try JSONParser.parse(deep)) { error in
            XCTAssertTrue("\(error)".contains("nested more than 64"), "\(error)")
        }
        XCTAssertNoThrow(try JSONParser.parse(String(repeating: "[", count: 60) + String(repeating: "]", count: 60)))
    }

    func testRandomBytesNeverTrap() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,-0123456789.eE+truefalsnl\u "#.utf8) + [0, 0x80, 0xC3, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            _ = try? JSONParser.parse(bytes)
        }
    }

    func testWriterRoundTrips_andEscapesControlCharacters() throws {
        let value = JSONValue.object(["text": .string("line\n\u{1B}[2J \"quoted\" é"), "n": .integer(-5), "d": .double(0.25), "l": .array([.null])])
        let bytes = JSONWriter.bytes(value)
        XCTAssertFalse(bytes.contains(0x1B), "no raw escape character on the wire")
        XCTAssertEqual(try JSONParser.parse(bytes), value)
        XCTAssertEqual(JSONWriter.prettyText(.object(["b": .integer(1), "a": .array([])])), "{\n  \"a\": [],\n  \"b\": 1\n}")
    }

    struct Sample: Codable, Equatable {
        struct Inner: Codable, Equatable { var id: Int64; var tags: [String] }
        var name: String
        var note: String?
        var count: Int
        var ratio: Double
        var flag: Bool
        var inner: [Inner]
        var empty: [Inner]
    }

    func testStreamingEncoderAndValueDecoder_roundTrip() throws {
        let sample = Sample(name: "Zoë", note: nil, count: 3, ratio: 1.5, flag: true,
                            inner: [.init(id: 1, tags: ["a", "b"]), .init(id: 2, tags: [])], empty: [])
        let bytes = try JSONEncoding.encode(sample)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self),
                       #"{"name":"Zoë","count":3,"ratio":1.5,"flag":true,"inner":[{"id":1,"tags":["a","b"]},{"id":2,"tags":[]}],"empty":[]}"#)
        XCTAssertEqual(try JSONValueDecoder().decode(Sample.self, from: try JSONParser.parse(bytes)), sample)
    }

    func testValueDecoder_isStrictAboutTypes_andNamesThePath() throws {
        struct Limit: Decodable { var limit: Int? }
        XCTAssertThrowsError(try JSONValueDecoder().decode(Limit.self, from: try JSONParser.parse(#"{"limit":"ten"}"#))) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["limit"])
            XCTAssertTrue(context.debugDescription.contains("expected an integer, found a string"))
        }
        XCTAssertThrowsError(try JSONValueDecoder().decode(Limit.self, from: try JSONParser.parse(#"{"limit":1.5}"#)))
        XCTAssertThrowsError(try JSONValueDecoder().decode(Limit.self, from: try JSONParser.parse(#"{"limit":99999999999999999999}"#)))
        XCTAssertNil(try JSONValueDecoder().decode(Limit.self, from: try JSONParser.parse(#"{"limit":null,"unknown":1}"#)).limit)
    }
}
