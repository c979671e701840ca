import ConnectCore
import Foundation
import GRDB

/// The scheduler's reads and writes: what it needs to plan, and the records of what it delivered.
extension StoreSession {
    /// Everything `Scheduler.plan` needs. `since` bounds the nudge deliveries loaded (the budget
    /// only looks at the current day; two days back is plenty).
    public func schedulerState(promptEpoch: Date, deliveriesSince since: Date) throws -> SchedulerState {
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.id, p.cadence, p.added_at, p.due_override,
                (SELECT max(at) FROM interaction WHERE person_id = p.id) AS last_at,
                (SELECT max(delivered_at) FROM nudge WHERE person_id = p.id AND status = 'open') AS open_since
            FROM person p
            """)
        let candidates = rows.compactMap { row -> SchedulerState.Candidate? in
            let cadenceText: String = row["cadence"]
            guard let cadence = try? Cadence.parse(cadenceText) else { return nil }
            let added: Double = row["added_at"]
            let last: Double? = row["last_at"]
            return SchedulerState.Candidate(
                personID: row["id"], cadence: cadence, anchor: Date(timeIntervalSince1970: last ?? added),
                dueOverride: (row["due_override"] as Double?).map(Date.init(timeIntervalSince1970:)),
                openNudgeSince: (row["open_since"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
        let deliveries = try Double.fetchAll(db, sql: "SELECT delivered_at FROM nudge WHERE delivered_at >= ?",
                                             arguments: [since.timeIntervalSince1970]).map(Date.init(timeIntervalSince1970:))
        let lastSlot = try Double.fetchOne(db, sql: "SELECT max(slot) FROM prompt_delivery").map(Date.init(timeIntervalSince1970:))
        let history = try String.fetchAll(db, sql: "SELECT prompt_id FROM prompt_delivery ORDER BY slot, id")
        return SchedulerState(candidates: candidates, nudgeDeliveries: deliveries, lastPromptSlot: lastSlot,
                              promptEpoch: promptEpoch, promptHistory: history)
    }

    /// Records a delivered nudge (not yet announced). An ignored open nudge it replaces is expired.
    public func recordNudge(_ delivery: NudgeDelivery, at now: Date, rule: String, timeZone: String) throws -> NudgeRecord {
        try closeOpenNudges(personID: delivery.personID, status: .expired, at: now)
        try db.execute(sql: """
            INSERT INTO nudge (person_id, due_since, planned_at, delivered_at, late, status, rule, time_zone)
            VALUES (?, ?, ?, ?, ?, 'open', ?, ?)
            """, arguments: [delivery.personID, delivery.dueSince.timeIntervalSince1970, delivery.plannedAt.timeIntervalSince1970,
                             now.timeIntervalSince1970, delivery.late, rule, timeZone])
        return NudgeRecord(id: db.lastInsertedRowID, personID: delivery.personID, dueSince: delivery.dueSince,
                           plannedAt: delivery.plannedAt, deliveredAt: now, announcedAt: nil, late: delivery.late,
                           status: .open, closedAt: nil)
    }

    /// Records a delivered prompt (not yet announced). The slot is unique: a second record for the
    /// same week fails instead of repeating.
    public func recordPrompt(_ delivery: PromptDelivery, text: String, at now: Date, rule: String, timeZone: String) throws -> PromptRecord {
        try db.execute(sql: """
            INSERT INTO prompt_delivery (prompt_id, prompt_text, slot, delivered_at, late, rule, time_zone)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [delivery.promptID, text, delivery.slot.timeIntervalSince1970, now.timeIntervalSince1970,
                             delivery.late, rule, timeZone])
        return PromptRecord(id: db.lastInsertedRowID, promptID: delivery.promptID, text: text, slot: delivery.slot,
                            deliveredAt: now, announcedAt: nil, late: delivery.late, answers: [])
    }

    public func markNudgeAnnounced(id: Int64, at now: Date) throws {
        try db.execute(sql: "UPDATE nudge SET announced_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id])
    }

    public func markPromptAnnounced(id: Int64, at now: Date) throws {
        try db.execute(sql: "UPDATE prompt_delivery SET announced_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id])
    }

    /// Deliveries recorded but never announced: the daemon died in between.
    public func unannouncedNudges() throws -> [NudgeRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM nudge WHERE announced_at IS NULL ORDER BY id").map(Self.nudge)
    }

    public func unannouncedPrompts() throws -> [PromptRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM prompt_delivery WHERE announced_at IS NULL ORDER BY id").map { try prompt($0) }
    }

    /// Open nudges, oldest first.
    public func openNudges() throws -> [NudgeRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM nudge WHERE status = 'open' ORDER BY delivered_at, id").map(Self.nudge)
    }

    /// The latest nudges of any status, newest first.
    public func recentNudges(limit: Int) throws -> [NudgeRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM nudge ORDER BY delivered_at DESC, id DESC LIMIT ?", arguments: [limit]).map(Self.nudge)
    }

    /// Closes the person's open nudges with `status`; returns how many were open.
    @discardableResult
    public func closeOpenNudges(personID: Int64, status: NudgeRecord.Status, at now: Date) throws -> Int {
        try db.execute(sql: "UPDATE nudge SET status = ?, closed_at = ? WHERE person_id = ? AND status = 'open'",
                       arguments: [status.rawValue, now.timeIntervalSince1970, personID])
        return db.changesCount
    }

    public func setDueOverride(personID: Int64, _ date: Date?) throws {
        try db.execute(sql: "UPDATE person SET due_override = ? WHERE id = ?", arguments: [date?.timeIntervalSince1970, personID])
    }

    // MARK: Prompts and reflections

    /// Prompt deliveries with their answers, newest first.
    public func promptDeliveries(limit: Int) throws -> [PromptRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM prompt_delivery ORDER BY slot DESC, id DESC LIMIT ?", arguments: [limit]).map { try prompt($0) }
    }

    public func insertReflection(promptDeliveryID: Int64, answer: String, at now: Date) throws {
        try db.execute(sql: "INSERT INTO reflection (prompt_delivery_id, answer, answered_at) VALUES (?, ?, ?)",
                       arguments: [promptDeliveryID, answer, now.timeIntervalSince1970])
    }

    // MARK: Meta

    /// Weekly prompts are owed only for slots after this instant: the daemon's first start.
    public func promptEpoch() throws -> Date? {
        try meta("prompt_epoch").flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
    }

    public func setPromptEpoch(_ date: Date) throws {
        try setMeta("prompt_epoch", String(date.timeIntervalSince1970))
    }

    public func meta(_ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    // MARK: Rows

    static func nudge(_ row: Row) -> NudgeRecord {
        let status: String = row["status"]
        return NudgeRecord(
            id: row["id"], personID: row["person_id"], dueSince: Date(timeIntervalSince1970: row["due_since"]),
            plannedAt: Date(timeIntervalSince1970: row["planned_at"]), deliveredAt: Date(timeIntervalSince1970: row["delivered_at"]),
            announcedAt: (row["announced_at"] as Double?).map(Date.init(timeIntervalSince1970:)), late: row["late"],
            status: NudgeRecord.Status(rawValue: status) ?? .expired,
            closedAt: (row["closed_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    func prompt(_ row: Row) throws -> PromptRecord {
        let id: Int64 = row["id"]
        let answers = try Row.fetchAll(db, sql: "SELECT answer, answered_at FROM reflection WHERE prompt_delivery_id = ? ORDER BY id",
                                       arguments: [id]).map { PromptRecord.Answer(text: $0["answer"], at: Date(timeIntervalSince1970: $0["answered_at"])) }
        return PromptRecord(
            id: id, promptID: row["prompt_id"], text: row["prompt_text"], slot: Date(timeIntervalSince1970: row["slot"]),
            deliveredAt: Date(timeIntervalSince1970: row["delivered_at"]),
            announcedAt: (row["announced_at"] as Double?).map(Date.init(timeIntervalSince1970:)), late: row["late"], answers: answers)
    }
}
