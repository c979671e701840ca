import Foundation
import XCTest

/// A private D-Bus session bus (`dbus-daemon --session`) for one test, and optionally a real
/// notification server on it: dunst under Xvfb, or the Python fake that presses buttons.
/// Everything started is stopped by pid.
final class SessionBus {
    let address: String
    private var pids: [pid_t] = []
    private let root: String

    /// `socketName`: another name gives a second private bus (a stand-in for the system bus).
    init(harness: Harness, socketName: String = "session-bus") throws {
        root = harness.root
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dbus-daemon") else {
            throw XCTSkip("dbus-daemon is missing (apt-get install dbus)")
        }
        // Not --fork: a forked daemon would keep our output pipes open. Our own child, at a known address.
        let socket = harness.root + "/" + socketName
        address = "unix:path=" + socket
        pids.append(try UserManager.spawn("/usr/bin/dbus-daemon", ["--session", "--nofork", "--address=" + address],
                                          environment: ProcessInfo.processInfo.environment))
        try harness.waitFor("the session bus") { Harness.canConnect(socket) }
    }

    deinit { stop() }

    func stop() {
        for pid in pids.reversed() {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        pids.removeAll()
    }

    var environment: [String: String] { ["DBUS_SESSION_BUS_ADDRESS": address] }

    /// Starts Xvfb on a display it picks itself (`-displayfd`: free even when other test
    /// processes run Xvfb too) and dunst on it; returns the DISPLAY value. Notifications expire
    /// after 1 s instead of dunst's 10 s, so that they reach `dunstctl history` quickly.
    func startDunst(harness: Harness) throws -> String {
        for binary in ["/usr/bin/Xvfb", "/usr/bin/dunst", "/usr/bin/dunstctl"] where !FileManager.default.isExecutableFile(atPath: binary) {
            throw XCTSkip("\(binary) is missing (apt-get install xvfb dunst)")
        }
        let displayPipe = Pipe()
        pids.append(try UserManager.spawn("/usr/bin/Xvfb", ["-displayfd", "3", "-screen", "0", "800x600x24", "-nolisten", "tcp"],
                                          environment: [:], passing: displayPipe.fileHandleForWriting.fileDescriptor))
        try displayPipe.fileHandleForWriting.close()
        // Xvfb writes the display number (and a newline) once it accepts clients.
        var written = Data()
        let deadline = Date().addingTimeInterval(20)
        while !written.contains(UInt8(ascii: "\n")) {
            var ready = pollfd(fd: displayPipe.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard left > 0, poll(&ready, 1, left) == 1 else { throw HarnessError.timeout("Xvfb to name its display") }
            let chunk = displayPipe.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw HarnessError.timeout("Xvfb to name its display (it exited)") }
            written.append(chunk)
        }
        let display = ":" + String(decoding: written, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let config = root + "/dunstrc"
        try "[urgency_low]\n    timeout = 1\n[urgency_normal]\n    timeout = 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["DISPLAY"] = display
        env["HOME"] = root
        pids.append(try UserManager.spawn("/usr/bin/dunst", ["-config", config], environment: env))
        try harness.waitFor("dunst to own org.freedesktop.Notifications") {
            (try? harness.run("/usr/bin/dunstctl", ["count", "displayed"], environment: env))?.code == 0
        }
        return display
    }

    /// Starts the Python fake notification server; it records Notify calls into `record` and
    /// presses `actions` (one per Notify, in order).
    func startFakeServer(harness: Harness, record: String, actions: [String], hang: Bool = false, extraArguments: [String] = []) throws {
        let script = Harness.packageRoot + "/Tests/EndToEndTests/fake_notification_server.py"
        let check = try harness.run("/usr/bin/env", ["python3", "-c", "import jeepney"])
        guard check.code == 0 else { throw XCTSkip("the Python package jeepney is missing (pip install jeepney)") }
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["PYTHONUNBUFFERED"] = "1"
        let python = try harness.run("/usr/bin/env", ["which", "python3"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        pids.append(try UserManager.spawn(python, [script, record] + (actions.isEmpty ? [] : ["--actions", actions.joined(separator: ",")])
                                            + (hang ? ["--hang"] : []) + extraArguments, environment: env))
        try harness.waitFor("the fake server to own the name") {
            let owner = try harness.run("/usr/bin/env", ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                                                         "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                                                         "string:org.freedesktop.Notifications"], environment: env)
            return owner.stdout.contains("boolean true")
        }
    }
}
