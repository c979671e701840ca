/// A way of telling the user something: the journal, desktop notifications, hooks. A channel never
/// throws and never blocks the loop: it reports its own failures to the log and says in a sentence
/// what it did, possibly later (the desktop answers over D-Bus).
protocol NotificationChannel: AnyObject {
    var name: String { get }
    /// Delivers the event; `done` gets what happened (for `connectctl notify-test`).
    func deliver(_ event: DaemonEvent, done: @escaping (String) -> Void)
}

/// Fans every event out to all channels, in order.
final class Notifier {
    private(set) var channels: [any NotificationChannel]

    init(channels: [any NotificationChannel]) {
        self.channels = channels
    }

    /// Delivers through every channel; `completion` gets each channel's outcome once all answered.
    func announce(_ event: DaemonEvent, completion: @escaping ([(channel: String, outcome: String)]) -> Void = { _ in }) {
        var outcomes = [String?](repeating: nil, count: channels.count)
        var remaining = channels.count
        guard remaining > 0 else { return completion([]) }
        for (index, channel) in channels.enumerated() {
            channel.deliver(event) { [channels] outcome in
                guard outcomes[index] == nil else { return }
                outcomes[index] = outcome
                remaining -= 1
                if remaining == 0 { completion(zip(channels, outcomes).map { ($0.name, $1 ?? "") }) }
            }
        }
    }
}
