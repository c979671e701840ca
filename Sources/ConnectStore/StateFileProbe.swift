import GRDBSQLite

/// Reads an existing state file through a raw read-only SQLite handle, before anything writes to it.
/// Raw on purpose: a GRDB queue would leave libdispatch worker threads behind when released, and
/// those wake the idle daemon every second.
struct StateFileProbe {
    let path: String

    /// The integrity check's verdict ("ok" when healthy), the table names and the applied migrations.
    func read() throws(StoreError) -> (check: String, tables: [String], migrations: [String]) {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw .unreadable(path: path, reason: reason)
        }
        defer { sqlite3_close(handle) }
        let check = try strings(handle, "PRAGMA quick_check").first ?? "no answer"
        let tables = try strings(handle, "SELECT name FROM sqlite_master WHERE type = 'table'")
        let migrations = tables.contains("grdb_migrations") ? try strings(handle, "SELECT identifier FROM grdb_migrations") : []
        return (check, tables, migrations)
    }

    /// The first column of every row of `sql`.
    private func strings(_ handle: OpaquePointer, _ sql: String) throws(StoreError) -> [String] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw .unreadable(path: path, reason: String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        var values: [String] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return values }
            guard step == SQLITE_ROW else { throw .unreadable(path: path, reason: String(cString: sqlite3_errmsg(handle))) }
            values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
    }
}
