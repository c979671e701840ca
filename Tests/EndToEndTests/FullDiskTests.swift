import Foundation
import XCTest

/// A full disk refuses the write with a clear message, loses nothing and stops nothing.
final class FullDiskTests: XCTestCase {
    func testFullDisk_writeRefused_daemonServes_dataIntact() throws {
        let h = try Harness()
        guard getuid() == 0 else { throw XCTSkip("mounting a small tmpfs needs root") }
        let small = h.root + "/small"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mount = try h.run("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small])
        guard mount.code == 0 else { throw XCTSkip("cannot mount a tmpfs here: \(mount.stderr)") }
        defer {
            h.stop()
            _ = try? h.run("/usr/bin/env", ["umount", small])
        }
        try h.start(extraArguments: ["--state-dir", small + "/state"])
        XCTAssertEqual(try h.ctl("add", "Ada Lovelace", "--every", "2w").code, 0)

        let filler = small + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: filler))
        let block = Data(repeating: 0x41, count: 4096)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()

        let note = String(repeating: "a long conversation about the analytical engine. ", count: 180)
        let refused = try h.ctl("log", "ada", "coffee", note)
        XCTAssertEqual(refused.code, 1, refused.stdout)
        XCTAssertTrue(refused.stderr.contains("The change could not be saved") && refused.stderr.contains("disk is full"), refused.stderr)
        let status = try h.ctl("status")
        XCTAssertEqual(status.code, 0, "the daemon keeps serving: \(status.stderr)")
        XCTAssertEqual(try h.json("show", "ada")["person"].map { ($0 as? [String: Any])?["name"] as? String }, "Ada Lovelace")

        try FileManager.default.removeItem(atPath: filler)
        XCTAssertEqual(try h.ctl("log", "ada", "coffee", "short note").code, 0, "works again once there is space")
        XCTAssertEqual((try h.json("history", "ada")["interactions"] as? [[String: Any]])?.count, 1)
    }
}
