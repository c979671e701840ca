import ArgumentParser
import ConnectClient
import ConnectProtocol

/// Catch-ups you arranged: `plan` one, `planned` lists them, `happened`, `cancel` and `move`
/// answer or change one.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Plan a catch-up: it holds their nudges until then, and connectd asks afterwards whether it happened.",
        discussion: """
            connectctl plan ada lunch "fri 12:30" --for 90min --where "Café Central" "bring the book"
            WHEN: 'fri 12:30', friday (noon), 'tomorrow 19:00', 18:00, 'in 3 days', '2026-12-11 12:30'; a zone may
            follow: 'fri 12:30 Asia/Tokyo' (lunch where you will be then).
            """)

    @Argument(help: ArgumentHelp("PERSON KIND WHEN [NOTE]: who (an id or a unique prefix of a word of the name), what kind, when, and a note.",
                                 valueName: "person kind when"))
    var words: [String] = []
    @Option(name: .customLong("for"), help: "How long (default 1h): 90min, 2h, 2d.") var length: String?
    @Option(name: .customLong("where"), help: "Where: 'Café Central'.") var place: String?
    @OptionGroup var options: ClientOptions

    /// The words split at the kind: the people before it, when and the note after it. A kind
    /// of the user's own (`[kinds] extra`, known to the daemon only) is the second word.
    private var parts: (people: [String], kind: String, when: String, note: String?)? {
        let builtIn = words.indices.dropFirst().first { Completions.kinds.contains(words[$0].lowercased()) }
        guard let index = builtIn ?? (words.count >= 3 ? 1 : nil), index + 1 < words.count else { return nil }
        let note = words[(index + 2)...].joined(separator: " ")
        return (Array(words[..<index]), words[index], words[index + 1], note.isEmpty ? nil : note)
    }

    func validate() throws {
        guard let parts else {
            throw ValidationError("Say who, what and when: connectctl plan ada lunch \"fri 12:30\" (kinds: \(Completions.kinds.joined(separator: ", ")), or your own from [kinds] extra).")
        }
        guard parts.people.count == 1 else {
            throw ValidationError("A plan is with one person for now: plan each (connectctl plan \(parts.people[0]) \(parts.kind) …), "
                                  + "or quote a name with spaces.")
        }
    }

    func run() throws {
        guard let parts else { return }
        let parameters = PlanParameters(person: parts.people[0], kind: parts.kind, when: parts.when, length: length, place: place, note: parts.note)
        try options.call(.plan, parameters) { (reply: PlanReply, time) in
            "Planned \(reply.plan.kind) with \(TerminalText.safe(reply.person.name)) on \(time.local(reply.plan.startsAt))"
                + (reply.plan.place.map { " at \(TerminalText.safe($0))" } ?? "") + " (#\(reply.plan.id)). "
                + "Their nudges wait until then; afterwards connectd asks whether it happened."
        }
    }
}

struct PlannedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "planned", abstract: "Catch-ups you planned, the earliest first.")

    @Option(help: "At most this many (default 50).") var limit: Int?
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.planned, PlannedParameters(limit: limit)) { (reply: PlannedReply, time) in
            guard !reply.plans.isEmpty else { return "Nothing planned. Plan a catch-up: connectctl plan ada lunch \"fri 12:30\"" }
            var table = TextTable(header: ["#", "WHO", "WHAT", "WHEN", "WHERE", "NOTE"])
            for plan in reply.plans {
                table.add([String(plan.id), TerminalText.safe(plan.person), plan.kind, time.local(plan.startsAt) + (plan.asked ? " (over)" : ""),
                           TerminalText.safe(plan.place ?? ""), TerminalText.safe(plan.note ?? "")])
            }
            let more = reply.total > reply.plans.count ? "\n… and \(reply.total - reply.plans.count) more (--limit)." : ""
            return table.render() + more + "\nAfterwards: connectctl happened N logs one; cancel N drops it; move N WHEN plans it again."
        }
    }
}

struct HappenedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "happened", abstract: "A planned catch-up happened: log it at its planned time.")

    @Argument(help: "The plan's number from 'connectctl planned'.") var id: Int64
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.planHappened, PlanHappenedParameters(id: id)) { (reply: PlanHappenedReply, time) in
            "Logged \(reply.interaction.kind) with \(TerminalText.safe(reply.person.name)) on \(time.local(reply.interaction.at)); "
                + (reply.person.nextDue.map { "next catch-up \(time.local($0))." } ?? "no next catch-up (no cadence).")
        }
    }
}

struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "A planned catch-up did not (or will not) happen.")

    @Argument(help: "The plan's number from 'connectctl planned'.") var id: Int64
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.cancelPlan, CancelPlanParameters(id: id)) { (reply: CancelPlanReply, time) in
            "Cancelled the \(reply.plan.kind) with \(TerminalText.safe(reply.plan.person)) on \(time.local(reply.plan.startsAt)); their nudges come again when due."
        }
    }
}

struct MoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "move", abstract: "Move a planned catch-up to another time (the same length).")

    @Argument(help: "The plan's number from 'connectctl planned'.") var id: Int64
    @Argument(help: "When: 'fri 12:30', 'tomorrow 19:00', '2026-12-11 12:30'.") var when: String
    @OptionGroup var options: ClientOptions

    func run() throws {
        try options.call(.movePlan, MovePlanParameters(id: id, when: when)) { (reply: MovePlanReply, time) in
            "Moved the \(reply.plan.kind) with \(TerminalText.safe(reply.plan.person)) to \(time.local(reply.plan.startsAt))."
        }
    }
}
