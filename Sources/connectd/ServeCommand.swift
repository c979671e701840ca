import ArgumentParser
import ConnectDaemon
import Foundation

/// Runs the daemon in the foreground (the default subcommand).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon in the foreground (the default).",
        discussion: """
            Logs to stderr (or the journal under systemd). Talk to it with connectctl. \
            Defaults: config $XDG_CONFIG_HOME/connectd/config.toml (optional), state $XDG_STATE_HOME/connectd, \
            socket $XDG_RUNTIME_DIR/connectd/io.connectd.sock. The home directory is $HOME, else the user's \
            entry in /etc/passwd.
            """)

    @Option(name: .long, help: ArgumentHelp("The config file.", valueName: "file"))
    var config: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("Where the state database lives.", valueName: "dir"))
    var stateDirectory: String?

    @Option(name: .long, help: ArgumentHelp("The Unix socket to listen on.", valueName: "path"))
    var socket: String?

    func run() throws {
        let paths: DaemonPaths
        do {
            paths = try DaemonPaths.resolve(
                stateDirectory: stateDirectory.map(absolute), configFile: config.map(absolute), socket: socket.map(absolute),
                environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("connectd: \(error)\n".utf8))
            throw ExitCode(Daemon.ExitCode.badConfig)
        }
        throw ExitCode(Daemon(paths: paths).run())
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
    }
}
