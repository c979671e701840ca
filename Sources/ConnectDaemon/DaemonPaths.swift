import ConnectProtocol
import Foundation

/// Where the daemon keeps its state, reads its config and listens, from flags or the environment.
public struct DaemonPaths: Equatable, Sendable {
    public var stateDirectory: String
    public var configFile: String
    public var socket: String

    public var database: String { stateDirectory + "/state.sqlite" }
    /// Hooks live beside the config file: `$XDG_CONFIG_HOME/connectd/hooks.d` by default.
    public var hooksDirectory: String { (configFile as NSString).deletingLastPathComponent + "/hooks.d" }

    /// Flags win; then `$STATE_DIRECTORY` (set by systemd's `StateDirectory=`), `$XDG_STATE_HOME`,
    /// `$XDG_CONFIG_HOME`, `$XDG_RUNTIME_DIR`; then the XDG defaults under `$HOME`.
    public static func resolve(
        stateDirectory: String?, configFile: String?, socket: String?, environment: [String: String]
    ) -> DaemonPaths {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let state = stateDirectory
            ?? env("STATE_DIRECTORY").map { String($0.split(separator: ":").first ?? Substring($0)) }
            ?? "\(env("XDG_STATE_HOME") ?? home + "/.local/state")/connectd"
        let config = configFile ?? "\(env("XDG_CONFIG_HOME") ?? home + "/.config")/connectd/config.toml"
        return DaemonPaths(
            stateDirectory: state, configFile: config,
            socket: socket ?? DefaultSocketPath.resolve(environment: environment))
    }
}
