import ArgumentParser
import ConnectClient
import ConnectProtocol

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "The daemon's version, uptime, paths and counts.")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.status, NoParameters()) { (reply: StatusReply, _) in
            var table = TextTable(header: ["connectd", reply.version])
            table.add(["pid", String(reply.pid)])
            table.add(["uptime", reply.uptimeSeconds < 1 ? "0s" : DisplayTime.span(Double(reply.uptimeSeconds))])
            table.add(["state", reply.database])
            table.add(["socket", reply.socket])
            table.add(["time zone", reply.timeZone])
            table.add(["people", String(reply.people)])
            table.add(["interactions", String(reply.interactions)])
            table.add(["due now", String(reply.due)])
            return table.render()
        }
    }
}
