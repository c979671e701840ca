import ArgumentParser

struct ListCommand: ReadCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List everyone, optionally only those with a tag.")

    @Option(help: "Only people with this tag.") var tag: String?
    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind { .list(tag: tag) }
}
