/// Why the daemon cannot start or keep running; each case says what to do.
public enum DaemonError: Error, CustomStringConvertible {
    case alreadyRunning(path: String)
    case socket(path: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let path):
            "Another connectd is already listening on \(path). Use it (connectctl status), stop it first "
                + "(systemctl --user stop connectd, or kill it), or start this one with a different --socket."
        case .socket(let path, let reason):
            "Cannot listen on \(path): \(reason)."
        }
    }
}
