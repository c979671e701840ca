import Foundation
import XCTest

/// connectd as a real systemd user service: socket activation, readiness, reload, stop, journal, catalog.
final class SystemdServiceTests: XCTestCase {
    func testUnitFilesVerifyWithoutWarnings() throws {
        let h = try Harness()
        let manager = try UserManager(harness: h)
        defer { manager.stop() }
        // verify checks that ExecStart= exists: install the binaries where the unit expects them.
        XCTAssertEqual(try manager.install().code, 0)
        let units = ["connectd.service", "connectd.socket"].map { Harness.packageRoot + "/systemd/" + $0 }
        // verify also opens the man: pages of Documentation=; the install put them beside ~/.local/bin.
        var environment = manager.environment
        environment["PATH"] = manager.home + "/.local/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        let result = try h.run("/usr/bin/env", ["systemd-analyze", "--user", "verify"] + units, environment: environment)
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(result.stderr, "", "no warnings")
    }

    func testSocketActivationReadinessReloadStopAndJournal() throws {
        let journal = try Journald()
        defer { journal.stop() }
        let h = try Harness()
        let manager = try UserManager(harness: h)
        defer { manager.stop() }
        let ctl = manager.home + "/.local/bin/connectctl"
        let configDirectory = manager.home + "/.config/connectd"
        try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
        let config = configDirectory + "/config.toml"
        try "[nudges]\ndaily_budget = 48\nactive_hours = \"00:00-24:00\"\n".write(toFile: config, atomically: true, encoding: .utf8)

        let install = try manager.install()
        XCTAssertEqual(install.code, 0, install.stderr)
        XCTAssertEqual(try manager.systemctl(["start", manager.socketUnit]).code, 0)
        XCTAssertEqual(try manager.show(manager.service, ["ActiveState"])["ActiveState"], "inactive", "started only on demand")

        let first = try manager.run(ctl, ["status", "--json"])
        XCTAssertEqual(first.code, 0, "the first call activates the daemon: \(first.stderr)")
        var service = try manager.show(manager.service, ["ActiveState", "StatusText", "MainPID"])
        XCTAssertEqual(service["ActiveState"], "active")
        XCTAssertTrue(service["StatusText"]?.hasPrefix("Keeping in touch with 0 people") == true, "\(service)")
        XCTAssertNotEqual(service["MainPID"], "0")
        let status = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(status?["pid"] as? Int, Int(service["MainPID"] ?? ""))

        XCTAssertEqual(try manager.run(ctl, ["add", "Ada Lovelace", "--every", "1w", "--due", "now"]).code, 0)
        try h.waitFor("STATUS= to follow the change") {
            try manager.show(manager.service, ["StatusText"])["StatusText"]?.contains("1 person; 1 open nudge") == true
        }

        try "time_zone = 5\n".write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(try manager.systemctl(["reload", manager.service]).code, 0)
        service = try manager.show(manager.service, ["ActiveState", "StatusText", "MainPID"])
        XCTAssertEqual(service["ActiveState"], "active", "a broken config does not stop the daemon")
        XCTAssertTrue(service["StatusText"]?.contains("Config NOT reloaded") == true, "\(service)")
        XCTAssertTrue(service["StatusText"]?.contains("'time_zone'") == true, "STATUS says why: \(service)")
        try "time_zone = \"America/New_York\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(try manager.systemctl(["reload", manager.service]).code, 0)
        XCTAssertEqual(try manager.show(manager.service, ["StatusText"])["StatusText"]?.contains("NOT") , false)
        let reloaded = try JSONSerialization.jsonObject(with: Data(try manager.run(ctl, ["status", "--json"]).stdout.utf8)) as? [String: Any]
        XCTAssertEqual(reloaded?["timeZone"] as? String, "America/New_York", "the fixed config applies")

        let pid = service["MainPID"] ?? ""
        XCTAssertEqual(try manager.systemctl(["stop", manager.service]).code, 0)
        let stopped = try manager.show(manager.service, ["ActiveState", "Result"])
        XCTAssertEqual(stopped["ActiveState"], "inactive")
        XCTAssertEqual(stopped["Result"], "success", "SIGTERM ends cleanly")
        let again = try manager.run(ctl, ["show", "ada", "--json"])
        XCTAssertEqual(again.code, 0, "the socket starts it again, with the data: \(again.stderr)")
        XCTAssertNotEqual(try manager.show(manager.service, ["MainPID"])["MainPID"], pid)

        var entries: [[String: Any]] = []
        try h.waitFor("journal entries of the service") {
            entries = try journal.entries(["_PID=\(pid)"])
            return entries.contains { $0["MESSAGE_ID"] as? String == "0b9ba64682bd497faf03bafaeb899f7a" }
                && entries.contains { $0["MESSAGE_ID"] as? String == "9d443cace2a14d0081d58a10c3cf7dea" }
                && entries.contains { $0["MESSAGE_ID"] as? String == "993b442327474e3a8e81bab03e596d27" }
        }
        XCTAssertTrue(entries.allSatisfy { $0["SYSLOG_IDENTIFIER"] as? String == "connectd" }, "\(entries)")
        XCTAssertTrue(entries.contains { $0["CODE_FILE"] != nil && $0["PRIORITY"] != nil }, "log lines are native entries")
        let unit = entries.first.map { ($0["_SYSTEMD_USER_UNIT"] ?? $0["_SYSTEMD_UNIT"]) as? String }
        XCTAssertEqual(unit, manager.service, "journald attributes the entries to the unit")

        // With WatchdogSec= set, the loop pings at half the interval: the service outlives several intervals.
        let dropIn = manager.home + "/.config/systemd/user/\(manager.service).d"
        try FileManager.default.createDirectory(atPath: dropIn, withIntermediateDirectories: true)
        try "[Service]\nWatchdogSec=1s\n".write(toFile: dropIn + "/watchdog.conf", atomically: true, encoding: .utf8)
        XCTAssertEqual(try manager.systemctl(["daemon-reload"]).code, 0)
        XCTAssertEqual(try manager.systemctl(["restart", manager.service]).code, 0)
        let watched = try manager.show(manager.service, ["MainPID", "WatchdogUSec"])
        XCTAssertEqual(watched["WatchdogUSec"], "1s")
        // Outliving the interval three times over is the event; a restart or a kill ends the wait early.
        let watchedSince = Date()
        try h.waitFor("the service to outlive three watchdog intervals", timeout: 30) {
            let now = try manager.show(manager.service, ["MainPID", "ActiveState", "NRestarts"])
            guard now["MainPID"] == watched["MainPID"], now["ActiveState"] == "active", now["NRestarts"] == "0" else {
                throw HarnessError.commandFailed("the watchdog stopped connectd", code: 1, stderr: "\(now)")
            }
            return Date().timeIntervalSince(watchedSince) > 3.5
        }

        let uninstall = try manager.install(["--uninstall"])
        XCTAssertEqual(uninstall.code, 0, uninstall.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ctl))
        XCTAssertTrue(uninstall.stdout.contains("Your data is kept"), uninstall.stdout)
    }

    /// On this machine's systemd (252, whose `StateDirectory=` of a user unit is ~/.config): the
    /// service keeps its state in ~/.local/state/connectd like a foreground run, moves the state the
    /// old unit left in ~/.config/connectd once, and `--purge` removes exactly what connectd created.
    func testStateUnderXDGStateOnThisSystemdMovedOnceAndPurged() throws {
        let journal = try Journald()
        defer { journal.stop() }
        let h = try Harness()
        let manager = try UserManager(harness: h)
        defer { manager.stop() }
        let ctl = manager.home + "/.local/bin/connectctl"
        let oldPlace = manager.home + "/.config/connectd", newPlace = manager.home + "/.local/state/connectd"
        XCTAssertEqual(try manager.install().code, 0)
        // The state as the old unit left it on systemd 252, with a config beside it.
        try h.start(extraArguments: ["--state-dir", oldPlace])
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "2w").code, 0)
        XCTAssertEqual(h.stop(), 0)
        try "[nudges]\ndaily_budget = 3\n".write(toFile: oldPlace + "/config.toml", atomically: true, encoding: .utf8)
        XCTAssertTrue(FileManager.default.fileExists(atPath: oldPlace + "/state.sqlite"))

        XCTAssertEqual(try manager.systemctl(["start", manager.socketUnit]).code, 0)
        let shown = try manager.run(ctl, ["show", "ada", "--json"])
        XCTAssertEqual(shown.code, 0, "the moved state answers: \(shown.stderr)")
        XCTAssertTrue(shown.stdout.contains("Ada Lovelace"), shown.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: newPlace + "/state.sqlite"), "the state is in ~/.local/state/connectd")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: oldPlace).sorted(), ["config.toml"], "only the config stays behind")
        try h.waitFor("the journal to say where the state went") {
            try journal.entries(["SYSLOG_IDENTIFIER=connectd", "PRIORITY=4"]).contains {
                ($0["MESSAGE"] as? String)?.hasPrefix("Moved your state from \(oldPlace)/state.sqlite to \(newPlace)/state.sqlite") == true
            }
        }

        // A foreground connectd on the state: --purge refuses and deletes nothing.
        XCTAssertEqual(try manager.systemctl(["stop", manager.service, manager.socketUnit]).code, 0)
        try h.start(extraArguments: ["--state-dir", newPlace])
        let refused = try manager.install(["--uninstall", "--purge"])
        XCTAssertEqual(refused.code, 1, refused.stdout)
        XCTAssertTrue(refused.stderr.contains("still running with the state in \(newPlace)"), refused.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: newPlace + "/state.sqlite"))
        XCTAssertEqual(h.stop(), 0)

        let purge = try manager.install(["--uninstall", "--purge"])
        XCTAssertEqual(purge.code, 0, purge.stderr)
        for removed in ["state.sqlite", "lock"] {
            XCTAssertTrue(purge.stdout.contains("removed \(newPlace)/\(removed)\n"), "says it removed \(removed):\n\(purge.stdout)")
        }
        XCTAssertTrue(purge.stdout.contains("removed \(newPlace)/\n"), purge.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: newPlace), "the state is gone")
        XCTAssertTrue(FileManager.default.fileExists(atPath: oldPlace + "/config.toml"), "the config is kept")
        XCTAssertTrue(purge.stdout.contains("Kept your config in \(oldPlace)"), purge.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: manager.home + "/.config/systemd/user/\(manager.service)"))
    }

    /// After the install script, in a fresh HOME: `man connectctl` (and connectd(8), and
    /// connectd.toml(5) with every key of config/config.toml), and bash completing the names of
    /// your people from the daemon the socket activates.
    func testInstallGivesManPagesAndCompletionsOfNames() throws {
        let h = try Harness()
        let manager = try UserManager(harness: h)
        defer { manager.stop() }
        let install = try manager.install()
        XCTAssertEqual(install.code, 0, install.stderr)
        // A fresh HOME: ~/.local/bin is not on PATH, and the installer says so and how to fix it.
        XCTAssertTrue(install.stdout.contains("\(manager.home)/.local/bin is not on your PATH")
                      && install.stdout.contains("export PATH=\"$HOME/.local/bin:$PATH\"")
                      && install.stdout.contains("Until then: \(manager.home)/.local/bin/connectctl status"), install.stdout)
        var environment = manager.environment
        environment["PATH"] = manager.home + "/.local/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["MANWIDTH"] = "80"
        for (page, expected) in [("connectctl", ["connectctl — talk to connectd", "import", "triage", "--every", "NAMING PEOPLE",
                                                 "DATES AND TIMES", "CADENCES", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES",
                                                 "/tmp/connectd-UID/io.connectd.sock"]),
                                 ("connectd", ["connectd — the keep-in-touch daemon", "simulate", "SIGNALS", "EXIT STATUS", "EXAMPLES",
                                               "~/.config/connectd"]),
                                 ("connectd.toml", ["nudges.daily_budget", "reflection.at", "hooks.timeout"])] {
            let man = try h.run("/usr/bin/env", ["man", "-P", "cat", page], environment: environment)
            XCTAssertEqual(man.code, 0, "man \(page): \(man.stderr)")
            for text in expected { XCTAssertTrue(man.stdout.contains(text), "man \(page) shows '\(text)':\n\(man.stdout.prefix(2000))") }
        }
        let connectctlPage = try h.run("/usr/bin/env", ["man", "-P", "cat", "connectctl"], environment: environment).stdout
        XCTAssertEqual(connectctlPage.components(separatedBy: "Print the daemon's reply as JSON").count - 1, 1,
                       "the options of every command are said once, not under each command")
        // Written for people and linted: neither mandoc nor groff has anything to say.
        for page in ["man1/connectctl.1", "man1/connectd.1", "man5/connectd.toml.5"] {
            let path = manager.home + "/.local/share/man/" + page
            let lint = try h.run("/usr/bin/env", ["mandoc", "-T", "lint", "-W", "warning", path])
            XCTAssertEqual(lint.stdout + lint.stderr, "", "mandoc -T lint \(page)")
            let groff = try h.run("/usr/bin/env", ["groff", "-ww", "-mdoc", "-Tutf8", "-z", path])
            XCTAssertEqual(groff.code, 0)
            XCTAssertEqual(groff.stderr, "", "groff -ww \(page)")
        }
        let config = try String(contentsOfFile: Harness.packageRoot + "/config/config.toml", encoding: .utf8)
        let toml = try h.run("/usr/bin/env", ["man", "-P", "cat", "connectd.toml"], environment: environment).stdout
        var section = ""
        for line in config.split(separator: "\n") where !line.hasPrefix("#") {
            if line.hasPrefix("[") { section = line.dropFirst().dropLast() + "."; continue }
            guard let key = line.split(separator: "=").first?.trimmingCharacters(in: .whitespaces), !key.isEmpty else { continue }
            XCTAssertTrue(toml.contains(section + key), "connectd.toml(5) documents \(section + key)")
        }

        XCTAssertEqual(try manager.systemctl(["start", manager.socketUnit]).code, 0)
        let ctl = manager.home + "/.local/bin/connectctl"
        for name in ["Joan Clarke", "José María García-López", "Ada Lovelace"] {
            XCTAssertEqual(try manager.run(ctl, ["add", name]).code, 0)
        }
        let session = """
            source "$HOME/.local/share/bash-completion/completions/connectctl"
            complete -p connectctl
            COMP_LINE="connectctl show jo"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(connectctl show jo); COMP_CWORD=2
            _connectctl connectctl jo show
            printf 'completion: %s\n' "${COMPREPLY[@]}"
            """
        let bash = try h.run("/bin/bash", ["-c", session], environment: environment)
        XCTAssertEqual(bash.code, 0, bash.stderr)
        XCTAssertTrue(bash.stdout.contains("complete -o filenames -F _connectctl connectctl"), bash.stdout)
        XCTAssertTrue(bash.stdout.contains("completion: joan Clarke"), bash.stdout)
        XCTAssertTrue(bash.stdout.contains("completion: josé María García-López"), bash.stdout)
        XCTAssertFalse(bash.stdout.contains("Ada"), bash.stdout)
    }

    /// Under the user manager the daemon has no network (RestrictAddressFamilies=AF_UNIX): it
    /// starts the feed fetcher as a transient unit of its own, which fetches over TCP from a
    /// server on 127.0.0.1 and hands back what it found; its lines are the unit's in the journal.
    func testFeedsAreFetchedByATransientUnit_theDaemonItselfHasNoNetwork() throws {
        let journal = try Journald()
        defer { journal.stop() }
        let h = try Harness()
        let manager = try UserManager(harness: h)
        defer { manager.stop() }
        let server = try FeedTests.FeedServer(slowSeconds: 1)
        let ctl = manager.home + "/.local/bin/connectctl"
        let install = try manager.install()
        XCTAssertEqual(install.code, 0, install.stderr)
        XCTAssertEqual(try manager.systemctl(["start", manager.socketUnit]).code, 0)
        XCTAssertEqual(try manager.run(ctl, ["add", "Ada Lovelace", "--feed", server.url("/atom.xml")]).code, 0)
        XCTAssertEqual(try manager.show(manager.service, ["RestrictAddressFamilies"])["RestrictAddressFamilies"], "AF_UNIX")
        let now = try manager.run(ctl, ["feeds", "--now"])
        XCTAssertEqual(now.code, 0, now.stderr)
        do {
            try h.waitFor("Ada's feed fetched by a transient unit", timeout: 30) {
                try manager.run(ctl, ["feeds", "--json"]).stdout.contains("fetched, 2 items")
            }
        } catch {
            let said = try journal.entries(["SYSLOG_IDENTIFIER=connectd"]).compactMap { $0["MESSAGE"] as? String }.suffix(20)
            throw HarnessError.commandFailed("feeds --now said '\(now.stdout)'; connectd's journal:\n" + said.joined(separator: "\n"), code: 1,
                                             stderr: try manager.run(ctl, ["feeds"]).stdout)
        }
        var entries: [[String: Any]] = []
        try h.waitFor("the fetcher's summary in the journal, under its own unit") {
            entries = try journal.entries(["SYSLOG_IDENTIFIER=connectd-feeds"])
            return entries.contains { ($0["MESSAGE"] as? String)?.contains("1 fetched") == true }
        }
        // journald names the unit of a line when it finds the process still in its cgroup: a
        // short run may be gone by then, so the daemon's own line says which unit it started.
        let started = try journal.entries(["SYSLOG_IDENTIFIER=connectd"]).compactMap { $0["MESSAGE"] as? String }
            .first { $0.hasPrefix("Fetching feeds (asked for with connectctl feeds --now) as connectd-feeds-") }
        XCTAssertNotNil(started, "the daemon started a transient unit of its own")
        for unit in entries.compactMap({ ($0["_SYSTEMD_USER_UNIT"] ?? $0["_SYSTEMD_UNIT"]) as? String }) {
            XCTAssertTrue(unit.hasPrefix("connectd-feeds-") && unit.hasSuffix(".service"), "the fetcher's lines are its unit's: \(unit)")
        }

        // What the daemon's own sandbox refuses: a process under its address-family and system-call
        // rules cannot open the TCP connection the fetcher just made.
        let sandbox = try manager.show(manager.service, ["RestrictAddressFamilies", "SystemCallFilter"])
        let probe = "import socket; socket.create_connection(('127.0.0.1', \(server.port)), timeout=5); print('connected')"
        let refused = try manager.run("/usr/bin/systemd-run", ["--user", "--wait", "--pipe", "--quiet", "-p", "RestrictAddressFamilies=AF_UNIX",
                                                               "-p", "SystemCallFilter=@system-service", "-p", "SystemCallErrorNumber=EPERM",
                                                               "/usr/bin/python3", "-c", probe])
        XCTAssertNotEqual(refused.code, 0, "the sandbox refuses TCP: \(refused.stdout)")
        XCTAssertTrue(refused.stderr.contains("Address family not supported"), refused.stderr)
        print("the daemon's sandbox (RestrictAddressFamilies=\(sandbox["RestrictAddressFamilies"] ?? "?")): "
              + (refused.stderr.split(separator: "\n").last.map(String.init) ?? ""))
    }

    func testCatalogExplainsANudgeEntry() throws {
        let journal = try Journald()
        defer { journal.stop() }
        let catalogDirectory = "/usr/lib/systemd/catalog"
        guard getuid() == 0, FileManager.default.fileExists(atPath: catalogDirectory) else {
            throw XCTSkip("installing a journal catalog needs root and \(catalogDirectory)")
        }
        // A name of this test's own: a catalog installed by the package stays untouched.
        let installed = catalogDirectory + "/connectd-test-\(UUID().uuidString.prefix(8)).catalog"
        try FileManager.default.copyItem(atPath: Harness.packageRoot + "/systemd/connectd.catalog", toPath: installed)
        let h = try Harness()
        defer {
            try? FileManager.default.removeItem(atPath: installed)
            _ = try? h.run("/usr/bin/env", ["journalctl", "--update-catalog"])
        }
        XCTAssertEqual(try h.run("/usr/bin/env", ["journalctl", "--update-catalog"]).code, 0)
        try h.allowNudgesAllDay()
        let daemon = try h.start()
        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--due", "now").code, 0)
        var explained = ""
        try h.waitFor("journalctl -x to explain the nudge") {
            explained = try h.run("/usr/bin/env", ["journalctl", "--no-pager", "-x", "_PID=\(daemon.processIdentifier)",
                                                    "MESSAGE_ID=993b442327474e3a8e81bab03e596d27"]).stdout
            return explained.contains("Subject: Time to reconnect with Grace Hopper")
        }
        XCTAssertTrue(explained.contains("connectctl snooze 1 3d"), explained)
    }
}
