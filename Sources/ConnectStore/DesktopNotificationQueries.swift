import Foundation
import GRDB

/// What a desktop notification shown by the server stands for, so its buttons can be applied.
public enum DesktopTarget: Equatable, Sendable {
    case nudge(id: Int64)
    case prompt(id: Int64)
}

/// The notification-id → event mapping, kept in the store so that a button pressed after a daemon
/// restart still finds its nudge.
extension StoreSession {
    public func recordDesktopNotification(_ notificationID: UInt32, target: DesktopTarget, at now: Date) throws {
        let (nudge, prompt): (Int64?, Int64?) = switch target {
        case .nudge(let id): (id, nil)
        case .prompt(let id): (nil, id)
        }
        try execute("INSERT INTO desktop_notification (notification_id, nudge_id, prompt_delivery_id, created_at) VALUES (?, ?, ?, ?)",
                    [Int64(notificationID), nudge, prompt, now.stored])
    }

    /// The latest target shown under this server id, if it is one of ours.
    public func desktopTarget(_ notificationID: UInt32) throws -> DesktopTarget? {
        guard let row = try row("SELECT nudge_id, prompt_delivery_id FROM desktop_notification WHERE notification_id = ? ORDER BY id DESC LIMIT 1",
                                [Int64(notificationID)]) else { return nil }
        if let nudge: Int64 = row["nudge_id"] { return .nudge(id: nudge) }
        if let prompt: Int64 = row["prompt_delivery_id"] { return .prompt(id: prompt) }
        return nil
    }

    public func forgetDesktopNotification(_ notificationID: UInt32) throws {
        try execute("DELETE FROM desktop_notification WHERE notification_id = ?", [Int64(notificationID)])
    }
}
