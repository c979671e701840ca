import ArgumentParser
import ConnectClient
import ConnectJSON
import ConnectProtocol
#if canImport(Glibc)
import Glibc
#endif

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove a person and their interactions (kept 30 days in the trash).",
        discussion: "On a terminal it asks first; --yes does not. 'connectctl trash' lists the removed, 'connectctl restore NAME' brings one back.")

    @Argument(help: "Who: an id or a unique prefix of any word of the name.", completion: Completions.person) var person: String
    @Flag(help: "Do not ask.") var yes = false
    @OptionGroup var options: ClientOptions

    func run() throws {
        if !yes, isatty(0) == 1, isatty(1) == 1 {
            let connection = try VarlinkConnection(socketPath: options.target.socketPath, hint: StartHint.text)
            let shown = try connection.call(.showPerson, ShowPersonParameters(person: person, limit: 1))
            let name = shown["person"]?["name"]?.stringValue ?? person
            let id = shown["person"]?["id"].flatMap { if case .integer(let n) = $0 { n } else { nil } }
            print("Remove \(TerminalText.safe(name))\(id.map { " (#\($0))" } ?? "") and their interactions? "
                  + "They stay in the trash for 30 days. [y/N] ", terminator: "")
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                print("Kept.")
                return
            }
            // The same person, by id: the name may have become ambiguous meanwhile.
            let target = id.map { "#\($0)" } ?? person
            try options.call(.removePerson, RemovePersonParameters(person: target)) { (reply: RemovePersonReply, _) in Self.removed(reply) }
            return
        }
        try options.call(.removePerson, RemovePersonParameters(person: person)) { (reply: RemovePersonReply, _) in Self.removed(reply) }
    }

    static func removed(_ reply: RemovePersonReply) -> String {
        "Removed \(reply.person.name) (#\(reply.person.id)) and their interactions; 'connectctl restore \(reply.person.name.split(separator: " ").first ?? "")' brings them back within 30 days."
    }
}
