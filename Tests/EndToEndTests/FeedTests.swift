import Foundation
import XCTest

/// What people publish, through the real fetcher (`connectd-feeds`: URLSession and XMLParser)
/// against a feed server the test starts (Python's http.server): Atom with an ETag and a 304,
/// RSS with Last-Modified and escapes in titles, a feed found on a page, and the bad ones — a
/// 404, a redirect loop, a 200 MB body, a slow server, invalid XML, an entity bomb — each a
/// clear line in the daemon's log, in bounded time; then the nudge leads with the newest item.
final class FeedTests: XCTestCase {
    final class FeedServer {
        let process = Process()
        let port: Int
        init(slowSeconds: Int) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Harness.packageRoot + "/Tests/EndToEndTests/feed_server.py", String(slowSeconds)]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let line = String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let port = Int(line) else { throw XCTSkip("the feed server did not start: '\(line)'") }
            self.port = port
        }
        deinit { process.terminate() }
        func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }
        func requests(_ path: String) throws -> Int {
            let script = "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())"
            let result = try Harness.runTool("/usr/bin/env", ["python3", "-c", script, url("/stats")])
            return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Int])?[path] ?? 0
        }
    }

    func json(_ result: Harness.Result, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(result.code, 0, result.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    func testFetcherAgainstARealServer_goodAndBadFeeds_thenTheNudgeLeadsWithTheItem() throws {
        let server = try FeedServer(slowSeconds: 30)
        let h = try Harness()
        try "[nudges]\ndaily_budget = 48\nactive_hours = \"00:00-24:00\"\n[feeds]\ndiscover = true\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        let people: [(String, String, String)] = [
            ("Ada Lovelace", "--feed", "/atom.xml"), ("Grace Hopper", "--feed", "/rss.xml"), ("Hedy Lamarr", "--link", "/page.html"),
            ("Missing Feed", "--feed", "/missing"), ("Loop Feed", "--feed", "/loop"), ("Huge Feed", "--feed", "/huge.xml"), ("Endless Feed", "--feed", "/endless.xml"),
            ("Slow Feed", "--feed", "/slow.xml"), ("Invalid Feed", "--feed", "/invalid.xml"), ("Bomb Feed", "--feed", "/bomb.xml"),
        ]
        for (name, option, path) in people {
            XCTAssertEqual(try h.ctl("add", name, option, server.url(path)).code, 0)
        }
        let fetcher = try Harness.binary("connectd-feeds")
        let started = Date()
        // The server is on 127.0.0.1: Hedy's page is looked through only with --private-pages.
        let run = try h.run(fetcher, ["--socket", h.socket, "--timeout", "5", "--private-pages"], timeout: 60)
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(run.code, 0, run.stderr)
        print("connectd-feeds: \(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) (\(String(format: "%.1f", seconds)) s in all)")
        XCTAssertTrue(run.stdout.contains("3 fetched (1 found on their pages), 0 not modified, 7 failed"), run.stdout)
        XCTAssertLessThan(seconds, 20, "the slow server is given up on after 5 s, the 200 MB body cut at 2 MiB")

        let feeds = try json(h.ctl("feeds", "--json"))["feeds"] as? [[String: Any]] ?? []
        func outcome(_ name: String) -> String { feeds.first { $0["name"] as? String == name }?["outcome"] as? String ?? "(none)" }
        XCTAssertEqual(outcome("Ada Lovelace"), "fetched, 2 items")
        XCTAssertEqual(outcome("Grace Hopper"), "fetched, 2 items")
        XCTAssertEqual(outcome("Hedy Lamarr"), "found \(server.url("/atom.xml")): fetched, 2 items")
        XCTAssertEqual(outcome("Missing Feed"), "HTTP 404 (not found): check the address")
        XCTAssertEqual(outcome("Loop Feed"), "more than 5 redirects (a redirect loop?)")
        XCTAssertEqual(outcome("Huge Feed"), "too large: more than 2 MiB; not read")
        XCTAssertEqual(outcome("Endless Feed"), "too large: more than 2 MiB; not read")
        XCTAssertEqual(outcome("Slow Feed"), "no answer within 5 s")
        XCTAssertTrue(outcome("Invalid Feed").hasPrefix("not valid XML (line 1"), outcome("Invalid Feed"))
        XCTAssertEqual(outcome("Bomb Feed"), "it declares XML entities (a DTD, or an entity expansion attack): not read")
        for name in ["Missing Feed", "Loop Feed", "Huge Feed", "Endless Feed", "Slow Feed", "Invalid Feed", "Bomb Feed"] {
            XCTAssertTrue(h.log.contains("The feed of \(name) (#"), "a line in the daemon's log for \(name):\n\(h.log)")
        }

        // Titles are plain text: the markup and the escaped terminal escape are gone.
        let grace = try json(h.ctl("show", "grace", "--json"))
        let titles = (grace["published"] as? [[String: Any]])?.compactMap { $0["title"] as? String }
        XCTAssertEqual(titles, ["Bugs & moths [31m alert(1)", "Compilers"])
        XCTAssertEqual((grace["published"] as? [[String: Any]])?.first?["published"] as? String, "2026-12-01T10:30:00.000+01:00")

        // Once a day: a second run fetches nothing (--all neither, within ten minutes).
        let atomRequests = try server.requests("/atom.xml")
        for arguments in [[], ["--all"]] {
            let nothing = try h.run(fetcher, ["--socket", h.socket, "--private-pages"] + arguments)
            XCTAssertTrue(nothing.stdout.contains("0 fetched (0 found on their pages), 0 not modified, 0 failed"), nothing.stdout)
        }
        XCTAssertEqual(try server.requests("/atom.xml"), atomRequests, "nothing is fetched twice a day")
        // A day later the validators come along: Atom's ETag and RSS's Last-Modified get a 304.
        XCTAssertEqual(h.stop(), 0)
        let tomorrow = ISO8601DateFormatter().string(from: Date().addingTimeInterval(25 * 3600))
        h.extraEnvironment["CONNECTD_TEST_NOW"] = tomorrow
        try h.start()
        let again = try h.run(fetcher, ["--socket", h.socket, "--timeout", "5", "--private-pages"], timeout: 60)
        XCTAssertTrue(again.stdout.contains("3 not modified"), again.stdout)
        let ada = try json(h.ctl("feeds", "--json"))["feeds"] as? [[String: Any]] ?? []
        XCTAssertEqual(ada.first { $0["name"] as? String == "Ada Lovelace" }?["outcome"] as? String, "not modified")
        XCTAssertEqual((ada.first { $0["name"] as? String == "Ada Lovelace" }?["items"] as? [Any])?.count, 2, "a 304 keeps the items")

        // The nudge leads with what Ada published two days ago.
        XCTAssertEqual(try h.ctl("edit", "ada", "--due", "now").code, 0)
        try h.waitFor("Ada's nudge") { ((try? self.json(h.ctl("nudges", "--json")))?["open"] as? [[String: Any]])?.isEmpty == false }
        let nudge = try XCTUnwrap((try json(h.ctl("nudges", "--json"))["open"] as? [[String: Any]])?.first { $0["personName"] as? String == "Ada Lovelace" })
        XCTAssertTrue((nudge["body"] as? String)?.hasPrefix("Ada Lovelace published “How we onboard” on ") == true, "\(nudge)")
    }

    /// A page of someone's is chosen by others: it (and a feed it names, and a redirect) is not
    /// followed to this machine or a private network. Their own feed, set by you, is fetched.
    func testAPageOnAPrivateAddress_isNotLookedThrough() throws {
        let server = try FeedServer(slowSeconds: 1)
        let h = try Harness()
        try "[feeds]\ndiscover = true\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Hedy Lamarr", "--link", server.url("/page.html")).code, 0)
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--feed", server.url("/atom.xml")).code, 0)
        let run = try h.run(try Harness.binary("connectd-feeds"), ["--socket", h.socket, "--timeout", "5"], timeout: 60)
        XCTAssertTrue(run.stdout.contains("1 fetched (0 found on their pages), 0 not modified, 1 failed"), run.stdout)
        XCTAssertTrue(h.log.contains("The feed of Hedy Lamarr (#1) at \(server.url("/page.html")): its address 127.0.0.1 is on this machine or a private network"),
                      h.log)
        XCTAssertEqual(try server.requests("/page.html"), 0, "not even asked")
    }

    /// Unless `[feeds] discover` is on, nobody's pages are visited: only feeds set with --feed.
    func testPagesAreNotLookedThrough_unlessDiscoveryIsOn() throws {
        let server = try FeedServer(slowSeconds: 1)
        let h = try Harness()
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Hedy Lamarr", "--link", server.url("/page.html")).code, 0)
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--feed", server.url("/atom.xml")).code, 0)
        let run = try h.run(try Harness.binary("connectd-feeds"), ["--socket", h.socket, "--private-pages"], timeout: 60)
        XCTAssertTrue(run.stdout.contains("1 fetched (0 found on their pages), 0 not modified, 0 failed"), run.stdout)
        XCTAssertEqual(try server.requests("/page.html"), 0)
    }

    /// The daemon starts the fetcher itself (here a child process: no user manager), when asked.
    func testFeedsNow_startsTheFetcherOutsideTheDaemon() throws {
        let server = try FeedServer(slowSeconds: 1)
        let h = try Harness()
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--feed", server.url("/atom.xml")).code, 0)
        let now = try h.ctl("feeds", "--now")
        XCTAssertEqual(now.code, 0, now.stderr)
        try h.waitFor("Ada's feed fetched by the daemon's run") {
            ((try? self.json(h.ctl("feeds", "--json")))?["feeds"] as? [[String: Any]])?.first?["outcome"] as? String == "fetched, 2 items"
        }
        try h.waitFor("the fetcher's summary in the daemon's log") { h.log.contains("1 fetched (0 found on their pages)") }
    }
}
