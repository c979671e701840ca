import ArgumentParser
import ConnectClient
import ConnectProtocol

struct NudgesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nudges", abstract: "Open nudges, and who is up next and when.")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.nudges, NoParameters()) { (reply: NudgesReply, time) in
            var sections: [String] = []
            if reply.open.isEmpty {
                sections.append("No open nudges.")
            } else {
                sections.append("Open:\n" + reply.open.map { nudge in
                    "  \(nudge.summary) (since \(time.relative(nudge.deliveredAt))\(nudge.late ? ", late" : ""))\n    \(nudge.body)"
                }.joined(separator: "\n"))
                sections.append("Act on one: connectctl done NAME [kind] [note] | snooze NAME 3d | skip NAME")
            }
            if !reply.upcoming.isEmpty {
                var table = TextTable(header: ["UP NEXT", "WHEN"])
                for item in reply.upcoming { table.add([item.personName, "\(time.local(item.at)) (\(time.relative(item.at)))"]) }
                sections.append(table.render())
            }
            return sections.joined(separator: "\n\n")
        }
    }
}
