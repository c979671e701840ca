import ArgumentParser
import ConnectClient
import ConnectProtocol

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "How you keep in touch: on track, due, overdue, connections per week, who you are losing touch with.")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.stats, StatsParameters()) { (reply: StatsReply, time) in ReadViews.stats(reply, time) }
    }
}
