import ConnectInterchange
import ConnectJSON
import Foundation
import XCTest

/// connectd's JSON export read element by element: any key order, any chunking, bounded elements.
final class ExportStreamReaderTests: XCTestCase {
    /// Bytes handed over `size` at a time.
    struct Chunks: ByteSource {
        let bytes: [UInt8]
        let size: Int
        var offset = 0
        mutating func next() -> ArraySlice<UInt8> {
            let end = min(offset + size, bytes.count)
            defer { offset = end }
            return bytes[offset..<end]
        }
    }

    static let document = ExportDocument(
        promptEpoch: "2027-01-01T00:00:00.000Z",
        people: [ExportedPerson(uid: "ada", name: "Ada \"Countess\" Lovelace", cadence: "3w", met: "a [salon]", into: "{engines}", notes: "line\nbreak \\ slash",
                                tags: ["math"], links: [], emails: [], phones: [], organization: nil, title: nil, birthday: nil,
                                addedAt: "2026-01-01T00:00:00.000Z", dueOverride: nil, ignored: false, news: nil)],
        interactions: [ExportedInteraction(person: "ada", kind: "call", at: "2026-06-01T12:00:00.000Z", note: "},]", loggedAt: "2026-06-01T12:00:00.000Z")],
        nudges: [], prompts: [], followUps: [])

    /// As the daemon reads an export: the header, then the lists in the order a restore needs.
    static func items(_ bytes: [UInt8], chunk: Int, limit: Int = 1 << 20) throws -> [ImportItem] {
        let header = try ExportStreamReader.header(of: Chunks(bytes: bytes, size: chunk))
        var items: [ImportItem] = [.exported(header, line: 1)]
        for list in ExportStreamReader<Chunks>.listsInOrder {
            var reader = ExportStreamReader(source: Chunks(bytes: bytes, size: chunk), header: header, only: list, elementLimit: limit)
            while let item = try reader.next() {
                if case .exported(.header, _) = item { continue }
                items.append(item)
            }
        }
        return items
    }

    func testEveryKeyOrderAndChunking_givesTheHeaderFirst_thenTheElementsInOrder() throws {
        let compact = try JSONEncoding.encode(Self.document)
        let sorted = Array((JSONWriter.prettyText(try JSONParser.parse(compact))).utf8)
        for bytes in [compact, sorted] {
            for chunk in [1, 7, 4096] {
                let items = try Self.items(bytes, chunk: chunk)
                guard items.count == 3, case .exported(.header(let format, let version, let epoch), _) = items[0],
                      case .exported(.person(let person), _) = items[1], case .exported(.interaction(let interaction), _) = items[2] else {
                    return XCTFail("chunk \(chunk): \(items)")
                }
                XCTAssertEqual(format, ExportDocument.formatName)
                XCTAssertEqual(version, ExportDocument.currentVersion)
                XCTAssertEqual(epoch, "2027-01-01T00:00:00.000Z")
                XCTAssertEqual(person, Self.document.people[0])
                XCTAssertEqual(interaction, Self.document.interactions[0])
            }
        }
    }

    func testAnEntryTooLarge_isLeftOutWithItsLine_theRestIsRead() throws {
        let note = String(repeating: "n", count: 20_000)
        let text = #"{"format":"connectd-export","version":1,"people":[{"uid":"a","name":"A","tags":[],"links":[],"emails":[],"phones":[],"#
            + #""addedAt":"2026-01-01T00:00:00.000Z","ignored":false,"notes":""# + note + #""},"# + "\n"
            + #"{"uid":"b","name":"B","tags":[],"links":[],"emails":[],"phones":[],"addedAt":"2026-01-01T00:00:00.000Z","ignored":false}]}"#
        let items = try Self.items(Array(text.utf8), chunk: 4096, limit: 16 << 10)
        XCTAssertEqual(items.count, 3)
        guard case .problem(let problem) = items[1], case .exported(.person(let person), let line) = items[2] else { return XCTFail("\(items.prefix(1))") }
        XCTAssertEqual(problem.line, 1)
        XCTAssertTrue(problem.message.contains("larger than 16 KiB"), problem.message)
        XCTAssertEqual(person.name, "B")
        XCTAssertEqual(line, 2)
    }

    func testWithoutFormatAndVersion_isRefusedWithALine() {
        XCTAssertThrowsError(try Self.items(Array(#"{"people":[]}"#.utf8), chunk: 10)) { error in
            XCTAssertTrue("\(error)".contains("\"format\" and \"version\""), "\(error)")
        }
        XCTAssertThrowsError(try Self.items(Array(#"{"format":"connectd-export","version":1,"people":[{"uid":"a"} {"#.utf8), chunk: 3))
    }
}
