import ConnectCore
import Foundation

/// A removed person waiting in the trash.
public struct TrashEntry: Equatable, Sendable {
    /// The entry's own row (never shown: people are named by their own id).
    public let id: Int64
    /// The id the person had, and gets back on restore.
    public let personID: Int64
    public let name: String
    public let removedAt: Date
    public let interactions: Int
    /// The person with their interactions and nudges, as connectd's JSON export writes them.
    public let snapshot: String
}

extension StoreSession {
    public func insertTrash(personID: Int64, name: String, removedAt: Date, interactions: Int, snapshot: String) throws {
        try change("INSERT INTO trash (person_id, name, name_key, removed_at, interactions, snapshot) VALUES (?, ?, ?, ?, ?, ?)",
                   [.integer(personID), .text(name), .text(NameKey.fold(name)), .date(removedAt), .integer(Int64(interactions)), .text(snapshot)])
    }

    /// What was removed since `since`, newest first (at most `limit`).
    public func trash(since: Date, limit: Int) throws -> [TrashEntry] {
        try all("""
            SELECT id, person_id, name, removed_at, interactions, snapshot FROM trash WHERE removed_at >= ? ORDER BY removed_at DESC, id DESC LIMIT ?
            """, [.date(since), .integer(Int64(limit))]) {
            TrashEntry(id: $0.int64(0), personID: $0.int64(1), name: $0.text(2), removedAt: $0.date(3), interactions: $0.int(4), snapshot: $0.text(5))
        }
    }

    public func deleteTrash(id: Int64) throws {
        try change("DELETE FROM trash WHERE id = ?", [.integer(id)])
    }

    /// Forgets for good what was removed before `before`.
    public func purgeTrash(before: Date) throws {
        try change("DELETE FROM trash WHERE removed_at < ?", [.date(before)])
    }
}
