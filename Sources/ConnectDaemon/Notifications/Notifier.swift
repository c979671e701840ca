/// A way of telling the user something: the journal today; desktop notifications and hooks plug in
/// here as further channels. A channel never throws: it reports its own failures to the log.
protocol NotificationChannel: AnyObject {
    var name: String { get }
    func deliver(_ event: DaemonEvent)
}

/// Fans every event out to all channels, in order.
final class Notifier {
    private(set) var channels: [NotificationChannel]

    init(channels: [NotificationChannel]) {
        self.channels = channels
    }

    func announce(_ event: DaemonEvent) {
        for channel in channels { channel.deliver(event) }
    }
}
