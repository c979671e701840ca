import ConnectCore
import Foundation

extension StoreSession {
    /// Moves every interaction, follow-up, proposal, plan and nudge of `from` to `into` (two records of one
    /// person become one); returns how many interactions moved. The mirror hears of each moved
    /// item, and a nudge's item, named after its person, under its old name too.
    public func moveRecords(of from: Person, to into: Person) throws -> Int {
        let interactions = try all("SELECT interaction_id FROM interaction_of WHERE person_id = ?", [.integer(from.id)]) { $0.int64(0) }
        // Where both were (a lunch with the two of them), one stays.
        try change("""
            DELETE FROM interaction_with WHERE person_id = ?1 AND interaction_id IN (SELECT id FROM interaction WHERE person_id = ?2)
            """, [.integer(into.id), .integer(from.id)])
        try change("""
            DELETE FROM interaction_with WHERE person_id = ?2 AND interaction_id IN (SELECT interaction_id FROM interaction_of WHERE person_id = ?1)
            """, [.integer(into.id), .integer(from.id)])
        try change("UPDATE interaction SET person_id = ? WHERE person_id = ?", [.integer(into.id), .integer(from.id)])
        try change("UPDATE interaction_with SET person_id = ? WHERE person_id = ?", [.integer(into.id), .integer(from.id)])
        for id in interactions { changes.interaction(id) }
        try change("UPDATE follow_up SET person_id = ? WHERE person_id = ?", [.integer(into.id), .integer(from.id)])
        try change("UPDATE proposal SET person_id = ? WHERE person_id = ?", [.integer(into.id), .integer(from.id)])
        let plans = try all("SELECT id FROM plan WHERE person_id = ?", [.integer(from.id)]) { $0.int64(0) }
        try change("UPDATE plan SET person_id = ? WHERE person_id = ?", [.integer(into.id), .integer(from.id)])
        for id in plans { changes.plan(id) }
        let nudges = try all("SELECT id, due_since FROM nudge WHERE person_id = ?", [.integer(from.id)]) { ($0.int64(0), $0.date(1)) }
        try change("UPDATE nudge SET person_id = ? WHERE person_id = ?", [.integer(into.id), .integer(from.id)])
        for (id, dueSince) in nudges {
            changes.removedItem(uid: ItemIdentity.nudge(person: from.uid, dueSince: dueSince), isNudge: true)
            changes.nudge(id)
        }
        // Their files in the mirror are the other person's now: removing `from` leaves them.
        try change("UPDATE mirror_file SET person = ? WHERE person = ? AND name NOT LIKE 'people/%'", [.text(into.uid), .text(from.uid)])
        changes.card(into.id)
        return interactions.count
    }
}
