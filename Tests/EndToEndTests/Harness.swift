import Foundation
import XCTest

/// Runs the real built binaries: a `connectd` on a private temp dir and socket, and `connectctl`.
/// Every process a test starts is stopped by pid in `stop()` / deinit, also when the test fails.
final class Harness {
    let root: String
    let stateDirectory: String
    let socket: String
    let configFile: String
    private(set) var daemon: Process?
    private var logHandle: FileHandle?
    var logFile: String { root + "/connectd.log" }

    static var productsDirectory: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The binaries under test: `$CONNECTD_TEST_BIN` when set (to run these tests against
    /// another build, e.g. a release build or an older commit), else the test's own build.
    static func binary(_ name: String) throws -> String {
        if let directory = ProcessInfo.processInfo.environment["CONNECTD_TEST_BIN"], !directory.isEmpty {
            let path = directory + "/" + name
            guard FileManager.default.isExecutableFile(atPath: path) else { throw XCTSkip("\(path) is not built") }
            return path
        }
        var path = productsDirectory + "/" + name
        if !FileManager.default.isExecutableFile(atPath: path) {
            // `swift test` runs the .xctest bundle from the products directory; fall back to .build/debug.
            path = packageRoot + "/.build/debug/" + name
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("\(name) is not built: run 'swift build' before 'swift test'")
        }
        return path
    }

    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/connectd-e2e-\(UUID().uuidString.prefix(8))"
        stateDirectory = root + "/state"
        socket = root + "/run/io.connectd.sock"
        configFile = root + "/config.toml"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        stop(signal: SIGKILL)
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Added to the daemon's (and connectctl's) environment, e.g. a session bus address.
    var extraEnvironment: [String: String] = [:]

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = root
        env["XDG_RUNTIME_DIR"] = root + "/run"
        env["XDG_STATE_HOME"] = root + "/xdg-state"
        env["XDG_CONFIG_HOME"] = root + "/xdg-config"
        env["TZ"] = env["TZ"] ?? "Europe/Berlin"
        env.removeValue(forKey: "JOURNAL_STREAM")
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "LISTEN_FDS")
        env.removeValue(forKey: "DBUS_SESSION_BUS_ADDRESS")
        env.removeValue(forKey: "DISPLAY")
        return env.merging(extraEnvironment) { $1 }
    }

    /// Starts connectd and waits until it answers on the socket (or exits, which fails the test).
    @discardableResult
    func start(extraArguments: [String] = [], waitUntilReady: Bool = true) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Harness.binary("connectd"))
        // Later flags win, so extraArguments may override the state directory.
        process.arguments = ["--state-dir", stateDirectory, "--socket", socket, "--config", configFile] + extraArguments
        process.environment = environment
        if !FileManager.default.fileExists(atPath: logFile) { _ = FileManager.default.createFile(atPath: logFile, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        daemon = process
        logHandle = handle
        if waitUntilReady {
            try waitFor("connectd to answer on \(socket)") {
                guard process.isRunning else {
                    throw HarnessError.daemonExited(code: process.terminationStatus, log: self.log)
                }
                return Harness.canConnect(self.socket)
            }
        }
        return process
    }

    /// Sends `signal` to the daemon we started and waits for it to exit; returns its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> Int32? {
        guard let process = daemon else { return nil }
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        daemon = nil
        try? logHandle?.close()
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    struct Result {
        let code: Int32
        let stdout: String
        let stderr: String
        /// It was still running at the deadline and was killed.
        var timedOut = false
    }

    /// Runs connectctl with `--socket` pointing at our daemon.
    func ctl(_ arguments: String..., socket: String? = nil) throws -> Result {
        try ctl(arguments, socket: socket)
    }

    func ctl(_ arguments: [String], socket: String? = nil) throws -> Result {
        try run(Harness.binary("connectctl"), arguments + ["--socket", socket ?? self.socket])
    }

    func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Double = 60) throws -> Result {
        try Harness.runTool(executable, arguments, environment: environment ?? self.environment, timeout: timeout)
    }

    /// Starts connectd with the harness's paths (overridden by `arguments`) expecting it to refuse
    /// and exit; one that keeps running is stopped after 10 s and reported as such.
    func daemonRefusal(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let result = try run(Harness.binary("connectd"), ["--state-dir", stateDirectory, "--socket", socket, "--config", configFile] + arguments,
                             timeout: 10)
        XCTAssertFalse(result.timedOut, "connectd started and served instead of refusing: \(result.stderr.suffix(300))", file: file, line: line)
        return result
    }

    /// Runs a program to its end (killed after `timeout` seconds); both outputs are read at once,
    /// so a chatty one cannot block.
    static func runTool(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Double = 60) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var timedOut = false
        DispatchQueue.global().async {
            if finished.wait(timeout: .now() + timeout) == .timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
        }
        defer { finished.signal() }
        nonisolated(unsafe) var stderr = Data()
        let errors = DispatchGroup()
        DispatchQueue.global().async(group: errors) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        errors.wait()
        process.waitUntilExit()
        return Result(code: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut)
    }

    /// Waits (polling with a deadline) until `condition` holds. Polls every 10 ms at first,
    /// backing off to every 100 ms: most conditions hold at once, and a long wait that runs
    /// connectctl on every poll would otherwise keep a core busy.
    func waitFor(_ what: String, timeout: TimeInterval = 20, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var pause: useconds_t = 10_000
        while Date() < deadline {
            if try condition() { return }
            usleep(pause)
            pause = min(pause * 3 / 2, 100_000)
        }
        throw HarnessError.timeout(what)
    }

    static func canConnect(_ path: String) -> Bool {
        (try? RawClient(path: path)) != nil
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case daemonExited(code: Int32, log: String)
    case timeout(String)
    case commandFailed(String, code: Int32, stderr: String)

    var description: String {
        switch self {
        case .daemonExited(let code, let log): "connectd exited with \(code) before it was ready. Its log:\n\(log)"
        case .timeout(let what): "timed out waiting for \(what)"
        case .commandFailed(let command, let code, let stderr): "\(command) exited with \(code): \(stderr)"
        }
    }
}

/// A raw socket client for sending arbitrary (also broken) bytes to the daemon. Used by one
/// thread at a time (it may be handed to another).
final class RawClient: @unchecked Sendable {
    let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw HarnessError.timeout("connect to \(path)")
        }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            offset += n
        }
    }

    func send(_ text: String, terminate: Bool = true) {
        send(Array(text.utf8) + (terminate ? [0] : []))
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads one NUL-terminated reply as a JSON object, or nil when the connection closed first.
    func readReply() -> [String: Any]? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            if byte == 0 { return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] }
            bytes.append(byte)
        }
        return nil
    }

    /// True when the daemon closed the connection (read returns 0).
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return read(fd, &byte, 1) == 0
    }
}
