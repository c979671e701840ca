import ArgumentParser

struct NudgesCommand: ReadCommand {
    static let configuration = CommandConfiguration(commandName: "nudges", abstract: "Open nudges, and who is up next and when.")

    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind { .nudges }
}
