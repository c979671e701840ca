import Foundation
import GRDB
import GRDBSQLite

/// A value bound to a statement parameter.
enum SQLValue {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    static func optional(_ date: Date?) -> SQLValue { date.map { .real($0.stored) } ?? .null }
    static func optional(_ text: String?) -> SQLValue { text.map { .text($0) } ?? .null }
    static func date(_ date: Date) -> SQLValue { .real(date.stored) }
    static func bool(_ flag: Bool) -> SQLValue { .integer(flag ? 1 : 0) }
}

/// One row of a query being stepped: typed column reads straight from SQLite.
struct SQLRow {
    let statement: OpaquePointer

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(statement, column) != 0 }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
    func date(_ column: Int32) -> Date { Date(timeIntervalSince1970: double(column)) }
    func optionalDate(_ column: Int32) -> Date? { optionalDouble(column).map(Date.init(timeIntervalSince1970:)) }
}

extension StoreSession {
    /// Runs `sql` (prepared once and cached) with `values`, calling `row` for each result row.
    /// Through SQLite's C API: no per-row objects, no generic value conversions.
    func query(_ sql: String, _ values: [SQLValue] = [], writing: Bool = false, row: (SQLRow) throws -> Void = { _ in }) throws {
        let statement: OpaquePointer
        do {
            statement = try db.cachedStatement(sql: sql).sqliteStatement
        } catch {
            throw StoreError.wrapping(error, writing: writing)
        }
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        defer { sqlite3_reset(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(statement, position, number)
            case .real(let number): code = sqlite3_bind_double(statement, position, number)
            case .text(let text): code = sqlite3_bind_text(statement, position, text, -1, transient)
            case .null: code = sqlite3_bind_null(statement, position)
            }
            guard code == SQLITE_OK else { throw failure(code, writing: writing) }
        }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code, writing: writing) }
            try row(SQLRow(statement: statement))
        }
    }

    /// The first row read by `read`, if any.
    func first<T>(_ sql: String, _ values: [SQLValue] = [], _ read: (SQLRow) throws -> T) throws -> T? {
        var result: T?
        try query(sql, values) { row in
            if result == nil { result = try read(row) }
        }
        return result
    }

    /// Every row read by `read`.
    func all<T>(_ sql: String, _ values: [SQLValue] = [], _ read: (SQLRow) throws -> T) throws -> [T] {
        var result: [T] = []
        try query(sql, values) { result.append(try read($0)) }
        return result
    }

    /// Steps through the rows of `sql` while `keepGoing` says so: for walking an index and
    /// stopping as soon as enough was found.
    func scan(_ sql: String, _ values: [SQLValue] = [], while keepGoing: (SQLRow) throws -> Bool) throws {
        struct Enough: Error {}
        do {
            try query(sql, values) { row in
                if try !keepGoing(row) { throw Enough() }
            }
        } catch is Enough {}
    }

    /// A change (INSERT, UPDATE, DELETE).
    func change(_ sql: String, _ values: [SQLValue] = []) throws {
        try query(sql, values, writing: true)
    }

    private func failure(_ code: Int32, writing: Bool) -> StoreError {
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        let reason: String
        switch code & 0xFF {
        case SQLITE_FULL: reason = "the disk is full"
        case SQLITE_CORRUPT: reason = "the database is corrupt"
        case SQLITE_READONLY: reason = "the database is read-only"
        case SQLITE_IOERR: reason = "an I/O error (\(message))"
        case SQLITE_CONSTRAINT: reason = "a constraint failed (\(message))"
        default: reason = message
        }
        return writing ? .writeFailed(reason: reason) : .readFailed(reason: reason)
    }
}
