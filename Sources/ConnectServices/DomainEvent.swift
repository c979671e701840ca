import ConnectCore
import ConnectStore
import Foundation

/// Something a service did that the user should hear about (journal, desktop, hooks), announced
/// after the transaction commits.
public enum DomainEvent: Sendable {
    case nudgeDone(Person, kind: InteractionKind)
    case nudgeSnoozed(Person, until: Date)
    case nudgeSkipped(Person, until: Date)
    /// A reading of a `[detect]` source proposed `count` contacts; `newest` are the latest open
    /// proposals (for the notification), `upTo` the newest open proposal's id.
    case proposalsFound(count: Int, toAdd: Int, newest: [(name: String, proposal: ProposalRecord)], upTo: Int64)
}
