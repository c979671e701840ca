/// Why a call did not succeed, and the exit code `connectctl` uses for it.
public enum ClientError: Error, CustomStringConvertible {
    /// Nobody answers on the socket (EX_UNAVAILABLE).
    case unavailable(socket: String, reason: String)
    /// The daemon answered with an error (exit 1).
    case refused(name: String, message: String)
    /// The daemon's answer could not be understood (exit 1).
    case badReply(String)

    public var exitCode: Int32 {
        switch self {
        case .unavailable: 69
        case .refused, .badReply: 1
        }
    }

    public var description: String {
        switch self {
        case .unavailable(let socket, let reason):
            "connectd is not running (\(reason) at \(socket)). Start it with 'connectd' (or 'systemctl --user start connectd.socket'), or pass --socket."
        case .refused(_, let message): message
        case .badReply(let reason): "The daemon's reply could not be read (\(reason)); are connectd and connectctl the same version?"
        }
    }
}
