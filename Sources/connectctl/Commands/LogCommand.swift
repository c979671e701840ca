import ArgumentParser
import ConnectClient
import ConnectProtocol

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Record that you connected with someone.",
        discussion: "Kinds: coffee, lunch, dinner, call, video, message, email, meeting, read (their article or post), gift, help, other.")

    @Argument(help: "Who: an id or a unique prefix of any word of the name.", completion: Completions.person) var person: String
    @Argument(help: "What kind of interaction.", completion: Completions.kind) var kind: String
    @Argument(parsing: .remaining, help: "A note: what you talked about, what to follow up on.") var note: [String] = []
    @Option(help: "When: 2026-11-28, '2026-11-28 14:30', today, yesterday, '3 days ago', friday (default now).") var at: String?
    @Option(help: ArgumentHelp("Something you will do next time (repeatable): 'send her the onboarding article'.", valueName: "follow-up"))
    var next: [String] = []
    @Option(help: ArgumentHelp("Close an open follow-up by its number in 'connectctl show' (repeatable).", valueName: "n"))
    var closes: [Int] = []
    @OptionGroup var options: ClientOptions

    func run() throws {
        let text = note.joined(separator: " ")
        var parameters = LogInteractionParameters(person: person, kind: kind, at: at, note: text.isEmpty ? nil : text)
        parameters.next = next.isEmpty ? nil : next
        parameters.closes = closes.isEmpty ? nil : closes
        try options.call(.logInteraction, parameters) { (reply: LogInteractionReply, time) in
            "Logged \(reply.interaction.kind) with \(reply.person.name) on \(time.local(reply.interaction.at)); "
                + (reply.person.nextDue.map { "next catch-up \(time.local($0))." }
                   ?? (reply.person.ignored ? "they are ignored, so never nudged."
                       : "no next catch-up: they have no cadence yet ('connectctl edit \(reply.person.id) --every 1m', or 'connectctl triage')."))
                + PersonText.followUpSummary(reply.followUps, closed: reply.closedFollowUps)
        }
    }
}
