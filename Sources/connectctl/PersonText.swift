import ConnectClient
import ConnectProtocol

/// Shared human renderings of a person: one wording of "due" for every command.
enum PersonText {
    /// "coffee, 3 weeks ago" or "never".
    static func lastContact(_ person: PersonInfo, _ time: DisplayTime) -> String {
        guard let last = person.lastContact else { return "never" }
        return "\(person.lastKind ?? "contact"), \(time.relative(last))"
    }

    /// How long someone due has been due: "3 days", or "just due" within the first minute.
    static func overdue(_ person: PersonInfo, _ time: DisplayTime) -> String {
        guard let due = DisplayTime.instant(person.nextDue) else { return "-" }
        return time.now - due < 60 ? "just due" : DisplayTime.span(time.now - due)
    }

    /// "overdue by 2 days", "just due", "due in 5 days".
    static func dueText(_ person: PersonInfo, _ time: DisplayTime) -> String {
        guard person.due else { return "due \(time.relative(person.nextDue))" }
        let overdue = overdue(person, time)
        return overdue == "just due" ? overdue : "overdue by \(overdue)"
    }

    /// The full card of `show`.
    static func card(_ person: PersonInfo, _ time: DisplayTime) -> String {
        var lines = ["\(TerminalText.safe(person.name)) (#\(person.id))"]
        func field(_ label: String, _ value: String?) {
            if let value, !value.isEmpty {
                lines.append("  " + label + String(repeating: " ", count: max(1, 14 - label.count)) + TerminalText.safe(value))
            }
        }
        field("Cadence", person.cadenceText)
        field("Last contact", person.lastContact.map { "\(time.local($0)) (\(lastContact(person, time)))" } ?? "never")
        field("Next due", "\(time.local(person.nextDue)) (\(dueText(person, time)))")
        field("Met", person.met)
        field("Into", person.into)
        field("Tags", person.tags.joined(separator: ", "))
        field("Links", person.links.joined(separator: " "))
        field("Notes", person.notes)
        field("Added", time.local(person.addedAt))
        return lines.joined(separator: "\n")
    }
}
