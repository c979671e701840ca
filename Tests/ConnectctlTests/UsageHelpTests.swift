import ArgumentParser
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

    /// "lg" is one edit from both log and ls: the one with every typed letter in order wins.
    func testATypoNearTwoCommands_suggestsTheOneWithItsLetters() {
        let all = Connectctl.configuration.subcommands.map { $0._commandName }
        XCTAssertEqual(UsageHelp.problem(["lg", "ada"], subcommands: all), "'lg' is not a connectctl command; did you mean 'log'? (connectctl --help lists them all)")
        XCTAssertEqual(UsageHelp.nearest("shw", among: all), "show")
    }

    /// No help text shows a line-continuation backslash (a doubled one in the source did).
    func testHelpTexts_haveNoStrayBackslashes() {
        for command in Connectctl.configuration.subcommands {
            let help = Connectctl.helpMessage(for: command)
            XCTAssertFalse(help.contains("\\\n") || help.contains(" \\ "), "\(command._commandName) --help:\n\(help)")
        }
    }

    func testBirthdaysReadAsDates() {
        XCTAssertEqual(PersonText.birthday("--06-23"), "23 June")
        XCTAssertEqual(PersonText.birthday("1815-12-10"), "10 December 1815")
        XCTAssertEqual(PersonText.birthday("garbage"), "garbage", "what cannot be read is shown as it came")
    }
}
