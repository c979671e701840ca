import Foundation
import XCTest

/// A real journald for tests: uses the running one, or starts `systemd-journald` (as root) and
/// stops exactly that process afterwards. Skips, saying why, where neither is possible.
final class Journald {
    private var started: Process?
    static let socket = "/run/systemd/journal/socket"
    /// Entries are looked up from here on: PIDs wrap (pid_max is 32768 here) and the journal keeps
    /// earlier runs, so `_PID=` alone can match another process's entries.
    private let since = Int(Date().timeIntervalSince1970) - 1

    init() throws {
        if FileManager.default.fileExists(atPath: Journald.socket), Harness.canConnectDatagram(Journald.socket) { return }
        guard getuid() == 0 else { throw XCTSkip("no journald runs and only root can start one here; journal checks skipped") }
        let binary = "/lib/systemd/systemd-journald"
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("\(binary) is missing (apt-get install systemd)") }
        try FileManager.default.createDirectory(atPath: "/run/systemd/journal", withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        started = process
        let deadline = Date().addingTimeInterval(10)
        while !Harness.canConnectDatagram(Journald.socket) {
            guard Date() < deadline, process.isRunning else { throw XCTSkip("systemd-journald did not come up") }
            usleep(20_000)
        }
    }

    func stop() {
        guard let process = started else { return }
        process.terminate()
        process.waitUntilExit()
        started = nil
    }

    deinit { stop() }

    /// Entries as JSON objects, matching journalctl `matches` (e.g. "_PID=123", "CONNECTD_EVENT=nudge").
    func entries(_ matches: [String]) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["journalctl", "--no-pager", "-o", "json", "--since", "@\(since)"] + matches
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

extension Harness {
    /// True when a datagram socket accepts a connection at `path` (journald's native socket).
    static func canConnectDatagram(_ path: String) -> Bool {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }

    /// Writes a config that lets nudges go out at any hour, up to 48 a day.
    /// Early in the day (before 06:00 in the daemon's zone) only a few of the day's 48 budget
    /// slots have come (one every half hour), and a test that waits for several nudges would
    /// wait hours: then the window ends two minutes from now instead, so every slot is open.
    func allowNudgesAllDay(extra: String = "") throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: environment["TZ"] ?? "Europe/Berlin") ?? .current
        if calendar.component(.hour, from: Date()) < 6 { return try allowBurstOfNudges(extra: extra) }
        try "[nudges]\ndaily_budget = 48\nactive_hours = \"00:00-24:00\"\n\(extra)".write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    /// Lets a burst of nudges out at once: the window ends two minutes from now (local time of the
    /// daemon, TZ=Europe/Berlin here), so nearly all 48 budget slots of the day are already open.
    func allowBurstOfNudges(extra: String = "") throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: environment["TZ"] ?? "Europe/Berlin") ?? .current
        let end = calendar.dateComponents([.hour, .minute], from: Date().addingTimeInterval(120))
        let until = end.hour! == 0 && end.minute! < 3 ? "24:00" : String(format: "%02d:%02d", end.hour!, end.minute!)
        try "[nudges]\ndaily_budget = 48\nactive_hours = \"00:00-\(until)\"\n\(extra)".write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    func json(_ arguments: String...) throws -> [String: Any] {
        let result = try run(Harness.binary("connectctl"), arguments + ["--json", "--socket", socket])
        guard result.code == 0 else { throw HarnessError.commandFailed("connectctl \(arguments.joined(separator: " "))", code: result.code, stderr: result.stderr) }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    static func instant(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
