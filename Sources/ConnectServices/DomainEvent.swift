import ConnectCore
import Foundation

/// Something a service did that the user should hear about (journal, desktop, hooks), announced
/// after the transaction commits.
public enum DomainEvent: Sendable {
    case nudgeDone(Person, kind: InteractionKind)
    case nudgeSnoozed(Person, until: Date)
    case nudgeSkipped(Person, until: Date)
}
