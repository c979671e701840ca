import Foundation
import XCTest

/// The second outside attack on the real binaries: what once stopped the loop (a hook that does
/// not read, a flood of files in the vdir), ran someone else's code, put markup on the screen or
/// lost people in the vdir. Each test failed before its fix.
final class HostileInputRoundTwoTests: XCTestCase {
    private func statusSeconds(_ h: Harness) throws -> Double {
        let started = Date()
        let result = try h.ctl("status")
        XCTAssertEqual(result.code, 0, result.stderr)
        return Date().timeIntervalSince(started)
    }

    private func hooksDirectory(_ h: Harness) throws -> String {
        let hooks = (h.configFile as NSString).deletingLastPathComponent + "/hooks.d"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        return hooks
    }

    // MARK: Nothing may stop the loop

    /// The event is written to a hook's stdin through the loop: a hook that never reads it (with
    /// an event larger than a pipe holds) cannot hold the daemon, and is stopped at its timeout.
    func testAHookThatNeverReadsABigEvent_cannotHoldTheLoop_andIsStoppedAtItsTimeout() throws {
        let h = try Harness()
        let hook = try hooksDirectory(h) + "/deaf"
        try "#!/bin/sh\necho started\nexec sleep 30\n".write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o700)
        try h.allowNudgesAllDay(extra: "[hooks]\ntimeout = \"2s\"\n")
        try h.start()
        let links = (0..<100).flatMap { ["--link", "https://example.org/\($0)/" + String(repeating: "x", count: 900)] }
        let add = try h.ctl(["add", "Ada Lovelace", "--due", "now"] + links)
        XCTAssertEqual(add.code, 0, add.stderr)
        try h.waitFor("the hook to start") { h.log.contains("hook deaf: started") }
        let started = Date()
        for _ in 0..<5 { XCTAssertLessThan(try statusSeconds(h), 1.0, "the loop answers while the hook ignores its 100 KB event") }
        try h.waitFor("the timeout to stop the hook", timeout: 10) { h.log.contains("Hook deaf ran longer than 2 s: sending SIGTERM.") }
        XCTAssertLessThan(Date().timeIntervalSince(started), 8, "the timeout fired on time")
    }

    /// Thousands of entries in hooks.d: listed once (not per event), at most 32 hooks run.
    func testHundredsOfHooks_atMost32Run_andTheDirectoryIsSaidOnce() throws {
        let h = try Harness()
        let hooks = try hooksDirectory(h)
        for index in 0..<300 {
            let path = hooks + String(format: "/h%03d", index)
            try "#!/bin/sh\nexit 0\n".write(toFile: path, atomically: false, encoding: .utf8)
            chmod(path, 0o700)
        }
        try h.start()
        let test = try h.ctl("notify-test")
        XCTAssertTrue(test.stdout.contains("started or queued 32 hooks: h000, h001"), test.stdout)
        _ = try h.ctl("notify-test")
        XCTAssertEqual(h.log.components(separatedBy: "holds 300 entries").count, 2, "said once:\n\(h.log.suffix(2000))")
        XCTAssertLessThan(try statusSeconds(h), 1.0)
    }

    /// 128 clients ask and never read: after a second without reading, one makes room for a
    /// newcomer; before that the newcomer hears "busy" (75), never "not running".
    func testClientsThatNeverRead_giveWayAfterASecond() throws {
        let h = try Harness()
        try h.start()
        let setup = try RawClient(path: h.socket)
        for index in 0..<200 {
            setup.send(#"{"method":"io.connectd.AddPerson","parameters":{"name":"Person \#(index)","notes":"\#(String(repeating: "n", count: 200))"}}"#)
            XCTAssertNil(setup.readReply()?["error"])
        }
        let flood = Array(repeating: Array(#"{"method":"io.connectd.ListPeople","parameters":{}}"#.utf8) + [0], count: 40).flatMap { $0 }
        var stalled: [RawClient] = [setup]
        for _ in 0..<127 {
            let client = try RawClient(path: h.socket)
            client.send(flood)
            stalled.append(client)
        }
        setup.send(flood)
        let started = Date()
        var outcomes: [Int32] = []
        var result = try h.ctl("status")
        outcomes.append(result.code)
        try h.waitFor("a newcomer to be served", timeout: 20) {
            result = try h.ctl("status")
            outcomes.append(result.code)
            XCTAssertFalse(result.stderr.contains("not running"), result.stderr)
            return result.code == 0
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 15, "served within seconds (the stalled-write timeout is 30 s): \(outcomes)")
        XCTAssertTrue(Set(outcomes).isSubset(of: [0, 75]), "busy or served: \(outcomes)")
        withExtendedLifetime(stalled) {}
    }

    // MARK: Trust boundaries

    func testAConfigOthersCanWrite_orThatAnotherUserOwns_isNotUsed() throws {
        let h = try Harness()
        try "[sync]\ncommand = [\"touch\", \"\(h.root)/pwned\"]\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        chmod(h.configFile, 0o666)
        let writable = try h.daemonRefusal([])
        XCTAssertEqual(writable.code, 78, writable.stderr)
        XCTAssertTrue(writable.stderr.contains("is not used: it is writable by group or others (chmod go-w"), writable.stderr)
        chmod(h.configFile, 0o644)
        let other = try LocalUser.create("connectd-cfgowner")
        defer { other.remove() }
        chown(h.configFile, other.uid, other.uid)
        let foreign = try h.daemonRefusal([])
        XCTAssertEqual(foreign.code, 78, foreign.stderr)
        XCTAssertTrue(foreign.stderr.contains("it is owned by uid \(other.uid), not by you or root"), foreign.stderr)
        chown(h.configFile, getuid(), getgid())
        let directory = (h.configFile as NSString).deletingLastPathComponent
        chmod(directory, 0o777)
        defer { chmod(directory, 0o755) }
        let open = try h.daemonRefusal([])
        XCTAssertEqual(open.code, 78, open.stderr)
        XCTAssertTrue(open.stderr.contains("is writable by group or others"), open.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: h.root + "/pwned"))
    }

    func testAHookLinkAnotherUserMade_orAHooksDirectoryOthersCanWrite_runsNothing() throws {
        let h = try Harness()
        let hooks = try hooksDirectory(h)
        chmod(hooks, 0o700)
        let marker = h.root + "/ran"
        let other = try LocalUser.create("connectd-hookowner")
        defer { other.remove() }
        symlink("/usr/bin/touch", hooks + "/planted")
        lchown(hooks + "/planted", other.uid, other.uid)
        let mine = hooks + "/mine"
        try "#!/bin/sh\ntouch \(marker)\n".write(toFile: mine, atomically: true, encoding: .utf8)
        chmod(mine, 0o700)
        try h.start()
        let test = try h.ctl("notify-test")
        XCTAssertTrue(test.stdout.contains("started or queued 1 hook: mine"), test.stdout)
        XCTAssertTrue(test.stdout.contains("planted: it is a symbolic link owned by uid \(other.uid)"), "notify-test says why: \(test.stdout)")
        try h.waitFor("my own hook") { FileManager.default.fileExists(atPath: marker) }
        try FileManager.default.removeItem(atPath: marker)
        chmod(hooks, 0o777)
        let open = try h.ctl("notify-test")
        XCTAssertTrue(open.stdout.contains("is writable by group or others"), open.stdout)
        XCTAssertTrue(h.log.contains("No hooks run: the directory"), h.log)
        usleep(300_000)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "nothing runs from a directory others can write")
        chmod(hooks, 0o700)
    }

    func testAVdirThatHoldsOtherFiles_isNotMirroredInto() throws {
        let h = try Harness()
        let system = h.root + "/etc-like"
        try FileManager.default.createDirectory(atPath: system, withIntermediateDirectories: true)
        try "root:x:0:0\n".write(toFile: system + "/passwd", atomically: true, encoding: .utf8)
        try "[sync]\nvdir = \"\(system)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        try h.waitFor("the refusal") { h.log.contains("The vdir mirror is off") }
        XCTAssertTrue(h.log.contains("holds other files (passwd)"), h.log)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: system), ["passwd"], "nothing was created there")
        XCTAssertEqual(try h.ctl("status").code, 0)
    }

    /// A note from the vdir with a link and a tracking image, and a name with & and <: escaped for
    /// a server that shows markup, so they show as written.
    func testMarkupInTextFromPeople_isEscapedForAServerThatShowsMarkup() throws {
        let h = try Harness()
        let bus = try SessionBus(harness: h)
        defer { bus.stop() }
        let record = h.root + "/notify.jsonl"
        try bus.startFakeServer(harness: h, record: record, actions: [], extraArguments: ["--markup"])
        try h.allowNudgesAllDay()
        h.extraEnvironment = bus.environment
        try h.start()
        let add = try h.ctl("add", "Tom & Jerry <3", "--due", "now", "--met", #"<a href="https://evil.example/login">here</a> <img src="https://tracker.example/p.png">"#)
        XCTAssertEqual(add.code, 0, add.stderr)
        try h.waitFor("the notification") { ((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").contains("\n") }
        let call = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(String(contentsOfFile: record, encoding: .utf8).split(separator: "\n")[0].utf8)) as? [String: Any])
        let body = try XCTUnwrap(call["body"] as? String)
        XCTAssertTrue(body.contains("&lt;a href=\"https://evil.example/login\"&gt;here&lt;/a&gt; &lt;img"), body)
        XCTAssertFalse(body.contains("<a "), body)
        XCTAssertEqual(call["summary"] as? String, "Time to reconnect with Tom & Jerry <3", "a summary is plain text, except for dunst")
    }

    // MARK: Text that skips the text rules

    func testForgedItemsInTheVdir_areRefused_andWhatTheyCarryIsShownSafely() throws {
        let h = try Harness()
        let vdir = h.root + "/vdir"
        try "[sync]\nvdir = \"\(vdir)\"\nmachine = \"here\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "1y").code, 0)
        let uid = try XCTUnwrap((try h.json("show", "ada")["person"] as? [String: Any])?["uid"] as? String)
        try h.waitFor("the mirror") { h.log.contains("is up to date") }
        let forged = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:nudge-forged\r\nDTSTAMP:20990101T000000Z\r\nDTSTART:20990101T000000Z\r\n"
            + "STATUS:NEEDS-ACTION\r\nX-CONNECTD-PERSON:\(uid)\r\nX-CONNECTD-MACHINE:evil\u{1B}]0;owned\u{07}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
        let name = "forged\u{1B}[2J.ics"
        try forged.write(toFile: vdir + "/nudges/" + name, atomically: true, encoding: .utf8)
        try h.waitFor("the refusal") { h.log.contains("it is a nudge dated in the future") }
        XCTAssertEqual((try h.json("nudges")["open"] as? [Any])?.count ?? 0, 0, "no nudge opened for someone not due")
        XCTAssertFalse(h.log.contains("\u{1B}"), "no escape reaches the log")
        XCTAssertTrue(h.log.contains("forged\\e[2J.ics"), h.log)
    }

    // MARK: Nothing lost in the vdir

    func testTheVdir_symlinksDuplicatesAndEditsWithoutREV_loseNobody() throws {
        let h = try Harness()
        let vdir = h.root + "/vdir"
        try "[sync]\nvdir = \"\(vdir)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "1m").code, 0)
        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--every", "1m").code, 0)
        let people = vdir + "/people"
        // The people's cards, besides the marker that keeps the collection from being empty.
        func cards() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: people)) ?? []).filter { $0.hasSuffix(".vcf") && !$0.hasPrefix("connectd-keep-") }.sorted()
        }
        try h.waitFor("both cards") { cards().count == 2 }
        let files = cards()
        let ada = try XCTUnwrap(files.first { (try? String(contentsOfFile: people + "/" + $0, encoding: .utf8))?.contains("FN:Ada") == true })
        let grace = try XCTUnwrap(files.first { $0 != ada })

        // A symbolic link in place of Ada's card: refused and said, Ada stays.
        try FileManager.default.copyItem(atPath: people + "/" + ada, toPath: h.root + "/ada-backup.vcf")
        try FileManager.default.createSymbolicLink(atPath: h.root + "/link", withDestinationPath: "/etc/hostname")
        XCTAssertEqual(rename(h.root + "/link", people + "/" + ada), 0, "the link replaces the card in one step")
        try h.waitFor("the refusal") { h.log.contains("\(ada) is not a regular file") }
        XCTAssertEqual(try h.json("status")["people"] as? Int, 2, "a link is never a removal")
        // A new card that is a link: said too.
        try FileManager.default.createSymbolicLink(atPath: people + "/linked.vcf", withDestinationPath: h.root + "/ada-backup.vcf")
        try h.waitFor("the new link is said") { h.log.contains("linked.vcf is not a regular file") }
        try FileManager.default.removeItem(atPath: people + "/linked.vcf")
        XCTAssertEqual(rename(h.root + "/ada-backup.vcf", people + "/" + ada), 0)
        XCTAssertEqual(try h.json("status")["people"] as? Int, 2)

        // Two files for Grace: removing one keeps her.
        try FileManager.default.copyItem(atPath: people + "/" + grace, toPath: people + "/grace-copy.vcf")
        let graceUID = try XCTUnwrap((try h.json("show", "grace")["person"] as? [String: Any])?["uid"] as? String)
        try h.waitFor("the copy to be recorded") {
            let rows = try h.run("/usr/bin/env", ["python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM mirror_file WHERE person = ?\", (sys.argv[2],)).fetchone()[0])",
                                                  h.stateDirectory + "/state.sqlite", graceUID])
            return rows.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2"
        }
        try FileManager.default.removeItem(atPath: people + "/grace-copy.vcf")
        try h.waitFor("the removal to be seen") { h.log.contains("grace-copy.vcf was removed; the person with UID") }
        XCTAssertEqual(try h.json("status")["people"] as? Int, 2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: people + "/" + grace), "her own file stays")

        // An edit by a program that writes no REV: taken, not overwritten.
        var card = try String(contentsOfFile: people + "/" + grace, encoding: .utf8)
        card = card.split(separator: "\r\n").filter { !$0.hasPrefix("REV:") && !$0.hasPrefix("X-CONNECTD-FIELD-REV") }.joined(separator: "\r\n") + "\r\n"
        card = card.replacingOccurrences(of: "END:VCARD", with: "NOTE:edited in a text editor\r\nEND:VCARD")
        try card.write(toFile: people + "/" + grace, atomically: true, encoding: .utf8)
        try h.waitFor("the edit to arrive") { ((try? h.json("show", "grace"))?["person"] as? [String: Any])?["notes"] as? String == "edited in a text editor" }
    }

    /// A directory sitting where one card's temporary file goes stops that card only.
    func testAnUnwritableTemporaryName_stopsOneCard_notThePage() throws {
        let h = try Harness()
        let vdir = h.root + "/vdir"
        try "[sync]\nvdir = \"\(vdir)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "1m").code, 0)
        let uid = try XCTUnwrap((try h.json("show", "ada")["person"] as? [String: Any])?["uid"] as? String)
        try h.waitFor("Ada's card") { FileManager.default.fileExists(atPath: vdir + "/people/\(uid).vcf") }
        try FileManager.default.createDirectory(atPath: vdir + "/people/\(uid).vcf.connectd.tmp", withIntermediateDirectories: true)
        XCTAssertEqual(try h.ctl("edit", "ada", "--notes", "changed").code, 0)
        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--every", "1m").code, 0)
        let grace = try XCTUnwrap((try h.json("show", "grace")["person"] as? [String: Any])?["uid"] as? String)
        try h.waitFor("Grace's card, in the same page as Ada's") { FileManager.default.fileExists(atPath: vdir + "/people/\(grace).vcf") }
        XCTAssertTrue(h.log.contains("Could not write \(vdir)/people/\(uid).vcf"), h.log)
    }

    /// UIDs that looked alike once shared a file: "uid-<hash>" of another UID, "/" and "2f".
    func testExportDir_givesEveryUIDItsOwnFile_andRemovesWhatAKilledExportLeft() throws {
        let h = try Harness()
        try h.start()
        let cards = ["/", "2f", "uid-x2f", "ok-uid"].enumerated().map { "BEGIN:VCARD\r\nUID:\($0.element)\r\nFN:Person \($0.offset)\r\nEND:VCARD\r\n" }.joined()
        let file = h.root + "/uids.vcf"
        try cards.write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try h.ctl("import", file).code, 0)
        let dir = h.root + "/cards"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "half".write(toFile: dir + "/x.vcf.connectctl-999999.tmp", atomically: true, encoding: .utf8)
        let export = try h.ctl("export", "--dir", dir)
        XCTAssertEqual(export.code, 0, export.stderr)
        XCTAssertTrue(export.stderr.contains("Removed 1 temporary files an interrupted export left"), export.stderr)
        XCTAssertTrue(export.stderr.contains("Wrote 4 cards"), export.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(names, ["2f.vcf", "ok-uid.vcf", "uid-x2f.vcf", "uid-x7569642d783266.vcf"], "four UIDs, four files")
    }

    /// vdirsyncer's conflict resolver keeps what it does not model, the files' mode, and nothing
    /// temporary; what it cannot merge safely it refuses, writing nothing.
    func testMergeVCard_keepsUnknownPropertiesAndTheMode_refusesWhatItCannotMerge() throws {
        let h = try Harness()
        let a = h.root + "/a.vcf", b = h.root + "/b.vcf"
        try "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:ada\r\nFN:Ada\r\nADR;TYPE=home:;;1 Main St;London;;;UK\r\nREV:20260101T000000Z\r\nEND:VCARD\r\n"
            .write(toFile: a, atomically: true, encoding: .utf8)
        try "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:ada\r\nFN:Ada\r\nNOTE:later\r\nX-PHONE-APP:42\r\nREV:20260102T000000Z\r\nEND:VCARD\r\n"
            .write(toFile: b, atomically: true, encoding: .utf8)
        chmod(a, 0o600)
        chmod(b, 0o600)
        let merged = try h.run(try Harness.binary("connectd"), ["merge-vcard", a, b])
        XCTAssertEqual(merged.code, 0, merged.stderr)
        for path in [a, b] {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for line in ["ADR;TYPE=home:;;1 Main St;London;;;UK", "X-PHONE-APP:42", "NOTE:later"] { XCTAssertTrue(text.contains(line), "\(line) in \(text)") }
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o600, "the mode stays")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: h.root).filter { $0.contains("tmp") || $0.contains("nosync") }, [])
        let twoCards = h.root + "/two.vcf"
        try ("BEGIN:VCARD\r\nUID:ada\r\nFN:Ada\r\nEND:VCARD\r\n" + "BEGIN:VCARD\r\nUID:grace\r\nFN:Grace\r\nEND:VCARD\r\n")
            .write(toFile: twoCards, atomically: true, encoding: .utf8)
        let before = try String(contentsOfFile: a, encoding: .utf8)
        let refused = try h.run(try Harness.binary("connectd"), ["merge-vcard", twoCards, a])
        XCTAssertNotEqual(refused.code, 0)
        XCTAssertTrue(refused.stderr.contains("holds 2 cards") && refused.stderr.contains("nothing was written"), refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: a, encoding: .utf8), before)
        let huge = h.root + "/huge.vcf"
        XCTAssertTrue(FileManager.default.createFile(atPath: huge, contents: nil))
        truncate(huge, 20 << 20)
        let tooLarge = try h.run(try Harness.binary("connectd"), ["merge-vcard", huge, a])
        XCTAssertTrue(tooLarge.stderr.contains("larger than 16 MiB"), tooLarge.stderr)
    }

    /// A card that came in with an address and a photo keeps them when connectd writes it again.
    func testPropertiesConnectdDoesNotUse_surviveTheMirrorWritingTheCardAgain() throws {
        let h = try Harness()
        let vdir = h.root + "/vdir"
        try "[sync]\nvdir = \"\(vdir)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        try h.waitFor("the mirror") { h.log.contains("is up to date") }
        try "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Ada Lovelace\r\nADR;TYPE=HOME:;;12 St James's Square;London;;;UK\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\nEND:VCARD\r\n"
            .write(toFile: vdir + "/people/phone-1.vcf", atomically: true, encoding: .utf8)
        try h.waitFor("Ada to arrive") { (try? h.json("status"))?["people"] as? Int == 1 }
        XCTAssertEqual(try h.ctl("edit", "ada", "--every", "1m", "--notes", "from connectd").code, 0)
        try h.waitFor("the card written again") {
            ((try? String(contentsOfFile: vdir + "/people/phone-1.vcf", encoding: .utf8)) ?? "").contains("NOTE:from connectd")
        }
        let card = try String(contentsOfFile: vdir + "/people/phone-1.vcf", encoding: .utf8)
        XCTAssertTrue(card.contains("ADR;TYPE=HOME:;;12 St James's Square;London;;;UK\r\n"), card)
        XCTAssertTrue(card.contains("PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n"), card)
    }
}
