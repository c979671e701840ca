import ArgumentParser

struct DueCommand: ReadCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "Who is due or overdue for a catch-up, most overdue first.")

    @Option(help: "How many of the most overdue to show (default 50).") var limit: Int?
    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind { .due(limit: limit) }
}
