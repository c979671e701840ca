import ConnectCore
import Foundation

/// A row of the search index that matched a query: the table it stands for and the row's id
/// (the index's rowid is id * 4 + source, schema v17).
public struct SearchMatch: Equatable, Sendable {
    public enum Source: Int64, Sendable {
        case person = 0, interaction = 1, followUp = 2, reflection = 3
    }

    public var source: Source
    public var id: Int64
}

extension StoreSession {
    /// The rows matching `query` (FTS5 query syntax, as `Search` writes it), at most `limit`, and
    /// how many match, counted up to `rankable` + 1. Up to `rankable` matches are ranked best
    /// first (bm25 reads every match); beyond, the newest come unranked, so that a word in half
    /// of a million notes costs a bounded read, not seconds of the loop.
    public func searchMatches(_ query: String, limit: Int, rankable: Int) throws -> (matches: [SearchMatch], counted: Int) {
        let counted = try first("SELECT count(*) FROM (SELECT rowid FROM search WHERE search MATCH ? LIMIT ?)",
                                [.text(query), .integer(Int64(rankable) + 1)]) { $0.int(0) } ?? 0
        let order = counted <= rankable ? "bm25(search), rowid" : "rowid DESC"
        let matches = try all("SELECT rowid FROM search WHERE search MATCH ? ORDER BY \(order) LIMIT ?",
                              [.text(query), .integer(Int64(limit))]) { row -> SearchMatch? in
            let rowid = row.int64(0)
            guard rowid >= 0, let source = SearchMatch.Source(rawValue: rowid & 3) else { return nil }
            return SearchMatch(source: source, id: rowid >> 2)
        }
        return (matches.compactMap { $0 }, counted)
    }

    /// One interaction and the name of the person it was with.
    public func interaction(id: Int64) throws -> (interaction: Interaction, personName: String)? {
        try first("""
            SELECT \(Self.interactionColumns(subject: "i.person_id")), p.name FROM interaction i JOIN person p ON p.id = i.person_id
            WHERE i.id = ?
            """, [.integer(id)]) { (Self.interaction($0), $0.text(Self.interactionColumnCount)) }
    }

    /// One follow-up, open or closed, and the name of its person.
    public func followUp(id: Int64) throws -> (followUp: FollowUp, personName: String)? {
        try first("SELECT \(Self.followUpColumns), p.name FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.id = ?",
                  [.integer(id)]) { (Self.followUp($0), $0.text(5)) }
    }

    /// One reflection: what you answered and when.
    public func reflection(id: Int64) throws -> (answer: String, answeredAt: Date)? {
        try first("SELECT answer, answered_at FROM reflection WHERE id = ?", [.integer(id)]) { ($0.text(0), $0.date(1)) }
    }
}
