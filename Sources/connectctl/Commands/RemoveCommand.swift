import ArgumentParser
import ConnectClient
import ConnectProtocol

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a person and their interactions.")

    @Argument(help: "Who: an id or a unique prefix of any word of the name.") var person: String
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.removePerson, PersonQuery(person: person)) { (reply: PersonReply, _) in
            "Removed \(reply.person.name) (#\(reply.person.id)) and their interactions."
        }
    }
}
