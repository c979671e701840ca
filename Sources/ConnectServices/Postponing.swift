import ConnectCore
import ConnectStore
import Foundation

/// Snooze and skip: move the person's next due instant (never earlier) and close their open nudge.
public enum Postponing {
    public static func snooze(_ person: Person, for duration: Cadence, in ws: Workspace) throws -> Postponed {
        guard person.scheduledCadence != nil else { throw ServiceError.notScheduled(name: person.name, id: person.id, ignored: person.ignored) }
        let due = ws.live.schedule.dueAt(person.id)
        guard let until = Postponement.snooze(currentDue: due, duration: duration, now: ws.now, calendar: ws.calendar) else {
            return Postponed(person: ws.view(person, last: try ws.session.lastContact(personID: person.id)),
                             until: due ?? ws.now, changed: false, closedNudges: 0)
        }
        return try postpone(person, to: until, status: .snoozed, in: ws)
    }

    public static func skip(_ person: Person, in ws: Workspace) throws -> Postponed {
        guard let cadence = person.scheduledCadence else { throw ServiceError.notScheduled(name: person.name, id: person.id, ignored: person.ignored) }
        let until = Postponement.skip(currentDue: ws.live.schedule.dueAt(person.id), cadence: cadence, now: ws.now, calendar: ws.calendar)
        return try postpone(person, to: until, status: .skipped, in: ws)
    }

    /// The nudge behind a desktop notification: snoozed or skipped by its id.
    static func postpone(_ person: Person, to until: Date, status: NudgeRecord.Status, in ws: Workspace) throws -> Postponed {
        let hadOpenNudge = ws.live.schedule[person.id]?.openNudgeSince != nil
        try ws.session.setDueOverride(personID: person.id, until, revised: ws.now)
        var updated = person
        updated.dueOverride = until
        let closed = hadOpenNudge ? try ws.session.closeOpenNudges(personID: person.id, status: status, at: ws.now) : 0
        ws.emit(status == .snoozed ? .nudgeSnoozed(updated, until: until) : .nudgeSkipped(updated, until: until))
        return Postponed(person: ws.view(updated, last: try ws.session.lastContact(personID: person.id)), until: until,
                         changed: true, closedNudges: closed)
    }
}
