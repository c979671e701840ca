import ConnectCore
import Foundation
import GRDB

/// Nudges: recorded before they are announced, marked announced after, closed by the user.
extension StoreSession {
    static let nudgeColumns = "id, person_id, due_since, planned_at, delivered_at, announced_at, late, status, closed_at"

    /// Records a delivered nudge (not yet announced). An ignored open nudge it replaces is expired.
    public func recordNudge(_ delivery: NudgeDelivery, at now: Date, rule: String, timeZone: String) throws -> NudgeRecord {
        if delivery.replacesOpenNudge { try closeOpenNudges(personID: delivery.personID, status: .expired, at: now) }
        try execute("""
            INSERT INTO nudge (person_id, due_since, planned_at, delivered_at, late, status, rule, time_zone)
            VALUES (?, ?, ?, ?, ?, 'open', ?, ?)
            """, [delivery.personID, delivery.dueSince.stored, delivery.plannedAt.stored, now.stored, delivery.late, rule, timeZone])
        return NudgeRecord(id: lastInsertedRowID, personID: delivery.personID, dueSince: delivery.dueSince, plannedAt: delivery.plannedAt,
                           deliveredAt: now, announcedAt: nil, late: delivery.late, status: .open, closedAt: nil)
    }

    public func markNudgesAnnounced(ids: [Int64], at now: Date) throws {
        guard !ids.isEmpty else { return }
        try execute("UPDATE nudge SET announced_at = ? WHERE id IN (SELECT value FROM json_each(?))", [now.stored, Self.idList(ids)])
    }

    /// Deliveries recorded but never announced: the daemon died in between.
    public func unannouncedNudges() throws -> [NudgeRecord] {
        try rows("SELECT \(Self.nudgeColumns) FROM nudge WHERE announced_at IS NULL ORDER BY id").map(Self.nudge)
    }

    /// Open nudges, oldest first.
    public func openNudges() throws -> [NudgeRecord] {
        try rows("SELECT \(Self.nudgeColumns) FROM nudge WHERE status = 'open' ORDER BY delivered_at, id").map(Self.nudge)
    }

    /// The latest nudges of any status, newest first.
    public func recentNudges(limit: Int) throws -> [NudgeRecord] {
        try rows("SELECT \(Self.nudgeColumns) FROM nudge ORDER BY delivered_at DESC, id DESC LIMIT ?", [limit]).map(Self.nudge)
    }

    public func nudge(id: Int64) throws -> NudgeRecord? {
        try row("SELECT \(Self.nudgeColumns) FROM nudge WHERE id = ?", [id]).map(Self.nudge)
    }

    /// Closes the person's open nudges with `status`; returns how many were open.
    @discardableResult
    public func closeOpenNudges(personID: Int64, status: NudgeRecord.Status, at now: Date) throws -> Int {
        try execute("UPDATE nudge SET status = ?, closed_at = ? WHERE person_id = ? AND status = 'open'",
                    [status.rawValue, now.stored, personID])
        return changesCount
    }

    static func nudge(_ row: Row) throws -> NudgeRecord {
        let statusText: String = row[7]
        guard let status = NudgeRecord.Status(rawValue: statusText) else {
            throw StoreError.inconsistent(path: "state", reason: "nudge #\(row[0] as Int64) has the unknown status '\(statusText)'")
        }
        return NudgeRecord(id: row[0], personID: row[1], dueSince: date(row, 2), plannedAt: date(row, 3), deliveredAt: date(row, 4),
                           announcedAt: optionalDate(row, 5), late: row[6], status: status, closedAt: optionalDate(row, 8))
    }
}
