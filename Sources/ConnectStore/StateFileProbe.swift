import GRDBSQLite

/// Reads an existing state file before anything writes to it, through a raw SQLite handle opened
/// with `immutable=1`: it creates no `-wal` or `-shm` file and takes no lock, so a file we refuse
/// is left exactly as it was. Raw on purpose: a GRDB queue would leave libdispatch worker threads
/// behind when released, and those wake the idle daemon every second.
struct StateFileProbe {
    let path: String

    /// The table names, the applied migrations, and (when `deep`) the quick_check verdict.
    func read(deep: Bool) throws(StoreError) -> (check: String, tables: [String], migrations: [String]) {
        var handle: OpaquePointer?
        let uri = "file:" + Self.escape(path) + "?immutable=1"
        guard sqlite3_open_v2(uri, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK, let handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw .unreadable(path: path, reason: reason)
        }
        defer { sqlite3_close(handle) }
        let tables = try strings(handle, "SELECT name FROM sqlite_master WHERE type = 'table'")
        let migrations = tables.contains("grdb_migrations") ? try strings(handle, "SELECT identifier FROM grdb_migrations") : []
        let check = deep ? (try strings(handle, "PRAGMA quick_check").first ?? "no answer") : "ok"
        return (check, tables, migrations)
    }

    /// A path inside a `file:` URI: `%`, `?` and `#` would end it.
    static func escape(_ path: String) -> String {
        var result = ""
        for character in path {
            switch character {
            case "%": result += "%25"
            case "?": result += "%3f"
            case "#": result += "%23"
            default: result.append(character)
            }
        }
        return result
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
