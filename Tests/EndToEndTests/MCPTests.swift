import Foundation
import XCTest

/// An outside peer of `connectctl mcp`: the official Python MCP SDK (PyPI `mcp`) over stdio,
/// against the real daemon.
final class MCPTests: XCTestCase {
    static let script = Harness.packageRoot + "/Tests/EndToEndTests/mcp_client.py"

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "one JSON object: \(text)")
    }

    /// Every tool called and each result checked against its declared schema; the prompt
    /// prepares a catch-up; a write through MCP is what `connectctl show` then shows.
    func testPythonSDK_preparesACatchUp_callsEveryTool_andItsWriteIsSeenByConnectctl() throws {
        let h = try Harness()
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "3w", "--met", "Twitter, 2026", "--into", "sourdough, founder communities").code, 0)
        XCTAssertEqual(try h.ctl("log", "ada", "call", "--at", "yesterday", "quick call about the launch", "--next", "send her the onboarding article").code, 0)
        let result = try h.run("/usr/bin/env", ["python3", Self.script, "session", Harness.binary("connectctl"), h.socket, "ada"], timeout: 120)
        XCTAssertEqual(result.code, 0, "the Python MCP session failed (install it: pip install mcp):\n\(result.stdout)\n\(result.stderr)")
        let session = try json(result.stdout)
        XCTAssertEqual(session["tools"] as? [String], ["accept", "add_follow_up", "due", "log_interaction", "plan", "planned", "proposals", "search",
                                                      "show_person", "snooze", "week_review"])
        XCTAssertEqual(session["prompts"] as? [String], ["prepare_catch_up"])
        XCTAssertEqual(session["templates"] as? [String], ["connectd://person/{id}"])
        XCTAssertEqual(session["resource"] as? String, "Ada Lovelace")
        let prompt = try XCTUnwrap(session["prompt"] as? String)
        for expected in ["Prepare me for a catch-up with Ada Lovelace", "How we met: Twitter, 2026", "Into: sourdough, founder communities",
                         "call: quick call about the launch", "1. send her the onboarding article"] {
            XCTAssertTrue(prompt.contains(expected), "the prompt has '\(expected)':\n\(prompt)")
        }
        let calls = try XCTUnwrap(session["calls"] as? [String: [String: Any]])
        XCTAssertEqual(Set(calls.keys), ["show_person", "due", "search", "week_review", "proposals", "accept", "log_interaction", "add_follow_up", "snooze",
                                         "plan", "planned"],
                       "every tool was called and its result matched its output schema")
        let logged = try XCTUnwrap(calls["log_interaction"]?["text"] as? String)
        XCTAssertTrue(logged.hasPrefix("Logged coffee with Ada Lovelace (#1) at "), logged)
        XCTAssertTrue(logged.contains("note \"talked about her sourdough starter\""), logged)
        XCTAssertEqual(calls["add_follow_up"]?["text"] as? String, "Added follow-up 3 for Ada Lovelace (#1): \"ask how the move went\"; they have 3 open.")
        let planned = try XCTUnwrap(calls["plan"]?["text"] as? String)
        XCTAssertTrue(planned.hasPrefix("Planned lunch with Ada Lovelace (#1) from ") && planned.contains(" at Café Central (plan #1)"), planned)
        let refused = try XCTUnwrap(session["refused"] as? [String: Any])
        XCTAssertEqual(refused["isError"] as? Bool, true)
        XCTAssertEqual(refused["text"] as? String, "Nobody matches 'nobody-like-this': check the spelling, or run 'connectctl ls' to see everyone.")
        XCTAssertEqual((session["unknownTool"] as? [String: Any])?["isError"] as? Bool, true)

        let shown = try h.ctl("show", "ada")
        XCTAssertTrue(shown.stdout.contains("talked about her sourdough starter"), "the interaction logged through MCP: \(shown.stdout)")
        XCTAssertTrue(shown.stdout.contains("ask how the move went"), "the follow-up added through MCP: \(shown.stdout)")
        XCTAssertTrue(shown.stdout.contains("#1 lunch, ") && shown.stdout.contains("at Café Central"), "the plan made through MCP: \(shown.stdout)")
    }

    /// Malformed JSON-RPC, an unknown method and tool, huge and mistyped arguments: each gets an
    /// answer and the server goes on; with no daemon, a tool error says so at once.
    func testHostileMessages_andNoDaemon_getAnswers() throws {
        let h = try Harness()
        try h.start()
        let result = try h.run("/usr/bin/env", ["python3", Self.script, "hostile", Harness.binary("connectctl"), h.socket], timeout: 120)
        XCTAssertEqual(result.code, 0, "\(result.stdout)\n\(result.stderr)")
        let answers = try json(result.stdout)
        XCTAssertEqual(answers["initialize"] as? Bool, true)
        XCTAssertEqual((answers["malformed"] as? [String: Any]).flatMap { $0["error"] as? [String: Any] }?["code"] as? Int, -32700)
        XCTAssertEqual((answers["unknownMethod"] as? [String: Any]).flatMap { $0["error"] as? [String: Any] }?["code"] as? Int, -32601)
        func toolError(_ key: String) -> String? {
            guard let result = (answers[key] as? [String: Any])?["result"] as? [String: Any], result["isError"] as? Bool == true else { return nil }
            return ((result["content"] as? [[String: Any]])?.first?["text"] as? String)
        }
        XCTAssertTrue(toolError("unknownTool")?.hasPrefix("There is no tool 'nope'") == true, "\(answers["unknownTool"] ?? "")")
        let huge = (answers["huge"] as? [String: Any]).flatMap { $0["error"] as? [String: Any] }
        XCTAssertEqual(huge?["code"] as? Int, -32600, "a 2 MB line is refused, not buffered: \(answers["huge"] ?? "")")
        XCTAssertLessThan(answers["hugeSeconds"] as? Double ?? 99, 5)
        XCTAssertTrue(toolError("large")?.contains("connectd takes at most 65536") == true, "\(answers["large"] ?? "")")
        XCTAssertEqual(toolError("badArgument"), "'limit' should be an integer.")
        XCTAssertEqual(answers["stillAnswers"] as? Int, 11, "the server still lists its tools")
        XCTAssertEqual(answers["exit"] as? Int, 0, "it ends when its input does")

        // Input that ends right after its requests still gets every answer.
        let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"sh","version":"0"}}}"#
        let list = #"{"jsonrpc":"2.0","id":"b","method":"tools/list"}"#
        for _ in 0..<5 {
            let piped = try h.run("/bin/sh", ["-c", "printf '%s\\n' '\(initialize)' '\(list)' | '\(try Harness.binary("connectctl"))' mcp --socket '\(h.socket)'"])
            let ids = piped.stdout.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]).flatMap { $0["id"].map { "\($0)" } }
            }
            XCTAssertEqual(ids, ["1", "b"], "both requests answered before the server ends: \(piped.stdout) \(piped.stderr)")
        }
        // The last line without its newline is a request too; an id the SDK cannot take back
        // (true) does not keep the server waiting for an answer it never matches.
        let oddID = #"{"jsonrpc":"2.0","id":true,"method":"tools/list"}"#
        let unterminated = try h.run("/bin/sh", ["-c", "printf '%s\\n%s\\n%s' '\(initialize)' '\(oddID)' '\(list)' | '\(try Harness.binary("connectctl"))' mcp --socket '\(h.socket)'"],
                                     timeout: 20)
        XCTAssertEqual(unterminated.code, 0, "it ends with its input: \(unterminated.stdout) \(unterminated.stderr)")
        XCTAssertTrue(unterminated.stdout.contains(#""id":"b""#), "the unterminated last request is answered: \(unterminated.stdout)")

        let noDaemon = try h.run("/usr/bin/env", ["python3", Self.script, "hostile", Harness.binary("connectctl"), h.socket + ".absent"], timeout: 120)
        let refused = try json(noDaemon.stdout)
        let text = ((refused["badArgument"] as? [String: Any])?["result"] as? [String: Any]).flatMap { ($0["content"] as? [[String: Any]])?.first?["text"] as? String }
        XCTAssertTrue(text?.hasPrefix("connectd is not running (no socket at \(h.socket).absent)") == true, "\(refused["badArgument"] ?? "")")
    }
}
