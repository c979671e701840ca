import ConnectCore
import ConnectStore
import Foundation

/// Logging that you connected with someone: it resets their clock, clears a snooze or skip and
/// closes their open nudge, all in the request's transaction.
public enum InteractionLog {
    public static func log(_ query: String, kind: InteractionKind, at: Date, note: String?, in ws: Workspace) throws -> LoggedInteraction {
        try log(ws.session.findPerson(query), kind: kind, at: at, note: note, uid: "", in: ws)
    }

    /// `uid`: the interaction's name on another machine (empty: a new one).
    static func log(_ person: Person, kind: InteractionKind, at: Date, note: String?, uid: String, in ws: Workspace) throws -> LoggedInteraction {
        let interaction = try ws.session.insertInteraction(Interaction(personID: person.id, kind: kind, at: at, note: note, uid: uid),
                                                           loggedAt: ws.now)
        var updated = person
        var closed = 0
        if var entry = ws.live.schedule[person.id] {
            if entry.dueOverride != nil {
                try ws.session.setDueOverride(personID: person.id, nil, revised: ws.now)
                entry.dueOverride = nil
                updated.dueOverride = nil
            }
            if entry.openNudgeSince != nil {
                closed = try ws.session.closeOpenNudges(personID: person.id, status: .done, at: ws.now)
                entry.openNudgeSince = nil
            }
            entry.lastContact = max(entry.lastContact ?? at, at)
            entry.scheduledAt = ws.now
            ws.live.setEntry(entry)
        }
        ws.live.addInteractions(1)
        if updated.news != nil {
            // You were in touch: the news has been heard.
            updated.news = nil
            try ws.session.setNews(personID: person.id, nil)
        }
        if closed > 0 { ws.emit(.nudgeDone(updated, kind: kind)) }
        let latest = ws.live.schedule[person.id]?.lastContact
        let last = latest == at ? LastContact(at: at, kind: kind, note: interaction.note) : try ws.session.lastContact(personID: person.id)
        return LoggedInteraction(interaction: interaction, person: ws.view(updated, last: last), closedNudges: closed)
    }

    /// Interactions, newest first: of one person, or of everyone with their names.
    public static func history(_ query: String?, limit: Int, in ws: Workspace) throws -> [(interaction: Interaction, personName: String)] {
        guard let query else { return try ws.session.recentInteractions(limit: limit) }
        let person = try ws.session.findPerson(query)
        return try ws.session.interactions(personID: person.id, limit: limit).map { ($0, person.name) }
    }
}
