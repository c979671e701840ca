import Foundation
import GRDB

/// The queries and changes on the one connection, grouped by subject in the files beside this
/// one. Every statement is prepared once and cached. Obtained from `Store` only.
public struct StoreSession {
    let db: Database
    /// Where the writes note what they touched, for the mirror.
    public let changes: ChangeLog
    /// Which people the statements touched, for the schedule (`TouchedRows`).
    let touched: TouchedPeople
    /// Counts kept until the next write.
    let counts: CountsUntilWrite

    // MARK: Transactions, for callers that group several requests into one commit

    /// Begins an immediate write transaction.
    public func begin() throws { try guarded(writing: true) { try db.beginTransaction(.immediate) } }

    /// Commits durably (synchronous=FULL); on failure the transaction is rolled back.
    public func commit() throws {
        do {
            try db.commit()
        } catch {
            try? db.rollback()
            counts.forget()
            throw StoreError.wrapping(error, writing: true)
        }
    }

    public func rollback() {
        try? db.rollback()
        counts.forget()
    }

    public var isInsideTransaction: Bool { db.isInsideTransaction }

    /// Runs `body` in a savepoint inside the open transaction: an error undoes its changes only.
    /// The savepoint statements are prepared once and cached, like every other.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try change("SAVEPOINT request")
        do {
            let result = try body()
            try change("RELEASE request")
            return result
        } catch {
            try? change("ROLLBACK TO request")
            try? change("RELEASE request")
            counts.forget()
            throw error
        }
    }

    // MARK: Helpers

    /// Database errors as `StoreError`s: callers above the store never see GRDB's types.
    func guarded<T>(writing: Bool, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StoreError.wrapping(error, writing: writing)
        }
    }

    var lastInsertedRowID: Int64 { db.lastInsertedRowID }
    var changesCount: Int { db.changesCount }

    /// A list of ids as one JSON array argument, for `json_each(?)`: one cached statement for any count.
    static func idList(_ ids: some Sequence<Int64>) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

}

extension Date {
    /// The stored form: seconds since 1970 as a REAL.
    var stored: Double { timeIntervalSince1970 }
}
