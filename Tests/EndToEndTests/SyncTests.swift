import Foundation
import XCTest

/// Two machines, each a real connectd with its own state and vdir mirror, carried to each other
/// by the real vdirsyncer through a real Radicale server; khard and todoman read the mirror. And
/// the mirror alone: a SIGKILL while it is written, and garbage put into it.
final class SyncTests: XCTestCase {
    func testTwoMachines_addLogEditApartRemove_throughRadicale_khardAndTodomanReadTheMirror() throws {
        let server = try RadicaleServer(root: FileManager.default.temporaryDirectory.path + "/connectd-radicale-\(UUID().uuidString.prefix(8))")
        defer { server.stop() }
        let zone = SyncMachine.afternoonZone(now: Date())
        let a = try SyncMachine("laptop", server: server, timeZone: zone)
        let b = try SyncMachine("desktop", server: server, timeZone: zone)

        // Added on A with every field: B has all of it after both sync.
        XCTAssertEqual(try a.ctl("add", "Ada Lovelace", "--every", "2w", "--met", "at the analytical engine meetup", "--into", "poetical science",
                                 "--notes", "prefers tea", "--tag", "math", "--link", "https://ada.example.org", "--email", "ada@example.org",
                                 "--phone", "+44 20 7946 0000", "--org", "Analytical Engines Ltd", "--title", "Countess",
                                 "--birthday", "1815-12-10").code, 0)
        XCTAssertEqual(try a.ctl("add", "Grace Hopper", "--every", "1m").code, 0)
        try a.sync()
        try b.sync()
        try b.waitFor("Ada from A") { try b.person("ada") != nil && b.person("grace") != nil }
        let onA = try XCTUnwrap(try a.person("ada"))
        let onB = try XCTUnwrap(try b.person("ada"))
        for field in ["uid", "name", "cadence", "met", "into", "notes", "tags", "links", "emails", "phones", "organization", "title",
                      "birthday", "addedAt", "nextDue"] {
            // Times cross machines in whole seconds.
            func seconds(_ value: Any?) -> String? {
                guard let value, let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else { return nil }
                return String(decoding: data, as: UTF8.self).replacingOccurrences(of: #"\.\d{3}(?=[+-]|Z)"#, with: "", options: .regularExpression)
            }
            XCTAssertEqual(seconds(onB[field]), seconds(onA[field]), "B has A's \(field)")
        }
        print("SYNC-SESSION 1 add on laptop, sync both: desktop shows \(onB["name"]!), met \(onB["met"]!), e-mail \(onB["emails"]!), next due \(onB["nextDue"]!)")

        // Logged on B: A's next due moves.
        XCTAssertEqual(try b.ctl("log", "ada", "call", "--at", "yesterday", "talked about the engine").code, 0)
        let movedOnB = try XCTUnwrap(try b.person("ada")?["nextDue"] as? String)
        XCTAssertNotEqual(movedOnB, onA["nextDue"] as? String, "logging moves B's next due")
        try b.sync()
        try a.sync()
        try a.waitFor("the call from B") { try a.person("ada")?["nextDue"] as? String == movedOnB }
        XCTAssertEqual(try a.person("ada")?["lastKind"] as? String, "call")
        print("SYNC-SESSION 2 log on desktop, sync: laptop's next due for Ada moved from \(onA["nextDue"]!) to \(movedOnB)")

        // A lunch with both, logged on B: one VJOURNAL with an ATTENDEE each; on A it is in both histories.
        XCTAssertEqual(try b.ctl("log", "ada", "grace", "lunch", "--at", "today", "the difference engine").code, 0)
        var file = ""
        try b.waitFor("the lunch's file in the mirror") {
            file = try FileManager.default.contentsOfDirectory(atPath: b.vdir + "/interactions").compactMap { name -> String? in
                let text = try String(contentsOfFile: b.vdir + "/interactions/" + name, encoding: .utf8)
                return text.contains("the difference engine") ? text : nil
            }.first ?? ""
            return !file.isEmpty
        }
        XCTAssertEqual(file.components(separatedBy: "\r\nATTENDEE;CN=").count - 1, 2, file)
        try b.sync()
        try a.sync()
        try a.waitFor("the lunch from B in Grace's history") {
            let history = try a.json("history", "grace")["interactions"] as? [[String: Any]] ?? []
            return history.contains { ($0["with"] as? [[String: Any]])?.first?["name"] as? String == "Ada Lovelace" && $0["kind"] as? String == "lunch" }
        }
        XCTAssertEqual(try a.person("grace")?["lastKind"] as? String, "lunch", "it counts for Grace on A too")
        print("SYNC-SESSION 2b 'log ada grace lunch' on desktop, sync: laptop's history of Grace has the lunch with Ada")

        // Edited on both while apart: both edits survive (vdirsyncer calls connectd merge-vcard).
        XCTAssertEqual(try a.ctl("edit", "ada", "--notes", "prefers tea, not coffee").code, 0)
        XCTAssertEqual(try b.ctl("edit", "ada", "--met", "at Babbage's salon", "--tag", "engines").code, 0)
        try a.sync()
        let conflict = try b.sync()
        XCTAssertTrue(conflict.stderr.contains("conflict resolution"), "B's sync resolved a conflict: \(conflict.stderr)")
        try a.sync()
        for machine in [a, b] {
            try machine.waitFor("both edits") {
                let ada = try machine.person("ada")
                return ada?["notes"] as? String == "prefers tea, not coffee" && ada?["met"] as? String == "at Babbage's salon"
                    && ada?["tags"] as? [String] == ["math", "engines"]
            }
        }
        print("SYNC-SESSION 3 notes edited on laptop, met and a tag on desktop, sync: both show notes 'prefers tea, not coffee', met 'at Babbage's salon', tags math, engines")

        // khard reads people/, todoman lists the open nudges in nudges/.
        try checkKhardAndTodoman(b)

        // Removed on A: gone on B. Ada had every interaction, and then Grace is the last person:
        // neither removal may leave a collection empty, or vdirsyncer refuses every later sync
        // (`sync` asserts that it succeeds).
        XCTAssertEqual(try a.ctl("rm", "ada", "--yes").code, 0)
        try a.sync()
        try b.sync()
        try b.waitFor("Ada gone") { try b.person("ada") == nil }
        XCTAssertNotNil(try b.person("grace"))
        XCTAssertTrue(b.harness.log.contains("was removed: so is the person"), b.harness.log)
        for machine in [a, b] {
            // The lunch was Ada's and Grace's: with Ada gone it stays Grace's, on both machines.
            try machine.waitFor("the lunch still in Grace's history") {
                (try machine.json("history", "grace")["interactions"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "lunch" }
            }
        }
        print("SYNC-SESSION 4 rm Ada on laptop, sync: desktop lists \(try b.json("ls")["people"].map { ($0 as? [[String: Any]] ?? []).compactMap { $0["name"] } } ?? [])")
        XCTAssertEqual(try a.ctl("rm", "grace", "--yes").code, 0)
        XCTAssertEqual(try b.ctl("rm", "trish", "--yes").code, 0)
        try a.sync()
        try b.sync()
        try a.sync()
        try b.waitFor("Grace gone too") { try b.person("grace") == nil }
        try a.waitFor("Trish gone too") { try a.person("trish") == nil }
        for machine in [a, b] {
            XCTAssertEqual(try machine.json("status")["people"] as? Int, 0)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: machine.vdir + "/people"), ["connectd-keep-people.vcf"],
                           "only the marker keeps the address book from being empty")
        }
        try a.sync()
        print("SYNC-SESSION 5 rm the last person on laptop: vdirsyncer sync succeeds on both machines, again and again")
    }

    /// A circle set on A is a group card in the vdir; after a sync B has the circle, Ada there
    /// follows it, and B's nudge for her says the circle. Removed on A, it is gone on B.
    func testACircle_travelsAsAGroupCard_andTheOtherMachinesNudgeSaysIt() throws {
        let server = try RadicaleServer(root: FileManager.default.temporaryDirectory.path + "/connectd-radicale-\(UUID().uuidString.prefix(8))")
        defer { server.stop() }
        let zone = SyncMachine.afternoonZone(now: Date())
        let a = try SyncMachine("laptop", server: server, timeZone: zone)
        let b = try SyncMachine("desktop", server: server, timeZone: zone)
        XCTAssertEqual(try a.ctl("circle", "founders", "--every", "1m", "--at-most", "6w").code, 0)
        XCTAssertEqual(try a.ctl("add", "Ada Lovelace", "--tag", "founders", "--met", "at the analytical engine meetup").code, 0)
        try a.waitFor("the circle's card") {
            (try? String(contentsOfFile: a.vdir + "/people/connectd-circle-founders.vcf", encoding: .utf8))?.contains("MEMBER:urn:uuid:") == true
        }
        let card = try String(contentsOfFile: a.vdir + "/people/connectd-circle-founders.vcf", encoding: .utf8)
        XCTAssertTrue(card.contains("KIND:group\r\n") && card.contains("X-CONNECTD-CIRCLE-EVERY:1m\r\n"), card)
        try a.sync()
        try b.sync()
        var circles: [[String: Any]] = []
        try b.waitFor("the circle from A") {
            circles = try b.json("circle")["circles"] as? [[String: Any]] ?? []
            return circles.first?["members"] as? Int == 1
        }
        XCTAssertEqual(circles.first?["name"] as? String, "founders")
        XCTAssertEqual(circles.first?["every"] as? String, "1m")
        XCTAssertEqual(circles.first?["atMost"] as? String, "6w")
        XCTAssertEqual(circles.first?["following"] as? Int, 1)
        XCTAssertEqual(try b.person("ada")?["cadenceText"] as? String, "every 1 month, from founders")
        print("SYNC-CIRCLE circle founders --every 1m --at-most 6w on laptop, sync both: desktop lists \(circles)")

        XCTAssertEqual(try b.ctl("edit", "ada", "--due", "now").code, 0)
        var body = ""
        try b.waitFor("B's nudge for Ada") {
            body = (try b.json("nudges")["open"] as? [[String: Any]])?.first?["body"] as? String ?? ""
            return !body.isEmpty
        }
        XCTAssertTrue(body.contains("You wanted to be in touch every 1 month (founders)."), body)
        print("SYNC-CIRCLE desktop's nudge: \(body)")

        XCTAssertEqual(try a.ctl("circle", "founders", "--off").code, 0)
        try a.waitFor("the card gone") { !FileManager.default.fileExists(atPath: a.vdir + "/people/connectd-circle-founders.vcf") }
        try a.sync()
        try b.sync()
        try b.waitFor("the circle gone on B") { (try b.json("circle")["circles"] as? [[String: Any]])?.isEmpty == true }
        XCTAssertEqual(try b.person("ada")?["tags"] as? [String], ["founders"], "the tag stays")
    }

    private func checkKhardAndTodoman(_ machine: SyncMachine) throws {
        guard let khard = Harness.tool("khard"), let todo = Harness.tool("todo") else { throw XCTSkip("khard or todoman is missing: run .ci/setup") }
        let root = machine.harness.root
        try """
            [addressbooks]
            [[connectd]]
            path = \(machine.vdir)/people/
            [general]
            default_action = list
            """.write(toFile: root + "/khard.conf", atomically: true, encoding: .utf8)
        let list = try machine.harness.run(khard, ["-c", root + "/khard.conf", "list", "-p"])
        XCTAssertEqual(list.code, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("Ada Lovelace") && list.stdout.contains("Grace Hopper"), "khard lists the mirror: \(list.stdout)")

        // Someone due now: the nudge is claimed and delivered, and todoman lists it.
        try """
            path = "\(machine.vdir)/nudges"
            cache_path = "\(root)/todoman-cache.sqlite3"
            date_format = "%Y-%m-%d"
            time_format = "%H:%M"
            humanize = False
            """.write(toFile: root + "/todoman.py", atomically: true, encoding: .utf8)
        let nudgeFile = try addDueNudge(machine, name: "Trish Morrison")
        let todos = try machine.harness.run(todo, ["--config", root + "/todoman.py", "--porcelain", "list"])
        XCTAssertEqual(todos.code, 0, todos.stderr)
        XCTAssertTrue(todos.stdout.contains("Reach out to Trish Morrison"), "todoman lists the open nudge in \(nudgeFile): \(todos.stdout)")
    }

    /// Adds someone due now; returns the nudge's file once it was delivered.
    private func addDueNudge(_ machine: SyncMachine, name: String) throws -> String {
        XCTAssertEqual(try machine.ctl("add", name, "--every", "1w", "--due", "now").code, 0)
        var file = ""
        try machine.waitFor("the nudge for \(name)") {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: machine.vdir + "/nudges")) ?? []
            file = names.first { (try? String(contentsOfFile: machine.vdir + "/nudges/" + $0, encoding: .utf8))?.contains(name) ?? false } ?? ""
            return !file.isEmpty && machine.harness.log.contains("The claim on \(name)'s nudge is this machine's")
        }
        return file
    }

    /// The same person falls due at the same second on both machines, 20 times: 20 people, due a
    /// second apart. A adds them and both machines have them from one sync; then each machine
    /// logs the same call a day before each one's second (a daily cadence), as a sync would
    /// bring it, with nudges held (every day quiet) until both have, and let go on both by
    /// SIGHUP together. Each nudge is delivered once, and the other machine says where.
    func testTheSameNudgeOnTwoMachines_isDeliveredExactlyOnce_twentyTimes() throws {
        let server = try RadicaleServer(root: FileManager.default.temporaryDirectory.path + "/connectd-radicale-\(UUID().uuidString.prefix(8))")
        defer { server.stop() }
        let zone = SyncMachine.afternoonZone(now: Date())
        let machines = [try SyncMachine("laptop", server: server, timeZone: zone), try SyncMachine("desktop", server: server, timeZone: zone)]
        let (a, b) = (machines[0], machines[1])
        func hold(_ held: Bool) throws {
            for machine in machines { try machine.writeConfig(holdNudges: held) }
            let counts = machines.map { $0.reloads }
            for machine in machines { kill(machine.harness.daemon!.processIdentifier, SIGHUP) }
            for (machine, count) in zip(machines, counts) { try machine.waitFor("the config reloaded") { machine.reloads > count } }
        }
        /// Calls on the socket directly: the timed part of the test must not wait for 40 clients to start.
        func call(_ machine: SyncMachine, _ method: String, _ parameters: String) throws {
            let client = try RawClient(path: machine.harness.socket)
            client.send(#"{"method":"io.connectd.\#(method)","parameters":\#(parameters)}"#)
            let reply = client.readReply()
            XCTAssertNil(reply?["error"] ?? (reply == nil ? "no reply" : nil), "\(machine.name): \(method) \(parameters): \(reply ?? [:])")
        }
        let runs = 20
        let names = (1...runs).map { "Person \($0)" }
        for name in names { try call(a, "AddPerson", #"{"name":"\#(name)","every":"1d"}"#) }
        try a.sync()
        try b.sync()
        func dues(_ machine: SyncMachine) throws -> [String: String] {
            let people = try machine.json("ls")["people"] as? [[String: Any]] ?? []
            return Dictionary(people.compactMap { person in (person["name"] as? String).map { ($0, person["nextDue"] as? String ?? "") } }) { $1 }
        }
        try b.waitFor("the \(runs) people from A") { Set(try dues(b).keys) == Set(names) }

        // Due instants in whole seconds, the first 3 s from now.
        try hold(true)
        let first = (Date().timeIntervalSince1970 + 3).rounded(.up)
        let utc = ISO8601DateFormatter()
        for machine in machines {
            for (index, name) in names.enumerated() {
                let called = utc.string(from: Date(timeIntervalSince1970: first + Double(index) - 86400))
                try call(machine, "LogInteraction", #"{"person":"\#(name)","kind":"call","at":"\#(called)"}"#)
            }
        }
        let onA = try dues(a)
        XCTAssertEqual(try dues(b), onA, "both machines have everyone due at the same second")
        XCTAssertEqual(Set(onA.values).count, runs, "a second each")
        let lead = first - Date().timeIntervalSince1970
        try hold(false)
        var once = 0
        for name in names {
            var deliveredOn: [String: String] = [:]
            for machine in machines {
                // The log says when it is decided (reading it is cheaper than asking on every poll).
                try machine.waitFor("a decision on \(name)'s nudge") {
                    let log = machine.harness.log
                    return ["The claim on \(name)'s nudge is this machine's", "\(name)'s nudge was claimed by",
                            "confirm the claim on \(name)'s nudge"].contains { log.contains($0) }
                }
                try machine.waitFor("\(name)'s nudge in the list") {
                    let open = try machine.json("nudges")["open"] as? [[String: Any]] ?? []
                    guard let nudge = open.first(where: { $0["personName"] as? String == name }) else { return false }
                    deliveredOn[machine.name] = nudge["deliveredOn"] as? String ?? "here"
                    return true
                }
            }
            let here = deliveredOn.filter { $0.value == "here" }
            if here.count == 1, let winner = here.first?.key, deliveredOn.values.filter({ $0 == winner }).count == 1 { once += 1 }
            XCTAssertEqual(here.count, 1, "\(name): exactly one machine delivered the nudge, the other lists where: \(deliveredOn)")
        }
        var delays: [Double] = []
        for machine in machines {
            for line in machine.harness.log.split(separator: "\n") where line.contains("(confirmed in ") {
                if let range = line.range(of: "confirmed in "), let seconds = Double(line[range.upperBound...].prefix { $0 != " " }) {
                    delays.append(seconds)
                }
            }
        }
        XCTAssertEqual(once, runs)
        XCTAssertEqual(delays.count, runs, "each delivery logged its claim delay; what the machines said of claims:\n"
                       + machines.map { machine in
                           machine.name + ":\n" + machine.harness.log.split(separator: "\n")
                               .filter { $0.contains("claim") || $0.contains("sync command") || $0.contains("unconfirmed") }.joined(separator: "\n")
                       }.joined(separator: "\n"))
        let sorted = delays.sorted()
        let claimRuns = machines.map { $0.harness.log.components(separatedBy: "Syncing connectd_nudges/nudges").count - 1 }.reduce(0, +)
        print(String(format: "SYNC-FIGURE exactly-once %d/%d; claim delay median %.3f s, max %.3f s; %d claim syncs; released %.1f s before the first was due",
                     once, runs, sorted.isEmpty ? 0 : sorted[sorted.count / 2], sorted.last ?? 0, claimRuns, lead))
    }

    /// The claim command as a script the test steers: a run that fails is run again (vdirsyncer
    /// fails a whole run when it loses the race for one item), another machine's claim brought
    /// by a failed run decides the nudge at once, and a command that never succeeds holds a
    /// nudge no longer than claim_timeout.
    func testAFailingClaimCommand_isRunAgain_aLostRaceCounts_andClaimTimeoutBoundsTheWait() throws {
        let h = try Harness()
        let vdir = h.root + "/vdir", runs = h.root + "/runs", script = h.root + "/claim.sh"
        // Runs 1-2 fail; run 3 succeeds; run 4 leaves another machine's claim on Grace and fails;
        // every later run fails.
        try """
            n=$(( $(cat \(runs) 2>/dev/null || echo 0) + 1 )); echo $n > \(runs)
            [ $n -eq 3 ] && exit 0
            if [ $n -eq 4 ]; then
                for f in \(vdir)/nudges/*.ics; do
                    grep -q Grace "$f" && sed 's/^X-CONNECTD-MACHINE:laptop/X-CONNECTD-MACHINE:desktop/' "$f" > "$f.new" && mv "$f.new" "$f"
                done
            fi
            echo "error: run $n could not reach the server" >&2
            exit 1

            """.write(toFile: script, atomically: true, encoding: .utf8)
        func config(claimTimeout: String) throws {
            try h.allowNudgesAllDay(extra: """
                [sync]
                vdir = "\(vdir)"
                machine = "laptop"
                command = ["/bin/sh", "\(script)"]
                claim_timeout = "\(claimTimeout)"

                """)
        }
        func nudge(_ name: String) throws -> [String: Any]? {
            (try h.json("nudges")["open"] as? [[String: Any]] ?? []).first { $0["personName"] as? String == name }
        }
        var runCount: Int { Int(((try? String(contentsOfFile: runs, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
        try config(claimTimeout: "20s")
        try h.start()

        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "1w", "--due", "now").code, 0)
        try h.waitFor("Ada's nudge after two failed runs") { try nudge("Ada Lovelace") != nil }
        XCTAssertEqual(runCount, 3)
        XCTAssertEqual(h.log.components(separatedBy: "The sync command failed (exit status 1); running it again").count - 1, 2, h.log)
        XCTAssertTrue(h.log.contains("The claim on Ada Lovelace's nudge is this machine's (confirmed in "), h.log)
        XCTAssertNil(try h.json("status")["syncProblem"], "the third run succeeded")

        XCTAssertEqual(try h.ctl("add", "Grace Hopper", "--every", "1w", "--due", "now").code, 0)
        try h.waitFor("Grace's nudge decided") { try nudge("Grace Hopper") != nil }
        XCTAssertEqual(try nudge("Grace Hopper")?["deliveredOn"] as? String, "desktop", "the failed run brought desktop's claim")
        XCTAssertEqual(runCount, 4, "decided by that run: not run again")
        XCTAssertTrue(h.log.contains("Grace Hopper's nudge was claimed by desktop"), h.log)

        try config(claimTimeout: "2s")
        let reloads = h.log.components(separatedBy: "Reloaded the config").count
        kill(h.daemon!.processIdentifier, SIGHUP)
        try h.waitFor("the config reloaded") { h.log.components(separatedBy: "Reloaded the config").count > reloads }
        let added = Date()
        XCTAssertEqual(try h.ctl("add", "Zoë Kravitz", "--every", "1w", "--due", "now").code, 0)
        try h.waitFor("Zoë's nudge after claim_timeout") { try nudge("Zoë Kravitz") != nil }
        let waited = Date().timeIntervalSince(added)
        XCTAssertNil(try nudge("Zoë Kravitz")?["deliveredOn"], "delivered here")
        XCTAssertGreaterThanOrEqual(waited, 2, "held until claim_timeout")
        XCTAssertLessThan(waited, 10, "and not much longer")
        XCTAssertTrue(h.log.contains("did not confirm the claim on Zoë Kravitz's nudge within 2 s: delivering it unconfirmed"), h.log)
        XCTAssertGreaterThan(runCount, 5, "the command was run again while the claim waited")
        let problem = try XCTUnwrap(try h.json("status")["syncProblem"] as? String)
        XCTAssertTrue(problem.contains("failed (exit status 1: error: run ") && problem.contains("could not reach the server"), problem)
        let status = try h.ctl("status")
        XCTAssertTrue(status.stdout.contains("The sync command /bin/sh \(script) failed"), status.stdout)
    }

    /// A reader looping over the vdir while a large mirror is being written sees only whole,
    /// parseable files; after a SIGKILL mid-way and a restart the mirror matches the database.
    func testSIGKILLWhileTheMirrorIsWritten_noPartialFile_andRestartCompletesIt() throws {
        let h = try Harness()
        let vdir = h.root + "/vdir"
        try "[sync]\nvdir = \"\(vdir)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        var cards = ""
        for index in 0..<3000 {
            cards += "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person \(index)\r\nEMAIL:p\(index)@example.org\r\nNOTE:\(String(repeating: "n", count: 300))\r\nEND:VCARD\r\n"
        }
        try cards.write(toFile: h.root + "/many.vcf", atomically: true, encoding: .utf8)
        try h.start()
        let reader = MirrorReader(directory: vdir + "/people")
        reader.start()
        XCTAssertEqual(try h.ctl("import", h.root + "/many.vcf").code, 0)
        try h.waitFor("the first mirrored cards") { reader.seen > 0 }
        h.stop(signal: SIGKILL)
        let written = (try? FileManager.default.contentsOfDirectory(atPath: vdir + "/people").filter { $0.hasSuffix(".vcf") }.count) ?? 0
        try h.start()
        let uids = try exportedUIDs(h)
        XCTAssertEqual(uids.count, 3000)
        try h.waitFor("the mirror to match the database", timeout: 60) {
            // Besides the marker that keeps the address book from being empty.
            Set(try FileManager.default.contentsOfDirectory(atPath: vdir + "/people").filter { $0.hasSuffix(".vcf") }.map { String($0.dropLast(4)) })
                == uids.union(["connectd-keep-people"])
        }
        reader.stop()
        XCTAssertEqual(reader.partial, [], "no reader ever saw a partial card")
        XCTAssertGreaterThan(reader.seen, 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: vdir + "/people").filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [], "temporary files of the killed writer are cleaned up at start")
        print("SYNC-FIGURE SIGKILL after \(written) of 3000 cards; reader read \(reader.seen) files, \(reader.partial.count) partial; after restart 3000 of 3000")
    }

    private func exportedUIDs(_ h: Harness) throws -> Set<String> {
        let directory = h.root + "/export"
        XCTAssertEqual(try h.ctl("export", "--format", "vcard", "--dir", directory).code, 0)
        return Set(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".vcf") }.map { String($0.dropLast(4)) })
    }

    func testGarbageInTheVdir_isLoggedByName_leftAlone_andTheDaemonServes() throws {
        let h = try Harness()
        let vdir = h.root + "/vdir"
        try "[sync]\nvdir = \"\(vdir)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "2w").code, 0)
        let garbage: [(String, String)] = [
            ("people/garbage.vcf", "this is not a card \u{1}\u{2}\n"),
            ("people/no-uid.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Nobody\r\nEND:VCARD\r\n"),
            ("interactions/garbage.ics", "BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nSUMMARY:no uid\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n"),
            ("nudges/wrong-kind.ics", "BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nUID:x\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n"),
        ]
        for (name, text) in garbage { try text.write(toFile: vdir + "/" + name, atomically: true, encoding: .utf8) }
        for (name, _) in garbage {
            try h.waitFor("a warning about \(name)") { h.log.contains(vdir + "/" + name + ":") && h.log.contains("left alone") }
        }
        for (name, text) in garbage {
            XCTAssertEqual(try String(contentsOfFile: vdir + "/" + name, encoding: .utf8), text, "\(name) is left as it was")
        }
        let people = try h.ctl("ls", "--json")
        XCTAssertEqual(people.code, 0, "the daemon serves")
        XCTAssertTrue(people.stdout.contains("Ada Lovelace") && !people.stdout.contains("Nobody"), people.stdout)
        // A restart does not complain again about files it already looked at.
        let warnings = h.log.components(separatedBy: "left alone").count
        h.stop()
        try h.start()
        XCTAssertEqual(try h.ctl("status").code, 0)
        XCTAssertEqual(h.log.components(separatedBy: "left alone").count, warnings, h.log)
    }
}

/// Watches a directory on its own thread and reads every card that is new or changed (by size
/// or modification time) as soon as it sees it, recording any that is not a whole vCard (a
/// partial write would show here). Only changed files are read: re-reading all 3,000 on every
/// pass kept a core busy without looking at anything new.
final class MirrorReader: @unchecked Sendable {
    let directory: String
    private let lock = NSLock()
    private var running = true
    private var _seen = 0
    private var _partial: [String] = []
    private let done = DispatchSemaphore(value: 0)

    init(directory: String) { self.directory = directory }

    var seen: Int { lock.withLock { _seen } }
    var partial: [String] { lock.withLock { _partial } }

    func start() {
        Thread.detachNewThread { [self] in
            var versions: [String: [Int]] = [:]
            while lock.withLock({ running }) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                for name in names where name.hasSuffix(".vcf") {
                    let path = directory + "/" + name
                    var info = stat()
                    guard stat(path, &info) == 0 else { continue }
                    let version = [Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec, Int(info.st_ino)]
                    guard versions[name] != version, let data = FileManager.default.contents(atPath: path) else { continue }
                    versions[name] = version
                    let text = String(decoding: data, as: UTF8.self)
                    let whole = text.hasPrefix("BEGIN:VCARD\r\n") && text.hasSuffix("END:VCARD\r\n") && text.contains("\r\nUID:")
                    lock.withLock {
                        _seen += 1
                        if !whole { _partial.append(name) }
                    }
                }
                usleep(1000)
            }
            done.signal()
        }
    }

    func stop() {
        lock.withLock { running = false }
        done.wait()
    }
}
