import ConnectCore
import ConnectJSON
import ConnectProtocol

/// The tools an assistant may use: each one daemon method, with that method's parameters as its
/// input schema, its reply as its output schema and its comment in the interface as its
/// description (`WireSchemas`, generated from io.connectd.varlink: no third copy of the wire).
/// A write also says in a sentence exactly what it changed.
struct DaemonTool: Sendable {
    let name: String
    let method: Method
    /// What the assistant should know besides the method's comment.
    let hint: String
    /// For writes: the sentence saying what changed, from the reply.
    let summary: (@Sendable (JSONValue) -> String)?

    var isWrite: Bool { summary != nil }
    var description: String { [WireSchemas.documentation(method), hint].filter { !$0.isEmpty }.joined(separator: " ") }

    static let all: [DaemonTool] = [
        DaemonTool(name: "due", method: .due, hint: "Who is due for a catch-up now, most overdue first.", summary: nil),
        DaemonTool(name: "search", method: .search, hint: "Use it to find people by what you know about them (\"who was into sourdough\").",
                   summary: nil),
        DaemonTool(name: "show_person", method: .showPerson,
                   hint: "person: an id or a unique prefix of a word of the name; ambiguous names are refused with the candidates.",
                   summary: nil),
        DaemonTool(name: "log_interaction", method: .logInteraction,
                   hint: "kind: one of " + InteractionKind.builtIn.map(\.rawValue).joined(separator: ", ")
                       + ". with: the others who were there (one lunch with several people is one interaction).", summary: loggedSummary),
        DaemonTool(name: "add_follow_up", method: .addFollowUp, hint: "", summary: followUpSummary),
        DaemonTool(name: "snooze", method: .snooze, hint: "duration like 3d, 2w, 12h (default 1d).", summary: snoozedSummary),
        DaemonTool(name: "week_review", method: .week, hint: "The week in review: who you connected with and who is most overdue.",
                   summary: nil),
        DaemonTool(name: "plan", method: .plan,
                   hint: "Plan a catch-up ahead (when like \"fri 12:30\" or \"2026-12-11 12:30\"); kind as for log_interaction.",
                   summary: plannedSummary),
        DaemonTool(name: "planned", method: .planned, hint: "The catch-ups planned, the earliest first.", summary: nil),
        DaemonTool(name: "proposals", method: .proposals, hint: "Contacts found in your sent mail, waiting for a yes or no.", summary: nil),
        DaemonTool(name: "accept", method: .acceptProposals, hint: "Each accepted proposal is logged as an interaction.", summary: acceptedSummary),
    ]

    static func named(_ name: String) -> DaemonTool? { all.first { $0.name == name } }

    // MARK: What a write changed

    private static func text(_ value: JSONValue?) -> String { value?.stringValue ?? "?" }

    private static func list(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = value { return items }
        return []
    }

    private static func integer(_ value: JSONValue?) -> Int64? {
        if case .integer(let number)? = value { return number }
        return nil
    }

    static func loggedSummary(_ reply: JSONValue) -> String {
        let interaction = reply["interaction"]
        let others = list(interaction?["with"]).map { "\(text($0["name"])) (#\(integer($0["personId"]) ?? 0))" }
        var sentence = "Logged \(text(interaction?["kind"])) with \(text(interaction?["personName"])) (#\(integer(interaction?["personId"]) ?? 0))"
            + others.map { ", " + $0 }.joined() + " at \(text(interaction?["at"]))"
        if let note = interaction?["note"]?.stringValue { sentence += ", note \"\(note)\"" }
        sentence += " (interaction #\(integer(interaction?["id"]) ?? 0))."
        let closed = list(reply["closedFollowUps"]).compactMap(\.stringValue)
        if !closed.isEmpty { sentence += " Closed follow-ups: " + closed.map { "\"\($0)\"" }.joined(separator: ", ") + "." }
        let open = list(reply["followUps"]).compactMap { $0["text"]?.stringValue }
        sentence += open.isEmpty ? " No open follow-ups." : " Open follow-ups: " + open.map { "\"\($0)\"" }.joined(separator: ", ") + "."
        if let next = reply["person"]?["nextDue"]?.stringValue { sentence += " Next catch-up due \(next)." }
        return sentence
    }

    static func followUpSummary(_ reply: JSONValue) -> String {
        let added = reply["followUp"]
        return "Added follow-up \(integer(added?["number"]) ?? 0) for \(text(added?["personName"])) (#\(integer(added?["personId"]) ?? 0)):"
            + " \"\(text(added?["text"]))\"; they have \(list(reply["followUps"]).count) open."
    }

    static func plannedSummary(_ reply: JSONValue) -> String {
        let plan = reply["plan"]
        return "Planned \(text(plan?["kind"])) with \(text(plan?["person"])) (#\(integer(plan?["personId"]) ?? 0)) from \(text(plan?["startsAt"]))"
            + " to \(text(plan?["endsAt"]))" + (plan?["place"]?.stringValue.map { " at \($0)" } ?? "") + " (plan #\(integer(plan?["id"]) ?? 0));"
            + " their nudges wait until then."
    }

    static func snoozedSummary(_ reply: JSONValue) -> String {
        let name = text(reply["person"]?["name"])
        guard reply["changed"] == .bool(true) else { return "Nothing changed: \(name) was not due before \(text(reply["until"])) anyway." }
        let closed = integer(reply["closedNudges"]) ?? 0
        return "Snoozed \(name) until \(text(reply["until"]))" + (closed > 0 ? "; closed \(closed) open nudge\(closed == 1 ? "" : "s")." : ".")
    }

    static func acceptedSummary(_ reply: JSONValue) -> String {
        let accepted = list(reply["accepted"])
        let logged = accepted.map { "\(text($0["kind"])) with \(text($0["person"])) at \(text($0["at"])) (proposal \(integer($0["id"]) ?? 0))" }
        return (accepted.isEmpty ? "Accepted nothing." : "Accepted \(accepted.count), each logged as an interaction: " + logged.joined(separator: "; ") + ".")
            + " \(integer(reply["remaining"]) ?? 0) still open."
    }
}
