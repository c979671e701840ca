import ConnectCore
import ConnectStore
import ConnectTime
import Foundation

/// The words of a nudge and a prompt: a short summary and a body with the context that makes
/// reaching out easy (what is new with them, how you met, what they are into, what you did last).
enum NudgeText {
    static func summary(for person: Person) -> String {
        "Time to reconnect with \(person.name)"
    }

    static func body(for person: Person, last: LastContact?, late: Bool, calendar: LocalCalendar) -> String {
        var lines: [String] = []
        if let news = person.news { lines.append("\(person.name) \(news) — a good moment to congratulate them.") }
        if let met = person.met { lines.append("You met: \(sentence(met))") }
        if let interests = person.interests { lines.append("Into: \(sentence(interests))") }
        if let last {
            var line = "Last time: \(last.kind.rawValue) on \(CalendarNames.day(calendar.day(of: last.at)))"
            if let note = last.note { line += " — " + note }
            lines.append(sentence(line))
        } else {
            lines.append("Nothing logged together yet.")
        }
        if let cadence = person.cadence { lines.append("You wanted to be in touch \(cadence.phrase).") }
        if late { lines.append("(Delivered late: connectd was not running when this was due.)") }
        return lines.joined(separator: " ")
    }

    static func promptSummary(late: Bool) -> String {
        late ? "Weekly reflection (late)" : "Weekly reflection"
    }

    static func promptBody(_ text: String) -> String {
        text + " Answer with: connectctl reflect \"...\""
    }

    /// Text the user typed, ending in exactly one full stop (or their own ? or !).
    static func sentence(_ text: String) -> String {
        guard let last = text.last else { return text }
        return ".?!".contains(last) ? text : text + "."
    }
}
