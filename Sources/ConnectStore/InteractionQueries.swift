import ConnectCore
import Foundation

extension StoreSession {
    /// Stores an interaction under its UID (given: one that came from another machine; empty:
    /// made from the person, instant, kind and note, as every machine would make it).
    /// `personUID`: the person's, when the caller has it (else it is read).
    public func insertInteraction(_ interaction: Interaction, loggedAt: Date, personUID known: String? = nil) throws -> Interaction {
        var saved = interaction
        if saved.uid.isEmpty {
            let personUID = try known ?? personUID(id: interaction.personID) ?? ""
            saved.uid = try freeUID(ItemIdentity.interaction(person: personUID, at: interaction.at,
                                                             kind: interaction.kind.rawValue, note: interaction.note), table: "interaction")
        }
        try change("INSERT INTO interaction (person_id, kind, at, note, logged_at, uid) VALUES (?, ?, ?, ?, ?, ?)",
                   [.integer(interaction.personID), .text(interaction.kind.rawValue), .date(interaction.at), .optional(interaction.note),
                    .date(loggedAt), .text(saved.uid)])
        saved.id = lastInsertedRowID
        changes.interaction(saved.id)
        return saved
    }

    /// `uid`, or `uid-2`, `uid-3`… when the table has it already (the same note logged twice in
    /// the same millisecond). The numbering starts after the copies there are (counted in one
    /// range of the index), not at 2 each time: 40,000 copies once took minutes.
    func freeUID(_ uid: String, table: String) throws -> String {
        let sql = "SELECT 1 FROM \(table) WHERE uid = ?"
        guard try first(sql, [.text(uid)], { _ in true }) != nil else { return uid }
        let copies = try first("SELECT count(*) FROM \(table) WHERE uid > ? AND uid < ?", [.text(uid + "-"), .text(uid + ".")]) { $0.int(0) } ?? 0
        var number = copies + 2
        while try first(sql, [.text("\(uid)-\(number)")], { _ in true }) != nil { number += 1 }
        return "\(uid)-\(number)"
    }

    /// The interaction stored under this UID, if any (one that came from another machine).
    public func interactionID(uid: String) throws -> Int64? {
        try first("SELECT id FROM interaction WHERE uid = ?", [.text(uid)]) { $0.int64(0) }
    }

    /// A person's interactions, newest first.
    public func interactions(personID: Int64, limit: Int) throws -> [Interaction] {
        try all("SELECT id, person_id, kind, at, note, uid FROM interaction WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                [.integer(personID), .integer(Int64(limit))], Self.interaction)
    }

    /// Everyone's interactions, newest first, with the person's name.
    public func recentInteractions(limit: Int) throws -> [(interaction: Interaction, personName: String)] {
        try all("""
            SELECT i.id, i.person_id, i.kind, i.at, i.note, i.uid, p.name FROM interaction i JOIN person p ON p.id = i.person_id
            ORDER BY i.at DESC, i.id DESC LIMIT ?
            """, [.integer(Int64(limit))]) { (Self.interaction($0), $0.text(6)) }
    }

    /// The latest interaction of each of these people who has one: one statement.
    public func lastContacts(personIDs: some Sequence<Int64>) throws -> [Int64: LastContact] {
        var result: [Int64: LastContact] = [:]
        try query("""
            SELECT j.value, i.at, i.kind, i.note FROM json_each(?) j
            JOIN interaction i ON i.id = (SELECT id FROM interaction WHERE person_id = j.value ORDER BY at DESC, id DESC LIMIT 1)
            """, [.text(Self.idList(personIDs))]) { row in result[row.int64(0)] = Self.lastContact(row, at: 1) }
        return result
    }

    public func lastContact(personID: Int64) throws -> LastContact? {
        try first("SELECT at, kind, note FROM interaction WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT 1", [.integer(personID)]) {
            Self.lastContact($0, at: 0)
        } ?? nil
    }

    /// The person's most recent interaction that has a note.
    public func latestNote(personID: Int64) throws -> LastContact? {
        try first("SELECT at, kind, note FROM interaction WHERE person_id = ? AND note IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1",
                  [.integer(personID)]) { Self.lastContact($0, at: 0) } ?? nil
    }

    /// When each kind of interaction with the person last happened.
    public func lastContactByKind(personID: Int64) throws -> [(kind: InteractionKind, at: Date)] {
        try all("SELECT kind, max(at) FROM interaction WHERE person_id = ? GROUP BY kind", [.integer(personID)]) {
            (InteractionKind(rawValue: $0.text(0)) ?? .other, $0.date(1))
        }
    }

    /// The interactions in (from, until], oldest first, with the person's name (at most `limit`).
    public func interactions(from: Date, until: Date, limit: Int) throws -> [(interaction: Interaction, personName: String)] {
        try all("""
            SELECT i.id, i.person_id, i.kind, i.at, i.note, i.uid, p.name FROM interaction i JOIN person p ON p.id = i.person_id
            WHERE i.at > ? AND i.at <= ? ORDER BY i.at, i.id LIMIT ?
            """, [.date(from), .date(until), .integer(Int64(limit))]) { (Self.interaction($0), $0.text(6)) }
    }

    /// Interactions per week counted back from `until` (week 0 is the 7 days before it), for
    /// `weeks` weeks: one statement over the time index.
    public func interactionsPerWeek(until: Date, weeks: Int) throws -> [Int] {
        var counts = [Int](repeating: 0, count: weeks)
        try query("""
            SELECT CAST((? - at) / 604800 AS INTEGER), count(*) FROM interaction WHERE at > ? AND at <= ? GROUP BY 1
            """, [.date(until), .date(until.addingTimeInterval(-Double(weeks) * 604_800)), .date(until)]) { row in
            let week = row.int(0)
            if week >= 0, week < weeks { counts[week] += row.int(1) }
        }
        return counts
    }

    /// Interactions by kind in (from, until], most first.
    public func interactionsByKind(from: Date, until: Date) throws -> [(kind: InteractionKind, count: Int)] {
        try all("SELECT kind, count(*) AS n FROM interaction WHERE at > ? AND at <= ? GROUP BY kind ORDER BY n DESC, kind",
                [.date(from), .date(until)]) { (InteractionKind(rawValue: $0.text(0)) ?? .other, $0.int(1)) }
    }

    /// How many interactions one person has (before removing them: the count in memory follows).
    public func interactionCount(personID: Int64) throws -> Int {
        try first("SELECT count(*) FROM interaction WHERE person_id = ?", [.integer(personID)]) { $0.int(0) } ?? 0
    }

    public func interactionCount() throws -> Int {
        try first("SELECT count(*) FROM interaction") { $0.int(0) } ?? 0
    }

    static func interaction(_ row: SQLRow) -> Interaction {
        Interaction(id: row.int64(0), personID: row.int64(1), kind: InteractionKind(rawValue: row.text(2)) ?? .other, at: row.date(3),
                    note: row.optionalText(4), uid: row.optionalText(5) ?? "")
    }

    /// Deletes an interaction (an import's, undone); returns whose it was, nil when it is gone already.
    public func deleteInteraction(id: Int64) throws -> Int64? {
        guard let (personID, uid) = try first("SELECT person_id, uid FROM interaction WHERE id = ?", [.integer(id)], { ($0.int64(0), $0.optionalText(1)) })
        else { return nil }
        try change("DELETE FROM interaction WHERE id = ?", [.integer(id)])
        changes.card(personID)
        changes.removedItem(uid: uid ?? "", isNudge: false)
        return personID
    }
}
