import ConnectCore
import Foundation

/// A contact found in what you sent, offered as "log it?" (`Detecting`).
public struct ProposalRecord: Equatable, Sendable {
    public var id: Int64 = 0
    public let personID: Int64
    public let address: String
    public let kind: InteractionKind
    public let at: Date
    public let source: String
    public let sourceKey: String
    public let subject: String?

    public init(personID: Int64, address: String, kind: InteractionKind, at: Date, source: String, sourceKey: String, subject: String?) {
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
    private static let proposalColumns = "id, person_id, address, kind, at, source, source_key, subject"

    /// Inserts an open proposal unless one with its `sourceKey` exists (of any status): its id
    /// if inserted, nil if the key was there.
    public func insertProposal(_ proposal: ProposalRecord, at now: Date) throws -> Int64? {
        let before = totalChanges
        try change("""
            INSERT OR IGNORE INTO proposal (person_id, address, kind, at, source, source_key, subject, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(proposal.personID), .text(proposal.address), .text(proposal.kind.rawValue), .date(proposal.at), .text(proposal.source),
                  .text(proposal.sourceKey), .optional(proposal.subject), .date(now)])
        return totalChanges > before ? lastInsertedRowID : nil
    }

    /// The open proposals, oldest first, at most `limit`, with the person's name; and how many are open.
    public func openProposals(limit: Int) throws -> (items: [(proposal: ProposalRecord, name: String)], total: Int) {
        let items = try all("""
            SELECT \(Self.proposalColumns.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")), person.name
            FROM proposal p JOIN person ON person.id = p.person_id WHERE p.status = 'open' ORDER BY p.at, p.id LIMIT ?
            """, [.integer(Int64(max(0, limit)))]) { (Self.proposal($0), $0.text(8)) }
        let total = try first("SELECT count(*) FROM proposal WHERE status = 'open'") { $0.int(0) } ?? 0
        return (items, total)
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
        try all("""
            SELECT \(Self.proposalColumns.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")), person.name
            FROM proposal p JOIN person ON person.id = p.person_id WHERE p.status = 'open' ORDER BY p.id DESC LIMIT ?
            """, [.integer(Int64(max(0, limit)))]) { (Self.proposal($0), $0.text(8)) }
    }

    /// The other open proposals of the message or meeting this one came from (its key without
    /// the person at the end), by person.
    public func openProposals(sameMessageAs proposal: ProposalRecord) throws -> [ProposalRecord] {
        guard let cut = proposal.sourceKey.lastIndex(of: ":") else { return [] }
        let prefix = String(proposal.sourceKey[...cut])
        return try all("""
            SELECT \(Self.proposalColumns) FROM proposal WHERE source_key > ? AND source_key < ? AND status = 'open' AND id != ? ORDER BY person_id LIMIT 64
            """, [.text(prefix), .text(prefix.dropLast() + ";"), .integer(proposal.id)]) { Self.proposal($0) }
    }

    public func proposal(id: Int64) throws -> ProposalRecord? {
        try first("SELECT \(Self.proposalColumns) FROM proposal WHERE id = ?", [.integer(id)]) { Self.proposal($0) }
    }

    /// How many proposals are open, counted up to `cap` (what `status` shows stays cheap however
    /// many a first reading left).
    public func openProposalCount(cap: Int) throws -> Int {
        try counts.value("open proposals \(cap)", on: db) {
            try first("SELECT count(*) FROM (SELECT 1 FROM proposal WHERE status = 'open' LIMIT ?)", [.integer(Int64(cap))]) { $0.int(0) } ?? 0
        }
    }

    public func openProposal(id: Int64) throws -> ProposalRecord? {
        try first("SELECT \(Self.proposalColumns) FROM proposal WHERE id = ? AND status = 'open'", [.integer(id)]) { Self.proposal($0) }
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
            SELECT EXISTS (SELECT 1 FROM interaction_of WHERE person_id = ?1 AND at >= ?2 AND at < ?3)
                OR EXISTS (SELECT 1 FROM proposal WHERE person_id = ?1 AND at >= ?2 AND at < ?3 AND status != 'dismissed')
            """, [.integer(personID), .date(start), .date(end)]) { $0.bool(0) } ?? false
    }

    /// Whether the person has an interaction on the local day [start, end).
    public func hasInteraction(personID: Int64, from start: Date, until end: Date) throws -> Bool {
        try first("SELECT 1 FROM interaction_of WHERE person_id = ? AND at >= ? AND at < ? LIMIT 1",
                  [.integer(personID), .date(start), .date(end)]) { _ in true } ?? false
    }

    private static func proposal(_ row: SQLRow) -> ProposalRecord {
        var proposal = ProposalRecord(personID: row.int64(1), address: row.text(2), kind: InteractionKind(rawValue: row.text(3)) ?? .email,
                                      at: row.date(4), source: row.text(5), sourceKey: row.text(6), subject: row.optionalText(7))
        proposal.id = row.int64(0)
        return proposal
    }
}
