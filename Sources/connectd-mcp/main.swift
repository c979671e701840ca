import ConnectMCP
import ConnectProtocol
#if canImport(Glibc)
import Glibc
#endif

/// `connectd-mcp [--socket PATH]`: connectd's Model Context Protocol server on stdio, run by
/// `connectctl mcp` (or by an assistant directly).
var arguments = Array(CommandLine.arguments.dropFirst())
var socket: String?
while let argument = arguments.first {
    arguments.removeFirst()
    if argument == "--socket", let path = arguments.first {
        socket = path
        arguments.removeFirst()
    } else if argument.hasPrefix("--socket=") {
        socket = String(argument.dropFirst("--socket=".count))
    } else {
        let line = Array("connectd-mcp: unknown argument '\(argument)': the only option is --socket PATH.\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(2)
    }
}
let path = socket ?? DefaultSocketPath.resolve(runtimeDirectory: getenv("XDG_RUNTIME_DIR").map { String(cString: $0) })
try await AssistantServer(socketPath: path).run()
