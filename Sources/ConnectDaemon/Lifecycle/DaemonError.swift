#if canImport(Glibc)
import Glibc
#endif

/// Why the daemon cannot start or keep running; each case says what to do.
public enum DaemonError: Error, CustomStringConvertible {
    case alreadyRunning(path: String)
    case socket(path: String, reason: String)
    /// Something that is not our stale socket is at the socket path: we never replace it.
    case notOurSocket(path: String, what: String)
    case unsafeDirectory(String)
    case prompts(String)
    /// Neither `$HOME` nor the password database names a home, and `variable` is not set either.
    case noHome(variable: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let path):
            "Another connectd is already listening on \(path). Use it (connectctl status), stop it first "
                + "(systemctl --user stop connectd, or kill it), or start this one with a different --socket."
        case .socket(let path, let reason):
            "Cannot listen on \(path): \(reason)."
        case .notOurSocket(let path, let what):
            "\(path) is \(what), not a socket of connectd: connectd never replaces it. Move it away or pass another --socket."
        case .unsafeDirectory(let sentence):
            sentence
        case .prompts(let reason):
            "The built-in reflection prompts cannot be read (\(reason)); this build is broken: please report it."
        case .noHome(let variable):
            "No home directory: $HOME is not an absolute path and /etc/passwd has no entry for uid \(getuid()). "
                + "Set HOME (or \(variable)), or pass --state-dir and --config."
        }
    }
}
