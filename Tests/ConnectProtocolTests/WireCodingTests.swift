import ConnectJSON
import ConnectProtocol
import Foundation
import XCTest

/// The generated writers and readers: what one side writes, the other reads back the same, with
/// optional fields absent or present; a field of the wrong type is named; and the generated file
/// is what the interface makes (regenerating changes nothing).
final class WireCodingTests: XCTestCase {
    let person = PersonInfo(id: 7, uid: "urn:uuid:1", name: "Zoë \"Z\" Kravitz", cadence: "3w", cadenceText: "every 3 weeks", met: "PyCon",
                            into: nil, notes: "line\nbreak", tags: ["a", "b"], links: [],
                            emails: [ContactPointInfo(value: "z@example.org", types: ["work", "pref"], label: "Studio"),
                                     ContactPointInfo(value: "z@b.org", types: [])],
                            phones: [ContactPointInfo(value: "+1 555", types: ["cell"])], organization: "Acme", title: nil, birthday: "--05-17",
                            ignored: false, news: "is now CTO at Acme", addedAt: "2027-05-04T10:00:00.000+02:00",
                            lastContact: nil, lastKind: "call", nextDue: "2027-05-25T10:00:00.000+02:00", overdueRatio: 0.25,
                            wantToMeet: false, due: false, dates: [ImportantDateInfo(label: "joined Plaid", date: "2024-03-01")],
                            related: [RelationshipInfo(name: "Byron", type: "child")], timeZone: "Asia/Tokyo",
                            localTime: "2027-05-04T17:00:00.000+09:00", night: false)
    var untriaged: PersonInfo {
        var copy = person
        copy.cadence = nil
        copy.nextDue = nil
        copy.emails = []
        copy.ignored = true
        return copy
    }
    var interaction: InteractionInfo {
        InteractionInfo(id: 3, personId: 7, personName: "Zoë", kind: "coffee", at: "2027-05-04T10:00:00.000+02:00", note: nil)
    }

    /// Written as a reply (inside "parameters", as on the wire), read back: the same value.
    func assertRoundTrip<T: WireWritable & WireReadable & Equatable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        let reply = VarlinkReply.success(value)
        guard case .success(let parameters) = try VarlinkReply.read(Array(reply.dropLast())) else { return XCTFail("\(T.self)", file: file, line: line) }
        XCTAssertEqual(try T(json: parameters, path: "reply"), value, "\(T.self)", file: file, line: line)
    }

    func testWhatOneSideWritesTheOtherReadsTheSame() throws {
        try assertRoundTrip(person)
        try assertRoundTrip(untriaged)
        try assertRoundTrip(interaction)
        try assertRoundTrip(DueReply(people: [person, untriaged], total: 2, catchUpsPerDay: 2.75, dailyBudget: 2,
                                     birthdays: [BirthdayInfo(personId: 7, name: "Z", date: "2027-05-17", age: nil)],
                                     planned: [PlannedCatchUpInfo(id: 3, personId: 7, person: "Z", kind: "lunch", startsAt: "2026-12-11T12:30:00+01:00",
                                                                  endsAt: "2026-12-11T13:30:00+01:00", place: "Café Central", note: nil, asked: false)]))
        try assertRoundTrip(AddPersonReply(person: person))
        try assertRoundTrip(ListPeopleReply(people: [], total: 0))
        try assertRoundTrip(EditPersonReply(person: person, changed: ["name"], dropped: ["a@b.org"]))
        try assertRoundTrip(ShowPersonReply(person: person, interactions: [interaction], followUps: [], plans: [],
                                            published: [PublishedItemInfo(title: "How we onboard", link: "https://ada.example.org/1", published: nil)]))
        try assertRoundTrip(FeedFetchedParameters(personId: 1, url: "https://a.example/f", ok: false, outcome: "HTTP 404", items: []))
        try assertRoundTrip(LogInteractionParameters(person: "ada", kind: "coffee", at: nil, note: "n", next: ["x"], closes: [1, 2]))
        try assertRoundTrip(ExportParameters(format: "json", after: Int64.max, limit: nil))
        try assertRoundTrip(ExportReply(cards: [ExportCardInfo(uid: "u", name: "n", text: "BEGIN:VCARD\r\n", file: nil)], page: nil, next: 5))
        try assertRoundTrip(NudgesReply(open: [], recent: [NudgeInfo(id: 1, personId: 7, personName: "Z", dueSince: "a", plannedAt: "b",
                                                                     deliveredAt: "c", late: true, status: "open", closedAt: nil, summary: "s",
                                                                     body: "b", deliveredOn: "laptop")],
                                        upcoming: [UpcomingNudgeInfo(personId: 7, personName: "Z", at: "t", kind: "first-contact")]))
        try assertRoundTrip(StatusParameters())
        try assertRoundTrip(GetInfoReply(vendor: "v", product: "p", version: "1", url: "u", interfaces: ["a", "b"]))
    }

    func testAnOptionalFieldThatIsAbsent_isNotWritten() {
        var writer = JSONWriter()
        untriaged.write(to: &writer)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        XCTAssertFalse(text.contains("\"cadence\""), text)
        XCTAssertTrue(text.contains("\"ignored\":true"), text)
    }

    func testAFieldOfTheWrongType_isNamed() {
        XCTAssertThrowsError(try PersonInfo(json: .object(["id": .string("x")]), path: "reply.person")) { error in
            XCTAssertEqual("\(error)", "reply.person.id should be an integer")
        }
        XCTAssertThrowsError(try DueParameters(json: .object(["limit": .bool(true)]), path: "parameters")) { error in
            XCTAssertEqual("\(error)", "parameters.limit should be an integer")
        }
        XCTAssertThrowsError(try LogInteractionParameters(json: .object(["person": .string("ada"), "kind": .string("x"),
                                                                          "closes": .array([.integer(1), .string("2")])]), path: "parameters")) { error in
            XCTAssertEqual("\(error)", "parameters.closes[1] should be an integer")
        }
    }

    /// The checked-in Swift is what the interface makes: nobody edited it by hand, nobody forgot to run the generator.
    func testTheGeneratedFile_isWhatTheInterfaceMakes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root + "/Tests/generate-wire", "--check"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}
