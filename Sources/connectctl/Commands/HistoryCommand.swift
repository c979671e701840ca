import ArgumentParser

struct HistoryCommand: ReadCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Your interactions, newest first: with one person or everyone.")

    @Argument(help: "Who (optional): an id or the start of any word of the name.", completion: Completions.person) var person: String?
    @Option(help: "How many to show (default 20).") var limit: Int?
    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind { .history(person: person, limit: limit) }
}
