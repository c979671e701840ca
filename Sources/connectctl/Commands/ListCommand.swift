import ArgumentParser
import ConnectClient
import ConnectProtocol

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List everyone, optionally only those with a tag.")

    @Option(help: "Only people with this tag.") var tag: String?
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.listPeople, ListPeopleParameters(tag: tag)) { (reply: PeopleReply, time) in
            guard !reply.people.isEmpty else {
                return tag.map { "Nobody is tagged '\($0)'." } ?? "Nobody yet. Add someone: connectctl add \"Ada Lovelace\" --every 3w"
            }
            var table = TextTable(header: ["ID", "NAME", "CADENCE", "LAST CONTACT", "NEXT", "TAGS"])
            for person in reply.people {
                table.add([String(person.id), person.name, person.cadence, PersonText.lastContact(person, time),
                           PersonText.dueText(person, time), person.tags.joined(separator: ",")])
            }
            return table.render()
        }
    }
}
