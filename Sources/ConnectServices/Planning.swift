import ConnectCore
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

    /// What is coming: open plans that start in the next `days` days, and those over but not
    /// answered yet (the earliest first, at most `limit`).
    public static func coming(days: Int, limit: Int, in ws: Workspace) throws -> [(plan: PlannedCatchUp, name: String)] {
        try ws.session.openPlans(startingFrom: .distantPast, until: ws.now.addingTimeInterval(Double(days) * 86400), limit: limit)
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
        var start = ws.calendar.adding(days: 7, to: plan.startsAt)
        while start <= ws.now { start = ws.calendar.adding(days: 7, to: start) }
        return try move(id, to: start, in: ws)
    }
}
