import ConnectSystemd
import Foundation

/// Writes each event as a structured journal entry (MESSAGE_ID, CONNECTD_* fields) and, unless
/// stderr already is the journal, as a log line on stderr.
final class JournalChannel: NotificationChannel {
    let name = "journal"
    private let log: Log
    private let timestamp: (Date) -> String

    init(log: Log, timestamp: @escaping (Date) -> String) {
        self.log = log
        self.timestamp = timestamp
    }

    func deliver(_ event: DaemonEvent, done: @escaping (String) -> Void) {
        let priority: Log.Priority = event.kind == .configRejected ? .warning
            : ([.nudge, .prompt, .planQuestion].contains(event.kind) ? .notice : .info)
        let message = event.body.isEmpty ? event.summary : "\(NudgeText.sentence(event.summary)) \(event.body)"
        let fields = [("MESSAGE", message), ("PRIORITY", String(priority.rawValue)), ("SYSLOG_IDENTIFIER", log.identifier),
                      ("MESSAGE_ID", event.messageID)] + event.fields(timestamp: timestamp)
        let sent = Journal.send(fields)
        if !log.toJournal || !sent {
            log.log(priority, message, fields: [])
        }
        done(sent ? "sent to the journal (MESSAGE_ID=\(event.messageID))" : "no journald answered; written to stderr")
    }
}
