import ConnectCore
import ConnectServices
import ConnectStore
import ConnectTime
import Foundation

/// The words of a nudge and a prompt: a short summary and a body with the context that makes
/// reaching out easy (what is new with them, how you met, what they are into, what you did last).
enum NudgeText {
    static func summary(for person: Person, kind: NudgeKind = .catchUp) -> String {
        switch kind {
        case .catchUp: "Time to reconnect with \(person.name)"
        case .firstContact: "Reach out to \(person.name) for the first time"
        case .birthday: "\(person.name)'s birthday today"
        }
    }

    /// Leads with what you promised last time, then what is new with them, how you met, what
    /// they are into, what you did last (and your latest note), and a kind of catch-up you have
    /// not done with them for the longest time.
    /// `dueSince`: when the nudge fell due (a birthday's age is counted on that day).
    static func body(for person: Person, context: NudgeContext, kind: NudgeKind = .catchUp, late: Bool, dueSince: Date,
                     calendar: LocalCalendar) -> String {
        func day(_ date: Date) -> String { CalendarNames.day(calendar.day(of: date)) }
        var lines: [String] = []
        switch kind {
        case .firstContact:
            lines.append("You wanted to reach out to \(person.name)" + (person.found.map { " (found: \($0))" } ?? "") + ".")
            lines.append(person.found == nil ? "Say what made you want to meet them." : "Say what you liked about it.")
            if let interests = person.interests { lines.append("Into: \(sentence(interests))") }
            if late { lines.append(lateLine) }
            return lines.joined(separator: " ")
        case .birthday:
            var line = "It is \(person.name)'s birthday today"
            if let year = person.birthday?.year {
                let age = calendar.day(of: dueSince).year - year
                if age > 0, age < 150 { line += " (\(age))" }
            }
            lines.append(line + ": a short message is enough.")
        case .catchUp:
            break
        }
        if let first = context.followUps.first {
            var line = "Last time you said you would: \(sentence(first.text))"
            if context.followUps.count > 1 { line += " (and \(context.followUps.count - 1) more: connectctl show \(person.id))" }
            lines.append(line)
        }
        if let news = person.news { lines.append("\(person.name) \(news) — a good moment to congratulate them.") }
        if let met = person.met { lines.append("You met: \(sentence(met))") }
        if let interests = person.interests { lines.append("Into: \(sentence(interests))") }
        if let last = context.last {
            var line = "Last time: \(last.kind.rawValue) on \(day(last.at))"
            if let note = last.note { line += " — " + note }
            lines.append(sentence(line))
            if last.note == nil, let latest = context.latestNote, let note = latest.note {
                lines.append(sentence("Your latest note (\(latest.kind.rawValue) on \(day(latest.at))): \(note)"))
            }
        } else {
            lines.append("Nothing logged together yet.")
        }
        if let suggestion = context.suggestion, suggestion.kind != context.last?.kind {
            lines.append("Maybe \(suggestion.kind.suggestionPhrase) this time: the last was on \(day(suggestion.lastAt)).")
        }
        if kind == .catchUp, let cadence = person.cadence { lines.append("You wanted to be in touch \(cadence.phrase).") }
        if kind == .catchUp, person.cadence == nil, let circle = context.circle {
            lines.append("You wanted to be in touch \(circle.every.phrase) (\(circle.name)).")
        }
        if late { lines.append(lateLine) }
        return lines.joined(separator: " ")
    }

    /// "3 people to reach out to today: Ada Lovelace, Grace Hopper, Zoë Kravitz".
    static func digestSummary(_ names: [String]) -> String {
        "\(names.count) people to reach out to today: " + names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
    }

    /// One person's line in a digest: their name and what to talk about, in one sentence or two.
    static func digestLine(for person: Person, context: NudgeContext, calendar: LocalCalendar) -> String {
        var line = "• \(person.name)"
        if let first = context.followUps.first {
            line += ": you said you would \(first.text)"
        } else if let last = context.last {
            line += ": last \(last.kind.rawValue) on \(CalendarNames.day(calendar.day(of: last.at)))" + (last.note.map { " — \($0)" } ?? "")
        } else if let met = person.met {
            line += ": met \(met)"
        }
        return line
    }

    static let lateLine = "(Delivered late: connectd was not running when this was due.)"

    static func promptSummary(late: Bool) -> String {
        late ? "Weekly reflection (late)" : "Weekly reflection"
    }

    static func promptBody(_ text: String) -> String {
        text + " Answer with: connectctl reflect \"...\""
    }

    /// "Did your lunch with Ada Lovelace happen?"
    static func planQuestionSummary(_ plan: PlannedCatchUp, person: Person) -> String {
        "Did your \(plan.kind.rawValue) with \(person.name) happen?"
    }

    /// When and where it was planned, the note, and the commands that answer.
    static func planQuestionBody(_ plan: PlannedCatchUp, calendar: LocalCalendar, now: Date) -> String {
        var lines = ["Planned for \(HumanTime.describe(plan.startsAt, calendar: calendar, now: now))" + (plan.place.map { " at \($0)" } ?? "") + "."]
        if let note = plan.note { lines.append(sentence(note)) }
        lines.append("connectctl happened \(plan.id) logs it; cancel \(plan.id) if it did not; move \(plan.id) WHEN plans it again.")
        return lines.joined(separator: "\n")
    }

    /// Text the user typed, ending in exactly one full stop (or their own ? or !).
    static func sentence(_ text: String) -> String {
        guard let last = text.last else { return text }
        return ".?!".contains(last) ? text : text + "."
    }
}
