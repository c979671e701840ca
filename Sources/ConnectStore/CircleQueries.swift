import ConnectCore
import Foundation

/// A circle as stored: the tag, its ideal cadence and its maximum.
public struct CircleRecord: Equatable, Sendable {
    public let name: String
    public let every: Cadence
    public let atMost: Cadence?
    public let revisedAt: Date

    public init(name: String, every: Cadence, atMost: Cadence?, revisedAt: Date) {
        self.name = name
        self.every = every
        self.atMost = atMost
        self.revisedAt = revisedAt
    }
}

extension StoreSession {
    public func setCircle(_ circle: CircleRecord) throws {
        try change("""
            INSERT INTO circle (name, every, every_seconds, at_most, revised_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET every = excluded.every, every_seconds = excluded.every_seconds, at_most = excluded.at_most,
                revised_at = excluded.revised_at
            """, [.text(circle.name), .text(circle.every.description), .real(circle.every.nominalSeconds),
                  .optional(circle.atMost?.description), .date(circle.revisedAt)])
        changes.circle(circle.name)
    }

    /// Removes a circle; false when there was none.
    public func deleteCircle(_ name: String) throws -> Bool {
        try change("DELETE FROM circle WHERE name = ?", [.text(name)])
        guard changesCount > 0 else { return false }
        changes.circle(name)
        return true
    }

    public func circle(_ name: String) throws -> CircleRecord? {
        try first("SELECT name, every, at_most, revised_at FROM circle WHERE name = ?", [.text(name)], Self.circle) ?? nil
    }

    /// Every circle, by name, with how many are tagged and how many of those follow it (they
    /// have no cadence of their own): one pass over the people.
    public func circles() throws -> [(circle: CircleRecord, members: Int, following: Int)] {
        var counts: [String: (Int, Int)] = [:]
        try query("""
            SELECT t.value, count(*), sum(p.cadence IS NULL) FROM person p, json_each(p.tags) t
            WHERE t.value IN (SELECT name FROM circle) GROUP BY t.value
            """) { counts[$0.text(0)] = ($0.int(1), $0.int(2)) }
        return try circleRecords().map { ($0, counts[$0.name]?.0 ?? 0, counts[$0.name]?.1 ?? 0) }
    }

    /// Every circle, by name (one this connectd cannot read is left out).
    public func circleRecords() throws -> [CircleRecord] {
        try all("SELECT name, every, at_most, revised_at FROM circle ORDER BY name", [], Self.circle).compactMap { $0 }
    }

    /// The UIDs of up to `limit` people tagged `name`, by UID (the same order on every machine):
    /// for the circle's card in the vdir. The
    /// tag as the list stores it is looked for first (a quick text search through 100,000 rows),
    /// then checked as a list entry.
    public func circleMembers(_ name: String, limit: Int) throws -> [String] {
        let stored = String(Self.jsonList([name]).dropFirst().dropLast())
        return try all("""
            SELECT p.uid FROM person p WHERE instr(p.tags, ?) > 0 AND EXISTS (SELECT 1 FROM json_each(p.tags) t WHERE t.value = ?)
            ORDER BY p.uid LIMIT ?
            """, [.text(stored), .text(name), .integer(Int64(limit))]) { $0.text(0) }
    }

    static func circle(_ row: SQLRow) -> CircleRecord? {
        guard let every = Cadence.canonical(row.text(1)) else { return nil }
        return CircleRecord(name: row.text(0), every: every, atMost: row.optionalText(2).flatMap(Cadence.canonical), revisedAt: row.date(3))
    }
}
