import ArgumentParser
import ConnectClient
import ConnectProtocol

struct NotifyTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notify-test", abstract: "Send a sample notification through every channel.")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.notifyTest, NotifyTestParameters()) { (reply: NotifyTestReply, _) in
            var table = TextTable(header: ["CHANNEL", "RESULT"])
            for item in reply.channels { table.add([item.channel, item.outcome]) }
            return table.render()
        }
    }
}
