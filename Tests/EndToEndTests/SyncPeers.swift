import Foundation
import XCTest

/// A server the tests start: its output in a log file, ready once it accepts on its port, stopped
/// by pid.
enum PeerProcess {
    static func start(_ executable: String, _ arguments: [String], log path: String, port: Int, name: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !Harness.canConnectTCP(port: port) {
            guard process.isRunning, Date() < deadline else {
                throw HarnessError.timeout("\(name) on port \(port): \((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")")
            }
            usleep(20_000)
        }
        return process
    }

    /// SIGTERM, then SIGKILL if it is still there after 5 s (Radicale once ignored a SIGTERM).
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A CalDAV/CardDAV server the machines of a test sync through.
protocol SyncServer: AnyObject {
    var url: String { get }
    var passwordFile: String { get }
}

/// The outside peers of the vdir mirror, each the real program: a Radicale CalDAV/CardDAV server
/// on 127.0.0.1 with htpasswd users (started here, stopped by pid), and per machine a vdirsyncer
/// config as `connectctl sync-config` writes it.
final class RadicaleServer: SyncServer {
    let root: String
    let port: Int
    let url: String
    let passwordFile: String
    private let process: Process

    init(root: String) throws {
        guard let radicale = Harness.tool("radicale") else { throw XCTSkip("radicale is missing: run .ci/setup") }
        self.root = root
        try FileManager.default.createDirectory(atPath: root + "/collections", withIntermediateDirectories: true)
        try "alice:secret\n".write(toFile: root + "/users", atomically: true, encoding: .utf8)
        passwordFile = root + "/password"
        try "secret\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        port = try Self.freePort()
        url = "http://127.0.0.1:\(port)/"
        process = try PeerProcess.start(radicale, ["--server-hosts", "127.0.0.1:\(port)", "--auth-type", "htpasswd", "--auth-htpasswd-filename",
                                                   root + "/users", "--auth-htpasswd-encryption", "plain", "--rights-type", "owner_only",
                                                   "--storage-filesystem-folder", root + "/collections"],
                                        log: root + "/radicale.log", port: port, name: "Radicale")
    }

    func stop() { PeerProcess.stop(process) }

    deinit { stop() }

    static func freePort() throws -> Int {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw HarnessError.timeout("a free TCP port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Xandikos, a second CalDAV/CardDAV server (so that nothing depends on one server's quirks), on
/// 127.0.0.1 with its default principal; it takes any password.
final class XandikosServer: SyncServer {
    let root: String
    let url: String
    let passwordFile: String
    private let process: Process

    init(root: String) throws {
        guard let xandikos = Harness.tool("xandikos") else { throw XCTSkip("xandikos is missing: run .ci/setup") }
        self.root = root
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        passwordFile = root + "/password"
        try "secret\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let port = try RadicaleServer.freePort()
        url = "http://127.0.0.1:\(port)/"
        process = try PeerProcess.start(xandikos, ["serve", "--directory", root + "/data", "--defaults", "--listen-address", "127.0.0.1",
                                                   "--port", String(port), "--no-detect-systemd", "--state-dir", root + "/state"],
                                        log: root + "/xandikos.log", port: port, name: "Xandikos")
    }

    func stop() { PeerProcess.stop(process) }

    deinit { stop() }
}

/// One machine of a sync session: its own connectd (state, socket, vdir) and vdirsyncer config.
final class SyncMachine {
    let name: String
    let harness: Harness
    let vdir: String
    let vdirsyncerConfig: String
    let vdirsyncer: String

    let timeZone: String

    /// `timeZone`: the daemon's zone; the machines of one session must share it.
    init(_ name: String, server: SyncServer, timeZone: String, claimTimeout: String = "20s") throws {
        guard let vdirsyncer = Harness.tool("vdirsyncer") else { throw XCTSkip("vdirsyncer is missing: run .ci/setup") }
        self.name = name
        self.vdirsyncer = vdirsyncer
        self.timeZone = timeZone
        harness = try Harness()
        // The server is plain HTTP on 127.0.0.1: no certificates to trust. An empty CA bundle
        // saves each vdirsyncer run (the tests' and the daemon's claims) a third of its start-up,
        // which aiohttp spends reading the system's bundle.
        _ = FileManager.default.createFile(atPath: harness.root + "/no-ca.pem", contents: Data())
        harness.extraEnvironment["SSL_CERT_FILE"] = harness.root + "/no-ca.pem"
        harness.extraEnvironment["SSL_CERT_DIR"] = harness.root + "/no-ca"
        vdir = harness.root + "/vdir"
        vdirsyncerConfig = harness.root + "/vdirsyncer.conf"
        try writeConfig(holdNudges: false, claimTimeout: claimTimeout)
        try harness.start()
        let config = try harness.ctl("sync-config", "--url", server.url, "--user", "alice", "--password-command", "cat", server.passwordFile,
                                     "--status-path", harness.root + "/vdirsyncer-status/")
        XCTAssertEqual(config.code, 0, config.stderr)
        try config.stdout.write(toFile: vdirsyncerConfig, atomically: true, encoding: .utf8)
        let discover = try harness.run(vdirsyncer, ["-c", vdirsyncerConfig, "discover"], timeout: 60)
        XCTAssertEqual(discover.code, 0, "vdirsyncer discover: \(discover.stderr)")
    }

    /// A zone in which it is now between 16:00 and 17:00: with nudges allowed all day, 32 of the
    /// day's 48 budget slots are open there, whenever the test runs (at 01:00 only 2 would be).
    static func afternoonZone(now: Date) -> String {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        var offset = 16 - utc.component(.hour, from: now)
        if offset > 14 { offset -= 24 }
        // POSIX signs: Etc/GMT-8 is eight hours ahead of UTC.
        return offset == 0 ? "Etc/GMT" : offset > 0 ? "Etc/GMT-\(offset)" : "Etc/GMT+\(-offset)"
    }

    /// connectd's config: the mirror, the claim command, and nudges held (every day quiet) or not.
    func writeConfig(holdNudges: Bool, claimTimeout: String = "20s") throws {
        try """
            time_zone = "\(timeZone)"
            [nudges]
            daily_budget = 48
            active_hours = "00:00-24:00"
            quiet_days = \(holdNudges ? "[\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]" : "[]")
            [sync]
            vdir = "\(vdir)"
            machine = "\(name)"
            command = ["\(vdirsyncer)", "-c", "\(vdirsyncerConfig)", "sync", "connectd_nudges"]
            claim_timeout = "\(claimTimeout)"
            """.write(toFile: harness.configFile, atomically: true, encoding: .utf8)
    }

    /// How many times the daemon said it reloaded its config (SIGHUP).
    var reloads: Int { harness.log.components(separatedBy: "Reloaded the config").count - 1 }

    /// `vdirsyncer sync` of every collection; its output when it failed.
    @discardableResult
    func sync(file: StaticString = #filePath, line: UInt = #line) throws -> Harness.Result {
        let result = try harness.run(vdirsyncer, ["-c", vdirsyncerConfig, "sync"], timeout: 120)
        XCTAssertEqual(result.code, 0, "vdirsyncer sync on \(name): \(result.stderr)", file: file, line: line)
        return result
    }

    func ctl(_ arguments: String...) throws -> Harness.Result { try harness.ctl(arguments) }

    func json(_ arguments: String..., file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let result = try harness.ctl(arguments + ["--json"])
        XCTAssertEqual(result.code, 0, result.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    /// The person as `show --json` gives them, or nil when nobody matches.
    func person(_ query: String) throws -> [String: Any]? {
        let result = try harness.ctl(["show", query, "--json"])
        guard result.code == 0 else { return nil }
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["person"] as? [String: Any]
    }

    /// Waits until the daemon has merged what the last sync brought (the files are watched).
    func waitFor(_ what: String, _ condition: () throws -> Bool) throws {
        try harness.waitFor("\(name): \(what)", condition)
    }
}

extension Harness {
    /// A program of the test peers (pip installs them in different places). A pyenv shim is
    /// resolved to the program behind it: the shim is a bash script that costs ~60 ms a run.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/\(name)" }
            + ["/usr/local/bin/\(name)", "/usr/bin/\(name)", NSHomeDirectory() + "/.local/bin/\(name)", "/root/.pyenv/shims/\(name)"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        guard found.contains("/.pyenv/shims/"),
              let resolved = try? runTool("/usr/bin/env", ["pyenv", "which", name], timeout: 10), resolved.code == 0 else { return found }
        let program = resolved.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.isExecutableFile(atPath: program) ? program : found
    }

    static func canConnectTCP(port: Int) -> Bool {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
