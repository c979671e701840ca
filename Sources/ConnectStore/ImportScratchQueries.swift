/// An import's own bookkeeping beside the state, in a temporary table of the connection (never
/// in the state file): which person an export's UID became, how many copies of an interaction
/// a restore met and found, which records a dry run saw. On disk, so an import of any size
/// keeps its memory bounded; gone when the connection closes.
extension StoreSession {
    /// The two numbers kept under `key` for `importID`, if any.
    public func scratch(_ importID: Int64, _ key: String) throws -> (a: Int64, b: Int64)? {
        try first("SELECT a, b FROM temp.import_scratch WHERE import = ? AND key = ?", [.integer(importID), .text(key)]) {
            (a: $0.int64(0), b: $0.int64(1))
        }
    }

    public func setScratch(_ importID: Int64, _ key: String, a: Int64, b: Int64 = 0) throws {
        try change("INSERT OR REPLACE INTO temp.import_scratch (import, key, a, b) VALUES (?, ?, ?, ?)",
                   [.integer(importID), .text(key), .integer(a), .integer(b)])
    }

    /// Forgets at most `count` of the keys kept for `importID`; how many went.
    public func clearScratch(_ importID: Int64, atMost count: Int) throws -> Int {
        try change("""
            DELETE FROM temp.import_scratch WHERE import = ?1 AND key IN (SELECT key FROM temp.import_scratch WHERE import = ?1 LIMIT ?2)
            """, [.integer(importID), .integer(Int64(min(count, Int(Int64.max))))])
        return changesCount
    }
}
