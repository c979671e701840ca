import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// Catch-ups you arranged: a plan holds the person's nudges until a week after it ends; once it
/// is over, connectd asks once whether it happened ("It happened" logs it at the planned time,
/// "It didn't" cancels it, "Move it" puts it a week later).
public enum Planning {
    /// Plans `kind` with `person` from `start` for `length` seconds (checked by the caller's
    /// parsers: ahead of now, within `PlannedCatchUp.longestLength`).
    public static func plan(_ person: Person, kind: InteractionKind, at start: Date, length: TimeInterval, place: String?, note: String?,
                            in ws: Workspace) throws -> (plan: PlannedCatchUp, person: PersonView) {
        let plan = PlannedCatchUp(personID: person.id, kind: kind, startsAt: start, endsAt: start.addingTimeInterval(length), place: place, note: note)
        let saved = try ws.session.insertPlan(plan, personUID: person.uid, at: ws.now)
        return (saved, ws.view(person, last: try ws.session.lastContact(personID: person.id)))
    }

    /// Open plans, the earliest first (of one person, or everyone's), with the people's names; and how many.
    public static func open(of person: Person? = nil, limit: Int, in ws: Workspace) throws -> (items: [(plan: PlannedCatchUp, name: String)], total: Int) {
        try ws.session.openPlans(personID: person?.id, limit: limit)
    }

    /// What is coming: open plans that start in the next `days` days, and those of the last week
    /// not answered yet (older ones, which hold nothing any more, stay in `planned` only), the
    /// earliest first, at most `limit`.
    public static func coming(days: Int, limit: Int, in ws: Workspace) throws -> [(plan: PlannedCatchUp, name: String)] {
        try ws.session.openPlans(startingFrom: ws.now.addingTimeInterval(-PlannedCatchUp.answerGrace),
                                 until: ws.now.addingTimeInterval(Double(days) * 86400), limit: limit)
    }

    /// An open plan, or a refusal that says what became of it.
    public static func open(_ id: Int64, in ws: Workspace) throws -> PlannedCatchUp {
        guard let plan = try ws.session.plan(id: id) else { throw ServiceError.noSuchPlan(id) }
        guard plan.state == .planned else { throw ServiceError.planClosed(id, plan.state) }
        return plan
    }

    /// It happened: logged as an interaction at its planned time (with its note and place),
    /// which moves the person's next catch-up as if logged then.
    public static func happened(_ id: Int64, in ws: Workspace) throws -> (plan: PlannedCatchUp, logged: LoggedInteraction) {
        var plan = try open(id, in: ws)
        guard plan.startsAt <= ws.now else { throw ServiceError.planNotYet(id, plan.startsAt) }
        guard let person = try ws.session.person(id: plan.personID) else { throw ServiceError.noSuchPlan(id) }
        let note = [plan.note, plan.place.map { "at \($0)" }].compactMap { $0 }.joined(separator: ", ")
        // Closed first, so that the person as logged is no longer held by it.
        try ws.session.closePlan(id: id, .happened, interactionID: nil)
        let logged = try InteractionLog.log(person, kind: plan.kind, at: plan.startsAt, note: note.isEmpty ? nil : note, next: [], closes: [], in: ws)
        try ws.session.closePlan(id: id, .happened, interactionID: logged.interaction.id)
        plan.state = .happened
        plan.interactionID = logged.interaction.id
        return (plan, logged)
    }

    /// It did not happen (or will not): the plan is cancelled and the person's nudges resume.
    public static func cancel(_ id: Int64, in ws: Workspace) throws -> PlannedCatchUp {
        var plan = try open(id, in: ws)
        try ws.session.closePlan(id: id, .cancelled, interactionID: nil)
        plan.state = .cancelled
        return plan
    }

    /// Moves an open plan to `start`, keeping its length; it will be asked about after its new end.
    public static func move(_ id: Int64, to start: Date, in ws: Workspace) throws -> PlannedCatchUp {
        var plan = try open(id, in: ws)
        let length = plan.endsAt.timeIntervalSince(plan.startsAt)
        plan.startsAt = start
        plan.endsAt = start.addingTimeInterval(length)
        plan.askedAt = nil
        try ws.session.movePlan(id: id, startsAt: plan.startsAt, endsAt: plan.endsAt)
        return plan
    }

    /// "Move it" on the desktop, which cannot ask when: the same time a week later (or a week
    /// from now, if that is later still).
    public static func moveByAWeek(_ id: Int64, in ws: Workspace) throws -> PlannedCatchUp {
        let plan = try open(id, in: ws)
        let behind = max(0, ws.now.timeIntervalSince(plan.startsAt))
        let weeks = min(Int(behind / (7 * 86400)) + 1, 10_000)
        var start = ws.calendar.adding(days: 7 * weeks, to: plan.startsAt)
        if start <= ws.now { start = ws.calendar.adding(days: 7, to: start) }
        return try move(id, to: start, in: ws)
    }
}

// MARK: Plans that come in through the calendar collection of the vdir

extension Planning {
    /// UIDs of plans' events start with this (the other events of `calendar/` are connectd's own
    /// view of the schedule, written over at their next change).
    public static let uidPrefix = "plan-"

    /// An event of a plan changed outside (moved in a calendar program, or made on another
    /// machine): an open plan moves to the event's time (keeping its length when the event has
    /// no end), a new one is planned; a repeat is left out (a catch-up happens once) and said in
    /// `note`; a whole day, a time before 1970 or more than two years ahead is refused. The other
    /// events of `calendar/` are connectd's own view of the schedule: `.unchanged`.
    public static func apply(incoming event: CalendarEvent.Incoming, in ws: Workspace) throws -> (outcome: Syncing.Outcome, note: String?) {
        guard event.uid.hasPrefix(uidPrefix) else { return (.unchanged, nil) }
        guard let start = event.start, !event.allDay else { return (.refused("a planned catch-up needs a start time (DTSTART with a time of day)"), nil) }
        guard start.timeIntervalSince1970 >= 0, start.timeIntervalSince(ws.now) <= PlannedCatchUp.furthestAhead else {
            return (.refused("its start is before 1970 or more than two years ahead"), nil)
        }
        let length = event.end.map { $0.timeIntervalSince(start) }
        var notes: [String] = []
        if event.repeats { notes.append("a planned catch-up happens once: its repeat (RRULE) was left out; plan each with 'connectctl plan'") }
        if let zone = event.unknownZone { notes.append("its time zone \(CoreError.quote(zone)) is not one this machine knows, so its times were read in yours") }
        let said = notes.isEmpty ? nil : notes.joined(separator: "; ")
        if let plan = try ws.session.plan(uid: event.uid) {
            guard plan.state == .planned else { return (.unchanged, nil) }
            let end = start.addingTimeInterval(min(max(length ?? plan.endsAt.timeIntervalSince(plan.startsAt), 0), PlannedCatchUp.longestLength))
            guard abs(start.timeIntervalSince(plan.startsAt)) >= 1 || abs(end.timeIntervalSince(plan.endsAt)) >= 1 else { return (.unchanged, said) }
            try ws.session.movePlan(id: plan.id, startsAt: start, endsAt: end)
            return (.updated, said)
        }
        guard let personUID = event.person, let personID = try ws.session.personID(uid: personUID) else {
            return event.person == nil ? (.refused("the event names no person (X-CONNECTD-PERSON)"), nil) : (.waitingForPerson, nil)
        }
        let kind = event.kind.flatMap(InteractionKind.named) ?? .other
        let end = start.addingTimeInterval(min(max(length ?? PlannedCatchUp.defaultLength, 0), PlannedCatchUp.longestLength))
        let place = try? Person.optionalText(event.location, .place)
        let note = try? Person.optionalText(event.description.map(Self.ownNote), .note)
        _ = try ws.session.insertPlan(PlannedCatchUp(personID: personID, kind: kind, startsAt: start, endsAt: end, place: place ?? nil,
                                                     note: note ?? nil, uid: event.uid), personUID: personUID, at: ws.now)
        return (.added, said)
    }

    /// A plan's event was removed (in a calendar program, or by the sync after it happened or
    /// was cancelled on another machine): an open plan is cancelled.
    public static func removed(uid: String, in ws: Workspace) throws -> Syncing.Outcome {
        guard uid.hasPrefix(uidPrefix), let plan = try ws.session.plan(uid: uid), plan.state == .planned else { return .unchanged }
        try ws.session.closePlan(id: plan.id, .cancelled, interactionID: nil)
        return .removed
    }

    /// The line connectd adds to a plan's event after the user's note (the number is this
    /// machine's: the calendar collection's events leave it out).
    public static func answerLine(_ id: Int64?) -> String {
        id.map { "\(answerPrefix) \($0) (or cancel \($0), move \($0) WHEN)." } ?? "\(answerPrefix) N (connectctl planned lists them)."
    }

    static let answerPrefix = "Afterwards: connectctl happened"

    /// The user's note in an event's description: what comes before the line connectd adds.
    static func ownNote(_ description: String) -> String {
        description.components(separatedBy: "\n").filter { !$0.hasPrefix(answerPrefix) }.joined(separator: "\n")
    }
}
