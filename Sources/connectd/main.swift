import ArgumentParser
import ConnectDaemon
import ConnectProtocol
import Foundation

/// `connectd`: the keep-in-touch daemon. Parses flags and hands over to `Daemon`.
struct ConnectdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectd",
        abstract: "Keeps the people you want to stay close to, and tells you who is due for a catch-up.",
        discussion: """
            Runs in the foreground and logs to stderr (or the journal under systemd). Talk to it with connectctl.
            Defaults: config $XDG_CONFIG_HOME/connectd/config.toml (optional), state $STATE_DIRECTORY or
            $XDG_STATE_HOME/connectd, socket $XDG_RUNTIME_DIR/connectd/io.connectd.sock.
            """,
        version: ConnectVersion.string)

    @Option(name: .long, help: ArgumentHelp("The config file.", valueName: "file"))
    var config: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("Where the state database lives.", valueName: "dir"))
    var stateDirectory: String?

    @Option(name: .long, help: ArgumentHelp("The Unix socket to listen on.", valueName: "path"))
    var socket: String?

    func run() throws {
        let paths = DaemonPaths.resolve(
            stateDirectory: stateDirectory.map(absolute), configFile: config.map(absolute), socket: socket.map(absolute),
            environment: ProcessInfo.processInfo.environment)
        throw ExitCode(Daemon(paths: paths).run())
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
    }
}

ConnectdCommand.main()
