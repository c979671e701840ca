import Foundation
import XCTest

/// What cost a new user's trust, run with the real binaries: a merge and an undone import keep the
/// vdir mirror true (no file of someone gone, none left behind).
final class NewUserTrustTests: XCTestCase {
    /// The items of a collection, besides the marker that keeps it from being empty.
    private func files(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") && !$0.hasPrefix("connectd-keep-") }.sorted()
    }

    private func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    func testMergeAndAnUndoneImport_leaveTheVdirAsTheStateIs() throws {
        let h = try Harness()
        let vdir = h.root + "/vdir"
        try "[sync]\nvdir = \"\(vdir)\"\n".write(toFile: h.configFile, atomically: true, encoding: .utf8)
        try h.start()
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--email", "ada@example.org", "--every", "2w").code, 0)
        XCTAssertEqual(try h.ctl("add", "Augusta Ada King", "--email", "countess@example.org").code, 0)
        XCTAssertEqual(try h.ctl("log", "1", "call", "hello").code, 0)
        XCTAssertEqual(try h.ctl("log", "2", "coffee", "about the engine").code, 0)
        try h.waitFor("two cards and two interactions in the vdir") {
            self.files(vdir + "/people").count == 2 && self.files(vdir + "/interactions").count == 2
        }
        let shown = try JSONSerialization.jsonObject(with: Data(try h.ctl("show", "1", "--json").stdout.utf8)) as? [String: Any]
        let adaUID = try XCTUnwrap((shown?["person"] as? [String: Any])?["uid"] as? String)

        let merged = try h.ctl("merge", "1", "2")
        XCTAssertEqual(merged.code, 0, merged.stderr)
        XCTAssertTrue(merged.stdout.contains("Merged into Ada Lovelace (#1): 1 interaction moved"), merged.stdout)
        try h.waitFor("one card with both addresses, both interactions hers") {
            let cards = self.files(vdir + "/people")
            guard cards.count == 1 else { return false }
            let card = self.text(vdir + "/people/" + cards[0])
            let interactions = self.files(vdir + "/interactions").map { self.text(vdir + "/interactions/" + $0) }
            return card.contains("countess@example.org") && interactions.count == 2 && interactions.allSatisfy { $0.contains(adaUID) }
        }

        // An export from elsewhere with Ada (by e-mail) and an interaction: in, then taken back.
        let export = """
            {"format": "connectd-export", "version": 1, "people": [{"uid": "elsewhere-ada", "name": "Ada Lovelace", "addedAt": "2026-01-01T00:00:00Z",
             "emails": [{"value": "ada@example.org"}], "tags": [], "links": [], "phones": [], "ignored": false}],
             "interactions": [{"person": "elsewhere-ada", "at": "2026-11-30T12:00:00Z", "loggedAt": "2026-11-30T12:00:00Z", "kind": "lunch", "note": "from the other machine"}],
             "nudges": [], "prompts": [], "followUps": []}
            """
        try export.write(toFile: h.root + "/export.json", atomically: true, encoding: .utf8)
        let imported = try h.ctl("import", h.root + "/export.json")
        XCTAssertEqual(imported.code, 0, imported.stderr)
        XCTAssertTrue(imported.stdout.contains("connectctl import --undo 1"), imported.stdout)
        try h.waitFor("the imported lunch in the vdir") { self.files(vdir + "/interactions").count == 3 }
        let undone = try h.ctl("import", "--undo", "last")
        XCTAssertEqual(undone.code, 0, undone.stderr)
        XCTAssertTrue(undone.stdout.hasPrefix("Undid import 1 (export.json"), undone.stdout)
        try h.waitFor("the lunch's file gone again") { self.files(vdir + "/interactions").count == 2 }
        XCTAssertFalse(self.files(vdir + "/interactions").contains { self.text(vdir + "/interactions/" + $0).contains("from the other machine") })
        let listed = try h.ctl("import", "--list")
        XCTAssertTrue(listed.stdout.contains("undone"), listed.stdout)
    }
}
