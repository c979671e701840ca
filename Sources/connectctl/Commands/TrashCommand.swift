import ArgumentParser
import ConnectClient
import ConnectProtocol

struct TrashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trash", abstract: "Who was removed in the last 30 days (restorable).")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.trash, TrashParameters()) { (reply: TrashReply, time) in
            guard !reply.people.isEmpty else { return "The trash is empty." }
            var table = TextTable(header: ["ID", "NAME", "REMOVED", "GONE FOR GOOD", "INTERACTIONS"])
            for item in reply.people {
                table.add([String(item.id), item.name, time.local(item.removedAt), time.local(item.purgeAt), String(item.interactions)])
            }
            return table.render() + "\nBring someone back, under the id they had: connectctl restore NAME (or restore ID)"
        }
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Bring back someone removed in the last 30 days.")

    @Argument(help: "Who: a unique prefix of any word of the name, or the id they had (see 'connectctl trash').") var name: String
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.restore, RestoreParameters(name: name)) { (reply: RestoreReply, _) in
            "Restored \(reply.person.name) (#\(reply.person.id)) with their interactions."
        }
    }
}
