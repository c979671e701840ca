import ConnectCore
@testable import ConnectStore
import Foundation
import GRDB
import XCTest

final class StoreTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "connectd-store-\(UUID().uuidString)"
    }

    override func tearDownWithError() throws {
        chmod(directory, 0o700)
        try? FileManager.default.removeItem(atPath: directory)
    }

    var path: String { directory + "/state.sqlite" }
    let added = Date(timeIntervalSince1970: 1_790_000_000)
    let weekly = Cadence(count: 1, unit: .week)!

    func testOpen_fromEmptyCreatesSchemaInWALWithSynchronousFull() throws {
        let store = try Store(path: path)
        let (mode, sync) = try store.read { session in
            (try String.fetchOne(session.db, sql: "PRAGMA journal_mode"), try Int.fetchOne(session.db, sql: "PRAGMA synchronous"))
        }
        XCTAssertEqual(mode, "wal")
        XCTAssertEqual(sync, 2, "synchronous=FULL")
        let applied = try store.read { try Schema.migrator.appliedIdentifiers($0.db) }
        XCTAssertEqual(applied, Set(Schema.migrator.migrations))
        let dirMode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
        XCTAssertEqual(dirMode, 0o700)
    }

    func testRoundTrip_peopleAndInteractionsSurviveReopen() throws {
        var store: Store? = try Store(path: path)
        let ada = Person(name: "Ada Lovelace", cadence: Cadence(count: 3, unit: .week)!, met: "Twitter, 2026",
                         interests: "podcasts", notes: "n", tags: ["founders", "math"], links: ["https://example.org/ada"], addedAt: added)
        let saved = try store!.write { try $0.insertPerson(ada) }
        let logged = try store!.write {
            try $0.insertInteraction(Interaction(personID: saved.id, kind: .coffee, at: added.addingTimeInterval(60), note: "launch"), loggedAt: added)
        }
        try store!.close()
        store = nil

        let reopened = try Store(path: path)
        XCTAssertEqual(try reopened.read { try $0.person(id: saved.id) }, saved)
        XCTAssertEqual(try reopened.read { try $0.interactions(personID: saved.id, limit: 5) }, [logged])
        XCTAssertEqual(try reopened.read { try $0.listPeople(tag: "FOUNDERS").map(\.person.name) }, ["Ada Lovelace"])
        XCTAssertEqual(try reopened.read { try $0.listPeople(tag: "other").count }, 0)
        XCTAssertEqual(try reopened.read { try $0.listPeople(tag: nil).first?.last },
                       LastContact(at: added.addingTimeInterval(60), kind: .coffee, note: "launch"))
    }

    /// An index made with other words (an older tokenizer, other Unicode tables) is made again
    /// at the next open: the words it held are found again.
    func testSearchIndexMadeWithOtherWords_isMadeAgainAtOpen() throws {
        var store: Store? = try Store(path: path)
        let ada = try store!.write { try $0.insertPerson(Person(name: "Łukasz Nowak", cadence: nil, met: "서울", addedAt: added, uid: "u-1")) }
        func found(_ store: Store, _ query: String) throws -> [Int64] {
            try store.read { try $0.searchMatches(query, limit: 5, rankable: 100).matches.map(\.id) }
        }
        XCTAssertEqual(try found(store!, #""lukasz""#), [ada.id])
        try store!.write { session in
            try session.db.execute(sql: "INSERT INTO search (search) VALUES ('delete-all')")
            try session.db.execute(sql: "UPDATE meta SET value = 'words of another tokenizer' WHERE key = 'search_words'")
        }
        XCTAssertEqual(try found(store!, #""lukasz""#), [], "the index emptied, as a stale one would be wrong")
        try store!.close()
        store = nil
        let reopened = try Store(path: path)
        XCTAssertEqual(try found(reopened, #""lukasz""#), [ada.id])
        XCTAssertEqual(try found(reopened, #""서울""#), [ada.id])
    }

    /// A count kept until the next write is not kept past a rollback (SQLite's count of changed
    /// rows, its version, does not go back).
    func testCountsAfterARollback_areMadeAgain() throws {
        let store = try Store(path: path)
        let ada = try store.write { try $0.insertPerson(Person(name: "Ada Lovelace", cadence: nil, addedAt: added, uid: "u-1")) }
        let proposal = ProposalRecord(personID: ada.id, address: "ada@example.org", kind: .email, at: added, source: "test", sourceKey: "k",
                                      subject: nil)
        try store.session { session in
            try session.begin()
            _ = try session.insertProposal(proposal, at: added)
            XCTAssertEqual(try session.openProposalCount(cap: 10), 1, "counted inside the transaction")
            session.rollback()
            XCTAssertEqual(try session.openProposalCount(cap: 10), 0, "the rolled-back proposal is not counted")
            try session.begin()
            _ = try session.insertProposal(proposal, at: added)
            XCTAssertEqual(try session.savepoint { () throws -> Int in try session.openProposalCount(cap: 10) }, 1)
            XCTAssertThrowsError(try session.savepoint { () throws -> Int in
                try session.setProposalStatus(id: 1, "accepted")
                XCTAssertEqual(try session.openProposalCount(cap: 10), 0)
                throw StoreError.readFailed(reason: "a request that fails")
            })
            XCTAssertEqual(try session.openProposalCount(cap: 10), 1, "the savepoint's accept was undone, and so is its count")
            session.rollback()
        }
    }

    func testFindPerson_byIdWordsAndFoldedNames_throughTheIndex() throws {
        let store = try Store(path: path)
        try store.write { session in
            for name in ["Ada Lovelace", "Ada Yonath", "Zoë Kravitz", "Marie-Claire O'Neil", "José Martí"] {
                _ = try session.insertPerson(Person(name: name, cadence: weekly, addedAt: added))
            }
        }
        func find(_ query: String) throws -> String { try store.read { try $0.findPerson(query).name } }
        XCTAssertEqual(try find("#2"), "Ada Yonath")
        XCTAssertEqual(try find("3"), "Zoë Kravitz")
        XCTAssertEqual(try find("zoe"), "Zoë Kravitz")
        XCTAssertEqual(try find("marie-c"), "Marie-Claire O'Neil")
        XCTAssertEqual(try find("jose"), "José Martí")
        XCTAssertEqual(try find("ada l"), "Ada Lovelace")
        XCTAssertThrowsError(try find("ada")) { error in
            guard case .ambiguousName(_, let candidates, let total)? = error as? CoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(candidates, ["Ada Lovelace (#1)", "Ada Yonath (#2)"])
            XCTAssertEqual(total, 2)
        }
        XCTAssertThrowsError(try find("#99")) { XCTAssertEqual($0 as? CoreError, .personNotFound("#99")) }
        XCTAssertThrowsError(try find("nobody")) { XCTAssertEqual($0 as? CoreError, .personNotFound("nobody")) }
        // A renamed person is found by the new name only.
        try store.write { session in
            let before = try session.person(id: 1)!
            var person = before
            person.name = "Augusta King"
            try session.updatePerson(person, previous: before)
        }
        XCTAssertEqual(try find("augusta"), "Augusta King")
        XCTAssertThrowsError(try find("love"), "the old name's words are gone") { XCTAssertEqual($0 as? CoreError, .personNotFound("love")) }
    }

    func testFindPerson_manyMatches_boundedAndSaysMore() throws {
        let store = try Store(path: path)
        try store.write { session in
            for index in 0..<200 { _ = try session.insertPerson(Person(name: "Sam Person\(index)", cadence: weekly, addedAt: added)) }
        }
        XCTAssertThrowsError(try store.read { try $0.findPerson("sam") }) { error in
            guard case .ambiguousName(_, let candidates, let total)? = error as? CoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(candidates.count, 10)
            XCTAssertEqual(total, 51, "the search stops after 51: 'more than 50'")
            XCTAssertTrue("\(error)".contains("…"), "\(error)")
        }
    }

    func testDelete_cascadesToInteractionsAndNameWords() throws {
        let store = try Store(path: path)
        let saved = try store.write { try $0.insertPerson(Person(name: "Ada", cadence: weekly, addedAt: added)) }
        _ = try store.write { try $0.insertInteraction(Interaction(personID: saved.id, kind: .call, at: added), loggedAt: added) }
        try store.write { try $0.deletePerson(saved) }
        XCTAssertEqual(try store.read { try $0.interactionCount() }, 0)
        XCTAssertEqual(try store.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM name_word") }, 0)
    }

    func testSavepoint_failureRollsBackOnlyItself() throws {
        let store = try Store(path: path)
        try store.session { session in
            try session.begin()
            _ = try session.savepoint { try session.insertPerson(Person(name: "Ada", cadence: weekly, addedAt: added)) }
            XCTAssertThrowsError(try session.savepoint { try session.insertPerson(Person(name: "ada", cadence: weekly, addedAt: added)) },
                                 "unique NOCASE")
            _ = try session.savepoint { try session.insertPerson(Person(name: "Grace", cadence: weekly, addedAt: added)) }
            try session.commit()
        }
        XCTAssertEqual(try store.read { try $0.listPeople(tag: nil).map(\.person.name) }, ["Ada", "Grace"])
    }

    func testLoadState_readsEveryEntryAndTheLatestContact() throws {
        let store = try Store(path: path)
        try store.write { session in
            let ada = try session.insertPerson(Person(name: "Ada", cadence: weekly, addedAt: added))
            _ = try session.insertPerson(Person(name: "Grace", cadence: weekly, addedAt: added, dueOverride: added.addingTimeInterval(100)))
            for offset in [10.0, 30, 20] {
                _ = try session.insertInteraction(Interaction(personID: ada.id, kind: .call, at: added.addingTimeInterval(offset)), loggedAt: added)
            }
        }
        let loaded = try store.read { try $0.loadState(deliveriesSince: added) }
        let entries = Dictionary(uniqueKeysWithValues: loaded.entries.map { ($0.personID, $0) })
        XCTAssertEqual(entries[1]?.lastContact, added.addingTimeInterval(30))
        XCTAssertEqual(entries[2]?.dueOverride, added.addingTimeInterval(100))
        XCTAssertNil(entries[2]?.lastContact)
        XCTAssertEqual(loaded.rows.map(\.interactions).reduce(0, +), 3)
    }

    // MARK: Refusals that leave the file as it was

    func testOpen_refusesGarbage_leavesItsBytesAndCreatesNothing() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let before = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        XCTAssertThrowsError(try Store(path: path)) { error in
            guard case .unreadable(let reported, _)? = error as? StoreError else { return XCTFail("expected unreadable, got \(error)") }
            XCTAssertEqual(reported, path)
            XCTAssertTrue("\(error)".contains("left untouched"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), garbage)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), before, "no -wal or -shm left behind")
    }

    func testOpen_refusesATruncatedDatabaseAfterACrash_unchanged() throws {
        let store = try Store(path: path)
        for index in 0..<300 {
            _ = try store.write { try $0.insertPerson(Person(name: "Person \(index)", cadence: weekly, addedAt: added)) }
        }
        try store.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let truncated = whole.prefix(whole.count / 2)
        try truncated.write(to: URL(fileURLWithPath: path))
        // A non-empty -wal file means the last run did not end cleanly: the structure is checked too.
        try Data(repeating: 0, count: 64).write(to: URL(fileURLWithPath: path + "-wal"))
        XCTAssertThrowsError(try Store(path: path))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), truncated)
    }

    func testOpen_refusesAnotherApplicationsDatabase() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let other = try DatabaseQueue(path: path)
        try other.write { try $0.execute(sql: "CREATE TABLE notes (body TEXT)") }
        try other.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Store(path: path)) { error in
            XCTAssertTrue("\(error)".contains("not one of connectd"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }

    func testOpen_refusesANewerSchema() throws {
        let store = try Store(path: path)
        try store.write { try $0.db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try store.close()
        XCTAssertThrowsError(try Store(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .newerSchema(path: path, unknown: ["v99-from-the-future"]))
        }
    }

    func testOpen_aMissingMigrationRow_saysTheSchemaIsInconsistent() throws {
        let store = try Store(path: path)
        try store.write { try $0.db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3-desktop-notifications'") }
        try store.close()
        XCTAssertThrowsError(try Store(path: path)) { error in
            guard case .inconsistent? = error as? StoreError else { return XCTFail("expected inconsistent, got \(error)") }
            XCTAssertTrue("\(error)".contains("inconsistent schema"), "\(error)")
        }
    }

    func testOpen_aReadOnlyFileIsRefusedAndItsModeKept() throws {
        let store = try Store(path: path)
        try store.close()
        chmod(path, 0o400)
        XCTAssertThrowsError(try Store(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .readOnly(path: path))
            XCTAssertTrue("\(error)".contains("read-only"), "\(error)")
            XCTAssertFalse("\(error)".contains(".recover"), "no advice about recovering a healthy file: \(error)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o400, "the user's protection is never undone")
    }

    func testOpen_aDirectoryWritableByOthersIsRefused() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        chmod(directory, 0o777)
        XCTAssertThrowsError(try Store(path: path)) { error in
            XCTAssertTrue("\(error)".contains("writable by other users"), "\(error)")
        }
    }

    func testStateLock_aSecondHolderIsRefusedWithThePID() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let first = try StateLock(directory: directory)
        // flock locks belong to the open file: a second open in the same process conflicts too.
        XCTAssertThrowsError(try StateLock(directory: directory)) { error in
            XCTAssertEqual(error as? StoreError, .locked(directory: directory, holder: "PID \(getpid())"))
        }
        withExtendedLifetime(first) {}
    }
}
