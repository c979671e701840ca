import Foundation
import XCTest

/// Hooks: real child processes run by the daemon on each event.
final class HookTests: XCTestCase {
    var hooks: String!

    func writeHook(_ h: Harness, _ name: String, mode: Int = 0o755, _ script: String) throws {
        hooks = (h.configFile as NSString).deletingLastPathComponent + "/hooks.d"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let path = hooks + "/" + name
        try ("#!/bin/sh\n" + script).write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode_t(mode))
    }

    func testHookReceivesTheEventAsJSONAndVariables() throws {
        let h = try Harness()
        let out = h.root + "/out"
        try writeHook(h, "10-record", "cat > \(out).json\nenv | grep ^CONNECTD_ | sort > \(out).env\necho recorded $CONNECTD_PERSON\nexit 3\n")
        try h.allowNudgesAllDay()
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--due", "now", "--met", "Twitter, 2026", "--tag", "founders").code, 0)
        try h.waitFor("the hook to run") { h.log.contains("Hook 10-record exited with status 3") }
        let payload = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".json"))) as? [String: Any])
        XCTAssertEqual(payload["event"] as? String, "nudge")
        XCTAssertEqual(payload["summary"] as? String, "Time to reconnect with Ada Lovelace")
        XCTAssertEqual(payload["late"] as? Bool, false)
        let person = payload["person"] as? [String: Any]
        XCTAssertEqual(person?["met"] as? String, "Twitter, 2026")
        XCTAssertEqual(person?["tags"] as? [String], ["founders"])
        let env = try String(contentsOfFile: out + ".env", encoding: .utf8)
        for expected in ["CONNECTD_EVENT=nudge", "CONNECTD_PERSON=Ada Lovelace", "CONNECTD_PERSON_ID=1",
                         "CONNECTD_SUMMARY=Time to reconnect with Ada Lovelace", "CONNECTD_BODY=You met: Twitter, 2026."] {
            XCTAssertTrue(env.contains(expected), "missing \(expected) in:\n\(env)")
        }
        XCTAssertTrue(h.log.contains("hook 10-record: recorded Ada Lovelace"), "stdout goes to the log with the hook's name:\n\(h.log)")
    }

    func testHookThatSleepsForever_isKilledAtTheTimeout_daemonAnswersMeanwhile() throws {
        let h = try Harness()
        try writeHook(h, "sleeper", "trap '' TERM\necho started\nsleep 1000\n")
        try h.allowNudgesAllDay(extra: "[hooks]\ntimeout = \"1s\"\n")
        try h.start()
        let started = Date()
        let test = try h.ctl("notify-test")
        XCTAssertTrue(test.stdout.contains("hooks    started or queued 1 hook: sleeper"), test.stdout)
        try h.waitFor("the hook to start") { h.log.contains("hook sleeper: started") }
        let status = try h.ctl("status")
        XCTAssertEqual(status.code, 0, "the daemon answers while the hook runs")
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
        try h.waitFor("SIGTERM, then SIGKILL", timeout: 10) { h.log.contains("Hook sleeper was killed by signal 9") }
        XCTAssertTrue(h.log.contains("Hook sleeper ran longer than 1 s: sending SIGTERM."), h.log)
        XCTAssertTrue(h.log.contains("Hook sleeper ignored SIGTERM: sending SIGKILL."), h.log)
    }

    func testUnsafeHooksAreNotRun() throws {
        let h = try Harness()
        let marker = h.root + "/ran"
        try writeHook(h, "world-writable", mode: 0o777, "touch \(marker)-ww\n")
        try writeHook(h, "not-executable", mode: 0o644, "touch \(marker)-nx\n")
        try writeHook(h, "fine", "touch \(marker)-fine\n")
        try h.allowNudgesAllDay()
        try h.start()
        _ = try h.ctl("notify-test")
        _ = try h.ctl("notify-test")
        try h.waitFor("the safe hook") { FileManager.default.fileExists(atPath: marker + "-fine") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker + "-ww"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker + "-nx"))
        XCTAssertEqual(h.log.components(separatedBy: "Skipping hook \(hooks!)/world-writable: it is writable by group or others").count, 2,
                       "warned once, not per event:\n\(h.log)")
        XCTAssertTrue(h.log.contains("not-executable: it is not executable"), h.log)
    }

    func testBurstOfFiftyEventsWithThreeHooks_neverMoreThanTheCap() throws {
        let h = try Harness()
        let running = h.root + "/running"
        let peaks = h.root + "/peaks"
        try FileManager.default.createDirectory(atPath: running, withIntermediateDirectories: true)
        let script = """
            mkdir \(running)/$$
            ls \(running) | wc -l >> \(peaks)
            sleep 0.05
            rmdir \(running)/$$

            """
        for name in ["a", "b", "c"] { try writeHook(h, name, script) }
        try h.allowNudgesAllDay(extra: "[hooks]\nmax_concurrent = 2\n")
        try h.start()
        for _ in 0..<50 { XCTAssertEqual(try h.ctl("notify-test").code, 0) }
        try h.waitFor("150 hook runs", timeout: 60) {
            ((try? String(contentsOfFile: peaks, encoding: .utf8)) ?? "").split(separator: "\n").count == 150
        }
        let observed = try String(contentsOfFile: peaks, encoding: .utf8).split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        XCTAssertEqual(observed.max(), 2, "at most max_concurrent = 2 at once (and the cap was reached)")
    }

    func testRunningHooksAreStoppedWithTheDaemon() throws {
        let h = try Harness()
        let pidFile = h.root + "/hook.pid"
        try writeHook(h, "long", "echo $$ > \(pidFile)\nsleep 1000\n")
        try h.allowNudgesAllDay()
        try h.start()
        _ = try h.ctl("notify-test")
        var pid: pid_t = 0
        try h.waitFor("the hook to start") {
            pid = pid_t(((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            return pid > 0
        }
        XCTAssertEqual(h.stop(), 0)
        try h.waitFor("the hook process to end") {
            // Gone, or a zombie waiting for init to reap it.
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") == true
        }
        XCTAssertTrue(h.log.contains("Stopping hook process"), h.log)
    }
}
