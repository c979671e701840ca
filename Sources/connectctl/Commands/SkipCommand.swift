import ArgumentParser
import ConnectClient
import ConnectProtocol

struct SkipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip", abstract: "Skip this cycle.",
        discussion: """
            Skipping moves the next catch-up one cadence past the date it was due (or one cadence from \
            now when that date has passed): the schedule is kept, never lost.
            """)

    @Argument(help: "Who: an id or the start of any word of the name.", completion: Completions.person) var person: String
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.skip, SkipParameters(person: person)) { (reply: SkipReply, time) in
            "Skipped \(reply.person.name) this time; next nudge not before \(time.local(reply.until))."
        }
    }
}
