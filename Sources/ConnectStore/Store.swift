import ConnectCore
import Foundation
import GRDB

/// The daemon's state on disk: one SQLite file in WAL mode with `synchronous=FULL`, so a write that
/// returned has been committed durably. Every command runs in one transaction (`read` / `write`).
public final class Store {
    public let path: String
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the database at `path`. An existing file is first checked through a
    /// read-only connection; if it is not a healthy connectd database it is never written to.
    public init(path: String) throws(StoreError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotOpen(path: directory, reason: "\(error.localizedDescription)")
        }
        if FileManager.default.fileExists(atPath: path) {
            try Store.checkExisting(path: path)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.label = "connectd.state"
        config.prepareDatabase { db in
            // Set here rather than with `journalMode = .wal`, which would lower synchronous to NORMAL:
            // a write must be on disk before the client hears it succeeded.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            try Schema.migrator.migrate(queue)
        } catch {
            throw .cannotOpen(path: path, reason: Store.reason(error))
        }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            chmod(file, 0o600)
        }
    }

    /// Refuses a file that SQLite cannot read, that fails its integrity check, that is some other
    /// application's database, or that was migrated by a newer connectd.
    private static func checkExisting(path: String) throws(StoreError) {
        let (check, tables, migrations) = try StateFileProbe(path: path).read()
        guard check == "ok" else { throw .unreadable(path: path, reason: "integrity check: \(check)") }
        if tables.isEmpty { return }
        guard tables.contains("grdb_migrations") else {
            throw .unreadable(path: path, reason: "it is an SQLite database, but not one of connectd")
        }
        let unknown = Set(migrations).subtracting(Schema.migrator.migrations)
        guard unknown.isEmpty else { throw .newerSchema(path: path, unknown: unknown.sorted()) }
    }

    /// Runs `body` in a read transaction.
    public func read<T>(_ body: (StoreSession) throws -> T) throws -> T {
        do {
            return try queue.read { db in try body(StoreSession(db: db)) }
        } catch let error as DatabaseError {
            throw StoreError.readFailed(reason: Store.reason(error))
        }
    }

    /// Runs `body` in one write transaction, committed durably before this returns. Any error rolls
    /// everything back; database failures (disk full, I/O) surface as `StoreError.writeFailed`.
    public func write<T>(_ body: (StoreSession) throws -> T) throws -> T {
        do {
            return try queue.write { db in try body(StoreSession(db: db)) }
        } catch let error as DatabaseError {
            throw StoreError.writeFailed(reason: Store.reason(error))
        }
    }

    /// Closes the connection (checkpointing the WAL). Further calls fail.
    public func close() throws {
        try queue.close()
    }

    static func reason(_ error: Error) -> String {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL: return "the disk is full"
            case .SQLITE_NOTADB: return "the file is not an SQLite database"
            case .SQLITE_CORRUPT: return "the database is corrupt"
            case .SQLITE_READONLY: return "the database is read-only"
            case .SQLITE_CANTOPEN: return "the file cannot be opened"
            default: return error.message ?? "\(error.resultCode)"
            }
        }
        return "\(error)"
    }
}
