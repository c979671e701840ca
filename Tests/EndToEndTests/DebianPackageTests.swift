import Foundation
import XCTest

/// The Debian package, installed with dpkg on this machine, checked by lintian, run as a user
/// service under a real systemd --user, and removed again. Touches nothing it did not create:
/// it skips (saying why) where connectd is installed already or a connectd.service runs.
final class DebianPackageTests: XCTestCase {
    func testThePackageInstalls_passesLintian_runsAsAUserService_andGoes() throws {
        let h = try Harness()
        guard getuid() == 0 else { throw XCTSkip("dpkg -i needs root") }
        for tool in ["/usr/bin/dpkg", "/usr/bin/lintian", "/usr/bin/dpkg-shlibdeps"] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw XCTSkip("\(tool) is missing: run .ci/setup")
        }
        let installed = try h.run("/usr/bin/dpkg-query", ["-W", "-f=${Status}", "connectd"])
        guard !installed.stdout.contains("installed"), !FileManager.default.fileExists(atPath: "/usr/bin/connectd"),
              !FileManager.default.fileExists(atPath: "/usr/lib/systemd/user/connectd.service") else {
            throw XCTSkip("connectd is installed on this machine already: this test installs and removes its own, so it leaves that one alone")
        }
        // The release build CI makes first; without one, build-deb makes it (minutes).
        let release = Harness.packageRoot + "/.build/release"
        var arguments = ["--out", h.root]
        if FileManager.default.isExecutableFile(atPath: release + "/connectd"), FileManager.default.isExecutableFile(atPath: release + "/connectctl") {
            arguments += ["--binaries", release]
        }
        let built = try h.run(Harness.packageRoot + "/packaging/build-deb", arguments, timeout: 1200)
        XCTAssertEqual(built.code, 0, built.stderr)
        let deb = built.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(deb.hasSuffix("_amd64.deb") && deb.contains("/connectd_"), deb)

        let lintian = try h.run("/usr/bin/lintian", [deb], timeout: 300)
        let findings = lintian.stdout.split(separator: "\n").filter { $0.hasPrefix("E:") || $0.hasPrefix("W:") }
        XCTAssertEqual(findings, [], "lintian finds no errors or warnings:\n\(lintian.stdout)")
        let info = try h.run("/usr/bin/lintian", ["--pedantic", "-I", deb], timeout: 300).stdout
        print("DEB-FIGURE lintian: \(findings.count) errors or warnings; info and pedantic tags: "
              + Set(info.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst(2).first }).sorted().joined(separator: ", "))

        let install = try h.run("/usr/bin/dpkg", ["-i", deb], timeout: 300)
        XCTAssertEqual(install.code, 0, install.stderr)
        defer {
            let purge = try? h.run("/usr/bin/dpkg", ["--purge", "connectd"], timeout: 300)
            XCTAssertEqual(purge?.code, 0, purge?.stderr ?? "")
            XCTAssertFalse(FileManager.default.fileExists(atPath: "/usr/bin/connectd"), "removed with the package")
            XCTAssertFalse(FileManager.default.fileExists(atPath: "/usr/lib/systemd/user/connectd.service"))
        }
        for path in ["/usr/bin/connectd", "/usr/bin/connectctl", "/usr/lib/systemd/user/connectd.service", "/usr/lib/systemd/user/connectd.socket",
                     "/usr/share/man/man1/connectctl.1.gz", "/usr/share/man/man1/connectd.1.gz", "/usr/share/man/man5/connectd.toml.5.gz",
                     "/usr/share/bash-completion/completions/connectctl", "/usr/share/zsh/vendor-completions/_connectctl",
                     "/usr/share/fish/vendor_completions.d/connectctl.fish", "/usr/share/doc/connectd/copyright",
                     "/usr/libexec/connectd/connectd-mcp", "/usr/libexec/connectd/connectd-feeds"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), "\(path) is installed")
        }
        let depends = try h.run("/usr/bin/dpkg-query", ["-W", "-f=${Depends}", "connectd"]).stdout
        print("DEB-FIGURE Depends: \(depends)")
        XCTAssertTrue(depends.contains("libsystemd0") && depends.contains("libsqlite3-0") && depends.contains("libc6"), depends)
        XCTAssertTrue(depends.contains("libcurl4") && depends.contains("libxml2"), "the feed fetcher's libraries: \(depends)")
        XCTAssertTrue(try h.run("/usr/bin/man", ["-w", "connectctl"]).stdout.contains("/usr/share/man/man1/connectctl.1.gz"))
        let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"sh","version":"0"}}}"#
        let mcp = try h.run("/bin/sh", ["-c", "printf '%s\\n' '\(initialize)' | /usr/bin/connectctl mcp"])
        XCTAssertTrue(mcp.stdout.contains(#""serverInfo":{"name":"connectd""#), "connectctl mcp finds the packaged server: \(mcp.stdout) \(mcp.stderr)")

        // A user manager of this uid shares the cgroup tree here: a connectd.service running in
        // another one would be stopped with ours.
        let cgroups = try h.run("/usr/bin/find", ["/sys/fs/cgroup", "-type", "d", "-name", "connectd.service"]).stdout
        guard cgroups.isEmpty else { throw XCTSkip("a connectd.service runs on this machine (\(cgroups)): not starting another beside it") }
        let manager = try UserManager(harness: h)
        defer { manager.stop() }
        XCTAssertEqual(try manager.systemctl(["start", "connectd.socket"]).code, 0)
        let status = try manager.run("/usr/bin/connectctl", ["status"])
        XCTAssertEqual(status.code, 0, "the socket starts the packaged daemon: \(status.stderr)")
        XCTAssertTrue(status.stdout.contains(manager.home + "/.local/state/connectd/state.sqlite"), status.stdout)
        let unit = try manager.systemctl(["status", "--no-pager", "connectd.service"])
        print("DEB-FIGURE systemctl --user status connectd:\n\(unit.stdout)")
        XCTAssertEqual(unit.code, 0, unit.stdout + unit.stderr)
        XCTAssertTrue(unit.stdout.contains("Loaded: loaded (/usr/lib/systemd/user/connectd.service") && unit.stdout.contains("Active: active (running)"),
                      unit.stdout)
        XCTAssertTrue(unit.stdout.contains("/usr/bin/connectd"), unit.stdout)
        XCTAssertEqual(try manager.systemctl(["stop", "connectd.service", "connectd.socket"]).code, 0)
    }
}
