import ArgumentParser
import ConnectClient
import ConnectProtocol

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Record that you connected with someone (or with several people at once).",
        discussion: """
            connectctl log ada coffee "she is hiring"
            connectctl log ada grace lunch "talked about the conference"   (one lunch with both: it counts for each)
            Kinds: coffee, lunch, dinner, call, video, message, email, meeting, read (their article or post), gift, help, other,
            and your own from [kinds] extra (with those, name the others with --with: connectctl log ada hike --with grace).
            """)

    @Argument(help: ArgumentHelp("PERSON… KIND [NOTE]: who (an id or a unique prefix of any word of the name; several for one interaction "
                                 + "with all of them), what kind, and a note: what you talked about, what to follow up on.",
                                 valueName: "person kind note"), completion: Completions.person)
    var words: [String] = []
    @Option(help: ArgumentHelp("Someone else who was there (repeatable).", valueName: "person")) var with: [String] = []
    @Option(help: "When: 2026-11-28, '2026-11-28 14:30', today, yesterday, '3 days ago', friday (default now).") var at: String?
    @Option(help: ArgumentHelp("Something you will do next time (repeatable): 'send her the onboarding article'.", valueName: "follow-up"))
    var next: [String] = []
    @Option(help: ArgumentHelp("Close an open follow-up by its number in 'connectctl show' (repeatable).", valueName: "n"))
    var closes: [Int] = []
    @OptionGroup var options: ClientOptions

    /// The words split at the kind: the people before it, the note after it. A kind of the
    /// user's own (`[kinds] extra`, known to the daemon only) is the second word.
    private var parts: (people: [String], kind: String, note: String?)? {
        let builtIn = words.indices.dropFirst().first { Completions.kinds.contains(words[$0].lowercased()) }
        guard let index = builtIn ?? (words.count >= 2 ? 1 : nil) else { return nil }
        let note = words[(index + 1)...].joined(separator: " ")
        return (Array(words[..<index]), words[index], note.isEmpty ? nil : note)
    }

    func validate() throws {
        guard parts != nil else {
            throw ValidationError("Say who and what: connectctl log ada coffee (kinds: \(Completions.kinds.joined(separator: ", ")), or your own from [kinds] extra).")
        }
    }

    func run() throws {
        guard let parts else { return }
        var parameters = LogInteractionParameters(person: parts.people[0], kind: parts.kind, at: at, note: parts.note)
        let others = Array(parts.people.dropFirst()) + with
        parameters.with = others.isEmpty ? nil : others
        parameters.next = next.isEmpty ? nil : next
        parameters.closes = closes.isEmpty ? nil : closes
        try options.call(.logInteraction, parameters) { (reply: LogInteractionReply, time) in
            let people = [reply.person] + (reply.with ?? [])
            let names = PersonText.names(people.map { TerminalText.safe($0.name) })
            return "Logged \(reply.interaction.kind) with \(names) on \(time.local(reply.interaction.at)); "
                + (people.count == 1 ? nextCatchUp(reply.person, time) : people.map { "\(TerminalText.safe($0.name)): " + nextCatchUp($0, time) }.joined(separator: " "))
                + PersonText.followUpSummary(reply.followUps, closed: reply.closedFollowUps)
        }
    }

    private func nextCatchUp(_ person: PersonInfo, _ time: DisplayTime) -> String {
        person.nextDue.map { "next catch-up \(time.local($0))." }
            ?? (person.ignored ? "they are ignored, so never nudged."
                : "no next catch-up: they have no cadence yet ('connectctl edit \(person.id) --every 1m', or 'connectctl triage').")
    }
}
