import ArgumentParser
import ConnectClient
import ConnectProtocol

struct FollowUpsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "followups", abstract: "Everything you said you would do next time, oldest first.")

    @Option(help: "How many to show (default 50).") var limit: Int?
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.followUps, FollowUpsParameters(limit: limit)) { (reply: FollowUpsReply, time) in
            guard !reply.followUps.isEmpty else { return "No open follow-ups. Add one with: connectctl log NAME KIND --next \"...\"" }
            var table = TextTable(header: ["SINCE", "WHO", "#", "FOLLOW-UP"])
            for item in reply.followUps {
                table.add([time.local(item.createdAt), item.personName, String(item.number), item.text])
            }
            var text = table.render()
            if reply.total > reply.followUps.count { text += "\n… and \(reply.total - reply.followUps.count) more (--limit)." }
            return text + "\nClose one with: connectctl log NAME KIND --closes #"
        }
    }
}
