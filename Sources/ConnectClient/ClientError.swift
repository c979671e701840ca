import ConnectJSON

/// Why a call did not succeed, and the exit code `connectctl` uses for it. Each says what happened
/// and what to do: "not running" only when nothing listens.
public enum ClientError: Error, CustomStringConvertible {
    /// Nothing listens on the socket (EX_UNAVAILABLE).
    case unavailable(socket: String, reason: String, hint: String)
    /// The path is a file or a directory, not a socket: a wrong --socket (a usage error, 2).
    case notASocket(String)
    /// The socket exists but we may not use it (EX_NOPERM).
    case accessDenied(socket: String, reason: String)
    /// Whoever listens there is another user: we do not talk to them (EX_NOPERM).
    case foreignServer(socket: String, uid: UInt32)
    /// The daemon turned the connection away (too busy) (EX_TEMPFAIL).
    case busy(String)
    /// The daemon answered with an error (exit 1); `parameters` as the daemon sent them.
    case refused(name: String, message: String, parameters: JSONObject = [:])
    /// The daemon's answer could not be understood (exit 1).
    case badReply(String)
    /// A local file cannot be used (missing, a directory, unreadable, not writable).
    case file(String)

    public var exitCode: Int32 {
        switch self {
        case .unavailable: 69
        case .notASocket: 2
        case .accessDenied, .foreignServer: 77
        case .busy: 75
        case .refused, .badReply, .file: 1
        }
    }

    public var description: String {
        switch self {
        case .unavailable(let socket, let reason, let hint):
            "connectd is not running (\(reason) at \(socket)). \(hint)"
        case .notASocket(let path):
            "\(path) is not a socket: pass connectd's socket with --socket, or leave --socket out for the default "
                + "($XDG_RUNTIME_DIR/connectd/io.connectd.sock)."
        case .accessDenied(let socket, let reason):
            "connectd's socket \(socket) cannot be used (\(reason)): it belongs to someone else, or its directory is not yours. "
                + "Check the path, or pass --socket."
        case .foreignServer(let socket, let uid):
            "The server at \(socket) runs as uid \(uid), not as you: connectctl does not talk to it (it could read what you send). "
                + "Remove that socket's directory if it is not yours to trust, or pass --socket."
        case .busy(let message): message
        case .refused(_, let message, _): message
        case .badReply(let reason): "The daemon's reply could not be read (\(reason)); are connectd and connectctl the same version?"
        case .file(let message): message
        }
    }
}

extension ClientError {
    /// The stable name a script matches on (`--json`): the daemon's Varlink error name, or one of
    /// connectctl's own (`io.connectd.client.*`, listed in connectctl(1) under ERRORS).
    public var name: String {
        switch self {
        case .unavailable: "io.connectd.client.NotRunning"
        case .notASocket: "io.connectd.client.NotASocket"
        case .accessDenied: "io.connectd.client.AccessDenied"
        case .foreignServer: "io.connectd.client.ForeignServer"
        case .busy: "io.connectd.ConnectionRefused"
        case .refused(let name, _, _): name
        case .badReply: "io.connectd.client.BadReply"
        case .file: "io.connectd.client.FileError"
        }
    }

    /// What a script can act on besides the sentence: the daemon's error parameters (without
    /// `message`, which has its own field), or the socket or uid a local error is about.
    public var parameters: JSONObject {
        switch self {
        case .unavailable(let socket, _, _), .accessDenied(let socket, _): return ["socket": JSONValue.string(socket)]
        case .notASocket(let path): return ["socket": JSONValue.string(path)]
        case .foreignServer(let socket, let uid): return ["socket": JSONValue.string(socket), "uid": JSONValue.integer(Int64(uid))]
        case .refused(_, _, var parameters):
            parameters["message"] = nil
            return parameters
        case .busy, .badReply, .file: return JSONObject()
        }
    }

    /// The error as `--json` prints it: `{"error": name, "message": sentence, "parameters": {...}}`.
    public var json: JSONValue {
        .object(["error": .string(name), "message": .string(description), "parameters": .object(parameters)])
    }

    /// A usage error (exit 2) as `--json` prints it.
    public static func usageJSON(_ message: String) -> JSONValue { localJSON("io.connectd.client.UsageError", message) }

    /// Any other failure of connectctl itself as `--json` prints it.
    public static func failureJSON(_ message: String) -> JSONValue { localJSON("io.connectd.client.Failed", message) }

    private static func localJSON(_ name: String, _ message: String) -> JSONValue {
        .object(["error": .string(name), "message": .string(message), "parameters": .object([:])])
    }
}
