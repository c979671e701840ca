import ArgumentParser

struct ReflectionsCommand: ReadCommand {
    static let configuration = CommandConfiguration(commandName: "reflections", abstract: "Past prompts and your answers.")

    @Option(help: "How many to show (default 20).") var limit: Int?
    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind { .reflections(limit: limit) }
}
