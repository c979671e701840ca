import ConnectClient
import ConnectProtocol

/// Shared human renderings of a person.
enum PersonText {
    /// "coffee, 3 weeks ago" or "never".
    static func lastContact(_ person: PersonInfo, _ time: DisplayTime) -> String {
        guard let last = person.lastContact else { return "never" }
        return "\(person.lastKind ?? "contact"), \(time.relative(last))"
    }

    /// "due 2 days ago", "due in 5 days".
    static func dueText(_ person: PersonInfo, _ time: DisplayTime) -> String {
        guard person.due, let due = DisplayTime.parse(person.nextDue) else { return "due \(time.relative(person.nextDue))" }
        return "overdue by \(DisplayTime.span(time.now.timeIntervalSince(due)))"
    }

    /// The full card of `show`.
    static func card(_ person: PersonInfo, _ time: DisplayTime) -> String {
        var lines = ["\(person.name) (#\(person.id))"]
        func field(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append("  " + label + String(repeating: " ", count: max(1, 14 - label.count)) + value) }
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
