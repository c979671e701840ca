import Foundation
import XCTest

/// `Benchmarks/compare --quick` runs and prints every row of its table. Only that: the figures
/// themselves belong in notes, never in a pass/fail test.
final class BenchmarkScriptTests: XCTestCase {
    func testQuickRun_printsEveryRow() throws {
        let h = try Harness()
        let directory = URL(fileURLWithPath: try Harness.binary("connectd")).deletingLastPathComponent().path
        let result = try h.run("/usr/bin/env", ["python3", Harness.packageRoot + "/Benchmarks/compare", "--quick", "--bin", directory],
                               timeout: 300)
        XCTAssertFalse(result.timedOut, "Benchmarks/compare --quick ran over 5 minutes: \(result.stderr.suffix(500))")
        XCTAssertEqual(result.code, 0, result.stderr)
        guard !result.timedOut, result.code == 0 else { return }  // no table to read: one failure says why
        for figure in ["`connectctl status` one-shot", "`connectctl due` one-shot", "read calls/s, 8 clients", "load generator check",
                       "durable writes/s, 1 client", "raw SQLite, the same statements", "raw SQLite, 8 writes per commit",
                       "durable writes/s, 8 clients", "fairness, 8 clients", "load 1,000 people",
                       "import a vCard file", "import a LinkedIn Connections.csv",
                       "vdir mirror of", "with the vdir mirror", "idle RSS and Pss", "voluntary context switches", "status latency at",
                       "start to READY", "connectctl week / stats / due"] {
            let line = result.stdout.split(separator: "\n").first { $0.contains(figure) }
            XCTAssertNotNil(line, "the table has no row '\(figure)':\n\(result.stdout)")
            XCTAssertEqual(line?.split(separator: "|", omittingEmptySubsequences: false).count, 8, "a full row: \(line ?? "")")
        }
    }
}
