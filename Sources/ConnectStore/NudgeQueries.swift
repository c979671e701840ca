import ConnectCore
import Foundation

/// Nudges: recorded before they are announced, marked announced after, closed by the user.
extension StoreSession {
    static let nudgeColumns = "id, person_id, due_since, planned_at, delivered_at, announced_at, late, status, closed_at, delivered_on, kind"

    /// Records a delivered nudge (not yet announced). An ignored open nudge it replaces is expired.
    /// `deliveredOn`: the machine that delivered it, when that was another one (it is then
    /// recorded as announced: there is nothing to announce here).
    public func recordNudge(_ delivery: NudgeDelivery, at now: Date, rule: String, timeZone: String, deliveredOn: String? = nil) throws -> NudgeRecord {
        if delivery.replacesOpenNudge { try closeOpenNudges(personID: delivery.personID, status: .expired, at: now) }
        try change("""
            INSERT INTO nudge (person_id, due_since, planned_at, delivered_at, late, status, rule, time_zone, delivered_on, announced_at, kind)
            VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)
            """, [.integer(delivery.personID), .date(delivery.dueSince), .date(delivery.plannedAt), .date(now), .bool(delivery.late),
                  .text(rule), .text(timeZone), .optional(deliveredOn), deliveredOn == nil ? .null : .date(now), .text(delivery.kind.rawValue)])
        let id = lastInsertedRowID
        changes.nudge(id)
        return NudgeRecord(id: id, personID: delivery.personID, dueSince: delivery.dueSince, plannedAt: delivery.plannedAt,
                           deliveredAt: now, announcedAt: deliveredOn == nil ? nil : now, late: delivery.late, status: .open, closedAt: nil,
                           deliveredOn: deliveredOn, kind: delivery.kind)
    }

    /// The person's nudge for the moment they fell due, if one was recorded (here or elsewhere).
    public func nudge(personID: Int64, dueSince: Date) throws -> NudgeRecord? {
        try first("SELECT \(Self.nudgeColumns) FROM nudge WHERE person_id = ? AND due_since = ? ORDER BY id DESC LIMIT 1",
                  [.integer(personID), .date(dueSince)], Self.nudge)
    }

    public func markNudgesAnnounced(ids: [Int64], at now: Date) throws {
        guard !ids.isEmpty else { return }
        try change("UPDATE nudge SET announced_at = ? WHERE id IN (SELECT value FROM json_each(?))", [.date(now), .text(Self.idList(ids))])
    }

    /// Deliveries recorded but never announced: the daemon died in between.
    public func unannouncedNudges() throws -> [NudgeRecord] {
        try all("SELECT \(Self.nudgeColumns) FROM nudge WHERE announced_at IS NULL ORDER BY id", [], Self.nudge)
    }

    /// Open nudges, oldest first.
    public func openNudges() throws -> [NudgeRecord] {
        try all("SELECT \(Self.nudgeColumns) FROM nudge WHERE status = 'open' ORDER BY delivered_at, id", [], Self.nudge)
    }

    /// The latest nudges of any status, newest first.
    public func recentNudges(limit: Int) throws -> [NudgeRecord] {
        try all("SELECT \(Self.nudgeColumns) FROM nudge ORDER BY delivered_at DESC, id DESC LIMIT ?", [.integer(Int64(limit))], Self.nudge)
    }

    public func nudge(id: Int64) throws -> NudgeRecord? {
        try first("SELECT \(Self.nudgeColumns) FROM nudge WHERE id = ?", [.integer(id)], Self.nudge)
    }

    /// Closes the person's open nudges with `status`; returns how many were open.
    @discardableResult
    public func closeOpenNudges(personID: Int64, status: NudgeRecord.Status, at now: Date) throws -> Int {
        if changes.isRecording {
            try query("SELECT id FROM nudge WHERE person_id = ? AND status = 'open'", [.integer(personID)]) { changes.nudge($0.int64(0)) }
        }
        try noteStaleNotifications(personID: personID)
        try change("UPDATE nudge SET status = ?, closed_at = ? WHERE person_id = ? AND status = 'open'",
                   [.text(status.rawValue), .date(now), .integer(personID)])
        return changesCount
    }

    static func nudge(_ row: SQLRow) throws -> NudgeRecord {
        let statusText = row.text(7)
        guard let status = NudgeRecord.Status(rawValue: statusText) else {
            throw StoreError.inconsistent(path: "state", reason: "nudge #\(row.int64(0)) has the unknown status '\(statusText)'")
        }
        return NudgeRecord(id: row.int64(0), personID: row.int64(1), dueSince: row.date(2), plannedAt: row.date(3), deliveredAt: row.date(4),
                           announcedAt: row.optionalDate(5), late: row.bool(6), status: status, closedAt: row.optionalDate(8),
                           deliveredOn: row.optionalText(9), kind: NudgeKind(rawValue: row.text(10)) ?? .catchUp)
    }

    /// Deletes a nudge (an import's, undone); returns whose it was, nil when it is gone already.
    public func deleteNudge(id: Int64) throws -> Int64? {
        guard let (personID, uid, dueSince) = try first("SELECT n.person_id, p.uid, n.due_since FROM nudge n JOIN person p ON p.id = n.person_id WHERE n.id = ?",
                                                        [.integer(id)], { ($0.int64(0), $0.text(1), $0.date(2)) }) else { return nil }
        try query("SELECT notification_id FROM desktop_notification WHERE nudge_id = ?", [.integer(id)]) {
            changes.staleNotification(UInt32(truncatingIfNeeded: $0.int64(0)), nudge: id)
        }
        try change("DELETE FROM nudge WHERE id = ?", [.integer(id)])
        changes.removedItem(uid: ItemIdentity.nudge(person: uid, dueSince: dueSince), isNudge: true)
        return personID
    }
}
