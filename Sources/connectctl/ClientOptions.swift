import ArgumentParser
import ConnectClient
import ConnectJSON
import ConnectProtocol
#if canImport(Glibc)
import Glibc
#endif

/// Options every command takes (parsed by ArgumentParser); the calls go through `DaemonCall`.
struct ClientOptions: ParsableArguments {
    @Flag(help: "Print the daemon's reply as JSON (stable field names, times in ISO 8601 with the offset) instead of text.")
    var json = false

    @Option(help: ArgumentHelp("The daemon's socket (default: $XDG_RUNTIME_DIR/connectd/io.connectd.sock).", valueName: "path"))
    var socket: String?

    var target: DaemonCall { DaemonCall(json: json, socket: socket) }

    /// Calls `method`; prints the reply as JSON with `--json`, else as `render` makes it.
    func call<P: WireWritable, Reply: WireReadable>(_ method: Method, _ parameters: P, render: (Reply, DisplayTime) -> String) throws {
        try target.call(method, parameters, render: render)
    }
}

/// Where to call and how to print: the one way every command talks to the daemon. A plain
/// struct, so that the quick path pays nothing for ArgumentParser's property wrappers.
struct DaemonCall {
    var json = false
    var socket: String?

    var socketPath: String {
        socket ?? DefaultSocketPath.resolve(runtimeDirectory: getenv("XDG_RUNTIME_DIR").map { String(cString: $0) })
    }

    func call<P: WireWritable, Reply: WireReadable>(_ method: Method, _ parameters: P, render: (Reply, DisplayTime) -> String) throws {
        let connection = try VarlinkConnection(socketPath: socketPath, hint: StartHint.text)
        try show(try connection.call(method, parameters), render: render)
    }

    /// The quick path's call: parameters already as JSON and a reply read by hand, so a one-shot
    /// run pays nothing for the generic Codable machinery.
    func call<Reply: WireReadable>(_ method: Method, json parameters: JSONValue, render: (Reply, DisplayTime) -> String) throws {
        let connection = try VarlinkConnection(socketPath: socketPath, hint: StartHint.text)
        let raw = try connection.call(method, json: parameters)
        if json {
            print(JSONWriter.prettyText(raw))
            return
        }
        let reply: Reply
        do { reply = try Reply(json: raw, path: "reply") } catch { throw ClientError.badReply("\(error)") }
        let text = render(reply, DisplayTime.current)
        if !text.isEmpty { print(text) }
    }

    private func show<Reply: WireReadable>(_ raw: JSONValue, render: (Reply, DisplayTime) -> String) throws {
        if json {
            print(JSONWriter.prettyText(raw))
            return
        }
        let reply: Reply
        do { reply = try Reply(json: raw, path: "reply") } catch { throw ClientError.badReply("\(error)") }
        let text = render(reply, DisplayTime.current)
        if !text.isEmpty { print(text) }
    }
}

/// How to start the daemon, from where the user is: the connectd next to this connectctl when
/// there is one (after the README's build), else the installed service.
enum StartHint {
    static var text: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        var command = "connectd"
        if length > 0 {
            let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let slash = path.lastIndex(of: "/") {
                let sibling = String(path[..<slash]) + "/connectd"
                if access(sibling, X_OK) == 0 { command = sibling }
            }
        }
        return "Start it with '\(command)' in another terminal, or as a service: systemctl --user start connectd.socket"
            + " (after systemd/install); or pass --socket."
    }
}
