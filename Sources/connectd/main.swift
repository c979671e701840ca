import ArgumentParser
import ConnectProtocol

/// `connectd`: the keep-in-touch daemon (`serve`, the default), its scheduling simulator, and the
/// merge vdirsyncer calls for people changed on two machines.
struct ConnectdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectd",
        abstract: "Keeps the people you want to stay close to, and tells you who is due for a catch-up.",
        version: ConnectVersion.string,
        subcommands: [ServeCommand.self, SimulateCommand.self, MergeVCardCommand.self],
        defaultSubcommand: ServeCommand.self)
}

ConnectdCommand.main()
