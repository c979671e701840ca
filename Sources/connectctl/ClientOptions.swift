import ArgumentParser
import ConnectClient
import ConnectProtocol
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Options every command takes, and the one way commands talk to the daemon.
struct ClientOptions: ParsableArguments {
    @Flag(help: "Print the daemon's reply as JSON (stable field names) instead of text.")
    var json = false

    @Option(help: ArgumentHelp("The daemon's socket (default: $XDG_RUNTIME_DIR/connectd/io.connectd.sock).", valueName: "path"))
    var socket: String?

    var socketPath: String {
        socket ?? DefaultSocketPath.resolve(environment: ProcessInfo.processInfo.environment)
    }

    /// Calls `method`; prints the reply as JSON with `--json`, else as `render` makes it.
    func call<Reply: Decodable>(_ method: Method, _ parameters: some Encodable, render: (Reply, DisplayTime) -> String) throws {
        let connection = try VarlinkConnection(socketPath: socketPath)
        guard let encoded = try? JSONValue(encoding: parameters) else { throw ClientError.badReply("cannot encode the parameters") }
        let raw = try connection.callRaw(method, parameters: encoded)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(raw), as: UTF8.self))
            return
        }
        let reply: Reply
        do { reply = try raw.decode(Reply.self) } catch { throw ClientError.badReply("\(error)") }
        let text = render(reply, DisplayTime(now: Date()))
        if !text.isEmpty { print(text) }
    }
}
