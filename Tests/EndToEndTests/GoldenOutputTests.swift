import Foundation
import XCTest

/// Every human output of connectctl (and `connectd simulate`), exactly: the real daemon and
/// client at a fixed instant (Tue 4 May 2027 10:00 in Berlin, through the debug builds' test
/// clocks), on a data set with accents and CJK names. Each step's output is compared with
/// Tests/EndToEndTests/Golden/NAME.txt. Changing a message means changing its golden file in the
/// same commit: run with UPDATE_GOLDEN=1 to rewrite them, then read the diff.
final class GoldenOutputTests: XCTestCase {
    static let now = "2027-05-04T10:00:00.000+02:00"
    static let goldenDirectory = Harness.packageRoot + "/Tests/EndToEndTests/Golden"

    struct Step {
        let name: String
        let arguments: [String]
        var input: String?
        var program = "connectctl"
    }

    static let fixtures = Harness.packageRoot + "/Tests/ConnectInterchangeTests/Fixtures/"

    static let steps: [Step] = [
        Step(name: "add", arguments: ["add", "Ada Lovelace", "--every", "3w", "--met", "Twitter, 2026", "--into", "founder communities, podcasts",
                                      "--tag", "founders", "--link", "https://example.org/ada", "--email", "ada@example.org"]),
        Step(name: "add-due-now", arguments: ["add", "Zoë Kravitz", "--every", "2w", "--due", "now", "--met", "PyCon"]),
        Step(name: "add-cjk", arguments: ["add", "山田 花子", "--every", "1m", "--org", "Example KK", "--title", "Product Manager",
                                          "--birthday", "--05-17"]),
        Step(name: "add-accents", arguments: ["add", "José María García-López", "--every", "1w"]),
        Step(name: "add-birthday", arguments: ["add", "Grace Hopper", "--every", "1m", "--birthday", "1906-05-06"]),
        Step(name: "add-want-to-meet", arguments: ["add", "Trish Morrison", "--want-to-meet", "--found", "her MomCom Life post on Twitter"]),
        Step(name: "log", arguments: ["log", "ada", "coffee", "--at", "3 days ago", "talked about her launch; send her the article on onboarding"]),
        Step(name: "log-date", arguments: ["log", "jose", "call", "--at", "2027-04-20", "Riesgos"]),
        Step(name: "log-next", arguments: ["log", "ada", "call", "--at", "yesterday", "--next", "send her the onboarding article",
                                           "--next", "introduce her to Grace", "quick call about the launch"]),
        Step(name: "due", arguments: ["due"]),
        Step(name: "ls", arguments: ["ls"]),
        Step(name: "ls-tag", arguments: ["ls", "--tag", "founders"]),
        Step(name: "show", arguments: ["show", "ada"]),
        Step(name: "show-cjk", arguments: ["show", "山田"]),
        Step(name: "edit-nothing", arguments: ["edit", "ada", "--untag", "nope"]),
        Step(name: "edit", arguments: ["edit", "hanako", "--every", "2w"]),
        Step(name: "history", arguments: ["history"]),
        Step(name: "history-person", arguments: ["history", "ada"]),
        Step(name: "followups", arguments: ["followups"]),
        Step(name: "log-closes", arguments: ["log", "ada", "message", "--closes", "2", "sent the intro"]),
        Step(name: "error-closes", arguments: ["log", "ada", "message", "--closes", "7"]),
        Step(name: "nudges", arguments: ["nudges"]),
        Step(name: "snooze", arguments: ["snooze", "zoë", "3d"]),
        Step(name: "snooze-later-anyway", arguments: ["snooze", "ada", "2h"]),
        Step(name: "skip", arguments: ["skip", "jose"]),
        Step(name: "done", arguments: ["done", "ada", "lunch", "more onboarding"]),
        Step(name: "prompt", arguments: ["prompt"]),
        Step(name: "reflect", arguments: ["reflect", "Had lunch with Ada"]),
        Step(name: "reflections", arguments: ["reflections"]),
        Step(name: "plan", arguments: ["plan", "zoë", "lunch", "fri 12:30", "--for", "90min", "--where", "Café Central", "bring the book"]),
        Step(name: "planned", arguments: ["planned"]),
        Step(name: "show-plan", arguments: ["show", "zoë"]),
        Step(name: "error-plan-past", arguments: ["plan", "zoë", "coffee", "yesterday"]),
        Step(name: "move", arguments: ["move", "1", "sat 10:00"]),
        Step(name: "week", arguments: ["week"]),
        Step(name: "stats", arguments: ["stats"]),
        Step(name: "search", arguments: ["search", "onboarding"]),
        Step(name: "search-accents", arguments: ["search", "garcia", "lopez"]),
        Step(name: "search-cjk", arguments: ["search", "山田"]),
        Step(name: "search-syntax", arguments: ["search", "(\"launch\"", "*quick*)"]),
        Step(name: "error-search-nothing", arguments: ["search", "\"*"]),
        Step(name: "status", arguments: ["status"]),
        Step(name: "import-dry-run", arguments: ["import", fixtures + "Connections.csv", "--dry-run"]),
        Step(name: "import", arguments: ["import", fixtures + "google-3.0.vcf", fixtures + "broken.vcf"]),
        Step(name: "triage", arguments: ["triage"], input: "m\ni\ns\nsoon\nx\n"),
        Step(name: "log-untriaged", arguments: ["log", "nora", "message", "sent the link"]),
        Step(name: "export-vcard", arguments: ["export", "--format", "vcard"]),
        Step(name: "rm", arguments: ["rm", "ada", "--yes"]),
        Step(name: "trash", arguments: ["trash"]),
        Step(name: "restore", arguments: ["restore", "ada"]),
        Step(name: "error-typo", arguments: ["lst"]),
        Step(name: "error-typo-near-two", arguments: ["lg", "ada", "call"]),
        Step(name: "error-negative-cadence", arguments: ["add", "Bob", "--every", "-1w"]),
        Step(name: "error-ambiguous", arguments: ["show", "a"]),
        Step(name: "error-unknown", arguments: ["show", "nobody"]),
        Step(name: "error-bad-date", arguments: ["log", "ada", "call", "--at", "1899-12-31"]),
        Step(name: "error-bad-kind", arguments: ["log", "ada", "skydiving"]),
        Step(name: "edit-dates", arguments: ["edit", "grace", "--anniversary", "1930-06-15", "--date", "joined the Navy:1943-12-01",
                                             "--related", "Ada Lovelace:friend", "--related", "Vincent:spouse", "--tz", "new york",
                                             "--feed", "https://grace.example.org/atom.xml"]),
        Step(name: "show-dates", arguments: ["show", "grace"]),
        Step(name: "error-date-future", arguments: ["edit", "grace", "--date", "retired:2099-01-01"]),
        Step(name: "error-related-self", arguments: ["edit", "grace", "--related", "Grace Hopper:self"]),
        Step(name: "error-zone", arguments: ["edit", "grace", "--tz", "Mars/Olympus"]),
        Step(name: "error-feed", arguments: ["edit", "grace", "--feed", "file:///etc/passwd"]),
        Step(name: "feeds", arguments: ["feeds"]),
        Step(name: "add-night", arguments: ["add", "Night Owl", "--every", "1w", "--due", "now", "--tz", "America/Los_Angeles"]),
        Step(name: "due-night", arguments: ["due", "--limit", "3"]),
        Step(name: "simulate", arguments: ["simulate", "--people", "20", "--days", "60", "--time-zone", "Europe/Berlin"], program: "connectd"),
        Step(name: "simulate-pause", arguments: ["simulate", "--people", "150", "--days", "60", "--pause", "2027-01-20:14", "--time-zone", "Europe/Berlin"],
             program: "connectd"),
        Step(name: "simulate-import", arguments: ["simulate", "--people", "0", "--import", "150", "--budget", "2"], program: "connectd"),
    ]

    func testEveryOutputMatchesItsGoldenFile() throws {
        let h = try Harness()
        h.extraEnvironment = ["CONNECTD_TEST_NOW": Self.now, "CONNECTCTL_TEST_NOW": Self.now]
        try "time_zone = \"Europe/Berlin\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        try FileManager.default.createDirectory(atPath: Self.goldenDirectory, withIntermediateDirectories: true)
        var mismatches: [String] = []
        for step in Self.steps {
            let arguments = step.program == "connectctl" ? step.arguments + ["--socket", h.socket] : step.arguments
            let result = try Self.run(try Harness.binary(step.program), arguments, input: step.input, environment: h.environment)
            let text = Self.normalized("$ \(step.program) \(step.arguments.map(Self.quoted).joined(separator: " "))\n"
                                       + result.stdout + (result.stderr.isEmpty ? "" : "[stderr]\n" + result.stderr) + "[exit \(result.code)]\n",
                                       root: h.root)
            let path = Self.goldenDirectory + "/\(step.name).txt"
            if update {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                continue
            }
            guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
                mismatches.append("\(step.name): no golden file \(path) (run the tests with UPDATE_GOLDEN=1 to write it)")
                continue
            }
            if expected != text {
                mismatches.append("\(step.name): the output differs from \(path):\n--- expected\n\(expected)--- got\n\(text)")
            }
        }
        XCTAssertEqual(mismatches, [], mismatches.joined(separator: "\n\n"))
    }

    static func quoted(_ argument: String) -> String {
        argument.contains(where: { $0 == " " || $0 == ";" || $0 == "'" }) ? "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'" : argument
    }

    /// What differs from run to run: temporary paths, the pid, UIDs made up at random, timings.
    static func normalized(_ text: String, root: String) -> String {
        var result = text.replacingOccurrences(of: root, with: "<root>").replacingOccurrences(of: Harness.packageRoot, with: "<repo>")
        for (pattern, replacement) in [
            (#"(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, "<uid>"),
            (#"(?m)^pid( +)[0-9]+$"#, "pid$1<pid>"),
            (#"(?m)^(  wall time +)[0-9.]+ s$"#, "$1<seconds> s"),
        ] {
            result = result.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return result
    }

    static func run(_ executable: String, _ arguments: [String], input: String?, environment: [String: String]) throws -> Harness.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        inPipe.fileHandleForWriting.write(Data((input ?? "").utf8))
        try inPipe.fileHandleForWriting.close()
        nonisolated(unsafe) var stderr = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Harness.Result(code: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                              stderr: String(decoding: stderr, as: UTF8.self))
    }
}
