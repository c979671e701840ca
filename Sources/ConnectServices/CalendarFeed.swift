import ConnectCore
import ConnectInterchange
import ConnectStore
import ConnectTime
import Foundation

/// Your catch-ups as a calendar (RFC 5545), for calendar programs: the weekly reflection (weekly,
/// at its wall-clock time wherever you are), each planned catch-up (with an alarm half an hour
/// before), the next catch-ups as the planner places them over the next 30 days (whole days,
/// at most 100: a calendar is for what is coming, not for everyone), and birthdays and other
/// dates (yearly, with an alarm when your active hours begin). Read in pages, so that 100,000 birthdays never
/// hold the loop: each page is one bounded query and its events (the next catch-ups: a walk of
/// those due now, 25 ms at 100,000 people).
public enum CalendarFeed {
    /// Where a reading stands: the sections in order, each with where it stopped.
    public enum Cursor: Equatable, Sendable {
        case start
        case plans(after: Int64)
        case catchUps
        case occasions(after: Int64)

        /// "plans:12", "catch-ups", "dates:40": what the wire carries between pages.
        public var text: String {
            switch self {
            case .start: "start"
            case .plans(let after): "plans:\(after)"
            case .catchUps: "catch-ups"
            case .occasions(let after): "dates:\(after)"
            }
        }

        public init?(text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            switch (parts.first, parts.count == 2 ? Int64(parts[1]) : nil) {
            case ("start", _) where parts.count == 1: self = .start
            case ("catch-ups", _) where parts.count == 1: self = .catchUps
            case ("plans", let after?) where after >= 0: self = .plans(after: after)
            case ("dates", let after?) where after >= 0: self = .occasions(after: after)
            default: return nil
            }
        }
    }

    public static let name = "connectd: catch-ups"
    /// The next catch-ups shown: how far ahead, and how many at most.
    public static let catchUpDays = 30
    public static let catchUpLimit = 100
    /// Events per page of plans (whose notes may be long), people per page of birthdays and dates (short).
    static let plansPerPage = 50
    static let occasionPeoplePerPage = 500
    /// The most of a description a next catch-up carries (a long note stays in connectd).
    static let descriptionLimit = 500

    /// One page: its events' text (the first begins the calendar, the last ends it) and where the
    /// next page starts (nil: this was the last).
    public static func page(_ cursor: Cursor, in ws: Workspace) throws -> (text: String, next: Cursor?) {
        switch cursor {
        case .start:
            var text = CalendarEvent.header(product: MirrorItems.product, name: name)
            if let reflection = reflection(in: ws) { text += reflection.text }
            return (text, .plans(after: 0))
        case .plans(let after):
            let plans = try ws.session.openPlans(after: after, limit: plansPerPage)
            let text = plans.map { event(for: $0.plan, name: $0.name, personUID: $0.personUID, numbered: true, in: ws).text }.joined()
            return (text, plans.count < plansPerPage ? .catchUps : .plans(after: plans.last?.plan.id ?? after))
        case .catchUps:
            return (try catchUps(numbered: true, in: ws).map(\.text).joined(), .occasions(after: 0))
        case .occasions(let after):
            let people = try ws.session.occasionPage(after: after, limit: occasionPeoplePerPage)
            var text = people.flatMap { occasions(of: $0, in: ws) }.map(\.text).joined()
            guard people.count == occasionPeoplePerPage, let last = people.last?.id else {
                text += CalendarEvent.footer
                return (text, nil)
            }
            return (text, .occasions(after: last))
        }
    }

    public static func reflection(in ws: Workspace) -> CalendarEvent? {
        guard let weekly = ws.settings.rules.reflectionAt else { return nil }
        let first = weekly.next(after: ws.now, calendar: ws.calendar)
        var event = CalendarEvent(uid: "connectd-weekly-reflection", stamp: ws.now, when: .floating(ws.calendar.local(first), minutes: 15),
                                  summary: "Weekly reflection: what did you do this week to connect?")
        event.recurrence = "FREQ=WEEKLY;BYDAY=" + ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][weekly.weekday - 1]
        event.description = "connectctl week shows your week and its question; connectctl reflect \"…\" answers it."
        event.alarm = CalendarEvent.Alarm(trigger: "PT0M", description: "Weekly reflection")
        event.categories = ["connectd"]
        return event
    }

    /// `numbered`: with this machine's numbers in the commands it suggests (not in the vdir,
    /// whose events other machines read, where the numbers mean others).
    public static func event(for plan: PlannedCatchUp, name: String, personUID: String, numbered: Bool, in ws: Workspace) -> CalendarEvent {
        let what = plan.kind.rawValue.prefix(1).uppercased() + plan.kind.rawValue.dropFirst()
        var event = CalendarEvent(uid: plan.uid, stamp: ws.now, when: .instant(plan.startsAt, until: plan.endsAt), summary: "\(what) with \(name)")
        event.location = plan.place
        event.description = [plan.note, Planning.answerLine(numbered ? plan.id : nil)].compactMap { $0 }.joined(separator: "\n")
        event.alarm = CalendarEvent.Alarm(trigger: "-PT30M", description: "\(what) with \(name) in 30 minutes")
        event.categories = ["connectd", plan.kind.rawValue]
        event.person = personUID
        event.kind = plan.kind.rawValue
        return event
    }

    /// The next catch-ups the planner places (after a pause, from its end), one whole-day event
    /// per person, named after the person so that it moves as the plan does.
    public static func catchUps(numbered: Bool, in ws: Workspace) throws -> [CalendarEvent] {
        let state = ws.live.scheduler
        let rules = ws.settings.rules
        let from = max(ws.now, Scheduler.pausedUntil(state, rules: rules) ?? ws.now)
        // The planner run forward over those who can come first: the 100 most overdue now, and who
        // falls due within the days shown (placing everyone would cost a walk of all the overdue
        // for every slot: a second at 100,000 people).
        let horizon = Double(catchUpDays) * 86400
        var candidates = state.schedule.mostOverdue(at: from, limit: catchUpLimit).map(\.entry)
        candidates += state.schedule.entries(dueFrom: from.addingTimeInterval(0.001), until: from.addingTimeInterval(horizon), limit: 4 * catchUpLimit)
        var few = state
        few.schedule = Schedule(calendar: state.schedule.calendar, renudgeAfter: state.schedule.renudgeAfter, entries: candidates)
        let placed = Scheduler.upcoming(few, now: from, rules: rules, limit: catchUpLimit, horizon: horizon)
        let people = Dictionary(uniqueKeysWithValues: try ws.session.people(ids: placed.map(\.personID)).map { ($0.id, $0) })
        let last = try ws.session.lastContacts(personIDs: placed.map(\.personID))
        return placed.compactMap { item -> CalendarEvent? in
            guard let person = people[item.personID] else { return nil }
            var event = CalendarEvent(uid: "catch-up-" + person.uid, stamp: ws.now, when: .day(ws.calendar.day(of: item.at)),
                                      summary: "Catch up with \(person.name)")
            var lines: [String] = []
            if let contact = last[person.id] { lines.append("Last: \(contact.kind.rawValue) on \(CalendarNames.day(ws.calendar.day(of: contact.at))).") }
            if let met = person.met { lines.append("How you met: \(met)") }
            if let into = person.interests { lines.append("Into: \(into)") }
            if numbered { lines.append("connectctl show \(person.id); afterwards connectctl log \(person.id) KIND.") }
            event.description = String(lines.joined(separator: "\n").prefix(descriptionLimit))
            event.categories = ["connectd"]
            event.person = person.uid
            return event
        }
    }

    /// The person's birthday and other dates as yearly all-day events (February 29 falls on the
    /// last day of February in other years, as connectd nudges it), each with an alarm when the
    /// active hours begin. None for someone ignored.
    public static func occasions(of person: Person, in ws: Workspace) -> [CalendarEvent] {
        guard !person.ignored else { return [] }
        var events: [CalendarEvent] = []
        if let birthday = person.birthday {
            events += yearly(birthday, uid: birthdayUID(person.uid), summary: "\(person.name)'s birthday",
                             since: birthday.year.map { "Born \($0)." }, category: "birthday", person: person, in: ws)
        }
        for date in person.dates {
            let summary = date.label == ImportantDate.anniversary ? "\(person.name)'s anniversary" : "\(person.name): \(date.label)"
            events += yearly(date.date, uid: dateUID(date, of: person.uid), summary: summary,
                             since: date.date.year.map { "Since \($0)." }, category: date.label == ImportantDate.anniversary ? "anniversary" : "date",
                             person: person, in: ws)
        }
        return events
    }

    /// The event UID of a person's birthday; of a date: "date-" and a digest of the person's UID,
    /// the label and the date (the same on every machine, and a new event when either changes).
    public static func birthdayUID(_ personUID: String) -> String { "birthday-" + personUID }
    public static func dateUID(_ date: ImportantDate, of personUID: String) -> String {
        datePrefix + SHA256.hex(Array((personUID + "\u{0}" + date.label + "\u{0}" + date.date.description).utf8)).prefix(32)
    }
    public static let datePrefix = "date-"

    private static func yearly(_ date: YearlyDate, uid: String, summary: String, since: String?, category: String, person: Person,
                               in ws: Workspace) -> [CalendarEvent] {
        guard let day = CivilDate(year: date.year ?? 2000, month: date.month, day: date.day) else { return [] }
        var event = CalendarEvent(uid: uid, stamp: ws.now, when: .day(day), summary: summary)
        event.recurrence = date.month == 2 && date.day == 29 ? "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" : "FREQ=YEARLY"
        event.description = since
        let from = ws.settings.rules.activeFrom
        event.alarm = CalendarEvent.Alarm(trigger: "PT\(from.hour)H\(from.minute)M", description: summary + " today")
        event.categories = ["connectd", category]
        event.person = person.uid
        return [event]
    }
}
