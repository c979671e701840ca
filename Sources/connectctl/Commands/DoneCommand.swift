import ArgumentParser
import ConnectClient
import ConnectProtocol

struct DoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "done", abstract: "You reached out: log it now and close the nudge.")

    @Argument(help: "Who: an id or a unique prefix of any word of the name.", completion: Completions.person) var person: String
    @Argument(help: "What kind of interaction (default message).", completion: Completions.kind) var kind: String?
    @Argument(parsing: .remaining, help: "A note.") var note: [String] = []
    @OptionGroup var options: ClientOptions

    func run() throws {
        let text = note.joined(separator: " ")
        try options.call(.done, DoneParameters(person: person, kind: kind, note: text.isEmpty ? nil : text)) { (reply: DoneReply, time) in
            "Done: \(reply.interaction.kind) with \(reply.person.name). Next catch-up \(time.local(reply.person.nextDue))."
        }
    }
}
