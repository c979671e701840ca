import ArgumentParser
import ConnectClient
import ConnectProtocol

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "The daemon's version, uptime, paths and counts.")

    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.status, NoParameters()) { (reply: StatusReply, time) in
            var table = TextTable(header: ["connectd", reply.version])
            table.add(["pid", String(reply.pid)])
            table.add(["uptime", reply.uptimeSeconds < 1 ? "0s" : DisplayTime.span(Double(reply.uptimeSeconds))])
            table.add(["state", reply.database])
            table.add(["socket", reply.socket])
            table.add(["time zone", reply.timeZone])
            table.add(["people", String(reply.people)])
            table.add(["interactions", String(reply.interactions)])
            table.add(["due now", String(reply.due)])
            table.add(["open nudges", String(reply.openNudges)])
            table.add(["next nudge", reply.nextNudge.map { "\(time.local($0)) (\(time.relative($0)))" } ?? "none planned"])
            table.add(["next prompt", reply.nextPrompt.map { "\(time.local($0)) (\(time.relative($0)))" } ?? "off"])
            table.add(["streak", "\(reply.streak) week\(reply.streak == 1 ? "" : "s") of reflection in a row"])
            return table.render()
        }
    }
}
