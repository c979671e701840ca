import ConnectCore
import Foundation

/// What the vdir mirror last wrote or read, file by file: the file's etag (mtime and inode: a
/// different one means someone else wrote it) and the hash of what connectd wrote for it (the
/// same hash again means there is nothing to write). With the person it belongs to, so that a
/// removed person's files go with them.
public struct MirrorFile: Equatable, Sendable {
    public var name: String
    public var person: String?
    public var etag: String
    public var hash: String

    public init(name: String, person: String?, etag: String, hash: String) {
        self.name = name
        self.person = person
        self.etag = etag
        self.hash = hash
    }
}

/// A reflection answer with what its mirror item says.
public struct MirroredReflection: Equatable, Sendable {
    public var id: Int64
    public var uid: String
    public var answer: String
    public var answeredAt: Date
    public var slot: Date
    public var prompt: String
}

extension StoreSession {
    public func personUID(id: Int64) throws -> String? {
        try first("SELECT uid FROM person WHERE id = ?", [.integer(id)]) { $0.text(0) }
    }

    public func mirrorFile(_ name: String) throws -> MirrorFile? {
        try first("SELECT name, person, etag, hash FROM mirror_file WHERE name = ?", [.text(name)], Self.mirrorFile)
    }

    /// Every file of one collection ("people/"), for the scan at start.
    public func mirrorFiles(prefix: String) throws -> [MirrorFile] {
        try all("SELECT name, person, etag, hash FROM mirror_file WHERE name >= ? AND name < ? ORDER BY name",
                [.text(prefix), .text(prefix + "\u{10FFFF}")], Self.mirrorFile)
    }

    /// The files that belong to a person (their card, interactions, nudges).
    public func mirrorFiles(person uid: String) throws -> [MirrorFile] {
        try all("SELECT name, person, etag, hash FROM mirror_file WHERE person = ?", [.text(uid)], Self.mirrorFile)
    }

    /// The files of a person in one collection whose names begin with `prefix` ("calendar/date-").
    public func mirrorFiles(person uid: String, prefix: String) throws -> [MirrorFile] {
        try all("SELECT name, person, etag, hash FROM mirror_file WHERE person = ? AND name >= ? AND name < ?",
                [.text(uid), .text(prefix), .text(prefix + "\u{10FFFF}")], Self.mirrorFile)
    }

    /// Files of people who are no longer here (removed while the mirror was off), and cards of
    /// circles that are gone.
    public func orphanedMirrorFiles() throws -> [String] {
        try all("""
            SELECT name FROM mirror_file WHERE person IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person WHERE uid = mirror_file.person)
                AND NOT EXISTS (SELECT 1 FROM circle WHERE ? || name = mirror_file.person)
            """, [.text(ItemIdentity.circlePrefix)]) { $0.text(0) }
    }

    public func setMirrorFile(_ file: MirrorFile) throws {
        try change("INSERT OR REPLACE INTO mirror_file (name, person, etag, hash) VALUES (?, ?, ?, ?)",
                   [.text(file.name), .optional(file.person), .text(file.etag), .text(file.hash)])
    }

    public func removeMirrorFile(_ name: String) throws {
        try change("DELETE FROM mirror_file WHERE name = ?", [.text(name)])
    }

    static func mirrorFile(_ row: SQLRow) -> MirrorFile {
        MirrorFile(name: row.text(0), person: row.optionalText(1), etag: row.text(2), hash: row.text(3))
    }

    // MARK: What the mirror writes

    /// One interaction with the UIDs of everyone who was there (the person it was logged for first).
    public func mirroredInteraction(id: Int64) throws -> (interaction: Interaction, people: [(uid: String, name: String)])? {
        guard let interaction = try first("""
            SELECT \(Self.interactionColumns(subject: "i.person_id")) FROM interaction i WHERE i.id = ?
            """, [.integer(id)], Self.interaction) else { return nil }
        let people = try all("SELECT p.uid, p.name FROM json_each(?) j JOIN person p ON p.id = j.value ORDER BY j.key",
                             [.text(Self.idList(interaction.everyone))]) { (uid: $0.text(0), name: $0.text(1)) }
        return (interaction, people)
    }

    /// One nudge with its person's UID and name.
    public func mirroredNudge(id: Int64) throws -> (nudge: NudgeRecord, person: String, name: String)? {
        try first("""
            SELECT n.id, n.person_id, n.due_since, n.planned_at, n.delivered_at, n.announced_at, n.late, n.status, n.closed_at,
                n.delivered_on, n.kind, p.uid, p.name FROM nudge n JOIN person p ON p.id = n.person_id WHERE n.id = ?
            """, [.integer(id)]) { (try Self.nudge($0), $0.text(11), $0.text(12)) }
    }

    public func mirroredReflection(id: Int64) throws -> MirroredReflection? {
        try first("""
            SELECT r.id, r.uid, r.answer, r.answered_at, d.slot, d.prompt_text FROM reflection r
            JOIN prompt_delivery d ON d.id = r.prompt_delivery_id WHERE r.id = ?
            """, [.integer(id)]) {
            MirroredReflection(id: $0.int64(0), uid: $0.optionalText(1) ?? "", answer: $0.text(2), answeredAt: $0.date(3), slot: $0.date(4),
                               prompt: $0.text(5))
        }
    }

    /// Ids of everything the mirror holds, a page at a time in id order: for writing it whole.
    public func ids(of table: MirroredTable, after: Int64, limit: Int) throws -> [Int64] {
        try all("SELECT id FROM \(table.rawValue) WHERE id > ? ORDER BY id LIMIT ?", [.integer(after), .integer(Int64(limit))]) { $0.int64(0) }
    }
}

/// The tables the mirror writes a file per row of.
public enum MirroredTable: String, CaseIterable, Sendable {
    case person, interaction, nudge, reflection, plan
}
