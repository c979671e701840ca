import ConnectCore
import ConnectStore
import Foundation

/// Logging that you connected with someone: it resets their clock, clears a snooze or skip,
/// closes their open nudge, closes and adds follow-ups, and makes someone you wanted to meet a
/// regular on their cadence, all in the request's transaction. A lunch with Ada and Grace is one
/// interaction, and does all of that for each of them.
public enum InteractionLog {
    /// The most people one interaction is with (a dinner party, not a mailing list).
    public static let maxPeople = 50

    /// `with`: the others who were there; `next`: follow-ups to remember (the person's, the first
    /// named); `closes`: numbers of their open follow-ups now done (1 = oldest).
    public static func log(_ person: Person, with others: [Person] = [], kind: InteractionKind, at: Date, note: String?, next: [String],
                           closes: [Int], in ws: Workspace) throws -> LoggedInteraction {
        var logged = try log(person, with: others, kind: kind, at: at, note: note, uid: "", in: ws)
        let (closed, open) = try FollowUps.update(person, closing: closes, adding: next, promisedAt: at, at: ws.now, in: ws)
        logged.closedFollowUps = closed
        logged.openFollowUps = open
        return logged
    }

    /// `uid`: the interaction's name on another machine (empty: a new one).
    static func log(_ person: Person, with others: [Person] = [], kind: InteractionKind, at: Date, note: String?, uid: String,
                    in ws: Workspace) throws -> LoggedInteraction {
        var everyone = [person]
        for other in others where !everyone.contains(where: { $0.id == other.id }) { everyone.append(other) }
        guard everyone.count <= maxPeople else { throw ServiceError.tooManyPeople(everyone.count, most: maxPeople) }
        // What memory knows before this write (read first: nothing to catch up on yet).
        let hadOpenNudge = Set(everyone.filter { ws.live.schedule[$0.id]?.openNudgeSince != nil }.map(\.id))
        let interaction = try ws.session.insertInteraction(
            Interaction(personID: person.id, kind: kind, at: at, note: note, uid: uid,
                        with: everyone.dropFirst().map { Interaction.Companion(id: $0.id, name: $0.name) }),
            loggedAt: ws.now, personUID: person.uid)
        var views: [PersonView] = []
        var closedNudges = 0
        for someone in everyone {
            let (view, closed) = try counted(someone, kind: kind, at: at, note: note, hadOpenNudge: hadOpenNudge.contains(someone.id), in: ws)
            views.append(view)
            closedNudges += closed
        }
        return LoggedInteraction(interaction: interaction, person: views[0], others: Array(views.dropFirst()), closedNudges: closedNudges,
                                 closedFollowUps: [], openFollowUps: [])
    }

    /// What a contact does to one person who was there: someone you wanted to meet is met, a
    /// snooze or skip and the news are over, their open nudge is done.
    private static func counted(_ person: Person, kind: InteractionKind, at: Date, note: String?, hadOpenNudge: Bool,
                                in ws: Workspace) throws -> (PersonView, closedNudges: Int) {
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
        let last = latest == at ? LastContact(at: at, kind: kind, note: note) : try ws.session.lastContact(personID: person.id)
        return (ws.view(updated, last: last), closed)
    }

    /// Interactions, newest first: of one person (theirs and the ones they were at), or of
    /// everyone with the name of the person each was logged for.
    public static func history(of person: Person?, limit: Int, in ws: Workspace) throws -> [(interaction: Interaction, personName: String)] {
        guard let person else { return try ws.session.recentInteractions(limit: limit) }
        return try ws.session.interactions(personID: person.id, limit: limit).map { ($0, person.name) }
    }
}
