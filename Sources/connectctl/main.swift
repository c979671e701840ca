import ArgumentParser
import ConnectClient
import ConnectJSON
import ConnectProtocol
#if canImport(Glibc)
import Glibc
#endif

/// `connectctl`: the small client of connectd. Exit codes: 0 ok; 1 the daemon refused; 2 usage
/// error; 69 no daemon answers.
struct Connectctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectctl",
        abstract: "Talk to connectd: who to reconnect with, and what you did to connect.",
        version: ConnectVersion.string,
        subcommands: [AddCommand.self, LogCommand.self, DueCommand.self, ShowCommand.self, ListCommand.self,
                      EditCommand.self, RemoveCommand.self, HistoryCommand.self, NudgesCommand.self, DoneCommand.self,
                      SnoozeCommand.self, SkipCommand.self, PromptCommand.self, ReflectCommand.self, ReflectionsCommand.self, NotifyTestCommand.self,
                      StatusCommand.self, ImportCommand.self, ExportCommand.self, TriageCommand.self, TrashCommand.self,
                      RestoreCommand.self, MergeCommand.self, SyncConfigCommand.self, FollowUpsCommand.self, WeekCommand.self,
                      StatsCommand.self, CircleCommand.self, PauseCommand.self, PlanCommand.self, PlannedCommand.self, HappenedCommand.self,
                      CancelCommand.self, MoveCommand.self, CalendarCommand.self, FeedsCommand.self,
                      DetectCommand.self, ProposalsCommand.self, AcceptCommand.self, DismissCommand.self, SearchCommand.self, MCPCommand.self])
}

/// Lets the common options come before the subcommand too (`connectctl --json due`): ArgumentParser
/// only accepts them after it, so move them there.
func reorderedArguments(_ arguments: [String]) -> [String] {
    var leading: [String] = []
    var rest = arguments[...]
    while let first = rest.first {
        if first == "--json" || first.hasPrefix("--socket=") {
            leading.append(first)
            rest = rest.dropFirst()
        } else if first == "--socket", rest.count >= 2 {
            leading += rest.prefix(2)
            rest = rest.dropFirst(2)
        } else {
            break
        }
    }
    guard !leading.isEmpty, let subcommand = rest.first else { return arguments }
    // An unknown subcommand: leave the options out so that the error names the subcommand.
    guard Connectctl.configuration.subcommands.contains(where: { $0._commandName == subcommand }) else { return Array(rest) }
    return [subcommand] + leading + rest.dropFirst()
}

let arguments = UsageHelp.joiningYearlessDates(Array(CommandLine.arguments.dropFirst()))
/// With `--json` (before a `--`), an error is one JSON object on standard output, not a sentence on
/// standard error, so that a script can tell "nobody matches" from "ambiguous"; exit codes stay.
let errorsAsJSON = arguments.prefix { $0 != "--" }.contains("--json")
do {
    if let request = QuickPath.parse(arguments) {
        try request.run()
        exit(0)
    }
    let subcommands = Connectctl.configuration.subcommands.map { $0._commandName }
    if let problem = UsageHelp.problem(reorderedArguments(arguments), subcommands: subcommands) {
        fail(ClientError.usageJSON(problem), "connectctl: " + problem, code: 2)
    }
    var command = try Connectctl.parseAsRoot(reorderedArguments(arguments))
    try command.run()
} catch let error as ClientError {
    fail(error.json, "connectctl: \(error)", code: error.exitCode)
} catch {
    let code = Connectctl.exitCode(for: error)
    if code == .validationFailure {
        fail(ClientError.usageJSON(Connectctl.message(for: error)), Connectctl.fullMessage(for: error), code: 2)
    }
    // Any other failure (help and --version are successes, printed as ArgumentParser does).
    if errorsAsJSON, code != .success {
        fail(ClientError.failureJSON(Connectctl.message(for: error)), Connectctl.fullMessage(for: error), code: code.rawValue)
    }
    Connectctl.exit(withError: error)
}

/// Ends the run with an error: `json` on standard output with `--json`, else `text` on standard error.
func fail(_ json: JSONValue, _ text: String, code: Int32) -> Never {
    if errorsAsJSON {
        print(String(decoding: JSONWriter.bytes(json), as: UTF8.self))
    } else {
        printError(text)
    }
    exit(code)
}

/// A line on standard error.
func printError(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
