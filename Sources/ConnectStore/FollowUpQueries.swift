import ConnectCore
import Foundation

/// Something the user said they would do next time they are in touch ("send her the onboarding
/// article"), open until closed.
public struct FollowUp: Equatable, Sendable {
    public var id: Int64
    public var personID: Int64
    public var text: String
    public var createdAt: Date
    public var closedAt: Date?

    public init(id: Int64, personID: Int64, text: String, createdAt: Date, closedAt: Date?) {
        self.id = id
        self.personID = personID
        self.text = text
        self.createdAt = createdAt
        self.closedAt = closedAt
    }
}

extension StoreSession {
    static let followUpColumns = "f.id, f.person_id, f.text, f.created_at, f.closed_at"

    public func insertFollowUp(personID: Int64, text: String, at now: Date) throws -> FollowUp {
        try change("INSERT INTO follow_up (person_id, text, created_at) VALUES (?, ?, ?)", [.integer(personID), .text(text), .date(now)])
        return FollowUp(id: lastInsertedRowID, personID: personID, text: text, createdAt: now, closedAt: nil)
    }

    /// A person's open follow-ups, oldest first (their numbers are positions in this list).
    public func openFollowUps(personID: Int64) throws -> [FollowUp] {
        try all("SELECT \(Self.followUpColumns) FROM follow_up f WHERE f.person_id = ? AND f.closed_at IS NULL ORDER BY f.created_at, f.id",
                [.integer(personID)], Self.followUp)
    }

    /// Everyone's open follow-ups, oldest first, with the person's name and each one's number
    /// among that person's open ones (at most `limit`), and how many there are.
    public func openFollowUps(limit: Int) throws -> (items: [(followUp: FollowUp, personName: String, number: Int)], total: Int) {
        let items = try all("""
            SELECT \(Self.followUpColumns), p.name, f.number FROM (
                SELECT *, row_number() OVER (PARTITION BY person_id ORDER BY created_at, id) AS number
                FROM follow_up WHERE closed_at IS NULL
            ) f JOIN person p ON p.id = f.person_id ORDER BY f.created_at, f.id LIMIT ?
            """, [.integer(Int64(limit))]) { (Self.followUp($0), $0.text(5), $0.int(6)) }
        let total = try first("SELECT count(*) FROM follow_up WHERE closed_at IS NULL") { $0.int(0) } ?? 0
        return (items, total)
    }

    public func closeFollowUp(id: Int64, at now: Date) throws {
        try change("UPDATE follow_up SET closed_at = ? WHERE id = ? AND closed_at IS NULL", [.date(now), .integer(id)])
    }

    /// Every follow-up, open or closed, of people with ids in (after, through]: for the export.
    public func archivedFollowUps(personsAfter after: Int64, through last: Int64) throws -> [FollowUp] {
        try all("SELECT \(Self.followUpColumns) FROM follow_up f WHERE f.person_id > ? AND f.person_id <= ? ORDER BY f.person_id, f.created_at, f.id",
                [.integer(after), .integer(last)], Self.followUp)
    }

    /// Adds a follow-up from an export unless the person has it already (same text, same
    /// instant): restoring twice adds nothing. Its id when added.
    public func insertArchivedFollowUp(personID: Int64, text: String, createdAt: Date, closedAt: Date?) throws -> Int64? {
        let known = try first("SELECT 1 FROM follow_up WHERE person_id = ? AND text = ? AND created_at = ? LIMIT 1",
                              [.integer(personID), .text(text), .date(createdAt)]) { _ in true } ?? false
        guard !known else { return nil }
        try change("INSERT INTO follow_up (person_id, text, created_at, closed_at) VALUES (?, ?, ?, ?)",
                   [.integer(personID), .text(text), .date(createdAt), .optional(closedAt)])
        return lastInsertedRowID
    }

    static func followUp(_ row: SQLRow) -> FollowUp {
        FollowUp(id: row.int64(0), personID: row.int64(1), text: row.text(2), createdAt: row.date(3), closedAt: row.optionalDate(4))
    }

    public func deleteFollowUp(id: Int64) throws {
        try change("DELETE FROM follow_up WHERE id = ?", [.integer(id)])
    }
}
