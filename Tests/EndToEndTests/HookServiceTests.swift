import Foundation
import XCTest

/// Hooks under the real user service: each run a transient unit of `systemd --user`, outside
/// the daemon's sandbox (which keeps RestrictAddressFamilies=AF_UNIX), with its output in the
/// journal under its own unit, stopped with everything it started at the timeout.
final class HookServiceTests: XCTestCase {
    struct Service {
        let h: Harness
        let manager: UserManager
        let hooks: String
        let ctl: String

        func hook(_ name: String, _ script: String) throws {
            let path = hooks + "/" + name
            try ("#!/bin/sh\n" + script).write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }

        func journal(_ matches: [String]) throws -> String {
            try manager.run("/usr/bin/env", ["journalctl", "--no-pager", "-o", "cat"] + matches).stdout
        }
    }

    /// The installed service with `config`; hooks go into ~/.config/connectd/hooks.d.
    func service(_ config: String) throws -> Service {
        let h = try Harness()
        let manager = try UserManager(harness: h)
        let configDirectory = manager.home + "/.config/connectd"
        let hooks = configDirectory + "/hooks.d"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        // No notification server runs here: without this, each event waits for the desktop's timeout.
        try ("[desktop]\nenabled = false\n" + config).write(toFile: configDirectory + "/config.toml", atomically: true, encoding: .utf8)
        let install = try manager.install()
        XCTAssertEqual(install.code, 0, install.stderr)
        XCTAssertEqual(try manager.systemctl(["start", manager.socketUnit]).code, 0)
        return Service(h: h, manager: manager, hooks: hooks, ctl: manager.home + "/.local/bin/connectctl")
    }

    /// A TCP listener on 127.0.0.1 (in Python): its port, and a file that says "accepted" once a
    /// client connected.
    func listener(_ h: Harness) throws -> (port: Int, accepted: String, process: Process) {
        let portFile = h.root + "/port", accepted = h.root + "/accepted"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import socket, sys
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(5); s.settimeout(60)
            open(sys.argv[1], "w").write(str(s.getsockname()[1]))
            while True:
                c, _ = s.accept(); open(sys.argv[2], "w").write("accepted"); c.close()
            """, portFile, accepted]
        try process.run()
        try h.waitFor("the listener") { ((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "").count > 1 }
        return (Int(try String(contentsOfFile: portFile, encoding: .utf8))!, accepted, process)
    }

    func testAHookRunsAsATransientUnit_reachesTheNetwork_andLogsUnderItsUnit() throws {
        let journal = try Journald()
        defer { journal.stop() }
        let s = try service("[hooks]\ntimeout = \"20s\"\n")
        defer { s.manager.stop() }
        let (port, accepted, listener) = try listener(s.h)
        defer { listener.terminate() }
        let out = s.h.root + "/event.json", release = s.h.root + "/release"
        try s.hook("net", """
            cat > \(out)
            python3 -c 'import socket; socket.create_connection(("127.0.0.1", \(port)), timeout=5)' && echo "net hook: connected to 127.0.0.1:\(port)"
            for i in $(seq 200); do [ -e \(release) ] && break; sleep 0.1; done

            """)
        let test = try s.manager.run(s.ctl, ["notify-test"])
        XCTAssertEqual(test.code, 0, test.stderr)
        var units = ""
        do {
            try s.h.waitFor("the hook's unit to run") {
                units = try s.manager.systemctl(["list-units", "--no-legend", "connectd-hook-*"]).stdout
                return units.contains("connectd-hook-net-")
            }
        } catch {
            XCTFail("no hook unit; the daemon's journal:\n" + (try s.journal(["SYSLOG_IDENTIFIER=connectd"])) + "\nnotify-test said:\n" + test.stdout)
            throw error
        }
        try s.h.waitFor("the hook to reach 127.0.0.1") { FileManager.default.fileExists(atPath: accepted) }
        _ = FileManager.default.createFile(atPath: release, contents: nil)
        let payload = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        XCTAssertEqual(payload["event"] as? String, "test", "the event JSON arrives on the hook's standard input")
        // Under a login session's user manager journald files it as _SYSTEMD_USER_UNIT; the
        // manager the tests start runs outside user@.service, where it is _SYSTEMD_UNIT.
        let unit = try XCTUnwrap(units.split(separator: " ").first(where: { $0.hasPrefix("connectd-hook-net-") }).map(String.init))
        var hookJournal = ""
        // On a loaded machine (seven test processes side by side) the line of a run has been seen
        // to reach no journal at all (three CI runs of this stop; not on a quiet machine): the hook
        // then runs again, at most twice, each run a unit of its own, and each miss is printed.
        var unitsTried = [unit]
        var found = false
        for attempt in 1...3 {
            let current = unitsTried[attempt - 1]
            do {
                try s.h.waitFor("the hook's output in the journal under its unit", timeout: 30) {
                    hookJournal = try s.journal(["_SYSTEMD_USER_UNIT=" + current]) + s.journal(["_SYSTEMD_UNIT=" + current])
                    return hookJournal.contains("net hook: connected to 127.0.0.1")
                }
                found = true
                break
            } catch {
                print("attempt \(attempt): the hook's line is not under \(current); the journal has it as:\n"
                      + (try s.manager.run("/usr/bin/env", ["journalctl", "--no-pager", "-o", "verbose", "MESSAGE=net hook: connected to 127.0.0.1:\(port)"]).stdout))
                guard attempt < 3 else { break }
                try s.h.waitFor("the unit of run \(attempt) to be gone") {
                    !(try s.manager.systemctl(["list-units", "--all", "--no-legend", "connectd-hook-*"]).stdout.contains(current))
                }
                try? FileManager.default.removeItem(atPath: release)
                try? FileManager.default.removeItem(atPath: accepted)
                XCTAssertEqual(try s.manager.run(s.ctl, ["notify-test"]).code, 0)
                var next: String?
                try s.h.waitFor("the hook's unit to run again") {
                    next = try s.manager.systemctl(["list-units", "--no-legend", "connectd-hook-*"]).stdout.split(separator: " ")
                        .first { $0.hasPrefix("connectd-hook-net-") && !unitsTried.contains(String($0)) }.map(String.init)
                    return next != nil
                }
                try s.h.waitFor("the hook to reach 127.0.0.1 again") { FileManager.default.fileExists(atPath: accepted) }
                _ = FileManager.default.createFile(atPath: release, contents: nil)
                unitsTried.append(next ?? "")
            }
        }
        XCTAssertTrue(found, "the hook's output never reached the journal under its unit in 3 runs (\(unitsTried))")
        // What a user sees, for the record (the figures of the note come from here).
        print("systemctl --user list-units 'connectd-hook-*' while the hook ran:\n  \(units.trimmingCharacters(in: .whitespacesAndNewlines))")
        print("journalctl --user -u \(unit):\n" + hookJournal.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        try s.h.waitFor("the unit to be gone when the hook ends") {
            !(try s.manager.systemctl(["list-units", "--all", "--no-legend", "connectd-hook-*"]).stdout.contains("connectd-hook-net-"))
        }
        let sandbox = try s.manager.show(s.manager.service, ["RestrictAddressFamilies"])
        XCTAssertEqual(sandbox["RestrictAddressFamilies"], "AF_UNIX", "the daemon stays confined to Unix sockets")
    }

    /// The same hook as a child process inside the daemon's sandbox cannot open a TCP socket:
    /// what the daemon itself is refused.
    func testAsAChildOfTheDaemon_theSandboxRefusesTheNetwork() throws {
        let s = try service("[hooks]\ntransient_units = false\n")
        defer { s.manager.stop() }
        let result = s.h.root + "/result"
        try s.hook("net", """
            python3 -c 'import socket; socket.socket(socket.AF_INET)' 2> \(result).err && echo opened > \(result) || echo refused > \(result)

            """)
        XCTAssertEqual(try s.manager.run(s.ctl, ["notify-test"]).code, 0)
        // The shell creates the file before it writes the word: wait for the whole line.
        try s.h.waitFor("the child hook to try") { (try? String(contentsOfFile: result, encoding: .utf8))?.hasSuffix("\n") ?? false }
        XCTAssertEqual(try String(contentsOfFile: result, encoding: .utf8), "refused\n")
        XCTAssertTrue(try String(contentsOfFile: result + ".err", encoding: .utf8).contains("Address family not supported"))
    }

    func testAHookThatIgnoresSIGTERMAndForks_isGoneWithItsGrandchildAfterTheTimeout() throws {
        let s = try service("[hooks]\ntimeout = \"1s\"\n")
        defer { s.manager.stop() }
        let grandchild = s.h.root + "/grandchild"
        try s.hook("stubborn", """
            trap '' TERM
            sh -c 'trap "" TERM; sleep 300' &
            echo $! > \(grandchild)
            sleep 300

            """)
        XCTAssertEqual(try s.manager.run(s.ctl, ["notify-test"]).code, 0)
        var pid: pid_t = 0
        try s.h.waitFor("the grandchild") {
            pid = pid_t(((try? String(contentsOfFile: grandchild, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            return pid > 0
        }
        XCTAssertEqual(kill(pid, 0), 0, "the grandchild runs")
        try s.h.waitFor("the unit stopped, grandchild included", timeout: 15) {
            let alive = kill(pid, 0) == 0 && (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z") != true
            let listed = try s.manager.systemctl(["list-units", "--all", "--no-legend", "connectd-hook-*"]).stdout
            return !alive && !listed.contains("stubborn")
        }
    }

    func testFiftyEvents_neverMoreUnitsAtOnceThanTheCap() throws {
        let s = try service("[hooks]\nmax_concurrent = 3\ntimeout = \"20s\"\n")
        defer { s.manager.stop() }
        let running = s.h.root + "/running", peaks = s.h.root + "/peaks"
        try FileManager.default.createDirectory(atPath: running, withIntermediateDirectories: true)
        try s.hook("count", """
            mkdir \(running)/$$
            ls \(running) | wc -l >> \(peaks)
            sleep 0.1
            rmdir \(running)/$$

            """)
        for _ in 0..<50 { XCTAssertEqual(try s.manager.run(s.ctl, ["notify-test"]).code, 0) }
        try s.h.waitFor("50 runs", timeout: 90) {
            ((try? String(contentsOfFile: peaks, encoding: .utf8)) ?? "").split(separator: "\n").count == 50
        }
        let observed = try String(contentsOfFile: peaks, encoding: .utf8).split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        XCTAssertLessThanOrEqual(observed.max() ?? 0, 3, "at most max_concurrent units at once")
        XCTAssertGreaterThan(observed.max() ?? 0, 1, "runs overlapped up to the cap")
    }
}
