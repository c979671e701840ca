import ArgumentParser
import ConnectClient
import ConnectProtocol

struct DoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "done", abstract: "You reached out: log it now and close the nudge.")

    @Argument(help: "Who: an id or a unique prefix of any word of the name.", completion: Completions.person) var person: String
    @Argument(help: "What kind of interaction (default message).", completion: Completions.kind) var kind: String?
    @Argument(parsing: .remaining, help: "A note.") var note: [String] = []
    @Option(help: ArgumentHelp("Something you will do next time (repeatable).", valueName: "follow-up")) var next: [String] = []
    @Option(help: ArgumentHelp("Close an open follow-up by its number in 'connectctl show' (repeatable).", valueName: "n"))
    var closes: [Int] = []
    @OptionGroup var options: ClientOptions

    func run() throws {
        let text = note.joined(separator: " ")
        var parameters = DoneParameters(person: person, kind: kind, note: text.isEmpty ? nil : text)
        parameters.next = next.isEmpty ? nil : next
        parameters.closes = closes.isEmpty ? nil : closes
        try options.call(.done, parameters) { (reply: DoneReply, time) in
            "Done: \(reply.interaction.kind) with \(reply.person.name). Next catch-up \(time.local(reply.person.nextDue))."
                + PersonText.followUpSummary(reply.followUps, closed: reply.closedFollowUps)
        }
    }
}
