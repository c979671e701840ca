import ArgumentParser
import ConnectClient
import ConnectProtocol

struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snooze", abstract: "Not now: nudge again later.")

    @Argument(help: "Who: an id or a unique prefix of any word of the name.") var person: String
    @Argument(help: "For how long: 3d, 1w, 2h (default 1d).") var duration: String?
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.snooze, SnoozeParameters(person: person, duration: duration)) { (reply: PostponeReply, time) in
            "Snoozed \(reply.person.name) until \(time.local(reply.until))."
        }
    }
}
