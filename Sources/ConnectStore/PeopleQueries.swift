import ConnectCore
import ConnectJSON
import Foundation

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
        try change("""
            INSERT INTO person (name, name_key, cadence, met, interests, notes, tags, links, added_at, due_override)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(person.name), .text(NameKey.fold(person.name)), .text(person.cadence.description), .optional(person.met),
                  .optional(person.interests), .optional(person.notes), .text(Self.jsonList(person.tags)), .text(Self.jsonList(person.links)),
                  .date(person.addedAt), .optional(person.dueOverride)])
        var saved = person
        saved.id = lastInsertedRowID
        try indexName(of: saved)
        return saved
    }

    /// Writes every field of `person`; re-indexes the name when it changed.
    public func updatePerson(_ person: Person, nameChanged: Bool) throws {
        try change("""
            UPDATE person SET name = ?, name_key = ?, cadence = ?, met = ?, interests = ?, notes = ?, tags = ?, links = ?,
                due_override = ?
            WHERE id = ?
            """, [.text(person.name), .text(NameKey.fold(person.name)), .text(person.cadence.description), .optional(person.met),
                  .optional(person.interests), .optional(person.notes), .text(Self.jsonList(person.tags)), .text(Self.jsonList(person.links)),
                  .optional(person.dueOverride), .integer(person.id)])
        if nameChanged {
            try change("DELETE FROM name_word WHERE person_id = ?", [.integer(person.id)])
            try indexName(of: person)
        }
    }

    private func indexName(of person: Person) throws {
        for word in Set(NameKey.words(person.name)) {
            try change("INSERT OR IGNORE INTO name_word (word, person_id) VALUES (?, ?)", [.text(word), .integer(person.id)])
        }
    }

    /// Deletes a person; their interactions, nudges and name words go with them (foreign keys).
    public func deletePerson(id: Int64) throws {
        try change("DELETE FROM person WHERE id = ?", [.integer(id)])
    }

    public func setDueOverride(personID: Int64, _ date: Date?) throws {
        try change("UPDATE person SET due_override = ? WHERE id = ?", [.optional(date), .integer(personID)])
    }

    public func person(id: Int64) throws -> Person? {
        try first("SELECT \(Self.personColumns) FROM person p WHERE p.id = ?", [.integer(id)], Self.person)
    }

    /// The people with these ids, in no particular order: one statement for any number.
    public func people(ids: some Sequence<Int64>) throws -> [Person] {
        try all("SELECT \(Self.personColumns) FROM json_each(?) j JOIN person p ON p.id = j.value", [.text(Self.idList(ids))], Self.person)
    }

    /// Everyone sorted by name (or only those with `tag`), each with their last interaction: one statement.
    public func listPeople(tag: String?) throws -> [(person: Person, last: LastContact?)] {
        let join = """
            SELECT \(Self.personColumns), i.at, i.kind, i.note FROM person p
            LEFT JOIN interaction i ON i.id = (SELECT id FROM interaction WHERE person_id = p.id ORDER BY at DESC, id DESC LIMIT 1)
            """
        let read: (SQLRow) throws -> (person: Person, last: LastContact?) = { row in (try Self.person(row), Self.lastContact(row, at: 10)) }
        if let tag {
            return try all(join + " WHERE EXISTS (SELECT 1 FROM json_each(p.tags) WHERE json_each.value = ?) ORDER BY p.name COLLATE NOCASE, p.id",
                           [.text(tag.lowercased())], read)
        }
        return try all(join + " ORDER BY p.name COLLATE NOCASE, p.id", [], read)
    }

    /// The id of the person with exactly this name (ignoring case), if any: names are unique.
    public func personID(exactName name: String) throws -> Int64? {
        try first("SELECT id FROM person WHERE name = ? COLLATE NOCASE", [.text(name)]) { $0.int64(0) }
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
        let exact = try all("SELECT id FROM person WHERE name_key = ? LIMIT 2", [.text(key)]) { $0.int64(0) }
        if exact.count == 1, let person = try person(id: exact[0]) { return person }
        // Every query word narrows by the start of some word of the name: an index range each.
        let limit = 51
        let sql = Array(repeating: "SELECT person_id FROM name_word WHERE word >= ? AND word < ?", count: words.count)
            .joined(separator: " INTERSECT ") + " LIMIT \(limit)"
        let ids = try all(sql, words.flatMap { [SQLValue.text($0), .text($0 + "\u{10FFFF}")] }) { $0.int64(0) }
        let candidates = try people(ids: ids).map { NameMatcher.Candidate(id: $0.id, name: $0.name) }.sorted { $0.id < $1.id }
        let id = try NameMatcher.choose(query, among: candidates, total: ids.count == limit ? limit : nil)
        guard let person = try person(id: id) else { throw CoreError.personNotFound(query) }
        return person
    }

    // MARK: Rows

    static func person(_ row: SQLRow) throws -> Person {
        let cadenceText = row.text(2)
        guard let cadence = Cadence.canonical(cadenceText) ?? (try? Cadence.parse(cadenceText)) else {
            throw StoreError.inconsistent(path: "state", reason: "person #\(row.int64(0)) has the cadence '\(cadenceText)', which this connectd cannot read")
        }
        return Person(
            id: row.int64(0), name: row.text(1), cadence: cadence, met: row.optionalText(3), interests: row.optionalText(4),
            notes: row.optionalText(5), tags: jsonList(row.text(6)), links: jsonList(row.text(7)), addedAt: row.date(8),
            dueOverride: row.optionalDate(9))
    }

    static func lastContact(_ row: SQLRow, at index: Int32) -> LastContact? {
        guard !row.isNull(index) else { return nil }
        return LastContact(at: row.date(index), kind: InteractionKind(rawValue: row.text(index + 1)) ?? .other,
                           note: row.optionalText(index + 2))
    }

    static func jsonList(_ list: [String]) -> String {
        guard !list.isEmpty else { return "[]" }
        return String(decoding: JSONWriter.bytes(.array(list.map(JSONValue.string))), as: UTF8.self)
    }

    /// A stored JSON list of strings (the schema's CHECK guarantees an array).
    static func jsonList(_ text: String) -> [String] {
        guard text != "[]", case .array(let elements)? = try? JSONParser.parse(text) else { return [] }
        return elements.compactMap(\.stringValue)
    }
}
