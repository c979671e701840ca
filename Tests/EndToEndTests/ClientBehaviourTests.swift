import Foundation
import XCTest

/// connectctl's exit codes and messages against the real daemon.
final class ClientBehaviourTests: XCTestCase {
    func testExitCodes() throws {
        let h = try Harness()
        let noDaemon = try h.ctl("status")
        XCTAssertEqual(noDaemon.code, 69)
        XCTAssertTrue(noDaemon.stderr.contains("Start it with '\(try Harness.binary("connectd"))'"), "the command that works from here: \(noDaemon.stderr)")
        XCTAssertEqual(noDaemon.stderr.split(separator: "\n").count, 1, "one line: \(noDaemon.stderr)")
        let notASocket = try h.run(Harness.binary("connectctl"), ["status", "--socket", "/etc/passwd"])
        XCTAssertEqual(notASocket.code, 2, "a wrong --socket is a usage error, not 'connectd is not running': \(notASocket.stderr)")
        XCTAssertTrue(notASocket.stderr.contains("/etc/passwd is not a socket"), notASocket.stderr)

        try h.start()
        XCTAssertEqual(try h.ctl("status").code, 0)
        let usage = try h.ctl("add")
        XCTAssertEqual(usage.code, 2, usage.stderr)
        XCTAssertEqual(try h.ctl("frobnicate").code, 2)

        let unknown = try h.ctl("show", "nobody")
        XCTAssertEqual(unknown.code, 1)
        XCTAssertEqual(unknown.stderr, "connectctl: Nobody matches 'nobody': check the spelling, or run 'connectctl ls' to see everyone.\n")

        XCTAssertEqual(try h.ctl("add", "Ada Lovelace").code, 0)
        XCTAssertEqual(try h.ctl("add", "Ada Yonath").code, 0)
        let ambiguous = try h.ctl("log", "ada", "coffee")
        XCTAssertEqual(ambiguous.code, 1)
        XCTAssertTrue(ambiguous.stderr.contains("Ada Lovelace (#1), Ada Yonath (#2)"), ambiguous.stderr)

        let badCadence = try h.ctl("add", "Alan", "--every", "sometimes")
        XCTAssertEqual(badCadence.code, 1)
        XCTAssertTrue(badCadence.stderr.contains("'sometimes' is not a cadence"), badCadence.stderr)
        let badDate = try h.ctl("log", "lovelace", "coffee", "--at", "2026-02-30")
        XCTAssertTrue(badDate.stderr.contains("'2026-02-30' is not a time"), badDate.stderr)
        let badKind = try h.ctl("log", "lovelace", "skydiving")
        XCTAssertTrue(badKind.stderr.contains("coffee, lunch"), badKind.stderr)
        let duplicate = try h.ctl("add", "ada lovelace")
        XCTAssertTrue(duplicate.stderr.contains("already in your list as #1"), duplicate.stderr)
        let status = try JSONSerialization.jsonObject(with: Data(h.ctl("status", "--json").stdout.utf8)) as? [String: Any]
        XCTAssertEqual(status?["interactions"] as? Int, 0, "the refused calls logged nothing")
        XCTAssertEqual(status?["people"] as? Int, 2, "the refused calls added nobody")
    }

    /// With --json an error is one JSON object on stdout with a stable name, so a script can tell
    /// "nobody matches" from "ambiguous"; the exit codes are those of the text mode.
    func testErrorsAsJSON() throws {
        let h = try Harness()
        func error(_ arguments: String...) throws -> (code: Int32, object: [String: Any], stderr: String) {
            let result = try h.ctl(arguments)
            let lines = result.stdout.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "one line of JSON on stdout for \(arguments): \(result.stdout)")
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
            XCTAssertNotNil(object["message"] as? String, "a sentence in message: \(result.stdout)")
            return (result.code, object, result.stderr)
        }
        let notRunning = try error("--json", "status")
        XCTAssertEqual(notRunning.code, 69)
        XCTAssertEqual(notRunning.object["error"] as? String, "io.connectd.client.NotRunning")
        XCTAssertEqual((notRunning.object["parameters"] as? [String: Any])?["socket"] as? String, h.socket)
        XCTAssertEqual(notRunning.stderr, "", "nothing on stderr with --json")

        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace").code, 0)
        XCTAssertEqual(try h.ctl("add", "Ada Yonath").code, 0)
        let unknown = try error("show", "nobody", "--json")
        XCTAssertEqual(unknown.code, 1)
        XCTAssertEqual(unknown.object["error"] as? String, "io.connectd.PersonNotFound")
        XCTAssertEqual(unknown.object["message"] as? String, "Nobody matches 'nobody': check the spelling, or run 'connectctl ls' to see everyone.")
        XCTAssertEqual((unknown.object["parameters"] as? [String: Any])?["query"] as? String, "nobody")
        let ambiguous = try error("--json", "log", "ada", "coffee")
        XCTAssertEqual(ambiguous.code, 1)
        XCTAssertEqual(ambiguous.object["error"] as? String, "io.connectd.AmbiguousName")
        XCTAssertEqual((ambiguous.object["parameters"] as? [String: Any])?["candidates"] as? [String], ["Ada Lovelace (#1)", "Ada Yonath (#2)"])
        let badDate = try error("--json", "log", "lovelace", "coffee", "--at", "2026-02-30")
        XCTAssertEqual(badDate.object["error"] as? String, "org.varlink.service.InvalidParameter")
        XCTAssertEqual((badDate.object["parameters"] as? [String: Any])?["parameter"] as? String, "at")
        let usage = try error("--json", "due", "--limit", "many")
        XCTAssertEqual(usage.code, 2)
        XCTAssertEqual(usage.object["error"] as? String, "io.connectd.client.UsageError")
        let text = try h.ctl("show", "nobody")
        XCTAssertEqual(text.stdout, "", "without --json the error stays a sentence on stderr")
        XCTAssertEqual(text.code, 1)
    }

    func testGlobalOptionsBeforeTheSubcommand() throws {
        let h = try Harness()
        try h.start()
        let result = try h.run(Harness.binary("connectctl"), ["--socket", h.socket, "--json", "status"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"version\""), result.stdout)
    }

    func testDefaultSocketFromXDGRuntimeDir() throws {
        let h = try Harness()
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: try Harness.binary("connectd"))
        daemon.environment = h.environment
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        let socket = h.root + "/run/connectd/io.connectd.sock"
        try h.waitFor("the default socket") { Harness.canConnect(socket) }
        let status = try h.run(Harness.binary("connectctl"), ["status", "--json"])
        XCTAssertEqual(status.code, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains(h.root + "/xdg-state/connectd"), "state under XDG_STATE_HOME: \(status.stdout)")
    }
}
