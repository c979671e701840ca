/// A way of telling the user something: the journal, desktop notifications, hooks. A channel never
/// throws: it reports its own failures to the log and says in a sentence what it did.
protocol NotificationChannel: AnyObject {
    var name: String { get }
    /// Delivers the event; returns what happened, for `connectctl notify-test`.
    @discardableResult
    func deliver(_ event: DaemonEvent) -> String
}

/// Fans every event out to all channels, in order.
final class Notifier {
    private(set) var channels: [NotificationChannel]

    init(channels: [NotificationChannel]) {
        self.channels = channels
    }

    /// Delivers through every channel; returns each channel's outcome.
    @discardableResult
    func announce(_ event: DaemonEvent) -> [(channel: String, outcome: String)] {
        channels.map { ($0.name, $0.deliver(event)) }
    }
}
