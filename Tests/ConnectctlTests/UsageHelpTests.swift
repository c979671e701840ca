@testable import connectctl
import XCTest

/// The sentences connectctl says before ArgumentParser would, and when it must stay quiet.
final class UsageHelpTests: XCTestCase {
    let subcommands = ["log", "ls", "show", "rm"]

    func testAfterTheDoubleDash_aValueMayStartWithADash() {
        XCTAssertNil(UsageHelp.problem(["log", "ada", "other", "--", "-5 reasons"], subcommands: subcommands))
        XCTAssertNil(UsageHelp.problem(["show", "--", "-1"], subcommands: subcommands))
    }

    func testBeforeIt_aDashValueIsNamed() {
        XCTAssertEqual(UsageHelp.problem(["log", "ada", "call", "--at", "-3"], subcommands: subcommands),
                       "'--at -3': a value cannot start with '-'; write --at=-3 if you mean it.")
        XCTAssertEqual(UsageHelp.problem(["lst"], subcommands: subcommands), "'lst' is not a connectctl command; did you mean 'ls'? (connectctl --help lists them all)")
    }
}
