import Foundation
import ConnectUnix
import GRDBSQLite

/// Copies the write-ahead log back into the database file on a thread of its own, with a
/// connection of its own: SQLite's automatic checkpoint would do it inside a commit, on the
/// daemon's loop, every 1,000 pages (a write of a megabyte and an fsync of the database file, tens
/// of milliseconds a client would wait). The daemon's connection tells it after each commit how
/// big the log is; a PASSIVE checkpoint never blocks that connection's readers or writers, and
/// once it has copied everything the next write starts the log from its beginning again.
final class WALCheckpointer: @unchecked Sendable {
    private let path: String
    private let durable: Bool
    private let condition = NSCondition()
    private var wanted = false
    private var stopping = false
    private var running = false
    private let finished = DispatchSemaphore(value: 0)
    /// Pages in the log that ask for a checkpoint (SQLite's own default).
    static let pages: Int32 = 1000

    init(path: String, durable: Bool) {
        self.path = path
        self.durable = durable
    }

    /// Takes over the log's growth reports of the daemon's connection (this replaces SQLite's
    /// automatic checkpoint on it).
    func install(on connection: OpaquePointer) {
        sqlite3_wal_hook(connection, { context, _, _, pages in
            if pages >= WALCheckpointer.pages {
                Unmanaged<WALCheckpointer>.fromOpaque(context!).takeUnretainedValue().request()
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// A checkpoint soon; the thread starts with the first.
    func request() {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return }
        wanted = true
        if !running {
            running = true
            let thread = Thread { [self] in
                becomeBackgroundThread(named: "wal-checkpoint")
                run()
            }
            thread.stackSize = 256 << 10
            thread.start()
        }
        condition.signal()
    }

    /// Stops the thread (after the checkpoint it may be running) and closes its connection.
    func stop() {
        condition.lock()
        stopping = true
        let wasRunning = running
        running = false
        condition.signal()
        condition.unlock()
        if wasRunning { finished.wait() }
    }

    private func run() {
        defer { finished.signal() }
        var connection: OpaquePointer?
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let connection else {
            sqlite3_close(connection)
            return
        }
        defer { sqlite3_close(connection) }
        sqlite3_exec(connection, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF", nil, nil, nil)
        // This connection never writes: its own automatic checkpoint stays off.
        sqlite3_wal_autocheckpoint(connection, 0)
        while true {
            condition.lock()
            while !wanted, !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                return
            }
            wanted = false
            condition.unlock()
            var logPages: Int32 = 0
            var copied: Int32 = 0
            sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, &logPages, &copied)
        }
    }
}
