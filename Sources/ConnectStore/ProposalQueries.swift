import ConnectCore
import Foundation

/// A contact found in what you sent, offered as "log it?", or someone you wrote to several times
/// who is not among your people, offered as "add them?" (no person; `Detecting`).
public struct ProposalRecord: Equatable, Sendable {
    public var id: Int64 = 0
    /// Nil: a proposal to add the person at `address`.
    public let personID: Int64?
    public let address: String
    public let kind: InteractionKind
    public let at: Date
    public let source: String
    public let sourceKey: String
    public let subject: String?
    /// A proposal to add someone: how many of your messages to them are remembered (90 days).
    public var seen: Int?

    public init(personID: Int64?, address: String, kind: InteractionKind, at: Date, source: String, sourceKey: String, subject: String?) {
        self.personID = personID
        self.address = address
        self.kind = kind
        self.at = at
        self.source = source
        self.sourceKey = sourceKey
        self.subject = subject
    }
}

extension StoreSession {

    /// Inserts an open proposal unless one with its `sourceKey` exists (of any status): its id
    /// if inserted, nil if the key was there.
    public func insertProposal(_ proposal: ProposalRecord, at now: Date) throws -> Int64? {
        let before = totalChanges
        try change("""
            INSERT OR IGNORE INTO proposal (person_id, address, kind, at, source, source_key, subject, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [proposal.personID.map { .integer($0) } ?? .null, .text(proposal.address), .text(proposal.kind.rawValue), .date(proposal.at), .text(proposal.source),
                  .text(proposal.sourceKey), .optional(proposal.subject), .date(now)])
        return totalChanges > before ? lastInsertedRowID : nil
    }

    /// The columns of `proposal(_:)` from `proposal p`, then the person's name (a proposal to add
    /// someone: their address).
    private static let listedColumns = """
        p.id, p.person_id, p.address, p.kind, p.at, p.source, p.source_key, p.subject,
            CASE WHEN p.person_id IS NULL THEN (SELECT count(*) FROM detect_sighting s WHERE s.address = p.address) END,
            coalesce(person.name, p.address)
        FROM proposal p LEFT JOIN person ON person.id = p.person_id
        """

    /// The open proposals, oldest first, at most `limit`, with the person's name; and how many are open.
    public func openProposals(limit: Int) throws -> (items: [(proposal: ProposalRecord, name: String)], total: Int) {
        let items = try all("SELECT \(Self.listedColumns) WHERE p.status = 'open' ORDER BY p.at, p.id LIMIT ?",
                            [.integer(Int64(max(0, limit)))]) { (Self.proposal($0), $0.text(9)) }
        let total = try first("SELECT count(*) FROM proposal WHERE status = 'open'") { $0.int(0) } ?? 0
        return (items, total)
    }

    /// The ids of the open proposals of contacts (not of people to add), oldest first, at most `limit`.
    public func openContactProposalIDs(limit: Int) throws -> [Int64] {
        try all("SELECT id FROM proposal WHERE status = 'open' AND person_id IS NOT NULL ORDER BY at, id LIMIT ?", [.integer(Int64(max(0, limit)))]) {
            $0.int64(0)
        }
    }

    /// The ids of the open proposals up to `upTo`, newest first (the ones a notification named
    /// come before older ones), at most `limit`.
    public func openProposalIDs(upTo: Int64, limit: Int) throws -> [Int64] {
        try all("SELECT id FROM proposal WHERE status = 'open' AND id <= ? ORDER BY id DESC LIMIT ?", [.integer(upTo), .integer(Int64(max(0, limit)))]) {
            $0.int64(0)
        }
    }

    /// The newest open proposals, newest first, at most `limit`, with the person's name.
    public func newestOpenProposals(limit: Int) throws -> [(proposal: ProposalRecord, name: String)] {
        try all("SELECT \(Self.listedColumns) WHERE p.status = 'open' ORDER BY p.id DESC LIMIT ?",
                [.integer(Int64(max(0, limit)))]) { (Self.proposal($0), $0.text(9)) }
    }

    /// The other open proposals of the message or meeting this one came from (its key without
    /// the person at the end), by person.
    public func openProposals(sameMessageAs proposal: ProposalRecord) throws -> [ProposalRecord] {
        guard let cut = proposal.sourceKey.lastIndex(of: ":") else { return [] }
        let prefix = String(proposal.sourceKey[...cut])
        return try all("""
            SELECT \(Self.listedColumns) WHERE p.source_key > ? AND p.source_key < ? AND p.status = 'open' AND p.id != ? ORDER BY p.person_id LIMIT 64
            """, [.text(prefix), .text(prefix.dropLast() + ";"), .integer(proposal.id)]) { Self.proposal($0) }
    }

    public func proposal(id: Int64) throws -> ProposalRecord? {
        try first("SELECT \(Self.listedColumns) WHERE p.id = ?", [.integer(id)]) { Self.proposal($0) }
    }

    /// How many proposals are open, counted up to `cap` (what `status` shows stays cheap however
    /// many a first reading left).
    public func openProposalCount(cap: Int) throws -> Int {
        try counts.value("open proposals \(cap)", on: db) {
            try first("SELECT count(*) FROM (SELECT 1 FROM proposal WHERE status = 'open' LIMIT ?)", [.integer(Int64(cap))]) { $0.int(0) } ?? 0
        }
    }

    public func openProposal(id: Int64) throws -> ProposalRecord? {
        try first("SELECT \(Self.listedColumns) WHERE p.id = ? AND p.status = 'open'", [.integer(id)]) { Self.proposal($0) }
    }

    // MARK: Addresses nobody has

    /// How long a month is for "several times in a month" (30 days).
    public static let sightingMonth: TimeInterval = 30 * 86400

    /// Notes that a message went to an address nobody has (once per message and address),
    /// unless you said never to propose it: whether it was noted now.
    public func noteSighting(address: String, at: Date, kind: InteractionKind, source: String, messageKey: String, subject: String?) throws -> Bool {
        let before = totalChanges
        try change("""
            INSERT OR IGNORE INTO detect_sighting (address, at, message_key, kind, source, subject)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM detect_never WHERE address = ?1)
            """, [.text(address), .date(at), .text(messageKey), .text(kind.rawValue), .text(source), .optional(subject)])
        return totalChanges > before
    }

    /// Which of these addresses have at least `count` messages noted and no proposal to add
    /// them yet (one statement for a reading's batch).
    public func addressesSeen(atLeast count: Int, among addresses: [String]) throws -> [String] {
        guard !addresses.isEmpty else { return [] }
        return try all("""
            SELECT s.address FROM json_each(?) j JOIN detect_sighting s ON s.address = j.value
            WHERE NOT EXISTS (SELECT 1 FROM proposal WHERE source_key = 'add:' || s.address)
            GROUP BY s.address HAVING count(*) >= ? ORDER BY s.address
            """, [.text(Self.jsonList(Array(Set(addresses)))), .integer(Int64(count))]) { $0.text(0) }
    }

    /// The messages to the address, oldest first (at most `limit`): they become its person's
    /// contacts once they are added.
    public func sightings(address: String, limit: Int) throws
        -> [(at: Date, kind: InteractionKind, source: String, messageKey: String, subject: String?)] {
        try all("SELECT at, kind, source, message_key, subject FROM detect_sighting WHERE address = ? ORDER BY at LIMIT ?",
                [.text(address), .integer(Int64(limit))]) {
            ($0.date(0), InteractionKind(rawValue: $0.text(1)) ?? .email, $0.text(2), $0.text(3), $0.optionalText(4))
        }
    }

    /// An open proposal to add the person at this address is accepted (they were added another way).
    public func settleAddProposal(address: String) throws {
        try change("UPDATE proposal SET status = 'accepted' WHERE source_key = ? AND status = 'open'", [.text("add:" + address)])
    }

    public func forgetSightings(address: String) throws {
        try change("DELETE FROM detect_sighting WHERE address = ?", [.text(address)])
    }

    /// Sightings older than `before` are forgotten (a scan: once a reading).
    public func forgetSightings(before: Date) throws {
        try change("DELETE FROM detect_sighting WHERE at < ?", [.date(before)])
    }

    /// The person's open proposals found at this address are dropped (the address is not theirs any more).
    public func dismissOpenProposals(personID: Int64, address: String) throws {
        try change("UPDATE proposal SET status = 'dismissed' WHERE person_id = ? AND address = ? AND status = 'open'", [.integer(personID), .text(address)])
    }

    public func setProposalStatus(id: Int64, _ status: String) throws {
        try change("UPDATE proposal SET status = ? WHERE id = ?", [.text(status), .integer(id)])
    }

    /// Addresses never to propose again (lowercase).
    public func neverPropose(_ address: String) throws {
        try change("INSERT OR IGNORE INTO detect_never (address) VALUES (?)", [.text(address)])
    }

    /// Where a log was read up to: the file (its inode), the offset, a mark of the bytes before
    /// it, and the year and month of the line that ends there.
    public struct DetectCursor: Equatable, Sendable {
        public var file: Int64
        public var offset: Int64
        public var mark: String
        public var year: Int
        public var month: Int

        public init(file: Int64, offset: Int64, mark: String, year: Int, month: Int) {
            self.file = file
            self.offset = offset
            self.mark = mark
            self.year = year
            self.month = month
        }
    }

    public func detectCursor(_ source: String) throws -> DetectCursor? {
        try first("SELECT file, offset, mark, year, month FROM detect_cursor WHERE source = ?", [.text(source)]) {
            DetectCursor(file: $0.int64(0), offset: $0.int64(1), mark: $0.text(2), year: $0.int(3), month: $0.int(4))
        }
    }

    public func setDetectCursor(_ source: String, _ cursor: DetectCursor) throws {
        try change("""
            INSERT INTO detect_cursor (source, file, offset, mark, year, month) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(source) DO UPDATE SET file = excluded.file, offset = excluded.offset, mark = excluded.mark, year = excluded.year, month = excluded.month
            """, [.text(source), .integer(cursor.file), .integer(cursor.offset), .text(cursor.mark), .integer(Int64(cursor.year)), .integer(Int64(cursor.month))])
    }

    /// The people with this address, unless you said never to propose it (one statement: a
    /// first pass over a large mailbox asks this for every recipient).
    public func proposablePersonIDs(email address: String) throws -> [Int64] {
        try all("""
            SELECT person_id FROM person_email WHERE email = ?1 AND NOT EXISTS (SELECT 1 FROM detect_never WHERE address = ?1)
            ORDER BY person_id
            """, [.text(address)]) { $0.int64(0) }
    }

    /// Whether the person has an interaction, or a proposal not dismissed, on the local day [start, end).
    public func hasContactOrProposal(personID: Int64, from start: Date, until end: Date) throws -> Bool {
        try first("""
            SELECT EXISTS (SELECT 1 FROM interaction WHERE person_id = ?1 AND at >= ?2 AND at < ?3)
                OR EXISTS (SELECT 1 FROM proposal WHERE person_id = ?1 AND at >= ?2 AND at < ?3 AND status != 'dismissed')
                OR EXISTS (\(Self.sharedInteraction))
            """, [.integer(personID), .date(start), .date(end)]) { $0.bool(0) } ?? false
    }

    /// Whether the person has an interaction on the local day [start, end).
    public func hasInteraction(personID: Int64, from start: Date, until end: Date) throws -> Bool {
        try first("SELECT EXISTS (SELECT 1 FROM interaction WHERE person_id = ?1 AND at >= ?2 AND at < ?3) OR EXISTS (\(Self.sharedInteraction))",
                  [.integer(personID), .date(start), .date(end)]) { $0.bool(0) } ?? false
    }

    /// An interaction others logged that person ?1 was at, in [?2, ?3): asked once per person
    /// and day of a first reading, so each part is its own index probe (not the view, which
    /// SQLite materializes).
    private static let sharedInteraction = """
        SELECT 1 FROM interaction_with w JOIN interaction i ON i.id = w.interaction_id WHERE w.person_id = ?1 AND i.at >= ?2 AND i.at < ?3
        """

    private static func proposal(_ row: SQLRow) -> ProposalRecord {
        var proposal = ProposalRecord(personID: row.isNull(1) ? nil : row.int64(1), address: row.text(2), kind: InteractionKind(rawValue: row.text(3)) ?? .email,
                                      at: row.date(4), source: row.text(5), sourceKey: row.text(6), subject: row.optionalText(7))
        proposal.id = row.int64(0)
        if !row.isNull(8) { proposal.seen = row.int(8) }
        return proposal
    }
}
