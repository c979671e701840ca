import ArgumentParser
import ConnectClient
import ConnectProtocol

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Everything about a person and your recent interactions.")

    @Argument(help: "Who: an id or a unique prefix of any word of the name.") var person: String
    @Option(help: "How many recent interactions to show.") var limit: Int?
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.showPerson, PersonQuery(person: person, limit: limit)) { (reply: ShowPersonReply, time) in
            var text = PersonText.card(reply.person, time)
            if !reply.interactions.isEmpty {
                text += "\n\nRecent:\n" + HistoryCommand.table(reply.interactions, time, withPerson: false)
            }
            return text
        }
    }
}
