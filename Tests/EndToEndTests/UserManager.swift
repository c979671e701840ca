import Foundation
import XCTest

/// A real `systemd --user` manager for one test, with HOME and the XDG directories in a temp dir.
/// Skips (saying why) where this machine cannot run one; stops exactly the manager it started.
final class UserManager {
    let home: String
    /// This test's unit names (`connectd-test-…`): another manager of the same uid shares the
    /// cgroup tree here, so a unit called connectd.service would be the user's own.
    let unit = "connectd-test-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    var service: String { unit + ".service" }
    var socketUnit: String { unit + ".socket" }
    let runtimeDirectory: String
    private let harness: Harness
    /// Spawned with posix_spawn, not Foundation's Process: Foundation's child monitor blocks in
    /// wait4() on a long-lived child like the manager and then never reaps short ones (systemctl).
    private var pid: pid_t = 0

    init(harness: Harness) throws {
        let binary = "/lib/systemd/systemd"
        guard getuid() == 0 else { throw XCTSkip("starting a systemd --user manager here needs root (to create /run/systemd/system)") }
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("\(binary) is missing (apt-get install systemd)") }
        // systemd refuses to start a user manager unless it believes systemd is the init system.
        try FileManager.default.createDirectory(atPath: "/run/systemd/system", withIntermediateDirectories: true)
        self.harness = harness
        home = harness.root + "/home"
        runtimeDirectory = harness.root + "/xdg-run"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: runtimeDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        pid = try UserManager.spawn(binary, ["--user"], environment: UserManager.environment(home: home, runtime: runtimeDirectory))
        try harness.waitFor("systemd --user to run", timeout: 30) {
            guard self.isRunning else { throw XCTSkip("systemd --user exited at start") }
            let state = try self.systemctl(["is-system-running"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            return state == "running" || state == "degraded"
        }
    }

    deinit { stop() }

    /// Stops the manager (which stops its units) and reaps it.
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(20)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL) }
            usleep(50_000)
        }
        pid = 0
    }

    private var isRunning: Bool {
        var status: Int32 = 0
        return pid > 0 && waitpid(pid, &status, WNOHANG) == 0
    }

    /// Starts `path` with its output to /dev/null; `passing` becomes the child's descriptor 3.
    static func spawn(_ path: String, _ arguments: [String], environment: [String: String], passing: Int32? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        if let passing { posix_spawn_file_actions_adddup2(&actions, passing, 3) }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard rc == 0 else { throw XCTSkip("cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    var environment: [String: String] { UserManager.environment(home: home, runtime: runtimeDirectory) }

    static func environment(home: String, runtime: String) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "DBUS_SESSION_BUS_ADDRESS",
                    "NOTIFY_SOCKET", "LISTEN_FDS", "JOURNAL_STREAM", "INVOCATION_ID"] {
            env.removeValue(forKey: key)
        }
        env["HOME"] = home
        env["XDG_RUNTIME_DIR"] = runtime
        env["PATH"] = (env["PATH"] ?? "/usr/bin:/bin")
        return env
    }

    @discardableResult
    func systemctl(_ arguments: [String]) throws -> Harness.Result {
        try run("/usr/bin/env", ["systemctl", "--user"] + arguments)
    }

    func show(_ unit: String, _ properties: [String]) throws -> [String: String] {
        let output = try systemctl(["show", unit, "-p", properties.joined(separator: ",")]).stdout
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            values[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return values
    }

    /// systemd/install with this test's binaries and unit names.
    func install(_ arguments: [String] = ["--no-start"]) throws -> Harness.Result {
        try run(Harness.packageRoot + "/systemd/install", ["--binaries", Harness.productsDirectory, "--name", unit] + arguments)
    }

    func run(_ executable: String, _ arguments: [String]) throws -> Harness.Result {
        try harness.run(executable, arguments, environment: environment)
    }
}
