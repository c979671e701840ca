/// The place of one reply in a connection's ordered output: replies can be ready out of order
/// (a write waits for the commit, NotifyTest for D-Bus) but are sent in the order of the calls.
final class ReplySlot {
    private(set) var bytes: [UInt8]?
    private(set) var closesConnection = false
    private let onFill: () -> Void

    init(onFill: @escaping () -> Void) {
        self.onFill = onFill
    }

    var isFilled: Bool { bytes != nil }

    /// Puts the reply in place (once); `closing`: the connection ends after it.
    func fill(_ reply: [UInt8], closing: Bool = false) {
        guard bytes == nil else { return }
        bytes = reply
        closesConnection = closing
        onFill()
    }
}

/// Where requests come from, for the dispatcher: a client connection, or an in-memory source in tests.
protocol RequestSource: AnyObject {
    /// True when a message is waiting and the source may take more work now.
    var wantsTurn: Bool { get }
    func takeMessage() -> [UInt8]?
    /// A slot for the reply to the message just taken.
    func newSlot() -> ReplySlot
}
