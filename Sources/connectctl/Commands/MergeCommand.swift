import ArgumentParser
import ConnectClient
import ConnectProtocol

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Make one person of two records of the same person (the first keeps its id and name).",
        discussion: """
            Everything of the second moves to the first: interactions, follow-ups and nudges; its e-mail addresses, \
            phones, links and tags are added; fields the first lacks are filled from it, texts both have are joined. \
            The second goes to the trash as it was ('connectctl trash'), so a wrong merge can be looked at for 30 days.
            """)

    @Argument(help: "Who to keep: an id or a unique prefix of any word of the name.", completion: Completions.person) var into: String
    @Argument(help: "Who to merge into them (removed afterwards).", completion: Completions.person) var from: String
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.mergePeople, MergePeopleParameters(into: into, from: from)) { (reply: MergePeopleReply, _) in
            let interactions = reply.interactions == 1 ? "1 interaction" : "\(reply.interactions) interactions"
            let fields = reply.changed.isEmpty ? "" : "; added to their \(reply.changed.joined(separator: ", "))"
            return "Merged into \(TerminalText.safe(reply.person.name)) (#\(reply.person.id)): \(interactions) moved\(fields). "
                + "The other record is in the trash as it was."
        }
    }
}
