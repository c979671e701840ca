import ConnectCore
import Foundation
import GRDB

extension StoreSession {
    public func insertInteraction(_ interaction: Interaction, loggedAt: Date) throws -> Interaction {
        try execute("INSERT INTO interaction (person_id, kind, at, note, logged_at) VALUES (?, ?, ?, ?, ?)",
                    [interaction.personID, interaction.kind.rawValue, interaction.at.stored, interaction.note, loggedAt.stored])
        var saved = interaction
        saved.id = lastInsertedRowID
        return saved
    }

    /// A person's interactions, newest first.
    public func interactions(personID: Int64, limit: Int) throws -> [Interaction] {
        try rows("SELECT id, person_id, kind, at, note FROM interaction WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                 [personID, limit]).map(Self.interaction)
    }

    /// Everyone's interactions, newest first, with the person's name.
    public func recentInteractions(limit: Int) throws -> [(interaction: Interaction, personName: String)] {
        try rows("""
            SELECT i.id, i.person_id, i.kind, i.at, i.note, p.name FROM interaction i JOIN person p ON p.id = i.person_id
            ORDER BY i.at DESC, i.id DESC LIMIT ?
            """, [limit]).map { (Self.interaction($0), $0[5]) }
    }

    /// The latest interaction of each of these people who has one: one statement.
    public func lastContacts(personIDs: some Sequence<Int64>) throws -> [Int64: LastContact] {
        let rows = try rows("""
            SELECT j.value, i.at, i.kind, i.note FROM json_each(?) j
            JOIN interaction i ON i.id = (SELECT id FROM interaction WHERE person_id = j.value ORDER BY at DESC, id DESC LIMIT 1)
            """, [Self.idList(personIDs)])
        var result: [Int64: LastContact] = [:]
        for row in rows { result[row[0]] = Self.lastContact(row, at: 1) }
        return result
    }

    public func lastContact(personID: Int64) throws -> LastContact? {
        try row("SELECT at, kind, note FROM interaction WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT 1", [personID])
            .flatMap { Self.lastContact($0, at: 0) }
    }

    /// How many interactions one person has (before removing them: the count in memory follows).
    public func interactionCount(personID: Int64) throws -> Int {
        try value(Int.self, "SELECT count(*) FROM interaction WHERE person_id = ?", [personID]) ?? 0
    }

    public func interactionCount() throws -> Int {
        try value(Int.self, "SELECT count(*) FROM interaction") ?? 0
    }

    static func interaction(_ row: Row) -> Interaction {
        let kind: String = row[2]
        return Interaction(id: row[0], personID: row[1], kind: InteractionKind(rawValue: kind) ?? .other, at: date(row, 3), note: row[4])
    }
}
