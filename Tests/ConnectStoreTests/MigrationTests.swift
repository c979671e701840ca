import ConnectCore
@testable import ConnectStore
import Foundation
import GRDB
import XCTest

/// Databases written by earlier schema versions, migrated by the current code: every row kept.
final class MigrationTests: XCTestCase {
    func copyOfFixture(_ name: String) throws -> String {
        let source = try XCTUnwrap(Bundle.module.path(forResource: name, ofType: "sqlite", inDirectory: "Fixtures"))
        let directory = NSTemporaryDirectory() + "connectd-migration-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/state.sqlite"
        try FileManager.default.copyItem(atPath: source, toPath: path)
        return path
    }

    func testVersion1_keepsPeopleAndInteractions_andIndexesNames() throws {
        let store = try Store(path: try copyOfFixture("v1"))
        let people = try store.read { try $0.listPeople(tag: nil) }
        XCTAssertEqual(people.map(\.person.name), ["Ada Lovelace", "Jean-Luc Picard", "Zoë Kravitz"])
        XCTAssertEqual(people[0].person.tags, ["founders", "math"])
        XCTAssertEqual(people[0].person.links, ["https://example.org/ada"])
        XCTAssertEqual(people[0].last?.note, "talked about her launch")
        XCTAssertEqual(try store.read { try $0.interactionCount() }, 3)
        XCTAssertEqual(try store.read { try $0.findPerson("zoe").name }, "Zoë Kravitz", "names written before the index are found")
        XCTAssertEqual(try store.read { try $0.findPerson("luc").name }, "Jean-Luc Picard")
        let applied = try store.read { try Schema.migrator.appliedIdentifiers($0.db) }
        XCTAssertEqual(applied, Set(Schema.migrator.migrations))
        // v5: everyone already here keeps a cadence, gets a made-up UID of their own and no address-book fields.
        let uids = people.map(\.person.uid)
        XCTAssertEqual(Set(uids).count, 3)
        for uid in uids { XCTAssertTrue(uid.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil, uid) }
        XCTAssertTrue(people.allSatisfy { $0.person.cadence != nil && !$0.person.uidFromAddressBook && $0.person.emails.isEmpty && !$0.person.ignored })
        XCTAssertEqual(try store.read { try $0.untriagedPeople(limit: 10).total }, 0)
        XCTAssertEqual(try store.read { try $0.personID(uid: uids[0]) }, people[0].person.id)
        // v7: every interaction gets the UID every machine would make for it; each person's revision is when they were added.
        let interactions = try store.read { try $0.interactions(personID: people[0].person.id, limit: 10) }
        XCTAssertEqual(interactions.map(\.uid), interactions.map {
            ItemIdentity.interaction(person: uids[0], at: $0.at, kind: $0.kind.rawValue, note: $0.note)
        })
        XCTAssertTrue(people.allSatisfy { $0.person.revisedAt == $0.person.addedAt && $0.person.fieldRevisions.isEmpty })
    }

    func testVersion3_keepsNudgesPromptsReflectionsAndDesktopNotifications() throws {
        let store = try Store(path: try copyOfFixture("v3"))
        let open = try store.read { try $0.openNudges() }
        XCTAssertEqual(open.map(\.personID), [2])
        XCTAssertEqual(open.first?.late, true)
        XCTAssertEqual(try store.read { try $0.recentNudges(limit: 10).count }, 2)
        let prompts = try store.read { try $0.promptDeliveries(limit: 5) }
        XCTAssertEqual(prompts.first?.answers.map(\.text), ["Ada, about engines"])
        XCTAssertEqual(try store.read { try $0.desktopTarget(7) }, .nudge(id: 2))
        XCTAssertEqual(try store.read { try $0.promptEpoch() }, Date(timeIntervalSince1970: 1_790_000_000))
        XCTAssertEqual(try store.read { try $0.person(id: 3)?.dueOverride }, Date(timeIntervalSince1970: 1_791_000_000))
        let loaded = try store.read { try $0.loadState(deliveriesSince: .distantPast) }
        XCTAssertEqual(loaded.entries.count, 3)
        XCTAssertEqual(loaded.history.prompts.map(\.answered), [true])
        // v7: the answer has its UID; nudges delivered here name no other machine.
        let answer = try XCTUnwrap(try store.read { try $0.mirroredReflection(id: 1) })
        XCTAssertEqual(answer.uid, ItemIdentity.reflection(slot: answer.slot, answer: "Ada, about engines"))
        XCTAssertTrue(try store.read { try $0.recentNudges(limit: 10) }.allSatisfy { $0.deliveredOn == nil })
    }

    /// v12: the trash keeps each person's id. Entries from before have lost theirs: each gets a
    /// new one that no person will ever be given (the person sequence moves past them).
    func testVersion12_givesEveryEntryOfTheTrashAnIdNobodyElseGets() throws {
        let directory = NSTemporaryDirectory() + "connectd-migration-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/state.sqlite"
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v11-import-journal-card-extras")
        try queue.write { db in
            for name in ["Ada", "Grace", "Removed Once"] {
                try db.execute(sql: "INSERT INTO person (name, name_key, added_at, uid) VALUES (?, ?, 0, ?)", arguments: [name, name.lowercased(), name])
            }
            try db.execute(sql: "DELETE FROM person WHERE name = 'Removed Once'")
            try db.execute(sql: "INSERT INTO trash (name, name_key, removed_at, interactions, snapshot) VALUES ('Removed Once', 'removed once', 1e9, 0, '{}')")
        }
        try queue.close()
        let store = try Store(path: path)
        let entries = try store.read { try $0.trash(since: .distantPast, limit: 10) }
        XCTAssertEqual(entries.map(\.personID), [4], "past the 3 ids people were given")
        let next = try store.write { try $0.insertPerson(Person(name: "Someone New", cadence: nil, addedAt: Date())) }
        XCTAssertEqual(next.id, 5, "nobody is given the id the trash holds")
    }

    /// The frozen copies the migrations run were taken from the live code: today they agree.
    func testFrozenMigrationCode_agreesWithTheLiveCodeItWasCopiedFrom() {
        for name in ["Ada Lovelace", "Zoë Kravitz", "Łukasz Nowak", "Marie-Claire d'Arc", "李小龍", "\u{FEFF}Bom Name", "Straße Æther"] {
            XCTAssertEqual(FrozenForMigrations.fold(name, dropInvisibleMarks: true), NameKey.fold(name), name)
            XCTAssertEqual(FrozenForMigrations.searchWords(name, dropInvisibleMarks: true), NameKey.searchWords(name), name)
        }
        let at = Date(timeIntervalSince1970: 1_790_000_000.123)
        XCTAssertEqual(FrozenForMigrations.interactionUID(person: "u", at: at, kind: "coffee", note: "n"),
                       ItemIdentity.interaction(person: "u", at: at, kind: "coffee", note: "n"))
        XCTAssertEqual(FrozenForMigrations.reflectionUID(slot: at, answer: "a"), ItemIdentity.reflection(slot: at, answer: "a"))
    }
}
