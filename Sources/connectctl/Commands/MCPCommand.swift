import ArgumentParser
import ConnectClient
#if canImport(Glibc)
import Glibc
#endif

/// `connectctl mcp`: runs connectd's Model Context Protocol server (connectd-mcp) in this
/// process's place, so that an assistant's config can name connectctl. The server is its own
/// executable so that connectctl stays small and starts quickly.
struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the Model Context Protocol on stdin/stdout, for an assistant (runs connectd-mcp).")

    @Option(help: ArgumentHelp("The daemon's socket (default: $XDG_RUNTIME_DIR/connectd/io.connectd.sock).", valueName: "path"))
    var socket: String?

    /// Where connectd-mcp is: beside this connectctl (a build, or /usr/bin), else where the
    /// Debian package keeps it.
    static var serverPath: String? {
        var candidates: [String] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let slash = path.lastIndex(of: "/") {
                let directory = String(path[..<slash])
                candidates += [directory + "/connectd-mcp", directory + "/../libexec/connectd/connectd-mcp"]
            }
        }
        candidates.append("/usr/libexec/connectd/connectd-mcp")
        return candidates.first { access($0, X_OK) == 0 }
    }

    func run() throws {
        guard let server = Self.serverPath else {
            throw ClientError.file("connectd-mcp was not found beside connectctl or in /usr/libexec/connectd: build it with "
                                   + "'swift build -c release' (it is one of the products), or install the connectd package.")
        }
        let arguments = [server] + (socket.map { ["--socket", $0] } ?? [])
        var pointers = arguments.map { strdup($0) } + [nil]
        execv(server, &pointers)
        throw ClientError.file("connectd-mcp at \(server) could not be run: \(String(cString: strerror(errno))).")
    }
}
