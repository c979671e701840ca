import ConnectCore
import Foundation

/// Something the user should hear about: a nudge, a prompt, a change of a nudge, a config reload.
/// Every channel (journal, desktop, hooks) renders the same event.
struct DaemonEvent {
    enum Kind: String, CaseIterable {
        case nudge
        case prompt
        case nudgeDone = "nudge-done"
        case nudgeSnoozed = "nudge-snoozed"
        case nudgeSkipped = "nudge-skipped"
        case configReloaded = "config-reloaded"
        case configRejected = "config-rejected"
        case proposals
        case planQuestion = "plan-question"
        case test

        /// The journal MESSAGE_ID of this kind; late deliveries have their own (see `lateMessageID`).
        /// Each is explained in `systemd/connectd.catalog`.
        var messageID: String {
            switch self {
            case .nudge: "993b442327474e3a8e81bab03e596d27"
            case .prompt: "eca7159db2f54b4aa96eb77d22ad443d"
            case .nudgeDone: "57eedc7a84cc40a1b633c0105d43355b"
            case .nudgeSnoozed: "2299f02c7b1c4ebb827fa16659db32af"
            case .nudgeSkipped: "dda4e6f831f443baa536ca93a176bca9"
            case .configReloaded: "9d443cace2a14d0081d58a10c3cf7dea"
            case .configRejected: "0b9ba64682bd497faf03bafaeb899f7a"
            case .proposals: "e13b2e6e670f42ffa703af85ac839137"
            case .planQuestion: "3482cf3054b64aa8b97bedb674d28582"
            case .test: "222a63dff9f3421baa5a83b00e553681"
            }
        }
    }

    /// MESSAGE_ID of any delivery (nudge or prompt) that went out late, after downtime or suspend.
    static let lateMessageID = "792743c0b42346ceb242b7c71ce6326b"

    var kind: Kind
    var summary: String
    var body: String
    var late = false
    var person: Person?
    var dueSince: Date?
    var promptID: String?
    var at: Date
    /// The stored nudge or prompt delivery this event announces (for desktop buttons).
    var nudgeID: Int64?
    /// What a Done button on this nudge logs (`DesktopActions.doneKind`), shown on the button.
    var doneKind: InteractionKind?
    var promptDeliveryID: Int64?
    /// Found contacts: the newest open proposal shown ("Log all" counts those up to it).
    var proposalsUpTo: Int64?
    /// A planned catch-up asked about (its buttons answer whether it happened).
    var planID: Int64?
    /// A sample from `connectctl notify-test`: channels show it but record nothing.
    var isTest = false
    /// A digest: the day's nudges in one event, each with its nudge (for a button per person).
    var digest: [(nudgeID: Int64, name: String)] = []

    var messageID: String { late ? Self.lateMessageID : kind.messageID }

    /// The `CONNECTD_*` fields of this event: the same names in the journal and in a hook's
    /// environment, made in this one place.
    func fields(timestamp: (Date) -> String) -> [(String, String)] {
        var fields = [("CONNECTD_EVENT", kind.rawValue), ("CONNECTD_SUMMARY", summary), ("CONNECTD_BODY", body),
                      ("CONNECTD_LATE", late ? "1" : "0"), ("CONNECTD_AT", timestamp(at))]
        if let person {
            fields += [("CONNECTD_PERSON", person.name), ("CONNECTD_PERSON_ID", String(person.id))]
        }
        if let dueSince { fields.append(("CONNECTD_DUE_SINCE", timestamp(dueSince))) }
        if let promptID { fields.append(("CONNECTD_PROMPT_ID", promptID)) }
        if let planID { fields.append(("CONNECTD_PLAN_ID", String(planID))) }
        if !digest.isEmpty { fields.append(("CONNECTD_DIGEST_PEOPLE", digest.map(\.name).joined(separator: ", "))) }
        return fields
    }
}
