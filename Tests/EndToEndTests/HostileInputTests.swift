import Foundation
import XCTest

/// The real daemon and client against a hostile client and a hostile local user: every attack
/// found in the review gets a clear refusal, and the daemon keeps serving everyone else.
final class HostileInputTests: XCTestCase {
    /// `status` through connectctl, timed: a starved loop shows as a slow answer.
    private func statusSeconds(_ h: Harness) throws -> Double {
        let started = Date()
        let result = try h.ctl("status")
        XCTAssertEqual(result.code, 0, result.stderr)
        return Date().timeIntervalSince(started)
    }

    // MARK: Numbers, dates, text

    func testHugeNumbersAndOutOfRangeDates_areRefused_daemonStaysUp() throws {
        let h = try Harness()
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace").code, 0)
        for at in ["2000000000000000000 weeks ago", "9223372036854775807 days ago", "0001-01-01", "0000-01-01", "50000 days ago", "1899-12-31"] {
            let result = try h.ctl("log", "ada", "call", "--at", at)
            XCTAssertEqual(result.code, 1, "--at \(at): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains("1900-01-01"), "the message names the accepted range: \(result.stderr)")
        }
        for every in ["99999999999999999999w", "9223372036854775807d", "-1w", "11y"] {
            let result = try h.ctl("add", "Grace Hopper", "--every", every)
            XCTAssertNotEqual(result.code, 0, "--every \(every)")
            XCTAssertFalse(result.stderr.isEmpty, "--every \(every) says why")
        }
        let snooze = try h.ctl("snooze", "ada", "99999999999999999w")
        XCTAssertEqual(snooze.code, 1, snooze.stderr)
        XCTAssertEqual(try h.ctl("status").code, 0, "the daemon is still up")
        XCTAssertEqual(h.daemon?.isRunning, true, h.log)
    }

    func testTerminalEscapesInvisibleAndHugeText_areRefused_nothingStored() throws {
        let h = try Harness()
        try h.start()
        let attempts: [[String]] = [
            ["add", "Evil \u{1B}[2J\u{1B}]0;owned\u{07} Name"],
            ["add", "\u{200B}\u{200B}"],
            ["add", "Bidi \u{202E}evil"],
            ["add", String(repeating: "a", count: 100_000)],
            ["add", "12"],
            ["add", "#3"],
            ["add", "Fine Name", "--met", "at \u{1B}[31mred\u{1B}[0m"],
            ["add", "Fine Name", "--tag", "a\u{1B}b"],
        ]
        for arguments in attempts {
            let result = try h.ctl(arguments)
            XCTAssertEqual(result.code, 1, "\(arguments.map { $0.prefix(40) }): \(result.stdout)")
            XCTAssertFalse(result.stderr.contains("\u{1B}"), "an error never echoes an escape to the terminal")
            XCTAssertLessThan(result.stderr.count, 600, "an error quotes a bounded part of the input")
        }
        let status = try h.ctl("status", "--json")
        XCTAssertEqual(status.code, 0)
        let people = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["people"] as? Int
        XCTAssertEqual(people, 0, "nothing was stored: \(status.stdout)")
    }

    func testProtocolLevelRefusals_nameTheParameter() throws {
        let h = try Harness()
        try h.start()
        let client = try RawClient(path: h.socket)
        client.send(#"{"method":"io.connectd.History","parameters":{"limit":"lots"}}"#)
        let limit = client.readReply()
        XCTAssertEqual(limit?["error"] as? String, "org.varlink.service.InvalidParameter")
        XCTAssertEqual((limit?["parameters"] as? [String: Any])?["parameter"] as? String, "limit", "\(String(describing: limit))")
        client.send(#"{"method":"io.connectd.AddPerson","parameters":{"name":"Ada","name":"Eve"}}"#)
        let duplicate = client.readReply()
        XCTAssertNotNil(duplicate?["error"], "duplicate keys are refused, not resolved silently")
        let message = (duplicate?["parameters"] as? [String: Any])?["message"] as? String ?? ""
        XCTAssertTrue(message.contains("name") && message.lowercased().contains("twice"), message)
        XCTAssertTrue(client.isClosedByPeer(), "a malformed message ends its connection")
        let another = try RawClient(path: h.socket)
        another.send(#"{"method":"io.connectd.ListPeople","parameters":{}}"#)
        let people = (another.readReply()?["parameters"] as? [String: Any])?["people"] as? [Any]
        XCTAssertEqual(people?.count, 0, "the refused call stored nobody")
    }

    func testAHugeConfigValue_isQuotedShortInTheError() throws {
        let h = try Harness()
        try ("time_zone = \"" + String(repeating: "X", count: 500_000) + "\"\n").write(toFile: h.configFile, atomically: true, encoding: .utf8)
        let result = try h.daemonRefusal([])
        XCTAssertNotEqual(result.code, 0)
        XCTAssertTrue(result.stderr.contains("time_zone"), String(result.stderr.prefix(500)))
        XCTAssertLessThan(result.stderr.utf8.count, 2000, "the value is truncated in the message")
        try ("time_zone = \"" + String(repeating: "X", count: 10_000_000) + "\"\n").write(toFile: h.configFile, atomically: true, encoding: .utf8)
        let huge = try h.daemonRefusal([])
        XCTAssertNotEqual(huge.code, 0)
        XCTAssertTrue(huge.stderr.contains("larger than 1 MiB"), String(huge.stderr.prefix(500)))
        XCTAssertLessThan(huge.stderr.utf8.count, 2000)
    }

    /// `[é]` made the C++ TOML parser we used abort the process: at start, and on a reload,
    /// which took the running daemon down. Found by the fuzzer.
    func testAConfigThatAbortedTheOldParser_isRefusedAtStart_andOnReloadTheDaemonKeepsRunning() throws {
        let h = try Harness()
        try "[\u{E9}]\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        let start = try h.daemonRefusal([])
        XCTAssertEqual(start.code, 78, start.stderr)
        XCTAssertTrue(start.stderr.contains("\(h.configFile):1:2"), start.stderr)
        try "".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        let daemon = try h.start()
        try "[nudges]\ndaily_budget = 3\n[\u{E9}]\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        kill(daemon.processIdentifier, SIGHUP)
        try h.waitFor("the reload to be refused") { h.log.contains("Kept the previous config") }
        XCTAssertTrue(daemon.isRunning, h.log)
        XCTAssertEqual(try h.ctl("status").code, 0)
    }

    // MARK: Paths another user or a typo could own

    func testSocketPathOfARegularFile_isLeftAlone() throws {
        let h = try Harness()
        let directory = h.root + "/private"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let precious = directory + "/precious.txt"
        try "my notes\n".write(toFile: precious, atomically: true, encoding: .utf8)
        let result = try h.daemonRefusal(["--socket", precious])
        XCTAssertNotEqual(result.code, 0)
        XCTAssertTrue(result.stderr.contains("regular file"), result.stderr)
        XCTAssertEqual(try String(contentsOfFile: precious, encoding: .utf8), "my notes\n", "the file is untouched")
    }

    func testASocketDirectoryWritableByOthers_isRefused() throws {
        let h = try Harness()
        let open = h.root + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true)
        chmod(open, 0o777)
        let result = try h.daemonRefusal(["--socket", open + "/sock"])
        XCTAssertNotEqual(result.code, 0)
        XCTAssertTrue(result.stderr.contains("writable by other users"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: open + "/sock"))
    }

    /// Another local user squats the socket directory, listens where our client looks, and
    /// tries our daemon's socket: the daemon refuses the directory, the client refuses to talk
    /// to a server of another uid (sending it nothing), and the other user cannot get in.
    func testAnotherUser_cannotSquatTheSocketOrListenForTheClient_orUseOurDaemon() throws {
        let squatter = try LocalUser.create("connectd-squatter")
        defer { squatter.remove() }
        let h = try Harness()
        let shared = h.root + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        chmod(h.root, 0o755)
        chmod(shared, 0o1777)
        let squatted = shared + "/connectd-\(getuid())"
        XCTAssertEqual(try squatter.run("/bin/sh", ["-c", "mkdir -m 0777 \(squatted)"]).code, 0)

        let daemon = try h.daemonRefusal(["--socket", squatted + "/io.connectd.sock"])
        XCTAssertNotEqual(daemon.code, 0, "the daemon must not listen in a directory another user owns")
        XCTAssertTrue(daemon.stderr.contains("belongs to another user (uid \(squatter.uid))"), daemon.stderr)

        // The squatter listens; connectctl connects, checks who listens, and sends nothing.
        let trap = squatted + "/io.connectd.sock"
        let listener = try squatter.spawn("/usr/bin/python3", ["-c", """
            import socket, sys
            s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); s.settimeout(20)
            print("listening", flush=True)
            c, _ = s.accept(); c.settimeout(2)
            got = b""
            try:
                while True:
                    chunk = c.recv(4096)
                    if not chunk: break
                    got += chunk
            except socket.timeout:
                pass
            print("received", len(got), flush=True)
            """, trap])
        try h.waitFor("the squatter to listen") { FileManager.default.fileExists(atPath: trap) }
        let client = try h.ctl("add", "Secret Person", "--notes", "my secret", socket: trap)
        XCTAssertEqual(client.code, 77, client.stderr)
        XCTAssertTrue(client.stderr.contains("runs as uid \(squatter.uid), not as you"), client.stderr)
        listener.waitUntilExit()
        XCTAssertTrue(listener.output.contains("received 0"), "the client sent nothing to the squatter: \(listener.output)")

        // And the other user cannot use our daemon.
        try h.start()
        let copied = shared + "/connectctl"
        try FileManager.default.copyItem(atPath: try Harness.binary("connectctl"), toPath: copied)
        let intruder = try squatter.run(copied, ["--socket", h.socket, "status"])
        XCTAssertEqual(intruder.code, 77, intruder.stderr)
        XCTAssertTrue(intruder.stderr.contains("cannot be used"), intruder.stderr)
        XCTAssertFalse(intruder.stderr.contains("not running"), intruder.stderr)
    }

    // MARK: The state directory

    func testASecondDaemonOnTheSameState_refusesNamingThePID() throws {
        let h = try Harness()
        let first = try h.start()
        let second = try h.daemonRefusal(["--socket", h.root + "/run/other.sock"])
        XCTAssertNotEqual(second.code, 0)
        XCTAssertTrue(second.stderr.contains("\(first.processIdentifier)"), "names the PID holding the state: \(second.stderr)")
        XCTAssertEqual(try h.ctl("status").code, 0, "the first daemon still serves")
    }

    func testReadOnlyStateFileOrDirectory_saysReadOnly_keepsTheModes() throws {
        let h = try Harness()
        try h.start()
        h.stop()
        let database = h.stateDirectory + "/state.sqlite"
        chmod(database, 0o400)
        let file = try h.daemonRefusal([])
        XCTAssertNotEqual(file.code, 0)
        XCTAssertTrue(file.stderr.contains("read-only") && !file.stderr.contains(".recover"), file.stderr)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? Int, 0o400)
        chmod(database, 0o600)
        chmod(h.stateDirectory, 0o500)
        defer { chmod(h.stateDirectory, 0o700) }
        let directory = try h.daemonRefusal([])
        XCTAssertNotEqual(directory.code, 0)
        XCTAssertTrue(directory.stderr.contains("read-only") && !directory.stderr.contains(".recover"), directory.stderr)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: h.stateDirectory)[.posixPermissions] as? Int, 0o500)
    }

    func testRefusedStateFiles_leaveTheDirectoryExactlyAsItWas() throws {
        let h = try Harness()
        try FileManager.default.createDirectory(atPath: h.stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let database = h.stateDirectory + "/state.sqlite"
        let foreign = h.root + "/foreign.sqlite"
        XCTAssertEqual(try h.run("/usr/bin/python3", ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", foreign]).code, 0)
        for (name, bytes) in [("garbage", Data(repeating: 0x5A, count: 4096)), ("foreign", try Data(contentsOf: URL(fileURLWithPath: foreign)))] {
            try bytes.write(to: URL(fileURLWithPath: database))
            let before = try FileManager.default.contentsOfDirectory(atPath: h.stateDirectory).sorted()
            let result = try h.daemonRefusal([])
            XCTAssertEqual(result.code, 65, "\(name): \(result.stderr)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: h.stateDirectory).sorted(), before, "\(name): no -wal, -shm or anything else")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: database)), bytes, "\(name): the bytes are untouched")
        }
    }

    // MARK: Clients that hold on

    func testSlowlorisAndHalfSentMessages_statusStillAnswersWithinASecond() throws {
        let h = try Harness()
        try h.start()
        var held: [RawClient] = []
        for _ in 0..<128 { // the whole connection table
            let client = try RawClient(path: h.socket)
            client.send(#"{"method":"io.connectd.Sta"#, terminate: false)
            held.append(client)
        }
        XCTAssertLessThan(try statusSeconds(h), 1.0, "a full table of half-sent messages makes room")
        withExtendedLifetime(held) {}
    }

    func testPipelinedFloodsFromClientsThatLeaveOrNeverRead_statusStillAnswersWithinASecond() throws {
        let h = try Harness()
        try h.start()
        let setup = try RawClient(path: h.socket)
        for index in 0..<100 {
            setup.send(#"{"method":"io.connectd.AddPerson","parameters":{"name":"Person \#(index)"}}"#)
            XCTAssertNil(setup.readReply()?["error"])
        }
        let flood = Array(repeating: Array(#"{"method":"io.connectd.ListPeople","parameters":{}}"#.utf8) + [0], count: 1000).flatMap { $0 }
        var nonReaders: [RawClient] = []
        for index in 0..<120 {
            let client = try RawClient(path: h.socket)
            client.send(flood)
            if index < 20 { nonReaders.append(client) } // the other 100 hang up with 1,000 calls unanswered
        }
        XCTAssertLessThan(try statusSeconds(h), 1.0, "gone and non-reading clients do not hold the loop")
        XCTAssertLessThan(try statusSeconds(h), 1.0)
        let rss = try String(contentsOfFile: "/proc/\(h.daemon!.processIdentifier)/status", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("VmRSS:") }.map { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0 } ?? 0
        XCTAssertLessThan(rss, 200 * 1024, "replies queued for non-readers are bounded (1 MiB each): VmRSS \(rss) kB")
        withExtendedLifetime(nonReaders) {}
    }

    func testAFullTableOfBusyClients_theNewcomerIsToldWhy() throws {
        let h = try Harness()
        try h.start()
        let setup = try RawClient(path: h.socket)
        for index in 0..<200 {
            setup.send(#"{"method":"io.connectd.AddPerson","parameters":{"name":"Person \#(index)","notes":"\#(String(repeating: "n", count: 200))"}}"#)
            XCTAssertNil(setup.readReply()?["error"])
        }
        // Each client asks for more than its socket buffer holds and never reads: none is idle.
        let flood = Array(repeating: Array(#"{"method":"io.connectd.ListPeople","parameters":{}}"#.utf8) + [0], count: 40).flatMap { $0 }
        var busy: [RawClient] = [setup]
        for _ in 0..<127 {
            let client = try RawClient(path: h.socket)
            client.send(flood)
            busy.append(client)
        }
        setup.send(flood)
        var result = try h.ctl("status")
        try h.waitFor("the table to be full of busy clients") {
            result = try h.ctl("status")
            return result.code != 0
        }
        XCTAssertEqual(result.code, 75, result.stderr)
        XCTAssertTrue(result.stderr.contains("serving 128 clients already"), result.stderr)
        XCTAssertFalse(result.stderr.contains("not running"), result.stderr)
        busy.removeAll()
        try h.waitFor("room again") { try h.ctl("status").code == 0 }
    }

    func testAHookThatFloodsItsOutput_isCutShort_andTheLoopStaysResponsive() throws {
        let h = try Harness()
        let hooks = (h.configFile as NSString).deletingLastPathComponent + "/hooks.d"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let hook = hooks + "/flood"
        try "#!/bin/sh\nexec yes 'a hook that never stops talking'\n".write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o755)
        try "[hooks]\ntimeout = \"20s\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        XCTAssertEqual(try h.ctl("notify-test").code, 0)
        for _ in 0..<5 { XCTAssertLessThan(try statusSeconds(h), 1.0, "the loop answers while the hook floods") }
        try h.waitFor("the hook's output to be cut short") { h.log.contains("the rest of its output is not logged") }
        let size = try FileManager.default.attributesOfItem(atPath: h.logFile)[.size] as? Int ?? 0
        XCTAssertLessThan(size, 2 << 20, "the log holds a bounded part of the flood")
    }
}

/// A second local user for the tests that play a hostile neighbour; removed afterwards.
struct LocalUser {
    let name: String
    let uid: UInt32

    static func create(_ name: String) throws -> LocalUser {
        guard getuid() == 0 else { throw XCTSkip("creating a second user needs root") }
        _ = try Harness.runTool("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name])
        let id = try Harness.runTool("/usr/bin/id", ["-u", name])
        guard id.code == 0, let uid = UInt32(id.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError.commandFailed("useradd \(name)", code: id.code, stderr: id.stderr)
        }
        return LocalUser(name: name, uid: uid)
    }

    func remove() {
        _ = try? Harness.runTool("/usr/sbin/userdel", [name])
    }

    private func command(_ executable: String, _ arguments: [String]) -> [String] {
        ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--", executable] + arguments
    }

    /// Runs a command as this user and waits for it.
    func run(_ executable: String, _ arguments: [String]) throws -> Harness.Result {
        try Harness.runTool("/usr/bin/setpriv", command(executable, arguments))
    }

    /// Starts a command as this user; its standard output is collected.
    func spawn(_ executable: String, _ arguments: [String]) throws -> SpawnedProcess {
        try SpawnedProcess("/usr/bin/setpriv", command(executable, arguments))
    }
}

/// A background process whose output can be read once it ended.
final class SpawnedProcess {
    private let process = Process()
    private let pipe = Pipe()
    private(set) var output = ""

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
    }

    func waitUntilExit() {
        output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
