import ArgumentParser
import ConnectClient
import ConnectJSON
import ConnectProtocol

struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage", abstract: "Decide, one person at a time, how often to catch up with the people you imported.",
        discussion: """
            For each person: [w]eekly, [m]onthly, [q]uarterly, [y]early, or a cadence like 6w; [s]kip for now; [i]gnore \
            (never nudged, kept in your list); x to stop. Answers are read from standard input, so a script can pipe them \
            in. Their first catch-ups are spread over the cadence, so a session of many does not make one busy day.
            """)

    @Option(help: "With --json: how many to list (default 20).") var limit: Int?
    @OptionGroup var options: ClientOptions

    func run() throws {
        if options.json {
            try options.call(.triage, TriageParameters(limit: limit)) { (_: TriageReply, _) in "" }
            return
        }
        let connection = try VarlinkConnection(socketPath: options.target.socketPath, hint: StartHint.text)
        var skipped = Set<Int64>()
        var decided = 0
        /// What this session did, said when it ends however it ends.
        func summary(remaining: Int) -> String {
            "Decided \(decided), skipped \(skipped.count)\(remaining > 0 ? "; \(remaining) left for later: connectctl triage" : "")."
        }
        while true {
            let raw = try connection.call(.triage, TriageParameters(limit: min(10_000, skipped.count + 20)))
            let reply: TriageReply
            do { reply = try TriageReply(json: raw, path: "reply") } catch { throw ClientError.badReply("\(error)") }
            guard let person = reply.people.first(where: { !skipped.contains($0.id) }) else {
                print(reply.remaining == 0 ? "Everyone has a cadence now\(decided > 0 ? " (\(decided) decided)" : "")." : summary(remaining: reply.remaining))
                return
            }
            print("\n" + Self.describe(person) + "\n(\(reply.remaining - skipped.count) to go) [w]eekly [m]onthly [q]uarterly [y]early, a cadence, [s]kip, [i]gnore, x to stop: ",
                  terminator: "")
            guard let line = readLine() else {
                print("\n" + summary(remaining: reply.remaining))
                return
            }
            let answer = String(line.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()).lowercased()
            var parameters = EditPersonParameters(person: "#\(person.id)")
            switch answer {
            case "x", "stop", "quit":
                print(summary(remaining: reply.remaining))
                return
            case "s", "skip", "":
                skipped.insert(person.id)
                print("Skipped: \(TerminalText.safe(person.name)) stays untriaged, asked again next time.")
                continue
            case "i", "ignore": parameters.ignored = true
            case "w": parameters.every = "1w"
            case "m": parameters.every = "1m"
            case "q": parameters.every = "3m"
            case "y": parameters.every = "1y"
            default: parameters.every = answer
            }
            do {
                let edited = try EditPersonReply(json: try connection.call(.editPerson, parameters), path: "reply")
                decided += 1
                print(edited.person.ignored ? "Ignored." : "\(edited.person.cadenceText.prefix(1).uppercased() + edited.person.cadenceText.dropFirst())"
                      + (edited.person.nextDue.map { "; first catch-up \(DisplayTime.current.local($0))." } ?? "."))
            } catch let error as ClientError {
                // A cadence that does not parse: say why and ask again.
                guard case .refused(_, let message, _) = error else { throw error }
                print(message)
            }
        }
    }

    static func describe(_ person: PersonInfo) -> String {
        var lines = [TerminalText.safe(person.name)]
        let work = [person.title, person.organization].compactMap { $0 }.joined(separator: " at ")
        if !work.isEmpty { lines.append("  " + TerminalText.safe(work)) }
        if let met = person.met { lines.append("  Met: " + TerminalText.safe(met)) }
        if !person.emails.isEmpty { lines.append("  " + TerminalText.safe(PersonText.points(person.emails))) }
        if !person.tags.isEmpty { lines.append("  Tags: " + TerminalText.safe(person.tags.joined(separator: ", "))) }
        return lines.joined(separator: "\n")
    }
}
