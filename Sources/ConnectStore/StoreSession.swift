import ConnectCore
import Foundation
import GRDB

/// The queries and changes of one transaction. Obtained from `Store.read` / `Store.write` only.
public struct StoreSession {
    let db: Database

    // MARK: People

    /// Inserts a person and returns it with its new id.
    public func insert(_ person: Person) throws -> Person {
        try db.execute(
            sql: """
                INSERT INTO person (name, cadence, met, interests, notes, tags, links, added_at, due_override)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [person.name, person.cadence.description, person.met, person.interests, person.notes,
                        Self.json(person.tags), Self.json(person.links), person.addedAt.timeIntervalSince1970,
                        person.dueOverride?.timeIntervalSince1970])
        var saved = person
        saved.id = db.lastInsertedRowID
        return saved
    }

    public func update(_ person: Person) throws {
        try db.execute(
            sql: """
                UPDATE person SET name = ?, cadence = ?, met = ?, interests = ?, notes = ?, tags = ?, links = ?,
                    due_override = ?
                WHERE id = ?
                """,
            arguments: [person.name, person.cadence.description, person.met, person.interests, person.notes,
                        Self.json(person.tags), Self.json(person.links), person.dueOverride?.timeIntervalSince1970, person.id])
    }

    /// Deletes a person; their interactions go with them (foreign key cascade).
    public func deletePerson(id: Int64) throws {
        try db.execute(sql: "DELETE FROM person WHERE id = ?", arguments: [id])
    }

    public func person(id: Int64) throws -> Person? {
        try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = ?", arguments: [id]).map(Self.person)
    }

    /// The id of the person with exactly this name (case-insensitive), if any.
    public func personID(named name: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM person WHERE name = ? COLLATE NOCASE", arguments: [name])
    }

    /// Everyone sorted by name, or only those carrying `tag` (case-insensitive).
    public func people(tag: String? = nil) throws -> [Person] {
        if let tag {
            return try Row.fetchAll(db, sql: """
                SELECT * FROM person
                WHERE EXISTS (SELECT 1 FROM json_each(person.tags) WHERE lower(json_each.value) = lower(?))
                ORDER BY name COLLATE NOCASE, id
                """, arguments: [tag]).map(Self.person)
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM person ORDER BY name COLLATE NOCASE, id").map(Self.person)
    }

    /// Ids and names only: what name matching needs.
    public func nameCandidates() throws -> [NameMatcher.Candidate] {
        try Row.fetchAll(db, sql: "SELECT id, name FROM person").map { NameMatcher.Candidate(id: $0["id"], name: $0["name"]) }
    }

    public func peopleCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM person") ?? 0
    }

    // MARK: Interactions

    public func insert(_ interaction: Interaction, loggedAt: Date) throws -> Interaction {
        try db.execute(
            sql: "INSERT INTO interaction (person_id, kind, at, note, logged_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [interaction.personID, interaction.kind.rawValue, interaction.at.timeIntervalSince1970,
                        interaction.note, loggedAt.timeIntervalSince1970])
        var saved = interaction
        saved.id = db.lastInsertedRowID
        return saved
    }

    /// Newest first; of one person or of everyone.
    public func interactions(personID: Int64? = nil, limit: Int) throws -> [Interaction] {
        if let personID {
            return try Row.fetchAll(db, sql: "SELECT * FROM interaction WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                                    arguments: [personID, limit]).map(Self.interaction)
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM interaction ORDER BY at DESC, id DESC LIMIT ?",
                                arguments: [limit]).map(Self.interaction)
    }

    /// The latest interaction of every person who has one, by person id.
    public func lastInteractions() throws -> [Int64: Interaction] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT i.* FROM interaction i
            WHERE i.id = (SELECT id FROM interaction WHERE person_id = i.person_id ORDER BY at DESC, id DESC LIMIT 1)
            """)
        var result: [Int64: Interaction] = [:]
        for interaction in rows.map(Self.interaction) { result[interaction.personID] = interaction }
        return result
    }

    public func interactionCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM interaction") ?? 0
    }

    // MARK: Row mapping

    static func person(_ row: Row) -> Person {
        let cadenceText: String = row["cadence"]
        return Person(
            id: row["id"], name: row["name"],
            cadence: (try? Cadence.parse(cadenceText)) ?? Cadence(count: 3, unit: .week),
            met: row["met"], interests: row["interests"], notes: row["notes"],
            tags: decode(row["tags"]), links: decode(row["links"]),
            addedAt: Date(timeIntervalSince1970: row["added_at"]),
            dueOverride: (row["due_override"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    static func interaction(_ row: Row) -> Interaction {
        let kind: String = row["kind"]
        return Interaction(
            id: row["id"], personID: row["person_id"], kind: InteractionKind(rawValue: kind) ?? .other,
            at: Date(timeIntervalSince1970: row["at"]), note: row["note"])
    }

    static func json(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    private static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
