import ConnectCore
import ConnectUnix
@testable import ConnectDaemon
import Foundation
import XCTest

final class DaemonConfigTests: XCTestCase {
    func testTheDocumentedConfigParsesToTheDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/config.toml").path
        let documented = try DaemonConfig.load(path: path)
        XCTAssertEqual(documented, DaemonConfig(), "config/config.toml must show every default as it is")
    }

    /// Seven quiet days are valid (a way to hold nudges for a while) but most likely a mistake:
    /// the daemon says so at start and on reload. A budget of 0 is the way to turn nudges off.
    func testAllSevenQuietDays_areWarnedAbout_unlessNudgesAreOff() throws {
        let week = "quiet_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n"
        let held = try DaemonConfig.parse("[nudges]\n" + week, path: "test.toml")
        XCTAssertEqual(held.warnings.count, 1)
        XCTAssertTrue(held.warnings.first?.contains("nudges.quiet_days names all seven days, so no nudge goes out") ?? false, "\(held.warnings)")
        XCTAssertEqual(try DaemonConfig.parse("[nudges]\ndaily_budget = 0\n" + week, path: "test.toml").warnings, [])
        XCTAssertEqual(try DaemonConfig.parse("[nudges]\nquiet_days = [\"sat\", \"sun\"]\n", path: "test.toml").warnings, [])
        XCTAssertEqual(DaemonConfig().warnings, [])
    }

    func testEveryKeyIsRead() throws {
        let config = try DaemonConfig.parse("""
            default_cadence = "6w"
            time_zone = "America/New_York"
            [nudges]
            daily_budget = 3
            active_hours = "08:30-21:00"
            quiet_days = ["sat", "Sunday"]
            renudge_after = "3d"
            [reflection]
            at = "Fri 17:15"
            [desktop]
            enabled = false
            snooze = "2h"
            urgency = "critical"
            [hooks]
            enabled = false
            timeout = "30s"
            max_concurrent = 2
            [sync]
            vdir = "~/.local/share/connectd/vdir"
            command = ["vdirsyncer", "sync", "connectd_nudges"]
            claim_timeout = "45s"
            machine = "laptop"
            [calendar]
            file = "~/catchups.ics"
            [feeds]
            discover = true
            [kinds]
            extra = ["hike", "Board Games", "hike", "escape room"]
            """, path: "test.toml")
        XCTAssertEqual(config.defaultCadence, Cadence(count: 6, unit: .week)!)
        XCTAssertEqual(config.timeZoneIdentifier, "America/New_York")
        XCTAssertEqual(config.calendar(environment: [:]).identifier, "America/New_York")
        XCTAssertEqual(config.rules.dailyBudget, 3)
        XCTAssertEqual(config.rules.activeFrom, TimeOfDay(hour: 8, minute: 30)!)
        XCTAssertEqual(config.rules.quietDays, [7, 1])
        XCTAssertEqual(config.rules.renudgeAfter, 3 * 86400)
        XCTAssertEqual(config.rules.reflectionAt, WeeklyTime(weekday: 6, time: TimeOfDay(hour: 17, minute: 15)!))
        XCTAssertEqual(config.desktop.enabled, false)
        XCTAssertEqual(config.desktop.urgency, 2)
        XCTAssertEqual(config.hooks.timeout, 30)
        XCTAssertEqual(config.hooks.maxConcurrent, 2)
        XCTAssertEqual(config.sync.vdir, "~/.local/share/connectd/vdir")
        XCTAssertEqual(config.sync.command, ["vdirsyncer", "sync", "connectd_nudges"])
        XCTAssertEqual(config.sync.claimTimeout, 45)
        XCTAssertEqual(config.sync.machine, "laptop")
        XCTAssertEqual(config.calendar.file, "~/catchups.ics")
        XCTAssertEqual(config.extraKinds.map(\.rawValue), ["hike", "board games", "escape room"], "lower-cased, once each")
        XCTAssertTrue(config.discoverFeeds)
    }

    func testErrorsNameTheKeyAndWhatWasExpected() {
        let cases: [(String, String)] = [
            ("default_cadence = 3", "'default_cadence' must be a cadence like \"3w\" (found a number)."),
            ("[nudges]\ndaily_budget = 99", "'nudges.daily_budget': must be between 0 (no nudges) and 48, not 99"),
            ("[desktop]\nurgency = \"loud\"", "'desktop.urgency': 'loud' is not low, normal or critical"),
            ("[hooks]\ntimeout = \"2h\"", "'hooks.timeout': '2h' is not a duration of at most an hour"),
            ("[reflection]\nat = \"Sun\"", "'reflection.at': 'Sun' is not like"),
            ("colour = \"blue\"", "unknown key 'colour'"),
            ("[sync]\nvdir = \"vdir\"", "'sync.vdir': 'vdir' is not an absolute path or one starting with \"~/\""),
            ("[sync]\ncommand = \"vdirsyncer sync\"", "'sync.command' must be a command as a list"),
            ("[sync]\ncommand = [\"vdirsyncer\", 1]", "'sync.command': every word of the command must be a non-empty string"),
            ("[sync]\nmachine = \"my laptop\"", "'sync.machine': 'my laptop' is not a name of up to 64 letters"),
            ("[sync]\nclaim_timeout = \"2h\"", "'sync.claim_timeout': '2h' is not a duration of at most an hour"),
            ("[nudges\n", "test.toml:1:"),
            ("[calendar]\nfile = \"catchups.ics\"", "'calendar.file': 'catchups.ics' is not an absolute path or one starting with \"~/\""),
            ("[calendar]\nfolder = \"~/x\"", "unknown key 'calendar.folder'"),
            ("[kinds]\nextra = [\"lunch\"]", "'kinds.extra': 'lunch' is a kind connectd has already (or a word for one)"),
            ("[kinds]\nextra = [\"phone\"]", "'kinds.extra': 'phone' is a kind connectd has already (or a word for one)"),
            ("[kinds]\nextra = [\"a\\u001b[31m\"]", "'kinds.extra': every kind is a name of 1 to 40 letters"),
            ("[kinds]\nextra = \"hike\"", "'kinds.extra' must be a list of at most 50 names"),
            ("[kinds]\nmore = []", "unknown key 'kinds.more'"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try DaemonConfig.parse(text, path: "test.toml"), text) { error in
                XCTAssertTrue("\(error)".contains(expected), "expected '\(expected)' in '\(error)'")
            }
        }
    }
}

final class DaemonPathsTests: XCTestCase {
    func testDefaultsFollowXDG() throws {
        let paths = try DaemonPaths.resolve(stateDirectory: nil, configFile: nil, socket: nil,
                                            environment: ["HOME": "/home/ada", "XDG_RUNTIME_DIR": "/run/user/1000"])
        XCTAssertEqual(paths.database, "/home/ada/.local/state/connectd/state.sqlite")
        XCTAssertEqual(paths.configFile, "/home/ada/.config/connectd/config.toml")
        XCTAssertEqual(paths.hooksDirectory, "/home/ada/.config/connectd/hooks.d")
        XCTAssertEqual(paths.socket, "/run/user/1000/connectd/io.connectd.sock")
        XCTAssertEqual(paths.legacyStateDirectory, "/home/ada/.config/connectd", "where systemd 252 put the old unit's state")
        XCTAssertEqual(paths.home, HomeDirectory(path: "/home/ada", source: .environment))
    }

    /// systemd's $STATE_DIRECTORY no longer decides: the place is the same under every manager.
    func testStateDirectoryOfSystemdIsIgnored() throws {
        let paths = try DaemonPaths.resolve(stateDirectory: nil, configFile: nil, socket: nil,
                                            environment: ["HOME": "/home/ada", "STATE_DIRECTORY": "/home/ada/.config/connectd"])
        XCTAssertEqual(paths.stateDirectory, "/home/ada/.local/state/connectd")
        let flagged = try DaemonPaths.resolve(stateDirectory: "/srv/c", configFile: nil, socket: nil, environment: ["HOME": "/home/ada"])
        XCTAssertEqual(flagged.stateDirectory, "/srv/c")
        XCTAssertNil(flagged.legacyStateDirectory, "a state directory given by flag has no old place to move from")
    }

    func testHomeFromPasswordDatabaseWhenHOMEIsMissingOrRelative() throws {
        let passwd = NSTemporaryDirectory() + "passwd-\(UUID().uuidString)"
        try "root:x:0:0:root:/root:/bin/bash\nbroken line\nada:x:1000:1000:Ada,,,:/home/ada:/bin/zsh\n".write(toFile: passwd, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: passwd) }
        XCTAssertEqual(HomeDirectory.resolve(environment: [:], uid: 1000, passwordDatabase: passwd),
                       HomeDirectory(path: "/home/ada", source: .passwordDatabase))
        XCTAssertEqual(HomeDirectory.resolve(environment: ["HOME": "relative"], uid: 0, passwordDatabase: passwd)?.path, "/root")
        XCTAssertNil(HomeDirectory.resolve(environment: [:], uid: 4242, passwordDatabase: passwd))
        XCTAssertNil(HomeDirectory.resolve(environment: [:], uid: 0, passwordDatabase: passwd + ".missing"))
    }

    func testNoHomeSaysWhatToSet() throws {
        let message = DaemonError.noHome(variable: "XDG_STATE_HOME").description
        XCTAssertTrue(message.contains("Set HOME (or XDG_STATE_HOME), or pass --state-dir and --config"), message)
        let flags = try DaemonPaths.resolve(stateDirectory: "/s", configFile: "/c.toml", socket: "/sock", environment: [:])
        XCTAssertEqual(flags.configFile, "/c.toml", "flags need no home")
    }
}
