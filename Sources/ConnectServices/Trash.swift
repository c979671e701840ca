import ConnectCore
import ConnectInterchange
import ConnectJSON
import ConnectStore
import Foundation

/// Removed people are kept 30 days before they are gone, so that `rm` of the wrong person is not
/// final: `restore` brings them back with their interactions, follow-ups, nudges and plans.
public enum Trash {
    public static let keep: TimeInterval = 30 * 86400

    /// Puts a person (with their interactions, follow-ups, nudges and plans) in the trash; the caller deletes them.
    static func keep(_ person: Person, interactions: Int, in ws: Workspace) throws {
        let history = try Exporting.history(personsAfter: person.id - 1, through: person.id, uids: [person.id: person.uid], in: ws)
        // The lunches others logged that they were at too: restoring puts them back at those.
        let attended = try ws.session.archivedInteractions(attendedBy: person.id).map {
            try Exporting.exported($0, uids: [person.id: person.uid], in: ws)
        }
        let document = ExportDocument(promptEpoch: nil, people: [Exporting.exported(person)], interactions: history.interactions + attended,
                                      nudges: history.nudges, prompts: [], followUps: history.followUps, plans: history.plans)
        let snapshot = String(decoding: try JSONEncoding.encode(document), as: UTF8.self)
        try ws.session.purgeTrash(before: ws.now.addingTimeInterval(-keep))
        try ws.session.insertTrash(personID: person.id, name: person.name, removedAt: ws.now, interactions: interactions, snapshot: snapshot)
    }

    /// What is in the trash, newest first.
    public static func list(in ws: Workspace) throws -> [TrashEntry] {
        try ws.session.trash(since: ws.now.addingTimeInterval(-keep), limit: 1000)
    }

    /// The person id of the one entry `query` names, as names are matched everywhere.
    private static func chosen(_ query: String, among entries: [TrashEntry]) throws -> Int64 {
        let candidates = entries.map { NameMatcher.Candidate(id: $0.personID, name: $0.name) }
        let result = Result { () throws(CoreError) in try NameMatcher.choose(query, among: candidates, total: nil) }
        if case .failure(.personNotFound) = result { throw ServiceError.notInTrash(query) }
        return try result.get()
    }

    /// Brings back the removed person `query` names (a unique prefix of a word of the name, as
    /// everywhere, or the id they had: `#12`, `12`), under the id they had, with their
    /// interactions, follow-ups and nudges, under their old name if it is free.
    public static func restore(_ query: String, in ws: Workspace) throws -> PersonView {
        let entries = try list(in: ws)
        let id = try NameMatcher.id(in: query) ?? chosen(query, among: entries)
        guard let entry = entries.first(where: { $0.personID == id }) else { throw ServiceError.notInTrash(query) }
        let document = try JSONValueDecoder().decode(ExportDocument.self, from: try JSONParser.parse(Array(entry.snapshot.utf8)))
        let keepIDs = document.people.first.map { [$0.uid: entry.personID] } ?? [:]
        var options = Importing.Options()
        options.matchUIDOnly = true
        _ = try Restoring.run(document, options: options, keepIDs: keepIDs, in: ws)
        try ws.session.deleteTrash(id: entry.id)
        guard let uid = document.people.first?.uid, let restoredID = try ws.session.personID(uid: uid),
              let person = try ws.session.person(id: restoredID) else { throw CoreError.personNotFound(query) }
        return ws.view(person, last: try ws.session.lastContact(personID: person.id))
    }
}
