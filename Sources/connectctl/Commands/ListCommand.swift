import ArgumentParser

struct ListCommand: ReadCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List people by name: everyone, or those matching every filter given (50 at a time; --limit).",
        discussion: "To take everyone out at once, use 'connectctl export'.")

    @Option(help: "Only people with this tag.") var tag: String?
    @Flag(help: "Only people waiting for a cadence (what 'connectctl triage' goes through).") var untriaged = false
    @Flag(help: "Only people you ignore.") var ignored = false
    @Option(help: "Only people at this organization (ignoring case).") var org: String?
    @Flag(help: "Only people due for a catch-up now ('connectctl due' lists them most overdue first).") var due = false
    @Option(help: "Only people following this circle's cadence.") var circle: String?
    @Option(help: "How many to show (default 50).") var limit: Int?
    @OptionGroup var options: ClientOptions

    var kind: ReadRequest.Kind {
        .list(ReadRequest.ListFilter(tag: tag, untriaged: untriaged, ignored: ignored, org: org, due: due, circle: circle), limit: limit)
    }
}
