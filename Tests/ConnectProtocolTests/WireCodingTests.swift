import ConnectJSON
import ConnectProtocol
import XCTest

/// The hand-written writers and readers of the everyday replies against their Codable forms:
/// the same fields, the same values.
final class WireCodingTests: XCTestCase {
    let person = PersonInfo(id: 7, uid: "urn:uuid:1", name: "Zoë \"Z\" Kravitz", cadence: "3w", cadenceText: "every 3 weeks", met: "PyCon",
                            into: nil, notes: "line\nbreak", tags: ["a", "b"], links: [],
                            emails: [ContactPointInfo(value: "z@example.org", types: ["work", "pref"], label: "Studio"), ContactPointInfo(value: "z@b.org")],
                            phones: [ContactPointInfo(value: "+1 555", types: ["cell"])], organization: "Acme", title: nil, birthday: "--05-17",
                            ignored: false, news: "is now CTO at Acme", addedAt: "2027-05-04T10:00:00.000+02:00",
                            lastContact: nil, lastKind: "call", nextDue: "2027-05-25T10:00:00.000+02:00", overdueRatio: 0.25, due: false)
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

    /// As a whole reply (inside "parameters", as on the wire) and alone.
    func assertSame<T: WireWritable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        var writer = JSONWriter()
        value.write(to: &writer)
        let codable = try JSONParser.parse(JSONEncoding.encode(value))
        XCTAssertEqual(try JSONParser.parse(writer.bytes), codable, "\(T.self)", file: file, line: line)
        let reply = VarlinkReply.success(value)
        guard case .success(let parameters) = try VarlinkReply.read(Array(reply.dropLast())) else { return XCTFail("\(T.self)", file: file, line: line) }
        XCTAssertEqual(parameters, codable, "\(T.self) as a reply", file: file, line: line)
    }

    func testHandWrittenWritersMatchCodable() throws {
        try assertSame(person)
        try assertSame(untriaged)
        try assertSame(interaction)
        try assertSame(DueReply(people: [person, untriaged], catchUpsPerDay: 2.75, dailyBudget: 2))
        try assertSame(PersonReply(person: person))
        try assertSame(PeopleReply(people: [person, person]))
        try assertSame(PeopleReply(people: []))
        try assertSame(EditPersonReply(person: person, changed: ["name"]))
        try assertSame(ShowPersonReply(person: person, interactions: [interaction]))
        try assertSame(HistoryReply(interactions: [interaction, interaction]))
        try assertSame(LogInteractionReply(interaction: interaction, person: person))
        try assertSame(DoneReply(interaction: interaction, person: person, closedNudges: 1))
        try assertSame(PostponeReply(person: person, until: "x", closedNudges: 0, changed: true))
        try assertSame(StatusReply(version: "1", pid: 2, startedAt: "s", uptimeSeconds: 3, stateDirectory: "d", database: "db", socket: "so",
                                   timeZone: "UTC", people: 4, interactions: 5, due: 6, openNudges: 7, nextNudge: nil, nextPrompt: "p", streak: 8,
                                   untriaged: 9, catchUpsPerDay: 1.5, dailyBudget: 2))
        try assertSame(ServiceInfo(vendor: "v", product: "p", version: "1", url: "u", interfaces: ["a", "b"]))
    }

    func testHandWrittenReadersReadWhatTheDaemonWrites() throws {
        let reply = ShowPersonReply(person: person, interactions: [interaction])
        let read = try ShowPersonReply(json: JSONParser.parse(JSONEncoding.encode(reply)))
        XCTAssertEqual(read.person, person)
        XCTAssertEqual(read.interactions, [interaction])
        let due = DueReply(people: [untriaged], catchUpsPerDay: 0.5, dailyBudget: 3)
        let readDue = try DueReply(json: JSONParser.parse(JSONEncoding.encode(due)))
        XCTAssertEqual(readDue.people, [untriaged])
        XCTAssertEqual(readDue.dailyBudget, 3)
        let nudges = NudgesReply(open: [], recent: [NudgeInfo(id: 1, personId: 7, personName: "Z", dueSince: "a", plannedAt: "b",
                                                                deliveredAt: "c", late: true, status: "open", closedAt: nil, summary: "s", body: "b")],
                                 upcoming: [UpcomingNudge(personId: 7, personName: "Z", at: "t")])
        let readNudges = try NudgesReply(json: JSONParser.parse(JSONEncoding.encode(nudges)))
        XCTAssertEqual(readNudges.recent, nudges.recent)
        XCTAssertEqual(readNudges.upcoming, nudges.upcoming)
        XCTAssertThrowsError(try PersonInfo(json: .object(["id": .string("x")]), path: "reply.person")) { error in
            XCTAssertEqual("\(error)", "reply.person.id should be an integer")
        }
    }
}
