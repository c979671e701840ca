import ConnectUnix
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's state on disk: one SQLite file in WAL mode with `synchronous=FULL`, so a
/// transaction that committed is on disk. One connection for the daemon's life; the caller
/// decides the transactions (`session` for manual control, `read` / `write` for one each).
public final class Store {
    public let path: String
    private let queue: DatabaseQueue
    /// What writes touched since the mirror last looked.
    public let changes = ChangeLog()
    private let touched = TouchedPeople()
    private let counts = CountsUntilWrite()

    /// Opens (creating if needed) the database at `path`. An existing file is first checked
    /// without writing anything: if it is not a healthy connectd database it is never touched.
    /// Modes of existing files are never changed; new files are private through the umask.
    /// `durable: false` is for throwaway state only (a simulation's): commits are not synced.
    public init(path: String, durable: Bool = true) throws(StoreError) {
        self.path = path
        let directory = PrivateDirectory.parentPath(path)
        do {
            try PrivateDirectory.ensure(directory)
        } catch {
            throw .unsafeDirectory(error.description)
        }
        guard Store.isWritable(directory) else { throw .readOnly(path: directory) }
        if FileManager.default.fileExists(atPath: path) {
            guard Store.isWritable(path) else { throw .readOnly(path: path) }
            try Store.checkExisting(path: path)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.label = "connectd.state"
        config.prepareDatabase { db in
            // Before the migrations: the search index (v17) is made with it.
            db.add(tokenizer: SearchTokenizer.self)
            // Set here rather than with `journalMode = .wal`, which would lower synchronous to NORMAL:
            // a write must be on disk before the client hears it succeeded.
            // Small pages for a new file (an existing file keeps its own): a write touches a handful of
            // B-tree pages, and each is written to the WAL and synced, so 1 KiB pages make a durable
            // write ~20 % cheaper than 4 KiB ones (measured here: 5,000 vs 4,100 commits/s).
            try db.execute(sql: "PRAGMA page_size = 1024")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF")
            // A small page cache: the schedule lives in memory; SQLite serves lookups and lists.
            try db.execute(sql: "PRAGMA cache_size = -1024")
            // An import's own bookkeeping (`ImportScratchQueries`): temporary, in a file, so that
            // the memory of an import of any size stays bounded.
            try db.execute(sql: """
                PRAGMA temp_store = FILE;
                PRAGMA temp.cache_size = -1024;
                CREATE TEMP TABLE IF NOT EXISTS import_scratch (
                    import INTEGER NOT NULL, key TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (import, key)
                ) WITHOUT ROWID;
                """)
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw .cannotOpen(path: path, reason: StoreError.reason(error))
        }
        do {
            try Schema.migrator.migrate(queue)
        } catch let error as DatabaseError where error.message?.contains("duplicate column") == true || error.message?.contains("already exists") == true {
            throw .inconsistent(path: path, reason: "a migration is recorded as missing but its changes are there: \(error.message ?? "")")
        } catch {
            throw .cannotOpen(path: path, reason: StoreError.reason(error))
        }
        do {
            try queue.inDatabase { db in
                touched.register(on: db)
                try db.execute(sql: StoreSession.touchTriggers)
                try db.execute(sql: SearchIndex.triggers)
                try db.inTransaction {
                    try SearchIndex.refreshIfStale(db)
                    return .commit
                }
            }
        } catch {
            throw .cannotOpen(path: path, reason: StoreError.reason(error))
        }
    }

    /// Writable for us, and meant to be: the owner's write bit is set (root could write anyway, but
    /// a file its owner made read-only is the user's protection, which we keep).
    private static func isWritable(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_mode & S_IWUSR != 0 && access(path, W_OK) == 0
    }

    /// Refuses a file that SQLite cannot read, that is some other application's database, or
    /// that was migrated by a newer connectd. After an unclean shutdown (a `-wal` file with
    /// content) the file's structure is checked too (`quick_check`), which reads all of it.
    private static func checkExisting(path: String) throws(StoreError) {
        var info = stat()
        let uncleanShutdown = stat(path + "-wal", &info) == 0 && info.st_size > 0
        let (check, tables, migrations) = try StateFileProbe(path: path).read(deep: uncleanShutdown)
        guard check == "ok" else { throw .unreadable(path: path, reason: "integrity check: \(check)") }
        if tables.isEmpty { return }
        guard tables.contains("grdb_migrations") else {
            throw .unreadable(path: path, reason: "it is an SQLite database, but not one of connectd")
        }
        let unknown = Set(migrations).subtracting(Schema.migrator.migrations)
        guard unknown.isEmpty else { throw .newerSchema(path: path, unknown: unknown.sorted()) }
    }

    /// Runs `body` on the connection; statements outside an explicit transaction commit one by
    /// one. For callers that run their own transactions (the request dispatcher's group commit).
    public func session<T>(_ body: (StoreSession) throws -> T) rethrows -> T {
        try queue.inDatabase { db in try body(StoreSession(db: db, changes: changes, touched: touched, counts: counts)) }
    }

    /// Runs `body` in a read transaction.
    public func read<T>(_ body: (StoreSession) throws -> T) throws -> T {
        do {
            return try queue.read { db in try body(StoreSession(db: db, changes: changes, touched: touched, counts: counts)) }
        } catch let error as DatabaseError {
            throw StoreError.readFailed(reason: StoreError.reason(error))
        }
    }

    /// Runs `body` in one write transaction, committed durably before this returns. Any error rolls
    /// everything back; database failures (disk full, I/O) surface as `StoreError.writeFailed`.
    public func write<T>(_ body: (StoreSession) throws -> T) throws -> T {
        do {
            return try queue.write { db in try body(StoreSession(db: db, changes: changes, touched: touched, counts: counts)) }
        } catch let error as DatabaseError {
            throw StoreError.writeFailed(reason: StoreError.reason(error))
        }
    }

    /// Gives SQLite's caches back to the system (after a burst of large reads).
    public func releaseMemory() {
        queue.releaseMemory()
    }

    /// Closes the connection (checkpointing the WAL). Further calls fail.
    public func close() throws {
        try queue.close()
    }
}

extension StoreError {
    /// A database error in words a user can act on.
    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL: return "the disk is full"
            case .SQLITE_NOTADB: return "the file is not an SQLite database"
            case .SQLITE_CORRUPT: return "the database is corrupt"
            case .SQLITE_READONLY: return "the database is read-only"
            case .SQLITE_CANTOPEN: return "the file cannot be opened"
            case .SQLITE_IOERR: return "an I/O error (\(error.message ?? "disk"))"
            default: return error.message ?? "\(error.resultCode)"
            }
        }
        return "\(error)"
    }

    /// Any error thrown inside a transaction, as the store's error.
    public static func wrapping(_ error: any Error, writing: Bool) -> any Error {
        guard error is DatabaseError else { return error }
        return writing ? StoreError.writeFailed(reason: reason(error)) : StoreError.readFailed(reason: reason(error))
    }
}
