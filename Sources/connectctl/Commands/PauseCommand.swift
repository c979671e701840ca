import ArgumentParser
import ConnectClient
import ConnectProtocol

/// `pause --until DATE [REASON]`: no nudges or prompts until that day; `pause --off` ends it;
/// `pause` says how things stand.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Pause nudges and prompts until a day (a holiday), or end a pause.",
        discussion: """
            When the pause ends, whoever became due comes back within your daily budget, spread over the \
            next days, not all on the first morning. Birthdays during the pause pass without a nudge.
            """)

    @Option(help: "The day nudges come back, like 2027-01-05 (when your active hours begin).") var until: String?
    @Argument(help: "Why, if you like: holiday.") var reason: String?
    @Flag(help: "End the pause now.") var off = false
    @OptionGroup var options: ClientOptions

    func validate() throws {
        if off, until != nil || reason != nil { throw ValidationError("--off ends the pause: give it alone.") }
        if reason != nil, until == nil { throw ValidationError("Say until when: connectctl pause --until 2027-01-05 \"\(reason ?? "")\"") }
    }

    func run() throws {
        try options.call(.pause, PauseParameters(until: until, reason: reason, off: off ? true : nil)) { (reply: PauseReply, time) in
            if off {
                return reply.ended == nil ? "There was no pause: nudges and prompts come as usual."
                    : "The pause is over: nudges and prompts come again; whoever became due comes back within your daily budget."
            }
            guard let paused = reply.pausedUntil else { return "No pause: nudges and prompts come as usual. Pause them: connectctl pause --until 2027-01-05 holiday" }
            let why = reply.reason.map { " (\(TerminalText.safe($0)))" } ?? ""
            return "Paused until \(time.local(paused))\(why): no nudges or prompts until then; afterwards whoever became due comes back "
                + "within your daily budget. End it early: connectctl pause --off"
        }
    }
}
