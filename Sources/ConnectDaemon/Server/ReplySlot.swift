/// The place of one reply in a connection's ordered output: replies can be ready out of order
/// (a write waits for the commit, NotifyTest for D-Bus) but are sent in the order of the calls.
final class ReplySlot {
    private(set) var bytes: [UInt8]?
    private(set) var closesConnection = false
    private let onFill: () -> Void

    init(onFill: @escaping () -> Void) {
        self.onFill = onFill
    }

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
    /// False once the client is gone (nobody would read a reply).
    var isConnected: Bool { get }
}

extension RequestSource {
    var isConnected: Bool { true }
}

/// Who sent a request: the connection that uploads and imports belong to, and whether it is
/// still there to hear the answer.
struct ClientIdentity {
    let id: ObjectIdentifier
    private let check: () -> Bool

    init(_ source: any RequestSource) {
        id = ObjectIdentifier(source)
        check = { [weak source] in source?.isConnected ?? false }
    }

    var isConnected: Bool { check() }
}
