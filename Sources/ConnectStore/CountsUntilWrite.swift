import GRDB
import GRDBSQLite

/// Counts a read asks for often and only a write can change (how many proposals are open, for
/// every `status`), kept until the connection's next change of any row: SQLite's own count of
/// rows changed (`sqlite3_total_changes64`, a field read, no lock) is the version. That count
/// does not go back when changes are rolled back, so a rollback forgets the counts too. Not a second
/// copy of the state: a count made from SQLite and dropped with the first write after it.
/// (Asking SQLite on every Status took a read transaction's file locks each time: 59,000 ->
/// 49,700 Status calls/s with 8 clients.)
final class CountsUntilWrite: @unchecked Sendable {
    private var version: Int64 = -1
    private var counts: [String: Int] = [:]

    func forget() {
        counts = [:]
        version = -1
    }

    /// The count under `key`, made by `count` unless no row changed since it was made last.
    func value(_ key: String, on db: Database, count: () throws -> Int) rethrows -> Int {
        let now = sqlite3_total_changes64(db.sqliteConnection)
        if now != version {
            counts = [:]
            version = now
        }
        if let known = counts[key] { return known }
        let made = try count()
        counts[key] = made
        return made
    }
}
