import ConnectCore
import ConnectInterchange
import ConnectJSON
import ConnectStore
import Foundation

/// Removed people are kept 30 days before they are gone, so that `rm` of the wrong person is not
/// final: `restore` brings them back with their interactions, follow-ups and nudges.
public enum Trash {
    public static let keep: TimeInterval = 30 * 86400

    /// Puts a person (with their interactions, follow-ups and nudges) in the trash; the caller deletes them.
    static func keep(_ person: Person, interactions: Int, in ws: Workspace) throws {
        let history = try Exporting.history(personsAfter: person.id - 1, through: person.id, uids: [person.id: person.uid], in: ws)
        let document = ExportDocument(promptEpoch: nil, people: [Exporting.exported(person)], interactions: history.interactions,
                                      nudges: history.nudges, prompts: [], followUps: history.followUps)
        let snapshot = String(decoding: try JSONEncoding.encode(document), as: UTF8.self)
        try ws.session.purgeTrash(before: ws.now.addingTimeInterval(-keep))
        try ws.session.insertTrash(name: person.name, removedAt: ws.now, interactions: interactions, snapshot: snapshot)
    }

    /// What is in the trash, newest first.
    public static func list(in ws: Workspace) throws -> [TrashEntry] {
        try ws.session.trash(since: ws.now.addingTimeInterval(-keep), limit: 1000)
    }

    /// Brings back the removed person `query` names (a unique prefix of a word of the name, as
    /// everywhere, or the trash entry's number): with their interactions and nudges, under their old name if it is free.
    public static func restore(_ query: String, in ws: Workspace) throws -> PersonView {
        let entries = try list(in: ws)
        let candidates = entries.map { NameMatcher.Candidate(id: $0.id, name: $0.name) }
        // "#3" or "3": the trash's own number, as `trash` and an ambiguous name show it (names
        // cannot look like ids).
        let number = Int64(query.hasPrefix("#") ? String(query.dropFirst()) : query)
        let id = try number.flatMap { n in entries.contains { $0.id == n } ? n : nil } ?? NameMatcher.choose(query, among: candidates, total: nil)
        guard let entry = entries.first(where: { $0.id == id }) else { throw CoreError.personNotFound(query) }
        let document = try JSONValueDecoder().decode(ExportDocument.self, from: try JSONParser.parse(Array(entry.snapshot.utf8)))
        _ = try Restoring.run(document, options: Importing.Options(), in: ws)
        try ws.session.deleteTrash(id: entry.id)
        guard let uid = document.people.first?.uid, let restoredID = try ws.session.personID(uid: uid),
              let person = try ws.session.person(id: restoredID) else { throw CoreError.personNotFound(query) }
        return ws.view(person, last: try ws.session.lastContact(personID: person.id))
    }
}
