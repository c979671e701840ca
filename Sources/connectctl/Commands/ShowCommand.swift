import ArgumentParser

struct ShowCommand: ReadCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Everything about a person and your recent interactions.")

    @Argument(help: "Who: an id or the start of any word of the name.", completion: Completions.person) var person: String
    @Option(help: "How many recent interactions to show.") var limit: Int?
    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind { .show(person: person, limit: limit) }
}
