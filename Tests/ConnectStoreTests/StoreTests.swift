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
        try? FileManager.default.removeItem(atPath: directory)
    }

    var path: String { directory + "/state.sqlite" }
    let added = Date(timeIntervalSince1970: 1_790_000_000)

    func testOpen_fromEmptyCreatesSchemaInWALWithPrivateFiles() throws {
        let store = try Store(path: path)
        let (mode, sync) = try store.read { session in
            (try String.fetchOne(session.db, sql: "PRAGMA journal_mode"), try Int.fetchOne(session.db, sql: "PRAGMA synchronous"))
        }
        XCTAssertEqual(mode, "wal")
        XCTAssertEqual(sync, 2, "synchronous=FULL")
        let applied = try store.read { try Schema.migrator.appliedIdentifiers($0.db) }
        XCTAssertEqual(applied, Set(Schema.migrator.migrations))
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(fileMode, 0o600)
        let dirMode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
        XCTAssertEqual(dirMode, 0o700)
    }

    func testRoundTrip_peopleAndInteractionsSurviveReopen() throws {
        var store: Store? = try Store(path: path)
        let ada = Person(name: "Ada Lovelace", cadence: Cadence(count: 3, unit: .week), met: "Twitter, 2026",
                         interests: "podcasts", notes: "n", tags: ["founders", "math"], links: ["https://example.org/ada"], addedAt: added)
        let saved = try store!.write { try $0.insert(ada) }
        let logged = try store!.write {
            try $0.insert(Interaction(personID: saved.id, kind: .coffee, at: added.addingTimeInterval(60), note: "launch"), loggedAt: added)
        }
        try store!.close()
        store = nil

        let reopened = try Store(path: path)
        let person = try reopened.read { try $0.person(id: saved.id) }
        XCTAssertEqual(person, saved)
        XCTAssertEqual(try reopened.read { try $0.interactions(personID: saved.id, limit: 5) }, [logged])
        XCTAssertEqual(try reopened.read { try $0.people(tag: "FOUNDERS").map(\.name) }, ["Ada Lovelace"])
        XCTAssertEqual(try reopened.read { try $0.people(tag: "other") }, [])
        XCTAssertEqual(try reopened.read { try $0.lastInteractions()[saved.id] }, logged)
    }

    func testDelete_cascadesToInteractions() throws {
        let store = try Store(path: path)
        let saved = try store.write { try $0.insert(Person(name: "Ada", cadence: Cadence(count: 1, unit: .week), addedAt: added)) }
        _ = try store.write { try $0.insert(Interaction(personID: saved.id, kind: .call, at: added), loggedAt: added) }
        try store.write { try $0.deletePerson(id: saved.id) }
        XCTAssertEqual(try store.read { try $0.interactionCount() }, 0)
    }

    func testWrite_failureRollsBackEverything() throws {
        let store = try Store(path: path)
        XCTAssertThrowsError(try store.write { session in
            _ = try session.insert(Person(name: "Ada", cadence: Cadence(count: 1, unit: .week), addedAt: added))
            _ = try session.insert(Person(name: "ada", cadence: Cadence(count: 1, unit: .week), addedAt: added)) // unique NOCASE
        })
        XCTAssertEqual(try store.read { try $0.peopleCount() }, 0)
    }

    func testOpen_refusesGarbageAndLeavesItsBytesUnchanged() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Store(path: path)) { error in
            guard case .unreadable(let reported, _)? = error as? StoreError else { return XCTFail("expected unreadable, got \(error)") }
            XCTAssertEqual(reported, path)
            XCTAssertTrue("\(error)".contains("left untouched"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), garbage)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    func testOpen_refusesATruncatedDatabaseUnchanged() throws {
        let store = try Store(path: path)
        for index in 0..<300 {
            _ = try store.write { try $0.insert(Person(name: "Person \(index)", cadence: Cadence(count: 1, unit: .week), addedAt: added)) }
        }
        try store.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let truncated = whole.prefix(whole.count / 2)
        try truncated.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Store(path: path))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), truncated)
    }

    func testOpen_refusesAnotherApplicationsDatabase() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
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
}
