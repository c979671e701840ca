import ConnectCore
import ConnectServices
import ConnectStore
import ConnectTime
import Foundation

/// The words of a nudge and a prompt: a short summary and a body with the context that makes
/// reaching out easy (what is new with them, how you met, what they are into, what you did last).
enum NudgeText {
    /// `dueSince`: when the nudge fell due (the day whose dates a nudge of their day names).
    static func summary(for person: Person, kind: NudgeKind = .catchUp, dueSince: Date, calendar: LocalCalendar) -> String {
        switch kind {
        case .catchUp: return "Time to reconnect with \(person.name)"
        case .firstContact: return "Reach out to \(person.name) for the first time"
        case .occasion:
            let occasions = Occasion.of(person, on: calendar.day(of: dueSince))
            guard occasions.contains(where: { $0.label != nil }) else { return "\(person.name)'s birthday today" }
            return "\(person.name): " + occasions.map { $0.label ?? "birthday" }.joined(separator: " and ") + " today"
        }
    }

    /// "It is Grace Hopper's birthday today (121)", "Today it is 5 years since Ada Lovelace joined Plaid".
    static func occasionLine(_ occasion: Occasion, of person: Person, on day: CivilDate) -> String {
        let years = occasion.date.year.map { day.year - $0 }.flatMap { $0 > 0 && $0 < 1000 ? $0 : nil }
        switch occasion.label {
        case nil:
            return "It is \(person.name)'s birthday today" + (years.flatMap { $0 < 150 ? " (\($0))" : nil } ?? "") + "."
        case ImportantDate.anniversary?:
            return "It is \(person.name)'s anniversary today" + (years.map { " (\($0) \($0 == 1 ? "year" : "years"))" } ?? "") + "."
        case let label?:
            // "joined Plaid" reads on after the name; "Wedding" is a name of its own.
            if label.first?.isLowercase == true {
                return years.map { "Today it is \($0) \($0 == 1 ? "year" : "years") since \(person.name) \(label)." } ?? "On this day \(person.name) \(label)."
            }
            return "Today: \(person.name)'s \(label)" + (years.map { " (\($0) \($0 == 1 ? "year" : "years"))" } ?? "") + "."
        }
    }

    /// "It is 23:10 for Ada Lovelace (Asia/Tokyo)." when their clock differs from yours, and for a
    /// call or a video, when you are both in your day.
    static func theirTimeLine(for person: Person, context: NudgeContext, at now: Date, calendar: LocalCalendar) -> String? {
        guard let zone = person.timeZone, let theirs = Zones.calendar(zone), theirs.utcOffset(at: now) != calendar.utcOffset(at: now) else { return nil }
        let local = theirs.local(now)
        var line = "It is \(CivilDate.pad(local.hour, 2)):\(CivilDate.pad(local.minute, 2)) for \(person.name) (\(zone))."
        let talking: Set<InteractionKind> = [.call, .video]
        if talking.contains(context.suggestion?.kind ?? .other) || talking.contains(context.last?.kind ?? .other),
           let shared = TheirTime.sharedDaytime(now: now, mine: calendar, theirs: theirs) {
            func clock(_ date: Date) -> String { let t = calendar.local(date); return CivilDate.pad(t.hour, 2) + ":" + CivilDate.pad(t.minute, 2) }
            line += shared.start <= now
                ? " For a call, you are both in your day now, until \(clock(shared.end)) your time."
                : " For a call, you are both in your day from \(clock(shared.start)) to \(clock(shared.end)) your time"
                    + (calendar.day(of: shared.start) == calendar.day(of: now) ? "." : " tomorrow.")
        }
        return line
    }

    /// "Ask about Byron (child) and Annabella (spouse)." for up to three of them, family first.
    static func relationsLine(for person: Person) -> String? {
        let family: Set<String> = ["child", "spouse", "partner", "parent", "sibling", "kin"]
        let chosen = (person.related.filter { family.contains($0.type) } + person.related.filter { !family.contains($0.type) }).prefix(3)
        guard !chosen.isEmpty else { return nil }
        return "Ask about " + names(chosen.map { "\($0.name) (\($0.type))" }) + "."
    }

    /// "Ada", "Ada and Grace", "Ada, Grace and Mary".
    static func names(_ names: [String]) -> String {
        guard let last = names.last, names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }

    /// Leads with what they just published (from their feed), then what you promised last time,
    /// what is new with them, how you met, what they are into, what you did last (and your
    /// latest note), and a kind of catch-up you have not done with them for the longest time.
    /// `dueSince`: when the nudge fell due (a birthday's age is counted on that day); `at`: when it
    /// is said (their local time is theirs then).
    static func body(for person: Person, context: NudgeContext, kind: NudgeKind = .catchUp, late: Bool, dueSince: Date, at now: Date,
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
        case .occasion:
            let day = calendar.day(of: dueSince)
            lines += Occasion.of(person, on: day).map { occasionLine($0, of: person, on: day) }
            lines.append("A short message is enough.")
        case .catchUp:
            break
        }
        if kind != .firstContact, let item = context.published, let published = item.published {
            lines.append("\(person.name) published “\(item.title)” on \(day(published)) — read it before you write" + (item.link.map { ": \($0)" } ?? "") + ".")
        }
        if let first = context.followUps.first {
            var line = "Last time you said you would: \(sentence(first.text))"
            if context.followUps.count > 1 { line += " (and \(context.followUps.count - 1) more: connectctl show \(person.id))" }
            lines.append(line)
        }
        if let news = person.news { lines.append("\(person.name) \(news) — a good moment to congratulate them.") }
        if let theirTime = theirTimeLine(for: person, context: context, at: now, calendar: calendar) { lines.append(theirTime) }
        if let met = person.met { lines.append("You met: \(sentence(met))") }
        if let interests = person.interests { lines.append("Into: \(sentence(interests))") }
        if let relations = relationsLine(for: person) { lines.append(relations) }
        if let last = context.last {
            // "Last time: lunch with you and Grace Hopper on …" when others were there.
            let company = last.with.isEmpty ? "" : " with you and " + names(last.with)
            var line = "Last time: \(last.kind.rawValue)\(company) on \(day(last.at))"
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

    /// "3 people's days today: Ada Lovelace (birthday), Grace Hopper (anniversary), …".
    static func daysSummary(_ people: [(person: Person, dueSince: Date)], calendar: LocalCalendar) -> String {
        let named = people.prefix(4).map { item in
            "\(item.person.name) (" + Occasion.of(item.person, on: calendar.day(of: item.dueSince)).map { $0.label ?? "birthday" }.joined(separator: ", ") + ")"
        }
        return "\(people.count) people's days today: " + named.joined(separator: ", ") + (people.count > 4 ? ", …" : "")
    }

    /// Each person's day in a line of its own, then one reminder that a short message is enough.
    static func daysBody(_ people: [(person: Person, dueSince: Date)], calendar: LocalCalendar) -> String {
        people.map { item in
            let day = calendar.day(of: item.dueSince)
            return "• " + Occasion.of(item.person, on: day).map { occasionLine($0, of: item.person, on: day) }.joined(separator: " ")
        }.joined(separator: "\n") + "\nA short message is enough."
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
