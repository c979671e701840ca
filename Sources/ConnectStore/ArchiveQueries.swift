import ConnectCore
import Foundation

/// Rows as they are, for an export of everything and for restoring one: interactions, nudges
/// and prompts with every column, people referred to by id.
public struct ArchivedInteraction: Equatable, Sendable {
    public var personID: Int64
    public var kind: String
    public var at: Date
    public var note: String?
    public var loggedAt: Date
    /// The others who were there.
    public var with: [Int64]

    public init(personID: Int64, kind: String, at: Date, note: String?, loggedAt: Date, with: [Int64] = []) {
        self.personID = personID
        self.kind = kind
        self.at = at
        self.note = note
        self.loggedAt = loggedAt
        self.with = with
    }
}

public struct ArchivedNudge: Equatable, Sendable {
    public var personID: Int64
    public var dueSince: Date
    public var plannedAt: Date
    public var deliveredAt: Date
    public var announcedAt: Date?
    public var late: Bool
    public var status: String
    public var closedAt: Date?
    public var rule: String
    public var timeZone: String

    public init(personID: Int64, dueSince: Date, plannedAt: Date, deliveredAt: Date, announcedAt: Date?, late: Bool, status: String,
                closedAt: Date?, rule: String, timeZone: String) {
        self.personID = personID
        self.dueSince = dueSince
        self.plannedAt = plannedAt
        self.deliveredAt = deliveredAt
        self.announcedAt = announcedAt
        self.late = late
        self.status = status
        self.closedAt = closedAt
        self.rule = rule
        self.timeZone = timeZone
    }
}

public struct ArchivedPrompt: Equatable, Sendable {
    public var promptID: String
    public var text: String
    public var slot: Date
    public var deliveredAt: Date
    public var announcedAt: Date?
    public var seenAt: Date?
    public var late: Bool
    public var rule: String
    public var timeZone: String
    public var answers: [(text: String, at: Date)]

    public init(promptID: String, text: String, slot: Date, deliveredAt: Date, announcedAt: Date?, seenAt: Date?, late: Bool, rule: String,
                timeZone: String, answers: [(text: String, at: Date)]) {
        self.promptID = promptID
        self.text = text
        self.slot = slot
        self.deliveredAt = deliveredAt
        self.announcedAt = announcedAt
        self.seenAt = seenAt
        self.late = late
        self.rule = rule
        self.timeZone = timeZone
        self.answers = answers
    }

    public static func == (a: ArchivedPrompt, b: ArchivedPrompt) -> Bool {
        a.promptID == b.promptID && a.text == b.text && a.slot == b.slot && a.deliveredAt == b.deliveredAt && a.announcedAt == b.announcedAt
            && a.seenAt == b.seenAt && a.late == b.late && a.rule == b.rule && a.timeZone == b.timeZone
            && a.answers.elementsEqual(b.answers) { $0.text == $1.text && $0.at == $1.at }
    }
}

extension StoreSession {
    /// Up to `limit` people with an id above `after`, in id order.
    public func peoplePage(after: Int64, limit: Int) throws -> [Person] {
        try all("SELECT \(Self.personColumns) FROM person p WHERE p.id > ? ORDER BY p.id LIMIT ?",
                [.integer(after), .integer(Int64(limit))], Self.person)
    }

    /// People whose kept card lines mention one of `names` (a scan, once per database).
    public func peopleWithKeptLines(containing names: [String]) throws -> [Person] {
        let test = names.map { _ in "instr(p.card_extras, ?) > 0" }.joined(separator: " OR ")
        return try all("SELECT \(Self.personColumns) FROM person p WHERE p.card_extras IS NOT NULL AND (\(test)) ORDER BY p.id",
                       names.map { SQLValue.text($0) }, Self.person)
    }

    /// People with a birthday or another date who are not ignored, ids after `after`, by id, at most `limit`.
    public func occasionPage(after: Int64, limit: Int) throws -> [Person] {
        try all("""
            SELECT \(Self.personColumns) FROM person p WHERE p.id > ? AND (p.birthday IS NOT NULL OR p.dates IS NOT NULL) AND p.ignored = 0
            ORDER BY p.id LIMIT ?
            """, [.integer(after), .integer(Int64(limit))], Self.person)
    }

    /// Every interaction logged for people with ids in (after, through], with the others who were there.
    public func archivedInteractions(personsAfter after: Int64, through last: Int64) throws -> [ArchivedInteraction] {
        try all("""
            SELECT i.person_id, i.kind, i.at, i.note, i.logged_at,
                (SELECT group_concat(w.person_id) FROM interaction_with w WHERE w.interaction_id = i.id)
            FROM interaction i WHERE i.person_id > ? AND i.person_id <= ? ORDER BY i.person_id, i.at, i.id
            """, [.integer(after), .integer(last)], Self.archivedInteraction)
    }

    /// The interactions others logged that the person was at, as theirs (`with` the others):
    /// what their trash keeps so that restoring puts them back at those.
    public func archivedInteractions(attendedBy personID: Int64) throws -> [ArchivedInteraction] {
        try all("""
            SELECT w.person_id, i.kind, i.at, i.note, i.logged_at,
                i.person_id || coalesce(',' || (SELECT group_concat(o.person_id) FROM interaction_with o
                                                WHERE o.interaction_id = i.id AND o.person_id != w.person_id), '')
            FROM interaction_with w JOIN interaction i ON i.id = w.interaction_id WHERE w.person_id = ? ORDER BY i.at, i.id
            """, [.integer(personID)], Self.archivedInteraction)
    }

    private static func archivedInteraction(_ row: SQLRow) -> ArchivedInteraction {
        ArchivedInteraction(personID: row.int64(0), kind: row.text(1), at: row.date(2), note: row.optionalText(3), loggedAt: row.date(4),
                            with: (row.optionalText(5) ?? "").split(separator: ",").compactMap { Int64($0) })
    }

    /// An interaction at this moment (to the millisecond an export keeps), of this kind and
    /// note, that one of `people` was at: the one a restored person who was there too joins.
    public func sharedInteraction(like interaction: ArchivedInteraction, attendedBy people: [Int64]) throws -> Int64? {
        try first("""
            SELECT i.id FROM interaction i WHERE i.at >= ?1 - 0.001 AND i.at <= ?1 + 0.001 AND i.kind = ?2 AND i.note IS ?3
                AND (i.person_id IN (SELECT value FROM json_each(?4))
                     OR EXISTS (SELECT 1 FROM interaction_with w WHERE w.interaction_id = i.id AND w.person_id IN (SELECT value FROM json_each(?4))))
            ORDER BY i.id LIMIT 1
            """, [.date(interaction.at), .text(interaction.kind), .optional(interaction.note), .text(Self.idList(people))]) { $0.int64(0) }
    }

    /// Every nudge of people with ids in (after, through].
    public func archivedNudges(personsAfter after: Int64, through last: Int64) throws -> [ArchivedNudge] {
        try all("""
            SELECT person_id, due_since, planned_at, delivered_at, announced_at, late, status, closed_at, rule, time_zone FROM nudge
            WHERE person_id > ? AND person_id <= ? ORDER BY person_id, delivered_at, id
            """, [.integer(after), .integer(last)]) {
            ArchivedNudge(personID: $0.int64(0), dueSince: $0.date(1), plannedAt: $0.date(2), deliveredAt: $0.date(3), announcedAt: $0.optionalDate(4),
                          late: $0.bool(5), status: $0.text(6), closedAt: $0.optionalDate(7), rule: $0.text(8), timeZone: $0.text(9))
        }
    }

    /// Every prompt delivered, oldest first, with its answers.
    public func archivedPrompts() throws -> [ArchivedPrompt] {
        var answers: [Int64: [(text: String, at: Date)]] = [:]
        try query("SELECT prompt_delivery_id, answer, answered_at FROM reflection ORDER BY answered_at, id") { row in
            answers[row.int64(0), default: []].append((row.text(1), row.date(2)))
        }
        return try all("""
            SELECT id, prompt_id, prompt_text, slot, delivered_at, announced_at, seen_at, late, rule, time_zone FROM prompt_delivery
            ORDER BY slot, id
            """) {
            ArchivedPrompt(promptID: $0.text(1), text: $0.text(2), slot: $0.date(3), deliveredAt: $0.date(4), announcedAt: $0.optionalDate(5),
                           seenAt: $0.optionalDate(6), late: $0.bool(7), rule: $0.text(8), timeZone: $0.text(9), answers: answers[$0.int64(0)] ?? [])
        }
    }

    /// How many interactions exactly like this one are recorded (the same coffee can be logged
    /// twice): restoring adds only the ones beyond that, so restoring twice adds nothing.
    public func interactionCount(like interaction: ArchivedInteraction) throws -> Int {
        try first("""
            SELECT count(*) FROM interaction WHERE person_id = ? AND at = ? AND kind = ? AND note IS ?
            """, [.integer(interaction.personID), .date(interaction.at), .text(interaction.kind), .optional(interaction.note)]) { $0.int(0) } ?? 0
    }

    /// Stores an interaction as it was exported; `copy` is which copy of identical ones it is
    /// (1 for the first): its UID is the one every machine gives that copy. Returns its id.
    public func insertArchived(_ interaction: ArchivedInteraction, copy: Int = 1) throws -> Int64 {
        let base = ItemIdentity.interaction(person: try personUID(id: interaction.personID) ?? "", at: interaction.at, kind: interaction.kind,
                                            note: interaction.note)
        let wanted = copy <= 1 ? base : "\(base)-\(copy)"
        let taken = try first("SELECT 1 FROM interaction WHERE uid = ?", [.text(wanted)]) { _ in true } ?? false
        let uid = taken ? try freeUID(base, table: "interaction") : wanted
        try change("INSERT INTO interaction (person_id, kind, at, note, logged_at, uid) VALUES (?, ?, ?, ?, ?, ?)",
                   [.integer(interaction.personID), .text(interaction.kind), .date(interaction.at), .optional(interaction.note),
                    .date(interaction.loggedAt), .text(uid)])
        let id = lastInsertedRowID
        for other in Set(interaction.with) where other != interaction.personID {
            try change("INSERT INTO interaction_with (interaction_id, person_id) VALUES (?, ?)", [.integer(id), .integer(other)])
        }
        changes.interaction(id)
        return id
    }

    /// Adds the nudge unless one for this person was delivered at the same instant; its id when added.
    public func insertArchived(_ nudge: ArchivedNudge) throws -> Int64? {
        let exists = try first("SELECT 1 FROM nudge WHERE person_id = ? AND delivered_at = ? LIMIT 1",
                               [.integer(nudge.personID), .date(nudge.deliveredAt)]) { _ in true } ?? false
        guard !exists else { return nil }
        try change("""
            INSERT INTO nudge (person_id, due_since, planned_at, delivered_at, announced_at, late, status, closed_at, rule, time_zone)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(nudge.personID), .date(nudge.dueSince), .date(nudge.plannedAt), .date(nudge.deliveredAt), .optional(nudge.announcedAt),
                  .bool(nudge.late), .text(nudge.status), .optional(nudge.closedAt), .text(nudge.rule), .text(nudge.timeZone)])
        changes.nudge(lastInsertedRowID)
        return lastInsertedRowID
    }

    /// Adds the prompt delivery (unless its slot is taken) and its answers not yet recorded;
    /// returns the delivery's id when it was added, and the ids of the answers added.
    @discardableResult
    public func insertArchived(_ prompt: ArchivedPrompt) throws -> (delivery: Int64?, reflections: [Int64]) {
        var added: (delivery: Int64?, reflections: [Int64]) = (nil, [])
        var id = try first("SELECT id FROM prompt_delivery WHERE slot = ?", [.date(prompt.slot)]) { $0.int64(0) }
        if id == nil {
            try change("""
                INSERT INTO prompt_delivery (prompt_id, prompt_text, slot, delivered_at, announced_at, seen_at, late, rule, time_zone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(prompt.promptID), .text(prompt.text), .date(prompt.slot), .date(prompt.deliveredAt), .optional(prompt.announcedAt),
                      .optional(prompt.seenAt), .bool(prompt.late), .text(prompt.rule), .text(prompt.timeZone)])
            id = lastInsertedRowID
            added.delivery = id
        }
        guard let id else { return added }
        for answer in prompt.answers {
            let known = try first("SELECT 1 FROM reflection WHERE prompt_delivery_id = ? AND answer = ? LIMIT 1",
                                  [.integer(id), .text(answer.text)]) { _ in true } ?? false
            if !known {
                try insertReflection(promptDeliveryID: id, answer: answer.text, at: answer.at)
                added.reflections.append(lastInsertedRowID)
            }
        }
        return added
    }
}
