import Foundation
import XCTest

/// The real connectd driven by the real connectctl: the tour from the README, restarts, crashes.
final class DaemonLifecycleTests: XCTestCase {
    func json(_ result: Harness.Result, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(result.code, 0, "connectctl failed: \(result.stderr)", file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    func testTour_thenRestart_seesTheSameData() throws {
        let h = try Harness()
        try h.start()
        let added = try h.ctl("add", "Ada Lovelace", "--every", "3w", "--met", "Twitter, 2026", "--into", "founder communities, podcasts",
                              "--tag", "founders", "--link", "https://example.org/ada")
        XCTAssertEqual(added.code, 0, added.stderr)
        XCTAssertTrue(added.stdout.contains("Added Ada Lovelace (#1), every 3 weeks"), added.stdout)
        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--every", "1w").code, 0)
        let logged = try h.ctl("log", "ada", "coffee", "--at", "yesterday", "talked about her launch; send her the article on onboarding")
        XCTAssertEqual(logged.code, 0, logged.stderr)
        XCTAssertTrue(logged.stdout.hasPrefix("Logged coffee with Ada Lovelace"), logged.stdout)
        XCTAssertEqual(try h.ctl("log", "grace", "call", "--at", "30 days ago").code, 0)

        let due = try json(h.ctl("due", "--json"))
        let duePeople = try XCTUnwrap(due["people"] as? [[String: Any]])
        XCTAssertEqual(duePeople.map { $0["name"] as? String }, ["Grace Hopper"])
        let dueText = try h.ctl("due")
        XCTAssertTrue(dueText.stdout.contains("Grace Hopper") && dueText.stdout.contains("call, 4 weeks ago"), dueText.stdout)

        let show = try h.ctl("show", "ada")
        for expected in ["Ada Lovelace (#1)", "every 3 weeks", "Twitter, 2026", "founder communities, podcasts", "founders",
                         "https://example.org/ada", "talked about her launch"] {
            XCTAssertTrue(show.stdout.contains(expected), "show lacks '\(expected)':\n\(show.stdout)")
        }
        let tagged = try json(h.ctl("ls", "--tag", "founders", "--json"))
        XCTAssertEqual((tagged["people"] as? [[String: Any]])?.map { $0["name"] as? String }, ["Ada Lovelace"])
        let edited = try json(h.ctl("edit", "ada", "--every", "1m", "--json"))
        XCTAssertEqual((edited["person"] as? [String: Any])?["cadence"] as? String, "1m")
        let history = try json(h.ctl("history", "ada", "--json"))
        XCTAssertEqual((history["interactions"] as? [[String: Any]])?.first?["kind"] as? String, "coffee")
        let status = try json(h.ctl("status", "--json"))
        XCTAssertEqual(status["people"] as? Int, 2)
        XCTAssertEqual(status["interactions"] as? Int, 2)
        XCTAssertEqual(status["socket"] as? String, h.socket)

        XCTAssertEqual(h.stop(signal: SIGTERM), 0, "SIGTERM must exit 0. Log:\n\(h.log)")
        try h.start()
        let after = try json(h.ctl("show", "ada", "--json"))
        XCTAssertEqual((after["person"] as? [String: Any])?["cadence"] as? String, "1m")
        XCTAssertEqual((after["interactions"] as? [[String: Any]])?.count, 1)
        XCTAssertEqual(try json(h.ctl("status", "--json"))["people"] as? Int, 2)

        let removed = try h.ctl("rm", "ada")
        XCTAssertEqual(removed.code, 0, removed.stderr)
        XCTAssertEqual(try h.ctl("show", "ada").code, 1)
    }

    /// Group commit under a crash: 8 clients write as fast as they can, one of them also sends
    /// requests that fail validation, and the daemon is SIGKILLed mid-stream, three times. Every
    /// write that was answered must be there after the restart (a reply before its commit would
    /// show up as a lost write), and no failed request may leave a trace.
    func testSIGKILLUnderEightWriters_everyAnsweredWriteSurvives_failedOnesLeaveNoTrace() throws {
        let h = try Harness()
        try h.start()
        let setup = try RawClient(path: h.socket)
        for index in 1...8 {
            setup.send(#"{"method":"io.connectd.AddPerson","parameters":{"name":"Writer \#(index)","cadence":"2w"}}"#)
            XCTAssertNil(setup.readReply()?["error"])
        }
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var acknowledged: Set<String> = []
            var refused = 0
            func record(_ note: String, succeeded: Bool, failing: Bool) {
                lock.withLock {
                    if succeeded { acknowledged.insert(note) } else if failing { refused += 1 }
                }
            }
            var count: Int { lock.withLock { acknowledged.count } }
        }
        let tally = Tally()
        for round in 1...3 {
            let group = DispatchGroup()
            for client in 1...8 {
                let connection = try RawClient(path: h.socket)
                DispatchQueue.global().async(group: group) {
                    var sequence = 0
                    while true {
                        sequence += 1
                        let failing = client == 1 && sequence % 5 == 0
                        let note = "r\(round)-c\(client)-\(sequence)\(failing ? "-bad" : "")"
                        let kind = failing ? "telepathy" : "call"
                        connection.send(##"{"method":"io.connectd.LogInteraction","parameters":{"person":"#\##(client)","kind":"\##(kind)","note":"\##(note)"}}"##)
                        guard let reply = connection.readReply() else { return }
                        tally.record(note, succeeded: reply["error"] == nil, failing: failing)
                    }
                }
            }
            let target = round * 150
            try h.waitFor("\(target) acknowledged writes") { tally.count >= target }
            XCTAssertEqual(h.stop(signal: SIGKILL), SIGKILL)
            XCTAssertEqual(group.wait(timeout: .now() + 20), .success, "every writer saw its connection close")
            try h.start()
        }
        var stored: Set<String> = []
        let reader = try RawClient(path: h.socket)
        for client in 1...8 {
            reader.send(##"{"method":"io.connectd.History","parameters":{"person":"#\##(client)","limit":10000}}"##)
            let interactions = try XCTUnwrap(reader.readReply()?["parameters"] as? [String: Any])["interactions"] as? [[String: Any]] ?? []
            stored.formUnion(interactions.compactMap { $0["note"] as? String })
        }
        XCTAssertGreaterThan(tally.refused, 0, "some failing requests were sent and refused")
        XCTAssertEqual(tally.acknowledged.subtracting(stored), [], "answered writes lost by a SIGKILL")
        XCTAssertEqual(stored.filter { $0.hasSuffix("-bad") }, [], "a refused request left a trace")
    }

    func testSIGINT_exitsCleanly() throws {
        let h = try Harness()
        try h.start()
        XCTAssertEqual(h.stop(signal: SIGINT), 0, h.log)
        XCTAssertFalse(FileManager.default.fileExists(atPath: h.socket), "the socket file is removed on exit")
    }

    func testSocketAndStateArePrivate() throws {
        let h = try Harness()
        try h.start()
        func mode(_ path: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        XCTAssertEqual(try mode(h.socket), 0o600)
        XCTAssertEqual(try mode((h.socket as NSString).deletingLastPathComponent), 0o700)
        XCTAssertEqual(try mode(h.stateDirectory), 0o700)
        XCTAssertEqual(try mode(h.stateDirectory + "/state.sqlite"), 0o600)
    }

    func testSecondDaemonOnTheSameSocket_refusesToStart() throws {
        let h = try Harness()
        try h.start()
        let second = try h.run(Harness.binary("connectd"), ["--state-dir", h.root + "/other", "--socket", h.socket, "--config", h.configFile])
        XCTAssertNotEqual(second.code, 0)
        XCTAssertTrue(second.stderr.contains("already listening on \(h.socket)"), second.stderr)
        XCTAssertEqual(try h.ctl("status").code, 0, "the first daemon still answers")
    }

    func testStaleSocketFile_isReplaced() throws {
        let h = try Harness()
        try h.start()
        h.stop(signal: SIGKILL)
        XCTAssertTrue(FileManager.default.fileExists(atPath: h.socket), "SIGKILL leaves the socket file behind")
        try h.start()
        XCTAssertEqual(try h.ctl("status").code, 0)
    }

    func testCorruptStateFile_refusedNamedAndUntouched() throws {
        let h = try Harness()
        try FileManager.default.createDirectory(atPath: h.stateDirectory, withIntermediateDirectories: true)
        let database = h.stateDirectory + "/state.sqlite"
        let garbage = Data(repeating: 0x5A, count: 4096)
        try garbage.write(to: URL(fileURLWithPath: database))
        let result = try h.run(Harness.binary("connectd"), ["--state-dir", h.stateDirectory, "--socket", h.socket, "--config", h.configFile])
        XCTAssertEqual(result.code, 65)
        XCTAssertTrue(result.stderr.contains(database) && result.stderr.contains("left untouched"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: database)), garbage)
    }

    func testBadConfig_refusedNamingTheKey() throws {
        let h = try Harness()
        try "default_cadence = 3\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        var result = try h.run(Harness.binary("connectd"), ["--state-dir", h.stateDirectory, "--socket", h.socket, "--config", h.configFile])
        XCTAssertEqual(result.code, 78)
        XCTAssertTrue(result.stderr.contains("'default_cadence' must be a cadence"), result.stderr)
        try "default_cadence = \"3w\"\ntime_zone = \"Mars/Olympus\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        result = try h.run(Harness.binary("connectd"), ["--state-dir", h.stateDirectory, "--socket", h.socket, "--config", h.configFile])
        XCTAssertTrue(result.stderr.contains("'Mars/Olympus' is not a known time zone"), result.stderr)
        try "default_cadence = \"3w\"\n[[broken\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        result = try h.run(Harness.binary("connectd"), ["--state-dir", h.stateDirectory, "--socket", h.socket, "--config", h.configFile])
        XCTAssertTrue(result.stderr.contains(h.configFile + ":2:"), "a syntax error names file and line: \(result.stderr)")
    }

    func testConfiguredDefaultCadence_applies() throws {
        let h = try Harness()
        try "default_cadence = \"6w\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        let added = try json(h.ctl("add", "Alan Turing", "--json"))
        XCTAssertEqual((added["person"] as? [String: Any])?["cadence"] as? String, "6w")
    }
}
