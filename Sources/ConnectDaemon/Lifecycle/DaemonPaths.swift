import ConnectProtocol
import ConnectUnix
import Foundation

/// Where the daemon keeps its state, reads its config and listens, from flags or the environment.
public struct DaemonPaths: Equatable, Sendable {
    public var stateDirectory: String
    public var configFile: String
    public var socket: String
    /// Where connectd's unit used to keep the state on systemd < 254, whose `StateDirectory=` of a
    /// user unit is under `$XDG_CONFIG_HOME`: a state file found there is moved once (see `LegacyState`).
    /// Nil when the state directory was given by flag.
    public var legacyStateDirectory: String?
    /// The home directory the defaults were derived from, and how it was found; nil when flags and
    /// the XDG variables left nothing to derive.
    public var home: HomeDirectory?

    public init(stateDirectory: String, configFile: String, socket: String, legacyStateDirectory: String? = nil,
                home: HomeDirectory? = nil) {
        self.stateDirectory = stateDirectory
        self.configFile = configFile
        self.socket = socket
        self.legacyStateDirectory = legacyStateDirectory
        self.home = home
    }

    public var database: String { stateDirectory + "/state.sqlite" }
    /// Hooks live beside the config file: `$XDG_CONFIG_HOME/connectd/hooks.d` by default.
    public var hooksDirectory: String { (configFile as NSString).deletingLastPathComponent + "/hooks.d" }

    /// Flags win; then `$XDG_STATE_HOME`, `$XDG_CONFIG_HOME`, `$XDG_RUNTIME_DIR`; then the XDG
    /// defaults under the home directory. The same under systemd and in the foreground, whatever
    /// the manager's version: the unit sets no `StateDirectory=`.
    public static func resolve(
        stateDirectory: String?, configFile: String?, socket: String?, environment: [String: String],
        home: HomeDirectory? = nil
    ) throws(DaemonError) -> DaemonPaths {
        func env(_ name: String) -> String? { environment[name].flatMap { $0.hasPrefix("/") ? $0 : nil } }
        let home = home ?? HomeDirectory.resolve(environment: environment)
        func under(_ variable: String, _ fallback: String) throws(DaemonError) -> String {
            if let value = env(variable) { return value }
            guard let home else { throw .noHome(variable: variable) }
            return home.path + fallback
        }
        let state: String, legacy: String?, config: String
        if let stateDirectory { (state, legacy) = (stateDirectory, nil) } else {
            (state, legacy) = (try under("XDG_STATE_HOME", "/.local/state") + "/connectd", try under("XDG_CONFIG_HOME", "/.config") + "/connectd")
        }
        if let configFile { config = configFile } else { config = try under("XDG_CONFIG_HOME", "/.config") + "/connectd/config.toml" }
        return DaemonPaths(stateDirectory: state, configFile: config, socket: socket ?? DefaultSocketPath.resolve(environment: environment),
                           legacyStateDirectory: legacy,
            home: home)
    }
}
