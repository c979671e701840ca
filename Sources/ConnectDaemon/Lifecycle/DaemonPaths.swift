import ConnectProtocol
import Foundation

/// Where the daemon keeps its state, reads its config and listens, from flags or the environment.
public struct DaemonPaths: Equatable, Sendable {
    public var stateDirectory: String
    public var configFile: String
    public var socket: String
    /// The XDG state directory a foreground run would use, when systemd chose another one: older
    /// systemd (< 254) puts a user unit's `StateDirectory=` under ~/.config instead.
    public var foregroundStateDirectory: String?

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
        let xdgState = "\(env("XDG_STATE_HOME") ?? home + "/.local/state")/connectd"
        let systemdState = env("STATE_DIRECTORY").map { String($0.split(separator: ":").first ?? Substring($0)) }
        let state = stateDirectory ?? systemdState ?? xdgState
        let config = configFile ?? "\(env("XDG_CONFIG_HOME") ?? home + "/.config")/connectd/config.toml"
        return DaemonPaths(
            stateDirectory: state, configFile: config,
            socket: socket ?? DefaultSocketPath.resolve(environment: environment),
            foregroundStateDirectory: stateDirectory == nil && systemdState != nil && systemdState != xdgState ? xdgState : nil)
    }

    /// A sentence for the log when data from foreground runs sits where this service does not look.
    public func strandedDataWarning(fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String? {
        guard let other = foregroundStateDirectory, fileExists(other + "/state.sqlite"), !fileExists(database) else { return nil }
        return "Your data from running connectd in the foreground is in \(other)/state.sqlite, but systemd gave this service "
            + "\(stateDirectory). To keep using it: systemctl --user stop connectd.service; mv \(other)/state.sqlite* \(stateDirectory)/; "
            + "systemctl --user start connectd.service"
    }
}
