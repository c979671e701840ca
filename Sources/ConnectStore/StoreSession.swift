import Foundation
import GRDB

/// The queries and changes on the one connection, grouped by subject in the files beside this
/// one. Every statement is prepared once and cached. Obtained from `Store` only.
public struct StoreSession {
    let db: Database

    // MARK: Transactions, for callers that group several requests into one commit

    /// Begins an immediate write transaction.
    public func begin() throws { try guarded(writing: true) { try db.beginTransaction(.immediate) } }

    /// Commits durably (synchronous=FULL); on failure the transaction is rolled back.
    public func commit() throws {
        do {
            try db.commit()
        } catch {
            try? db.rollback()
            throw StoreError.wrapping(error, writing: true)
        }
    }

    public func rollback() {
        try? db.rollback()
    }

    public var isInsideTransaction: Bool { db.isInsideTransaction }

    /// Runs `body` in a savepoint inside the open transaction: an error undoes its changes only.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        do {
            try db.inSavepoint {
                result = try body()
                return .commit
            }
        } catch {
            throw StoreError.wrapping(error, writing: true)
        }
        return result!
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

    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        try guarded(writing: true) { try db.cachedStatement(sql: sql).execute(arguments: arguments) }
    }

    func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
        try guarded(writing: false) { try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) }
    }

    func row(_ sql: String, _ arguments: StatementArguments = []) throws -> Row? {
        try guarded(writing: false) { try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) }
    }

    func value<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ arguments: StatementArguments = []) throws -> T? {
        try guarded(writing: false) { try T.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) }
    }

    var lastInsertedRowID: Int64 { db.lastInsertedRowID }
    var changesCount: Int { db.changesCount }

    /// A list of ids as one JSON array argument, for `json_each(?)`: one cached statement for any count.
    static func idList(_ ids: some Sequence<Int64>) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    static func date(_ row: Row, _ index: Int) -> Date { Date(timeIntervalSince1970: row[index]) }
    static func optionalDate(_ row: Row, _ index: Int) -> Date? { (row[index] as Double?).map(Date.init(timeIntervalSince1970:)) }
}

extension Date {
    /// The stored form: seconds since 1970 as a REAL.
    var stored: Double { timeIntervalSince1970 }
}
