import ArgumentParser
import ConnectClient
import ConnectProtocol

struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze", abstract: "Not now: nudge again later.",
        discussion: """
            Snooze means "not before now + DURATION": it never brings a date forward. Someone due later \
            than that anyway is left as they are.
            """)

    @Argument(help: "Who: an id or the start of any word of the name.", completion: Completions.person) var person: String
    @Argument(help: "For how long: 2h, 3d, 1w, 1m (default 1d).") var duration: String?
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.snooze, SnoozeParameters(person: person, duration: duration)) { (reply: SnoozeReply, time) in
            reply.changed
                ? "Snoozed \(reply.person.name) until \(time.local(reply.until))."
                : "\(reply.person.name) is not due until \(time.local(reply.until)) anyway: nothing to snooze."
        }
    }
}
