import ConnectCore
import ConnectStore
import Foundation

/// What you promised to do next time ("send her the onboarding article"): added when you log an
/// interaction (`--next`), shown with the person and led with in their next nudge, closed by
/// number when you log again (`--closes 1`, numbers as `show` lists them, oldest first).
public enum FollowUps {
    /// Closes the person's open follow-ups numbered `numbers` (1 = oldest), then adds `texts`,
    /// promised when the interaction was (`promisedAt`, not when it was typed). Returns how many
    /// were closed and what is open after.
    static func update(_ person: Person, closing numbers: [Int], adding texts: [String], promisedAt: Date, at now: Date,
                       in ws: Workspace) throws -> (closed: [String], open: [FollowUp]) {
        var open = try ws.session.openFollowUps(personID: person.id)
        var closing = Set<Int64>()
        for number in numbers {
            guard number >= 1, number <= open.count else {
                throw ServiceError.noSuchFollowUp(name: person.name, number: number, open: open.count)
            }
            closing.insert(open[number - 1].id)
        }
        for id in closing { try ws.session.closeFollowUp(id: id, at: now) }
        let closed = open.filter { closing.contains($0.id) }.map(\.text)
        open.removeAll { closing.contains($0.id) }
        for text in texts { open.append(try ws.session.insertFollowUp(personID: person.id, text: text, at: min(promisedAt, now))) }
        return (closed, open)
    }

    /// Adds a follow-up without an interaction ("ask about her move"); the person's open ones after.
    public static func add(_ text: String, to person: Person, in ws: Workspace) throws -> [FollowUp] {
        try update(person, closing: [], adding: [text], promisedAt: ws.now, at: ws.now, in: ws).open
    }

    /// Everyone's open follow-ups, oldest first, and how many there are.
    public static func list(limit: Int, in ws: Workspace) throws -> (items: [(followUp: FollowUp, personName: String, number: Int)], total: Int) {
        try ws.session.openFollowUps(limit: limit)
    }
}
