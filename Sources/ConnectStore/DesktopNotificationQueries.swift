import Foundation

/// What a desktop notification shown by the server stands for, so its buttons can be applied.
public enum DesktopTarget: Equatable, Sendable {
    case nudge(id: Int64)
    case prompt(id: Int64)
    /// The open proposals a reading found, up to this id (later ones were not shown).
    case proposals(upTo: Int64)
    /// The question whether a planned catch-up happened.
    case plan(id: Int64)
}

/// The notification-id → event mapping, kept in the store so that a button pressed after a daemon
/// restart still finds its nudge.
extension StoreSession {
    public func recordDesktopNotification(_ notificationID: UInt32, target: DesktopTarget, at now: Date) throws {
        let (nudge, prompt, proposals, plan): (SQLValue, SQLValue, SQLValue, SQLValue) = switch target {
        case .nudge(let id): (.integer(id), .null, .null, .null)
        case .prompt(let id): (.null, .integer(id), .null, .null)
        case .proposals(let upTo): (.null, .null, .integer(upTo), .null)
        case .plan(let id): (.null, .null, .null, .integer(id))
        }
        try change("""
            INSERT INTO desktop_notification (notification_id, nudge_id, prompt_delivery_id, proposals_upto, plan_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, [.integer(Int64(notificationID)), nudge, prompt, proposals, plan, .date(now)])
    }

    /// The latest target shown under this server id, if it is one of ours.
    public func desktopTarget(_ notificationID: UInt32) throws -> DesktopTarget? {
        try first("""
            SELECT nudge_id, prompt_delivery_id, proposals_upto, plan_id FROM desktop_notification WHERE notification_id = ? ORDER BY id DESC LIMIT 1
            """, [.integer(Int64(notificationID))]) { row -> DesktopTarget? in
            if !row.isNull(0) { return .nudge(id: row.int64(0)) }
            if !row.isNull(1) { return .prompt(id: row.int64(1)) }
            if !row.isNull(2) { return .proposals(upTo: row.int64(2)) }
            if !row.isNull(3) { return .plan(id: row.int64(3)) }
            return nil
        } ?? nil
    }

    /// Notes the notifications of `person`'s nudges (open ones only, unless `all`) as stale:
    /// called just before those nudges close or go.
    func noteStaleNotifications(personID: Int64, all: Bool = false) throws {
        try query("""
            SELECT d.notification_id, n.id FROM nudge n JOIN desktop_notification d ON d.nudge_id = n.id
            WHERE n.person_id = ?\(all ? "" : " AND n.status = 'open'")
            """, [.integer(personID)]) { changes.staleNotification(UInt32(truncatingIfNeeded: $0.int64(0)), nudge: $0.int64(1)) }
    }

    /// Whether nudge `id` is still open (its notification's buttons still mean something).
    public func isNudgeOpen(_ id: Int64) throws -> Bool {
        try first("SELECT status = 'open' FROM nudge WHERE id = ?", [.integer(id)]) { $0.bool(0) } ?? false
    }

    public func forgetDesktopNotification(_ notificationID: UInt32) throws {
        try change("DELETE FROM desktop_notification WHERE notification_id = ?", [.integer(Int64(notificationID))])
    }
}
