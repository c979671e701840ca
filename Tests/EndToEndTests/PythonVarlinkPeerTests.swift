import Foundation
import XCTest

/// An outside peer: the PyPI `varlink` client (which nobody here wrote) against the real daemon.
final class PythonVarlinkPeerTests: XCTestCase {
    func testPythonVarlinkClientSession() throws {
        let h = try Harness()
        try h.start()
        let script = Harness.packageRoot + "/Tests/EndToEndTests/varlink_peer.py"
        let result = try h.run("/usr/bin/env", ["python3", script, h.socket])
        XCTAssertEqual(result.code, 0, "the Python varlink session failed (install it: pip install varlink==31.0.0):\n\(result.stdout)\n\(result.stderr)")
        XCTAssertTrue(result.stdout.contains("PASS varlink peer"), result.stdout)
    }
}
