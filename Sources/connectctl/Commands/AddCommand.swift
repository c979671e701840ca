import ArgumentParser
import ConnectClient
import ConnectProtocol

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add someone you want to stay in touch with.")

    @Argument(help: "Their name, e.g. \"Ada Lovelace\".") var name: String
    @Option(help: "How often to catch up: 3d, 2w, 6w, 1m, 3m, 1y, '3 weeks' (default from the config).") var every: String?
    @Option(help: "\"now\" to make them due at once (default: one cadence from today).") var due: String?
    @Option(help: "How and where you met.") var met: String?
    @Option(help: "What they care about.") var into: String?
    @Option(help: "Free-form notes.") var notes: String?
    @Option(name: .customLong("tag"), help: "A tag (repeatable, or comma-separated).") var tags: [String] = []
    @Option(name: .customLong("link"), help: "A link to their site or profile (repeatable).") var links: [String] = []
    @OptionGroup var options: ClientOptions

    func run() throws {
        var parameters = AddPersonParameters(name: name, every: every, met: met, into: into, notes: notes,
                                             tags: tags.isEmpty ? nil : tags, links: links.isEmpty ? nil : links)
        parameters.due = due
        try options.call(.addPerson, parameters) { (reply: PersonReply, time) in
            "Added \(reply.person.name) (#\(reply.person.id)), \(reply.person.cadenceText); first catch-up due \(time.local(reply.person.nextDue))."
        }
    }
}
