import ConnectCore
import ConnectStore
import Foundation

/// Logging that you connected with someone: it resets their clock, clears a snooze or skip,
/// closes their open nudge, closes and adds follow-ups, and makes someone you wanted to meet a
/// regular on their cadence, all in the request's transaction.
public enum InteractionLog {
    /// `next`: follow-ups to remember; `closes`: numbers of open follow-ups now done (1 = oldest).
    public static func log(_ person: Person, kind: InteractionKind, at: Date, note: String?, next: [String], closes: [Int],
                           in ws: Workspace) throws -> LoggedInteraction {
        var logged = try log(person, kind: kind, at: at, note: note, uid: "", in: ws)
        let (closed, open) = try FollowUps.update(person, closing: closes, adding: next, promisedAt: at, at: ws.now, in: ws)
        logged.closedFollowUps = closed
        logged.openFollowUps = open
        return logged
    }

    /// `uid`: the interaction's name on another machine (empty: a new one).
    static func log(_ person: Person, kind: InteractionKind, at: Date, note: String?, uid: String, in ws: Workspace) throws -> LoggedInteraction {
        // What memory knows before this write (read first: nothing to catch up on yet).
        let hadOpenNudge = ws.live.schedule[person.id]?.openNudgeSince != nil
        let interaction = try ws.session.insertInteraction(Interaction(personID: person.id, kind: kind, at: at, note: note, uid: uid),
                                                           loggedAt: ws.now, personUID: person.uid)
        var updated = person
        if person.wantToMeet {
            // The first contact: from now on they are nudged on their cadence.
            updated.wantToMeet = false
            updated.revisedAt = ws.now
            try ws.session.updatePerson(updated, previous: person)
        }
        if updated.dueOverride != nil {
            try ws.session.setDueOverride(personID: person.id, nil, revised: ws.now)
            updated.dueOverride = nil
        }
        let closed = hadOpenNudge ? try ws.session.closeOpenNudges(personID: person.id, status: .done, at: ws.now) : 0
        if updated.news != nil {
            // You were in touch: the news has been heard.
            updated.news = nil
            try ws.session.setNews(personID: person.id, nil)
        }
        if closed > 0 { ws.emit(.nudgeDone(updated, kind: kind)) }
        let latest = ws.live.schedule[person.id]?.lastContact
        let last = latest == at ? LastContact(at: at, kind: kind, note: interaction.note) : try ws.session.lastContact(personID: person.id)
        return LoggedInteraction(interaction: interaction, person: ws.view(updated, last: last), closedNudges: closed, closedFollowUps: [],
                                 openFollowUps: [])
    }

    /// Interactions, newest first: of one person, or of everyone with their names.
    public static func history(of person: Person?, limit: Int, in ws: Workspace) throws -> [(interaction: Interaction, personName: String)] {
        guard let person else { return try ws.session.recentInteractions(limit: limit) }
        return try ws.session.interactions(personID: person.id, limit: limit).map { ($0, person.name) }
    }
}
