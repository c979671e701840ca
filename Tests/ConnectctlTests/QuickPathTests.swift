@testable import connectctl
import XCTest

/// The quick path and ArgumentParser must read every command line the quick path takes the same way.
final class QuickPathTests: XCTestCase {
    func parsedByArgumentParser(_ arguments: [String]) -> ReadRequest? {
        guard let command = try? Connectctl.parseAsRoot(reorderedArguments(arguments)) else { return nil }
        return (command as? any ReadCommand)?.request
    }

    func testEveryFormTheQuickPathTakes_agreesWithArgumentParser() {
        let lines: [[String]] = [
            ["status"], ["--json", "status"], ["status", "--json"], ["--socket", "/tmp/s", "status"], ["status", "--socket=/tmp/s"],
            ["due"], ["due", "--json", "--socket", "/x y"], ["due", "--limit", "5"], ["due", "--limit=0"], ["nudges"], ["prompt"],
            ["ls"], ["ls", "--tag", "founders"], ["ls", "--tag=founders", "--json"], ["--json", "ls", "--tag", "x"], ["ls", "--limit", "3"],
            ["ls", "--tag", "x", "--limit=500"],
            ["show", "ada"], ["show", "Ada Lovelace", "--limit", "3"], ["show", "--limit", "3", "ada"], ["show", "zoë"], ["show", "#12"],
            ["history"], ["history", "ada"], ["history", "--limit", "5"], ["history", "ada", "--limit=2", "--json"],
            ["reflections"], ["reflections", "--limit", "4"],
        ]
        for line in lines {
            let quick = QuickPath.parse(line)
            XCTAssertNotNil(quick, "the quick path should take \(line)")
            XCTAssertEqual(quick, parsedByArgumentParser(line), "\(line)")
        }
    }

    func testAnythingElseGoesToArgumentParser() {
        let lines: [[String]] = [
            [], ["--help"], ["status", "-h"], ["status", "extra"], ["ls", "--due"], ["ls", "--org", "Plaid"], ["show"], ["show", "a", "b"],
            ["show", "ada", "--limit", "many"], ["show", "ada", "--limit"], ["status", "--json", "--json"], ["ls", "--tag", "a", "--tag", "b"],
            ["log", "ada", "coffee"], ["add", "Ada"], ["lst"], ["show", "-x"], ["status", "--socket"], ["--version"], ["help", "status"],
        ]
        for line in lines {
            XCTAssertNil(QuickPath.parse(line), "\(line) is for ArgumentParser")
        }
    }
}
