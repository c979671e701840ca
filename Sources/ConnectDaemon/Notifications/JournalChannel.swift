import ConnectSystemd
import Foundation

/// Writes each event as a structured journal entry (MESSAGE_ID, CONNECTD_* fields) and, unless
/// stderr already is the journal, as a log line on stderr.
final class JournalChannel: NotificationChannel {
    let name = "journal"
    private let log: Log

    init(log: Log) {
        self.log = log
    }

    func deliver(_ event: DaemonEvent) -> String {
        let priority: Log.Priority = event.kind == .configRejected ? .warning : (event.kind == .nudge || event.kind == .prompt ? .notice : .info)
        let message = event.body.isEmpty ? event.summary : "\(event.summary). \(event.body)"
        var fields: [(String, String)] = [
            ("MESSAGE", message), ("PRIORITY", String(priority.rawValue)), ("SYSLOG_IDENTIFIER", log.identifier),
            ("MESSAGE_ID", event.messageID), ("CONNECTD_EVENT", event.kind.rawValue),
            ("CONNECTD_LATE", event.late ? "1" : "0"), ("CONNECTD_AT", PersonPresenter.timestamp(event.at)),
        ]
        if let person = event.person {
            fields += [("CONNECTD_PERSON", person.name), ("CONNECTD_PERSON_ID", String(person.id))]
        }
        if let dueSince = event.dueSince { fields.append(("CONNECTD_DUE_SINCE", PersonPresenter.timestamp(dueSince))) }
        if let promptID = event.promptID { fields.append(("CONNECTD_PROMPT_ID", promptID)) }
        let sent = Journal.send(fields)
        if !log.toJournal || !sent {
            log.log(priority, message, fields: [])
        }
        return sent ? "sent to the journal (MESSAGE_ID=\(event.messageID))" : "no journald answered; written to stderr"
    }
}
