import ConnectCore
import ConnectJSON
import Foundation
import GRDB

/// The last interaction with someone, as lists and replies show it.
public struct LastContact: Equatable, Sendable {
    public let at: Date
    public let kind: InteractionKind
    public let note: String?
    public init(at: Date, kind: InteractionKind, note: String? = nil) {
        self.at = at
        self.kind = kind
        self.note = note
    }
}

extension StoreSession {
    static let personColumns = "p.id, p.name, p.cadence, p.met, p.interests, p.notes, p.tags, p.links, p.added_at, p.due_override"

    /// Inserts a person (and the words their name is found by) and returns it with its new id.
    public func insertPerson(_ person: Person) throws -> Person {
        try execute("""
            INSERT INTO person (name, name_key, cadence, met, interests, notes, tags, links, added_at, due_override)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [person.name, NameKey.fold(person.name), person.cadence.description, person.met, person.interests, person.notes,
                  Self.jsonList(person.tags), Self.jsonList(person.links), person.addedAt.stored, person.dueOverride?.stored])
        var saved = person
        saved.id = lastInsertedRowID
        try indexName(of: saved)
        return saved
    }

    /// Writes every field of `person`; re-indexes the name when it changed.
    public func updatePerson(_ person: Person, nameChanged: Bool) throws {
        try execute("""
            UPDATE person SET name = ?, name_key = ?, cadence = ?, met = ?, interests = ?, notes = ?, tags = ?, links = ?,
                due_override = ?
            WHERE id = ?
            """, [person.name, NameKey.fold(person.name), person.cadence.description, person.met, person.interests, person.notes,
                  Self.jsonList(person.tags), Self.jsonList(person.links), person.dueOverride?.stored, person.id])
        if nameChanged {
            try execute("DELETE FROM name_word WHERE person_id = ?", [person.id])
            try indexName(of: person)
        }
    }

    private func indexName(of person: Person) throws {
        for word in Set(NameKey.words(person.name)) {
            try execute("INSERT OR IGNORE INTO name_word (word, person_id) VALUES (?, ?)", [word, person.id])
        }
    }

    /// Deletes a person; their interactions, nudges and name words go with them (foreign keys).
    public func deletePerson(id: Int64) throws {
        try execute("DELETE FROM person WHERE id = ?", [id])
    }

    public func setDueOverride(personID: Int64, _ date: Date?) throws {
        try execute("UPDATE person SET due_override = ? WHERE id = ?", [date?.stored, personID])
    }

    public func person(id: Int64) throws -> Person? {
        try row("SELECT \(Self.personColumns) FROM person p WHERE p.id = ?", [id]).map(Self.person)
    }

    /// The people with these ids, in no particular order: one statement for any number.
    public func people(ids: some Sequence<Int64>) throws -> [Person] {
        try rows("SELECT \(Self.personColumns) FROM json_each(?) j JOIN person p ON p.id = j.value", [Self.idList(ids)]).map(Self.person)
    }

    /// Everyone sorted by name (or only those with `tag`), each with their last interaction: one statement.
    public func listPeople(tag: String?) throws -> [(person: Person, last: LastContact?)] {
        let join = """
            SELECT \(Self.personColumns), i.at, i.kind, i.note FROM person p
            LEFT JOIN interaction i ON i.id = (SELECT id FROM interaction WHERE person_id = p.id ORDER BY at DESC, id DESC LIMIT 1)
            """
        let rows: [Row]
        if let tag {
            rows = try self.rows(join + " WHERE EXISTS (SELECT 1 FROM json_each(p.tags) WHERE json_each.value = ?) ORDER BY p.name COLLATE NOCASE, p.id",
                                 [tag.lowercased()])
        } else {
            rows = try self.rows(join + " ORDER BY p.name COLLATE NOCASE, p.id")
        }
        return try rows.map { row in (try Self.person(row), Self.lastContact(row, at: 10)) }
    }

    /// The id of the person with exactly this name (ignoring case), if any: names are unique.
    public func personID(exactName name: String) throws -> Int64? {
        try value(Int64.self, "SELECT id FROM person WHERE name = ? COLLATE NOCASE", [name])
    }

    /// The one person `query` names (an id, the whole name, or prefixes of its words, without case,
    /// accents or width), found through indexes; or `personNotFound` / `ambiguousName`.
    public func findPerson(_ query: String) throws -> Person {
        if let id = NameMatcher.id(in: query) {
            guard let person = try person(id: id) else { throw CoreError.personNotFound(query) }
            return person
        }
        let key = NameKey.fold(query)
        let words = key.split(separator: " ").map(String.init)
        guard !words.isEmpty, words.count <= 8 else { throw CoreError.personNotFound(query) }
        let exact = try rows("SELECT id FROM person WHERE name_key = ? LIMIT 2", [key])
        if exact.count == 1, let person = try person(id: exact[0][0]) { return person }
        // Every query word narrows by the start of some word of the name: an index range each.
        let limit = 51
        let sql = Array(repeating: "SELECT person_id FROM name_word WHERE word >= ? AND word < ?", count: words.count)
            .joined(separator: " INTERSECT ") + " LIMIT \(limit)"
        let arguments = StatementArguments(words.flatMap { [$0, $0 + "\u{10FFFF}"] })
        let ids = try rows(sql, arguments).map { $0[0] as Int64 }
        let candidates = try people(ids: ids).map { NameMatcher.Candidate(id: $0.id, name: $0.name) }.sorted { $0.id < $1.id }
        let id = try NameMatcher.choose(query, among: candidates, total: ids.count == limit ? limit : nil)
        guard let person = try person(id: id) else { throw CoreError.personNotFound(query) }
        return person
    }

    // MARK: Rows

    static func person(_ row: Row) throws -> Person {
        let cadenceText: String = row[2]
        guard let cadence = Cadence.canonical(cadenceText) ?? (try? Cadence.parse(cadenceText)) else {
            throw StoreError.inconsistent(path: "state", reason: "person #\(row[0] as Int64) has the cadence '\(cadenceText)', which this connectd cannot read")
        }
        return Person(
            id: row[0], name: row[1], cadence: cadence, met: row[3], interests: row[4], notes: row[5],
            tags: jsonList(row[6]), links: jsonList(row[7]), addedAt: date(row, 8), dueOverride: optionalDate(row, 9))
    }

    static func lastContact(_ row: Row, at index: Int) -> LastContact? {
        guard let at: Double = row[index], let kind: String = row[index + 1] else { return nil }
        return LastContact(at: Date(timeIntervalSince1970: at), kind: InteractionKind(rawValue: kind) ?? .other, note: row[index + 2])
    }

    static func jsonList(_ list: [String]) -> String {
        String(decoding: JSONWriter.bytes(.array(list.map(JSONValue.string))), as: UTF8.self)
    }

    /// A stored JSON list of strings (the schema's CHECK guarantees an array).
    static func jsonList(_ text: String) -> [String] {
        guard case .array(let elements)? = try? JSONParser.parse(text) else { return [] }
        return elements.compactMap(\.stringValue)
    }
}
