import ConnectCore
import Foundation

extension StoreSession {
    /// Stores an interaction under its UID (given: one that came from another machine; empty:
    /// made from the person, instant, kind and note, as every machine would make it).
    /// `personUID`: the person's, when the caller has it (else it is read). The people it is
    /// `with` are stored beside it (the person themselves and repeats are left out).
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
        saved.with = []
        for companion in interaction.with where companion.id != interaction.personID && !saved.with.contains(where: { $0.id == companion.id }) {
            try change("INSERT INTO interaction_with (interaction_id, person_id) VALUES (?, ?)", [.integer(saved.id), .integer(companion.id)])
            saved.with.append(companion)
        }
        changes.interaction(saved.id)
        return saved
    }

    /// Adds someone to an interaction they were at (a restored person back at a shared lunch,
    /// one who came later from another machine), unless it has `most` people already.
    public func addCompanion(personID: Int64, toInteraction id: Int64, most: Int) throws {
        try change("""
            INSERT OR IGNORE INTO interaction_with (interaction_id, person_id)
            SELECT id, ?1 FROM interaction WHERE id = ?2 AND person_id != ?1
                AND (SELECT count(*) FROM interaction_with WHERE interaction_id = ?2) < ?3 - 1
            """, [.integer(personID), .integer(id), .integer(Int64(most))])
        changes.interaction(id)
    }

    /// Everyone at an interaction: the person it was logged for first.
    public func people(atInteraction id: Int64) throws -> [Int64] {
        try all("SELECT person_id FROM interaction WHERE id = ?1 UNION ALL SELECT person_id FROM interaction_with WHERE interaction_id = ?1",
                [.integer(id)]) { $0.int64(0) }
    }

    /// Before a person is deleted: each interaction of theirs that others were at becomes the
    /// one of the others with the smallest UID (the same choice on every machine), so it stays
    /// in the others' history (the rest go with the person).
    func handOverSharedInteractions(of person: Person) throws {
        let personID = person.id
        let shared = try all("""
            SELECT i.id, (SELECT w.person_id FROM interaction_with w JOIN person p ON p.id = w.person_id WHERE w.interaction_id = i.id
                          ORDER BY p.uid LIMIT 1) FROM interaction i
            WHERE i.person_id = ? AND EXISTS (SELECT 1 FROM interaction_with w WHERE w.interaction_id = i.id)
            """, [.integer(personID)]) { ($0.int64(0), $0.int64(1)) }
        for (id, heir) in shared {
            try change("DELETE FROM interaction_with WHERE interaction_id = ? AND person_id = ?", [.integer(id), .integer(heir)])
            try change("UPDATE interaction SET person_id = ? WHERE id = ?", [.integer(heir), .integer(id)])
            changes.handedOver(id, from: person.uid)
        }
        // Where they were one of the others, the file names one person fewer.
        try query("SELECT interaction_id FROM interaction_with WHERE person_id = ?", [.integer(personID)]) {
            changes.handedOver($0.int64(0), from: person.uid)
        }
    }

    /// The columns `interaction(_:)` reads, `subject` being whose interaction it is: the
    /// person it was logged for (`i.person_id`) or the one whose history this is. The others
    /// come as `id 0x1F name` joined by 0x1E, by id (looked up only when the interaction has
    /// others: most have none).
    static func interactionColumns(subject: String) -> String {
        """
        i.id, \(subject), i.kind, i.at, i.note, i.uid,
            CASE WHEN EXISTS (SELECT 1 FROM interaction_with w WHERE w.interaction_id = i.id) THEN (
                SELECT group_concat(op.id || char(31) || op.name, char(30)) FROM person op
                WHERE op.id IN (SELECT i.person_id UNION ALL SELECT w.person_id FROM interaction_with w WHERE w.interaction_id = i.id)
                    AND op.id != \(subject))
            END
        """
    }

    /// How many columns `interactionColumns` are.
    static let interactionColumnCount: Int32 = 7

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

    /// A person's interactions (theirs, and the ones they were at with others, seen as theirs),
    /// newest first: each part reads only its newest `limit` from its index (someone with
    /// 15,000 interactions is not read whole for a page of 20).
    public func interactions(personID: Int64, limit: Int) throws -> [Interaction] {
        try all("""
            SELECT \(Self.interactionColumns(subject: "?1")) FROM (
                SELECT * FROM (SELECT id, at FROM interaction WHERE person_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2)
                UNION ALL
                SELECT * FROM (SELECT i.id, i.at FROM interaction_with w JOIN interaction i ON i.id = w.interaction_id
                               WHERE w.person_id = ?1 ORDER BY i.at DESC, i.id DESC LIMIT ?2)
            ) s JOIN interaction i ON i.id = s.id ORDER BY s.at DESC, s.id DESC LIMIT ?2
            """, [.integer(personID), .integer(Int64(limit))], Self.interaction)
    }

    /// Everyone's interactions, newest first, with the name of the person each was logged for.
    public func recentInteractions(limit: Int) throws -> [(interaction: Interaction, personName: String)] {
        try all("""
            SELECT \(Self.interactionColumns(subject: "i.person_id")), p.name FROM interaction i JOIN person p ON p.id = i.person_id
            ORDER BY i.at DESC, i.id DESC LIMIT ?
            """, [.integer(Int64(limit))]) { (Self.interaction($0), $0.text(Self.interactionColumnCount)) }
    }

    /// The latest interaction of each of these people who has one (one they were at with
    /// others counts): one statement.
    public func lastContacts(personIDs: some Sequence<Int64>) throws -> [Int64: LastContact] {
        var result: [Int64: LastContact] = [:]
        try query("""
            SELECT j.value, i.at, i.kind, i.note FROM json_each(?) j
            JOIN interaction i ON i.id = (\(Self.latestInteraction(of: "j.value")))
            """, [.text(Self.idList(personIDs))]) { row in result[row.int64(0)] = Self.lastContact(row, at: 1) }
        return result
    }

    /// The id of the person's latest interaction: SQL for a subquery (`person` an expression,
    /// such as another table's column). Not through `interaction_of`: SQLite (3.40) does not
    /// carry a condition on another table's column into a view's parts, and would read every
    /// interaction for each person; each part here reads one row of its index.
    static func latestInteraction(of person: String) -> String {
        """
        SELECT x.id FROM (
            SELECT * FROM (SELECT id, at FROM interaction WHERE person_id = \(person) ORDER BY at DESC, id DESC LIMIT 1)
            UNION ALL
            SELECT * FROM (SELECT i.id, i.at FROM interaction_with w JOIN interaction i ON i.id = w.interaction_id
                           WHERE w.person_id = \(person) ORDER BY i.at DESC, i.id DESC LIMIT 1)
        ) x ORDER BY x.at DESC, x.id DESC LIMIT 1
        """
    }

    /// When the person's latest interaction was: SQL for a subquery, as `latestInteraction`.
    static func latestContactTime(of person: String) -> String {
        """
        SELECT max(x.at) FROM (
            SELECT max(at) AS at FROM interaction WHERE person_id = \(person)
            UNION ALL
            SELECT max(i.at) FROM interaction_with w JOIN interaction i ON i.id = w.interaction_id WHERE w.person_id = \(person)
        ) x
        """
    }

    /// The person's latest interaction, with the names of the others who were there.
    public func lastContact(personID: Int64) throws -> LastContact? {
        guard let latest = try first("""
            SELECT \(Self.interactionColumns(subject: "?1")) FROM interaction i WHERE i.id = (\(Self.latestInteraction(of: "?1")))
            """, [.integer(personID)], Self.interaction) else { return nil }
        return LastContact(at: latest.at, kind: latest.kind, note: latest.note, with: latest.with.map(\.name))
    }

    /// The person's most recent interaction that has a note.
    public func latestNote(personID: Int64) throws -> LastContact? {
        try first("SELECT at, kind, note FROM interaction_of WHERE person_id = ? AND note IS NOT NULL ORDER BY at DESC, interaction_id DESC LIMIT 1",
                  [.integer(personID)]) { Self.lastContact($0, at: 0) } ?? nil
    }

    /// When each kind of interaction with the person last happened.
    public func lastContactByKind(personID: Int64) throws -> [(kind: InteractionKind, at: Date)] {
        try all("SELECT kind, max(at) FROM interaction_of WHERE person_id = ? GROUP BY kind", [.integer(personID)]) {
            (InteractionKind(rawValue: $0.text(0)) ?? .other, $0.date(1))
        }
    }

    /// The interactions in (from, until], oldest first, with the name of the person each was
    /// logged for (at most `limit`).
    public func interactions(from: Date, until: Date, limit: Int) throws -> [(interaction: Interaction, personName: String)] {
        try all("""
            SELECT \(Self.interactionColumns(subject: "i.person_id")), p.name FROM interaction i JOIN person p ON p.id = i.person_id
            WHERE i.at > ? AND i.at <= ? ORDER BY i.at, i.id LIMIT ?
            """, [.date(from), .date(until), .integer(Int64(limit))]) { (Self.interaction($0), $0.text(Self.interactionColumnCount)) }
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

    /// How many interactions one person was at (before removing them: the count in memory follows).
    public func interactionCount(personID: Int64) throws -> Int {
        try first("SELECT count(*) FROM interaction_of WHERE person_id = ?", [.integer(personID)]) { $0.int(0) } ?? 0
    }

    public func interactionCount() throws -> Int {
        try first("SELECT count(*) FROM interaction") { $0.int(0) } ?? 0
    }

    static func interaction(_ row: SQLRow) -> Interaction {
        let with = (row.optionalText(6) ?? "").split(separator: "\u{1E}").compactMap { pair -> Interaction.Companion? in
            let parts = pair.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let id = Int64(parts[0]) else { return nil }
            return Interaction.Companion(id: id, name: String(parts[1]))
        }
        return Interaction(id: row.int64(0), personID: row.int64(1), kind: InteractionKind(rawValue: row.text(2)) ?? .other, at: row.date(3),
                           note: row.optionalText(4), uid: row.optionalText(5) ?? "", with: with)
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
