import ArgumentParser
import ConnectClient
import ConnectProtocol

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change someone's details; only the options you give change.",
        discussion: "Pass an empty string to clear --met, --into or --notes.")

    @Argument(help: "Who: an id or the start of any word of the name.") var person: String
    @Option(help: "A new name.") var name: String?
    @Option(help: "A new cadence: 3d, 2w, 1m, '3 weeks'.") var every: String?
    @Option(help: "How and where you met.") var met: String?
    @Option(help: "What they care about.") var into: String?
    @Option(help: "Free-form notes.") var notes: String?
    @Option(name: .customLong("tag"), help: "Add a tag (repeatable).") var addTags: [String] = []
    @Option(name: .customLong("untag"), help: "Remove a tag (repeatable).") var removeTags: [String] = []
    @Option(name: .customLong("link"), help: "Replace the links with these (repeatable).") var links: [String] = []
    @OptionGroup var options: ClientOptions

    func run() throws {
        var parameters = EditPersonParameters(person: person)
        parameters.name = name
        parameters.every = every
        parameters.met = met
        parameters.into = into
        parameters.notes = notes
        parameters.addTags = addTags.isEmpty ? nil : addTags
        parameters.removeTags = removeTags.isEmpty ? nil : removeTags
        parameters.links = links.isEmpty ? nil : links
        try options.call(.editPerson, parameters) { (reply: EditPersonReply, time) in
            let summary = reply.changed.isEmpty ? "Nothing changed." : "Updated \(reply.changed.joined(separator: ", "))."
            return summary + "\n" + PersonText.card(reply.person, time)
        }
    }
}
