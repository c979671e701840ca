import ArgumentParser
import ConnectClient
import ConnectProtocol

struct SkipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "skip", abstract: "Skip this cycle: next due one cadence from now.")

    @Argument(help: "Who: an id or a unique prefix of any word of the name.") var person: String
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.skip, PersonQuery(person: person)) { (reply: PostponeReply, time) in
            "Skipped \(reply.person.name) this time; next nudge not before \(time.local(reply.until))."
        }
    }
}
