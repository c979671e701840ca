@testable import ConnectDaemon
import Foundation
import XCTest

/// `journalctl -x` can only explain what the catalog lists: every MESSAGE_ID the daemon writes
/// must have an entry in systemd/connectd.catalog.
final class JournalCatalogTests: XCTestCase {
    func testEveryMessageIDIsInTheCatalog() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("systemd/connectd.catalog").path
        let catalog = try String(contentsOfFile: path, encoding: .utf8)
        let listed = Set(catalog.split(separator: "\n").filter { $0.hasPrefix("-- ") }.map { String($0.dropFirst(3)) })
        let written = Set(DaemonEvent.Kind.allCases.map(\.messageID) + [DaemonEvent.lateMessageID])
        XCTAssertEqual(written.subtracting(listed), [], "MESSAGE_IDs written but not explained in \(path)")
        XCTAssertEqual(listed.subtracting(written), [], "catalog entries for MESSAGE_IDs the daemon never writes")
    }
}
