@testable import ConnectDaemon
import ConnectStore
import Foundation
import XCTest

/// The one-time move of the state from ~/.config/connectd (systemd < 254) to the XDG state directory.
final class LegacyStateTests: XCTestCase {
    private var root = ""
    private var old: String { root + "/config/connectd" }
    private var current: String { root + "/state/connectd" }

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "legacy-\(UUID().uuidString)"
        for directory in [old, current] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func write(_ path: String, _ text: String) throws { try text.write(toFile: path, atomically: false, encoding: .utf8) }
    private func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    func testMovesDatabaseAndLogAndDropsTheIndexAndTheOldLock() throws {
        try write(old + "/state.sqlite", "db")
        try write(old + "/state.sqlite-wal", "wal")
        try write(old + "/state.sqlite-shm", "shm")
        try write(old + "/config.toml", "[sync]\n")
        try FileManager.default.createDirectory(atPath: old + "/uploads", withIntermediateDirectories: false)
        try write(old + "/uploads/0123abcd", "an upload of a past daemon")
        let outcome = try LegacyState.move(from: old, to: current)
        XCTAssertEqual(outcome, .moved(from: old + "/state.sqlite", to: current + "/state.sqlite"))
        XCTAssertEqual(read(current + "/state.sqlite"), "db")
        XCTAssertEqual(read(current + "/state.sqlite-wal"), "wal", "the log goes with its database")
        XCTAssertNil(read(current + "/state.sqlite-shm"), "the index is rebuilt from the log")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: old), ["config.toml"], "only the config stays behind")
        XCTAssertEqual(try LegacyState.move(from: old, to: current), .nothingThere, "once")
    }

    /// A crash after the log moved and before the database did: the next start finishes the move.
    func testFinishesAnInterruptedMove() throws {
        try write(old + "/state.sqlite", "db")
        try write(current + "/state.sqlite-wal", "wal moved before the crash")
        XCTAssertEqual(try LegacyState.move(from: old, to: current), .moved(from: old + "/state.sqlite", to: current + "/state.sqlite"))
        XCTAssertEqual(read(current + "/state.sqlite"), "db")
        XCTAssertEqual(read(current + "/state.sqlite-wal"), "wal moved before the crash")
    }

    func testKeepsBothWhenBothHaveState() throws {
        try write(old + "/state.sqlite", "old")
        try write(current + "/state.sqlite", "current")
        XCTAssertEqual(try LegacyState.move(from: old, to: current), .keptBoth(old: old + "/state.sqlite", current: current + "/state.sqlite"))
        XCTAssertEqual(read(old + "/state.sqlite"), "old")
        XCTAssertEqual(read(current + "/state.sqlite"), "current")
    }

    func testRefusesTwoLogsAndAStateInUse() throws {
        try write(old + "/state.sqlite", "db")
        try write(old + "/state.sqlite-wal", "old wal")
        try write(current + "/state.sqlite-wal", "stray wal")
        XCTAssertThrowsError(try LegacyState.move(from: old, to: current)) { error in
            XCTAssertEqual(error as? LegacyState.Problem, .conflictingLogs(old: old, current: current))
        }
        XCTAssertEqual(read(old + "/state.sqlite-wal"), "old wal", "nothing moved")
        try FileManager.default.removeItem(atPath: current + "/state.sqlite-wal")

        let running = try StateLock(directory: old)
        XCTAssertThrowsError(try LegacyState.move(from: old, to: current)) { error in
            guard case .inUse(let directory, _) = error as? LegacyState.Problem else { return XCTFail("expected inUse, got \(error)") }
            XCTAssertEqual(directory, self.old)
            XCTAssertTrue("\(error)".contains("stop that one"), "\(error)")
        }
        withExtendedLifetime(running) {}
        XCTAssertEqual(read(old + "/state.sqlite"), "db")
    }

    func testRefusesASymbolicLinkInPlaceOfTheDatabase() throws {
        try write(root + "/elsewhere.sqlite", "someone else's")
        try FileManager.default.createSymbolicLink(atPath: old + "/state.sqlite", withDestinationPath: root + "/elsewhere.sqlite")
        XCTAssertThrowsError(try LegacyState.move(from: old, to: current)) { error in
            XCTAssertTrue("\(error)".contains("is not a regular file"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: current + "/state.sqlite"))
    }
}
