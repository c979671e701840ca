import ArgumentParser
import ConnectClient
import ConnectProtocol

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Your interactions, newest first: with one person or everyone.")

    @Argument(help: "Who (optional): an id or a unique prefix of any word of the name.") var person: String?
    @Option(help: "How many to show (default 20).") var limit: Int?
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.history, HistoryParameters(person: person, limit: limit)) { (reply: HistoryReply, time) in
            reply.interactions.isEmpty ? "No interactions logged yet." : Self.table(reply.interactions, time, withPerson: person == nil)
        }
    }

    static func table(_ interactions: [InteractionInfo], _ time: DisplayTime, withPerson: Bool) -> String {
        var table = TextTable(header: (withPerson ? ["WHEN", "WHO"] : ["WHEN"]) + ["KIND", "NOTE"])
        for interaction in interactions {
            table.add([time.local(interaction.at)] + (withPerson ? [interaction.personName] : [])
                + [interaction.kind, interaction.note ?? ""])
        }
        return table.render()
    }
}
