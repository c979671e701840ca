import ArgumentParser

struct DueCommand: ReadCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "Who is due or overdue for a catch-up, most overdue first.")

    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind { .due }
}
