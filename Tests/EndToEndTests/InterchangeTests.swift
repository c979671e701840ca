import Foundation
import XCTest

/// Address books in and out through the real client and daemon, checked by peers nobody here
/// wrote: Python's vobject reads every exported card and writes cards we import, khard lists the
/// exported vdir, and a SIGKILL during a big import leaves all of it or none.
final class InterchangeTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        Harness.packageRoot + "/Tests/ConnectInterchangeTests/Fixtures/" + name
    }

    func json(_ result: Harness.Result, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(result.code, 0, result.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    func people(_ h: Harness) throws -> [[String: Any]] {
        try json(h.ctl("ls", "--json"))["people"] as? [[String: Any]] ?? []
    }

    func python(_ h: Harness, _ script: String, _ arguments: [String] = []) throws -> Harness.Result {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") || FileManager.default.fileExists(atPath: "/usr/local/bin/python3") else {
            throw XCTSkip("python3 is missing: run .ci/setup")
        }
        return try h.run("/usr/bin/env", ["python3", "-c", script] + arguments)
    }

    func testTheClientImportsEveryDialect_reportsBadLines_andASecondImportChangesNothing() throws {
        let h = try Harness()
        try h.start()
        let files = ["android-2.1.vcf", "google-3.0.vcf", "apple-3.0.vcf", "nextcloud-4.0.vcf", "Connections.csv"].map(Self.fixture)
        let first = try h.ctl(["import"] + files + ["--tag", "imported"])
        XCTAssertEqual(first.code, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("android-2.1.vcf (vcard): 4 added"), first.stdout)
        XCTAssertTrue(first.stdout.contains("nextcloud-4.0.vcf:"), "the group card is listed as skipped: \(first.stdout)")
        XCTAssertTrue(first.stdout.contains("connectctl triage"), first.stdout)
        let names = Set(try people(h).compactMap { $0["name"] as? String })
        for name in ["Jürgen Groß", "山田 花子", "Priya Raman", "Åsa Lindqvist", "Dr. Lena Schäfer", "Amélie Durand"] {
            XCTAssertTrue(names.contains(name), "\(name) in \(names.sorted())")
        }
        XCTAssertFalse(names.contains("Hanako Yamada"), "Hanako from LinkedIn is the same person as 山田 花子 (same e-mail)")
        let second = try h.ctl(["import"] + files)
        XCTAssertEqual(second.code, 0, second.stderr)
        for line in second.stdout.split(separator: "\n") where line.hasPrefix("Imported") {
            XCTAssertTrue(line.contains(": 0 added, 0 updated"), "a second import changes nothing: \(line)")
        }
        // A card that cannot be used (no name at all): --strict refuses the whole file.
        let unusable = h.root + "/unusable.vcf"
        try (String(contentsOfFile: Self.fixture("broken.vcf"), encoding: .utf8) + "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nobody\r\nEND:VCARD\r\n")
            .write(toFile: unusable, atomically: true, encoding: .utf8)
        let broken = try h.ctl("import", unusable, "--strict")
        XCTAssertEqual(broken.code, 1)
        XCTAssertTrue(broken.stderr.contains("Nothing was imported"), broken.stderr)
        let directory = try h.ctl("import", h.root)
        XCTAssertEqual(directory.code, 1)
        XCTAssertTrue(directory.stderr.contains("is a directory"), directory.stderr)
    }

    func testVobjectReadsEveryExportedCard_andCardsVobjectWritesImportWithEveryField() throws {
        let h = try Harness()
        try h.start()
        XCTAssertEqual(try h.ctl("import", Self.fixture("apple-3.0.vcf"), Self.fixture("nextcloud-4.0.vcf")).code, 0)
        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--every", "1w", "--email", "grace@navy.example", "--phone", "+1 555 0101",
                                 "--org", "US Navy", "--title", "Rear Admiral", "--birthday", "1906-12-09", "--notes", "COBOL; compilers, \"bugs\"",
                                 "--tag", "cs").code, 0)
        let exported = h.root + "/people.vcf"
        XCTAssertEqual(try h.ctl("export", "--format", "vcard", "--out", exported).code, 0)
        let read = try python(h, """
            import json, sys, vobject
            cards = []
            with open(sys.argv[1], encoding="utf-8", newline="") as f:
                for card in vobject.readComponents(f.read()):
                    cards.append({"fn": card.fn.value, "emails": [e.value for e in card.contents.get("email", [])],
                                  "tels": [t.value for t in card.contents.get("tel", [])], "uid": card.uid.value,
                                  "cadence": card.contents["x-connectd-cadence"][0].value if "x-connectd-cadence" in card.contents else None})
            print(json.dumps(cards))
            """, [exported])
        XCTAssertEqual(read.code, 0, read.stderr)
        let cards = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [[String: Any]])
        let listed = try people(h)
        XCTAssertEqual(cards.count, listed.count, "vobject reads every card")
        for person in listed {
            let card = cards.first { $0["uid"] as? String == person["uid"] as? String }
            XCTAssertEqual(card?["fn"] as? String, person["name"] as? String)
            XCTAssertEqual(card?["emails"] as? [String], (person["emails"] as? [[String: Any]])?.compactMap { $0["value"] as? String })
            XCTAssertEqual(card?["tels"] as? [String], (person["phones"] as? [[String: Any]])?.compactMap { $0["value"] as? String })
            XCTAssertEqual(card?["cadence"] as? String, person["cadence"] as? String)
        }

        let written = h.root + "/from-vobject.vcf"
        let make = try python(h, """
            import sys, vobject
            c = vobject.vCard()
            c.add("fn").value = "Jürgen Müller-Lüdenscheidt"
            c.add("n").value = vobject.vcard.Name(family="Müller-Lüdenscheidt", given="Jürgen")
            e = c.add("email"); e.value = "juergen@work.example"; e.type_param = "WORK"
            t = c.add("tel"); t.value = "+49 30 1234567"; t.type_param = "CELL"
            c.add("org").value = ["Acme, Inc.", "R&D; Platform"]
            c.add("title").value = "Head of Platform"
            c.add("bday").value = "1985-04-12"
            c.add("url").value = "https://example.com/jm"
            c.add("categories").value = ["Friends", "Work, Berlin"]
            c.add("note").value = "Line one\\nLine two, with comma; and semicolon\\\\backslash"
            c.add("uid").value = "urn:uuid:2b7f6d1e-3c1a-4f7e-9a51-7d3c0e9b1f42"
            with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
                f.write(c.serialize())
            """, [written])
        XCTAssertEqual(make.code, 0, make.stderr)
        XCTAssertEqual(try h.ctl("import", written).code, 0)
        let shown = try XCTUnwrap(try json(h.ctl("show", "jurgen", "--json"))["person"] as? [String: Any])
        XCTAssertEqual(shown["uid"] as? String, "urn:uuid:2b7f6d1e-3c1a-4f7e-9a51-7d3c0e9b1f42")
        XCTAssertEqual((shown["emails"] as? [[String: Any]])?.first?["value"] as? String, "juergen@work.example")
        XCTAssertEqual((shown["emails"] as? [[String: Any]])?.first?["types"] as? [String], ["work"])
        XCTAssertEqual((shown["phones"] as? [[String: Any]])?.first?["value"] as? String, "+49 30 1234567")
        XCTAssertEqual(shown["organization"] as? String, "Acme, Inc.")
        XCTAssertEqual(shown["title"] as? String, "Head of Platform")
        XCTAssertEqual(shown["birthday"] as? String, "1985-04-12")
        XCTAssertEqual(shown["links"] as? [String], ["https://example.com/jm"])
        XCTAssertEqual(shown["tags"] as? [String], ["friends", "work", "berlin"], "a tag with a comma is two tags, as 'add --tag a,b'")
        XCTAssertEqual(shown["notes"] as? String, "Line one\nLine two, with comma; and semicolon\\backslash")
    }

    func testKhardListsTheExportedVdir() throws {
        guard let khard = ["/usr/local/bin/khard", "/usr/bin/khard", NSHomeDirectory() + "/.local/bin/khard", "/root/.pyenv/shims/khard"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("khard is missing: run .ci/setup")
        }
        let h = try Harness()
        try h.start()
        XCTAssertEqual(try h.ctl("import", Self.fixture("google-3.0.vcf"), Self.fixture("android-2.1.vcf")).code, 0)
        let vdir = h.root + "/vdir"
        XCTAssertEqual(try h.ctl("export", "--format", "vcard", "--dir", vdir).code, 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: vdir).filter { $0.hasSuffix(".vcf") }
        XCTAssertEqual(files.count, try people(h).count, "one file per person")
        let config = h.root + "/khard.conf"
        try """
            [addressbooks]
            [[connectd]]
            path = \(vdir)
            [general]
            default_action = list
            [vcard]
            skip_unparsable = no
            """.write(toFile: config, atomically: true, encoding: .utf8)
        var environment = h.environment
        environment["HOME"] = h.root
        let list = try h.run(khard, ["-c", config, "list", "-p"], environment: environment)
        XCTAssertEqual(list.code, 0, list.stderr)
        let emails = try h.run(khard, ["-c", config, "email", "-p"], environment: environment)
        XCTAssertEqual(emails.code, 0, emails.stderr)
        let phones = try h.run(khard, ["-c", config, "phone", "-p"], environment: environment)
        XCTAssertEqual(phones.code, 0, phones.stderr)
        for person in try people(h) {
            let name = try XCTUnwrap(person["name"] as? String)
            XCTAssertTrue(list.stdout.contains(name), "khard lists \(name):\n\(list.stdout)")
            for email in (person["emails"] as? [[String: Any]] ?? []).compactMap({ $0["value"] as? String }) {
                XCTAssertTrue(emails.stdout.contains(email), "khard shows \(email)")
            }
            for phone in (person["phones"] as? [[String: Any]] ?? []).compactMap({ $0["value"] as? String }) {
                XCTAssertTrue(phones.stdout.contains(phone), "khard shows \(phone)")
            }
        }
    }

    /// ANNIVERSARY, RELATED and TZ as connectd writes them, read by vobject and khard; cards as
    /// Apple and Google write them (X-ABDATE, X-ABRELATEDNAMES and their X-ABLabel) import with
    /// their labels; and a JSON export carries all of it into a new daemon.
    func testDatesRelationshipsAndZones_throughVobjectKhardAppleGoogleAndJSON() throws {
        guard let khard = ["/usr/local/bin/khard", "/usr/bin/khard", NSHomeDirectory() + "/.local/bin/khard", "/root/.pyenv/shims/khard"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("khard is missing: run .ci/setup")
        }
        let h = try Harness()
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Grace Hopper").code, 0)
        let added = try h.ctl("add", "Ada Lovelace", "--anniversary", "1835-07-08", "--date", "joined Plaid:2022-07-08",
                              "--related", "Byron:child", "--related", "grace hopper:friend", "--tz", "tokyo")
        XCTAssertEqual(added.code, 0, added.stderr)
        let vdir = h.root + "/vdir"
        XCTAssertEqual(try h.ctl("export", "--format", "vcard", "--dir", vdir).code, 0)
        let read = try python(h, """
            import glob, json, sys, vobject
            out = {}
            for path in glob.glob(sys.argv[1] + "/*.vcf"):
                card = vobject.readOne(open(path, encoding="utf-8").read())
                out[card.fn.value] = {
                    "anniversary": [a.value for a in card.contents.get("anniversary", [])],
                    "related": [[r.value, r.params.get("TYPE", [""])[0]] for r in card.contents.get("related", [])],
                    "tz": [t.value for t in card.contents.get("tz", [])],
                    "dates": [d.value for d in card.contents.get("x-abdate", [])],
                    "labels": [l.value for l in card.contents.get("x-ablabel", [])]}
            print(json.dumps(out))
            """, [vdir])
        XCTAssertEqual(read.code, 0, read.stderr)
        let cards = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: [String: [Any]]])
        let ada = try XCTUnwrap(cards["Ada Lovelace"], "\(cards)")
        XCTAssertEqual(ada["anniversary"] as? [String], ["18350708"])
        XCTAssertEqual(ada["related"] as? [[String]], [["Byron", "child"], ["Grace Hopper", "friend"]])
        XCTAssertEqual(ada["tz"] as? [String], ["Asia/Tokyo"])
        XCTAssertEqual(ada["dates"] as? [String], ["2022-07-08"])
        XCTAssertEqual(ada["labels"] as? [String], ["joined Plaid"])
        let config = h.root + "/khard.conf"
        try "[addressbooks]\n[[connectd]]\npath = \(vdir)\n[general]\ndefault_action = list\n[vcard]\nskip_unparsable = no\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        var environment = h.environment
        environment["HOME"] = h.root
        let shown = try h.run(khard, ["-c", config, "show", "Ada"], environment: environment)
        XCTAssertEqual(shown.code, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("Anniversary: 07/08/35"), "khard shows the anniversary:\n\(shown.stdout)\n\(shown.stderr)")

        // Apple writes its own codes for the labels; Google the words typed.
        let apple = h.root + "/apple.vcf"
        try """
            BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.5//EN\r\nN:Lindqvist;Åsa;;;\r\nFN:Åsa Lindqvist\r\n\
            item1.X-ABDATE;type=pref:2015-09-12\r\nitem1.X-ABLabel:_$!<Anniversary>!$_\r\n\
            item2.X-ABRELATEDNAMES;type=pref:Linnea\r\nitem2.X-ABLabel:_$!<Child>!$_\r\nEND:VCARD\r\n\
            BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tomás Rivera\r\nitem1.X-ABDATE:2019-03-01\r\nitem1.X-ABLabel:moved to Lisbon\r\n\
            item2.X-ABRELATEDNAMES:Inês\r\nitem2.X-ABLabel:partner\r\nTZ:Europe/Lisbon\r\nEND:VCARD\r\n
            """.write(toFile: apple, atomically: true, encoding: .utf8)
        XCTAssertEqual(try h.ctl("import", apple).code, 0)
        let asa = try XCTUnwrap(try json(h.ctl("show", "Åsa", "--json"))["person"] as? [String: Any])
        XCTAssertEqual(asa["dates"] as? [[String: String]], [["label": "anniversary", "date": "2015-09-12"]])
        XCTAssertEqual((asa["related"] as? [[String: Any]])?.map { [$0["name"] as? String, $0["type"] as? String] }, [["Linnea", "child"]])
        let tomas = try XCTUnwrap(try json(h.ctl("show", "Tomás", "--json"))["person"] as? [String: Any])
        XCTAssertEqual(tomas["dates"] as? [[String: String]], [["label": "moved to Lisbon", "date": "2019-03-01"]])
        XCTAssertEqual(tomas["timeZone"] as? String, "Europe/Lisbon")

        // The JSON export carries it all into a new daemon, the link to Grace included.
        let exported = h.root + "/all.json"
        XCTAssertEqual(try h.ctl("export", "--out", exported).code, 0)
        let other = try Harness()
        try other.start()
        XCTAssertEqual(try other.ctl("import", exported).code, 0)
        let before = try XCTUnwrap(try json(h.ctl("show", "Ada", "--json"))["person"] as? [String: Any])
        let after = try XCTUnwrap(try json(other.ctl("show", "Ada", "--json"))["person"] as? [String: Any])
        XCTAssertEqual(after["dates"] as? [[String: String]], before["dates"] as? [[String: String]])
        XCTAssertEqual(after["timeZone"] as? String, "Asia/Tokyo")
        XCTAssertEqual((after["related"] as? [[String: Any]])?.map { $0["name"] as? String }, ["Byron", "Grace Hopper"])
        XCTAssertNotNil((after["related"] as? [[String: Any]])?.last?["personId"] as? Int, "still linked to Grace in the new daemon")
    }

    func testJSONRoundTrip_throughTheClient_intoANewDaemon_isIdentical() throws {
        let h = try Harness()
        try h.start()
        XCTAssertEqual(try h.ctl("import", Self.fixture("nextcloud-4.0.vcf"), "--every", "2w").code, 0)
        XCTAssertEqual(try h.ctl("log", "lena", "coffee", "--at", "yesterday", "CRDT paper").code, 0)
        XCTAssertEqual(try h.ctl("reflect", "Wrote to Lena").code, 0)
        let first = h.root + "/everything.json"
        XCTAssertEqual(try h.ctl("export", "--format", "json", "--out", first).code, 0)
        let other = try Harness()
        try other.start()
        let restored = try other.ctl("import", first)
        XCTAssertEqual(restored.code, 0, restored.stderr)
        XCTAssertTrue(restored.stdout.contains("(json): 3 added"), restored.stdout)
        let second = other.root + "/again.json"
        XCTAssertEqual(try other.ctl("export", "--format", "json", "--out", second).code, 0)
        let diff = try h.run("/usr/bin/diff", [first, second])
        XCTAssertEqual(diff.code, 0, "export, import, export: no difference\n\(diff.stdout)")
    }

    /// SIGKILL at several moments of a 20,000-card import: SQLite's integrity check is clean,
    /// and once connectd starts again either all of it is there or none (an import it was
    /// stopped in the middle of is undone from its journal, and the log says so).
    func testSIGKILLDuringABigImport_leavesAllOrNothing() throws {
        let cards = (0..<20_000).map { "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported Person \($0)\r\nEMAIL:p\($0)@example.org\r\nEND:VCARD\r\n" }.joined()
        for delay in [0.0, 0.05, 0.2] {
            let h = try Harness()
            let file = h.root + "/big.vcf"
            try cards.write(toFile: file, atomically: true, encoding: .utf8)
            try h.start()
            let client = Process()
            client.executableURL = URL(fileURLWithPath: try Harness.binary("connectctl"))
            client.arguments = ["import", file, "--socket", h.socket]
            client.environment = h.environment
            client.standardOutput = FileHandle.nullDevice
            client.standardError = FileHandle.nullDevice
            try client.run()
            let uploads = h.stateDirectory + "/uploads"
            // The import starts once the whole file is uploaded.
            try h.waitFor("the upload to complete") {
                let sizes = try FileManager.default.contentsOfDirectory(atPath: uploads).compactMap {
                    try FileManager.default.attributesOfItem(atPath: uploads + "/" + $0)[.size] as? Int
                }
                return sizes.contains(cards.utf8.count) || !client.isRunning
            }
            usleep(useconds_t(delay * 1_000_000))
            XCTAssertEqual(h.stop(signal: SIGKILL), SIGKILL)
            client.waitUntilExit()
            let check = try h.run("/usr/bin/env", ["python3", "-c", """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1])
                print(db.execute("PRAGMA integrity_check").fetchone()[0], db.execute("SELECT count(*) FROM person").fetchone()[0])
                """, h.stateDirectory + "/state.sqlite"])
            XCTAssertEqual(check.code, 0, check.stderr)
            let parts = check.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            XCTAssertEqual(parts.first, "ok", "integrity after SIGKILL at +\(delay) s")
            let partial = parts.last != "0" && parts.last != "20000"
            try h.start()
            if partial {
                try h.waitFor("the interrupted import to be undone") { h.log.contains("Undid the import of") }
                XCTAssertTrue(h.log.contains("connectd stopped while it imported"), h.log)
            }
            let status = try h.ctl("status", "--json")
            XCTAssertEqual(status.code, 0)
            let people = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["people"] as? Int
            XCTAssertTrue(people == 0 || people == 20_000, "all or nothing after SIGKILL at +\(delay) s: \(people ?? -1) people (\(parts.last ?? "") before the restart)")
        }
    }
}
