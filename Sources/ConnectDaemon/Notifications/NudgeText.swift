import ConnectCore
import Foundation

/// The words of a nudge and a prompt: a short summary and a body with the context that makes
/// reaching out easy (how you met, what they are into, what you did last).
enum NudgeText {
    static func summary(for person: Person) -> String {
        "Time to reconnect with \(person.name)"
    }

    static func body(for person: Person, last: Interaction?, late: Bool, calendar: Calendar) -> String {
        var lines: [String] = []
        if let met = person.met { lines.append("You met: \(met).") }
        if let interests = person.interests { lines.append("Into: \(interests).") }
        if let last {
            var line = "Last time: \(last.kind.rawValue) on \(day(last.at, calendar))"
            if let note = last.note { line += " — \(note)" }
            lines.append(line + ".")
        } else {
            lines.append("Nothing logged together yet.")
        }
        lines.append("You wanted to be in touch \(person.cadence.phrase).")
        if late { lines.append("(Delivered late: connectd was not running when this was due.)") }
        return lines.joined(separator: " ")
    }

    static func promptSummary(late: Bool) -> String {
        late ? "Weekly reflection (late)" : "Weekly reflection"
    }

    /// "Sat 28 Nov 2026" in the calendar's time zone.
    static func day(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[parts.weekday! - 1]) \(parts.day!) \(months[parts.month! - 1]) \(parts.year!)"
    }
}
