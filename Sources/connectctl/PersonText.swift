import ConnectClient
import ConnectProtocol
import ConnectTime

/// Shared human renderings of a person: one wording of "due" for every command.
enum PersonText {
    /// "coffee, 3 weeks ago" or "never".
    static func lastContact(_ person: PersonInfo, _ time: DisplayTime) -> String {
        guard let last = person.lastContact else { return "never" }
        return "\(person.lastKind ?? "contact"), \(time.relative(last))"
    }

    /// How long someone due has been due: "3 days", or "just due" within the first minute.
    static func overdue(_ person: PersonInfo, _ time: DisplayTime) -> String {
        guard let next = person.nextDue, let due = DisplayTime.instant(next) else { return "-" }
        return time.now - due < 60 ? "just due" : DisplayTime.span(time.now - due)
    }

    /// "overdue by 2 days", "just due", "due in 5 days", or why there is no date.
    static func dueText(_ person: PersonInfo, _ time: DisplayTime) -> String {
        guard let next = person.nextDue else {
            return person.ignored ? "ignored" : person.wantToMeet ? "first contacts are off (nudges.first_contact_per_week)" : "needs a cadence"
        }
        if person.wantToMeet { return person.due ? "first contact: nudged" : "first contact \(time.relative(next))" }
        guard person.due else { return "due \(time.relative(next))" }
        let overdue = overdue(person, time)
        return overdue == "just due" ? overdue : "overdue by \(overdue)"
    }

    /// A birthday as people write it: "10 December 1815", "23 June" (the wire's "--06-23").
    static func birthday(_ text: String) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let (year, month, day): (Substring?, Substring, Substring)
        if text.hasPrefix("--"), parts.count == 4 { (year, month, day) = (nil, parts[2], parts[3]) }
        else if parts.count == 3 { (year, month, day) = (parts[0], parts[1], parts[2]) }
        else { return text }
        guard let m = Int(month), (1...12).contains(m), let d = Int(day) else { return text }
        return "\(d) \(CalendarNames.months[m - 1])" + (year.flatMap { Int($0) }.map { " \($0)" } ?? "")
    }

    /// "23:10" from a wire time ("2027-05-04T23:10:00.000+09:00"): the clock where it was written.
    static func clock(_ wire: String) -> String {
        let characters = Array(wire)
        guard characters.count >= 16, characters[10] == "T" else { return wire }
        return String(characters[11..<16])
    }

    /// "ada@example.org (work), +49 30 123 (cell)".
    static func points(_ list: [ContactPointInfo]) -> String {
        list.map { point in
            let kinds = point.types.filter { $0 != "pref" } + (point.label.map { [$0] } ?? [])
            return point.value + (kinds.isEmpty ? "" : " (" + kinds.joined(separator: ", ") + ")")
        }.joined(separator: ", ")
    }

    /// The full card of `show`.
    static func card(_ person: PersonInfo, _ time: DisplayTime) -> String {
        var lines = ["\(TerminalText.safe(person.name)) (#\(person.id))"]
        func field(_ label: String, _ value: String?) {
            if let value, !value.isEmpty {
                lines.append("  " + label + String(repeating: " ", count: max(1, 14 - label.count)) + TerminalText.safe(value))
            }
        }
        if let news = person.news { field("News", "\(person.name) \(news)") }
        field("Cadence", person.cadenceText)
        field("Last contact", person.lastContact.map { "\(time.local($0)) (\(lastContact(person, time)))" } ?? "never")
        if person.wantToMeet {
            field("First contact", person.nextDue.map {
                person.due ? "nudged \(time.relative($0)): reach out, then log it"
                    : "around \(time.local($0)) (\(time.relative($0)); people to meet come in the order you added them)"
            } ?? dueText(person, time))
        } else {
            field("Next due", person.nextDue.map { "\(time.local($0)) (\(dueText(person, time)))" } ?? dueText(person, time))
        }
        field("Met", person.met)
        field("Into", person.into)
        field("Works", [person.title, person.organization].compactMap { $0 }.joined(separator: " at "))
        field("E-mail", points(person.emails))
        field("Phone", points(person.phones))
        field("Birthday", person.birthday.map(birthday))
        field("Dates", person.dates.map { "\($0.label) \(birthday($0.date))" }.joined(separator: "; "))
        field("Related", person.related.map { relation in
            "\(relation.name) (\(relation.type)\(relation.personId.map { ", #\($0)" } ?? ""))"
        }.joined(separator: ", "))
        field("Feed", person.feed)
        field("Time zone", person.timeZone.map { zone in zone + (person.localTime.map { ", \(clock($0)) there now" + (person.night ? " (night)" : "") } ?? "") })
        field("Tags", person.tags.joined(separator: ", "))
        field("Links", person.links.joined(separator: " "))
        field("Notes", person.notes)
        field("Found", person.found)
        field("Added", time.local(person.addedAt))
        return lines.joined(separator: "\n")
    }

    /// "Ada", "Ada and Grace", "Ada, Grace and Mary".
    static func names(_ names: [String]) -> String {
        guard let last = names.last, names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }

    /// " Closed: send her the article. Open follow-ups: 1. intro to Grace" after a log; "" when
    /// there is nothing to say. The closed ones are named: numbers move up as others close.
    static func followUpSummary(_ open: [FollowUpInfo], closed: [String]) -> String {
        var text = closed.isEmpty ? "" : " Closed: " + closed.map { TerminalText.safe($0) }.joined(separator: "; ") + "."
        if !open.isEmpty { text += "\nOpen follow-ups: " + open.map { "\($0.number). \(TerminalText.safe($0.text))" }.joined(separator: "; ") }
        return text
    }
}
