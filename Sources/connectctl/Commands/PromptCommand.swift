import ArgumentParser

struct PromptCommand: ReadCommand {
    static let configuration = CommandConfiguration(commandName: "prompt", abstract: "This week's reflection prompt, and the next one.")

    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind { .prompt }
}
