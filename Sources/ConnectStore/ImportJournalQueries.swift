import ConnectCore
import Foundation

/// One import as its journal remembers it: what file, when, and whether it finished or was undone.
public struct ImportRun: Equatable, Sendable {
    public let id: Int64
    public let name: String
    public let format: String
    public let startedAt: Date
    /// Nil while it runs, or when connectd stopped before it finished (it is undone at the next start).
    public let finishedAt: Date?
    public let undoneAt: Date?
    /// The user asked for it to be undone (then a stop in the middle is finished at the next start).
    public let undoStartedAt: Date?
    public let added: Int
    public let updated: Int
}

/// A row an import wrote, in the order it wrote them: undone newest first.
public struct ImportChange: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// A person the import added (`rowID` is the person's id).
        case personAdded = "person-added"
        /// A person the import changed: `before` and `after` are snapshots of the row.
        case personUpdated = "person-updated"
        case interaction, followUp = "follow-up", nudge, prompt, reflection, plan
    }

    public let id: Int64
    public let kind: Kind
    public let rowID: Int64
    public let before: String?
    public let after: String?
}

/// The import journal: every row an import adds or changes is noted in the same savepoint as the
/// change, so that an import that does not finish (a refusal, a client that went away, a crash)
/// is undone exactly, and a finished one can be undone by the user for 30 days.
extension StoreSession {
    public func beginImport(name: String, format: String, at now: Date) throws -> Int64 {
        try change("INSERT INTO import_run (name, format, started_at) VALUES (?, ?, ?)", [.text(name), .text(format), .date(now)])
        return lastInsertedRowID
    }

    public func finishImport(_ run: Int64, at now: Date, added: Int, updated: Int) throws {
        try change("UPDATE import_run SET finished_at = ?, added = ?, updated = ? WHERE id = ?",
                   [.date(now), .integer(Int64(added)), .integer(Int64(updated)), .integer(run)])
    }

    /// The user's undo of a finished import began (in the same transaction as its first page).
    public func markImportUndoing(_ run: Int64, at now: Date) throws {
        try change("UPDATE import_run SET undo_started_at = coalesce(undo_started_at, ?) WHERE id = ?", [.date(now), .integer(run)])
    }

    public func markImportUndone(_ run: Int64, at now: Date) throws {
        try change("UPDATE import_run SET undone_at = ? WHERE id = ?", [.date(now), .integer(run)])
    }

    /// Notes a row the import wrote.
    public func journal(_ run: Int64, _ kind: ImportChange.Kind, rowID: Int64, before: String? = nil, after: String? = nil) throws {
        try change("INSERT INTO import_change (run_id, kind, row_id, before, after) VALUES (?, ?, ?, ?, ?)",
                   [.integer(run), .text(kind.rawValue), .integer(rowID), .optional(before), .optional(after)])
    }

    /// Up to `limit` changes of a run written before change `before`, newest first (undo goes backwards).
    public func importChanges(_ run: Int64, before: Int64, limit: Int) throws -> [ImportChange] {
        try all("""
            SELECT id, kind, row_id, before, after FROM import_change WHERE run_id = ? AND id < ? ORDER BY id DESC LIMIT ?
            """, [.integer(run), .integer(before), .integer(Int64(limit))]) { row in
            ImportChange(id: row.int64(0), kind: ImportChange.Kind(rawValue: row.text(1)) ?? .interaction, rowID: row.int64(2),
                         before: row.optionalText(3), after: row.optionalText(4))
        }
    }

    public func importRun(_ id: Int64) throws -> ImportRun? {
        try first("SELECT \(Self.importRunColumns) FROM import_run WHERE id = ?", [.integer(id)], Self.importRun)
    }

    /// Imports connectd stopped in the middle of: while they ran, or while the user's undo of
    /// one ran.
    public func unfinishedImports() throws -> [ImportRun] {
        try all("""
            SELECT \(Self.importRunColumns) FROM import_run WHERE undone_at IS NULL AND (finished_at IS NULL OR undo_started_at IS NOT NULL) ORDER BY id
            """, [], Self.importRun)
    }

    /// Imports started since `since`, newest first.
    public func importRuns(since: Date, limit: Int) throws -> [ImportRun] {
        try all("SELECT \(Self.importRunColumns) FROM import_run WHERE started_at >= ? ORDER BY id DESC LIMIT ?",
                [.date(since), .integer(Int64(limit))], Self.importRun)
    }

    /// Forgets the journals of imports that ended before `before` (what they changed stays), at
    /// most `limit` noted changes at a time; true when none is left.
    public func purgeImports(before: Date, atMost limit: Int) throws -> Bool {
        try change("""
            DELETE FROM import_change WHERE id IN (SELECT c.id FROM import_run r JOIN import_change c ON c.run_id = r.id
                WHERE coalesce(r.undone_at, r.finished_at) < ? LIMIT ?)
            """, [.date(before), .integer(Int64(limit))])
        guard changesCount < limit else { return false }
        try change("DELETE FROM import_run WHERE coalesce(undone_at, finished_at) < ?", [.date(before)])
        return true
    }

    /// The person's row as one JSON array, in `personColumns` order: what an undo puts back.
    public func personSnapshot(id: Int64) throws -> String? {
        try first("SELECT json_array(\(Self.personColumns)) FROM person p WHERE p.id = ?", [.integer(id)]) { $0.text(0) }
    }

    /// The person a snapshot holds (the same reader as the table's rows).
    public func person(snapshot: String) throws -> Person? {
        let columns = (0..<Self.personColumnCount).map { "json_extract(?1, '$[\($0)]')" }.joined(separator: ", ")
        return try first("SELECT \(columns)", [.text(snapshot)], Self.person)
    }

    static let importRunColumns = "id, name, format, started_at, finished_at, undone_at, undo_started_at, added, updated"

    static func importRun(_ row: SQLRow) -> ImportRun {
        ImportRun(id: row.int64(0), name: row.text(1), format: row.text(2), startedAt: row.date(3), finishedAt: row.optionalDate(4),
                  undoneAt: row.optionalDate(5), undoStartedAt: row.optionalDate(6), added: row.int(7), updated: row.int(8))
    }
}
