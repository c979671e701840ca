import ArgumentParser
import ConnectClient
import ConnectProtocol

struct WeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "week", abstract: "Your week in review: who you connected with, open follow-ups, who is overdue, the question.")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.week, WeekParameters()) { (reply: WeekReply, _) in TerminalText.safe(reply.text) }
    }
}
