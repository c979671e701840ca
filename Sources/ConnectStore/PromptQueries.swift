import ConnectCore
import ConnectTime
import Foundation

/// Weekly prompts and the answers to them.
extension StoreSession {
    static let promptColumns = "id, prompt_id, prompt_text, slot, delivered_at, announced_at, late"

    /// Records a delivered prompt (not yet announced). The slot is unique: a second record for the
    /// same week fails instead of repeating.
    public func recordPrompt(_ delivery: PromptDelivery, text: String, at now: Date, rule: String, timeZone: String) throws -> PromptRecord {
        try change("""
            INSERT INTO prompt_delivery (prompt_id, prompt_text, slot, delivered_at, late, rule, time_zone)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(delivery.promptID), .text(text), .date(delivery.slot), .date(now), .bool(delivery.late), .text(rule), .text(timeZone)])
        return PromptRecord(id: lastInsertedRowID, promptID: delivery.promptID, text: text, slot: delivery.slot, deliveredAt: now,
                            announcedAt: nil, late: delivery.late, answers: [])
    }

    public func markPromptAnnounced(id: Int64, at now: Date) throws {
        try change("UPDATE prompt_delivery SET announced_at = ? WHERE id = ?", [.date(now), .integer(id)])
    }

    public func unannouncedPrompts() throws -> [PromptRecord] {
        try withAnswers(all("SELECT \(Self.promptColumns) FROM prompt_delivery WHERE announced_at IS NULL ORDER BY id", [], Self.prompt))
    }

    /// Prompt deliveries with their answers, newest first: two statements for any number.
    public func promptDeliveries(limit: Int) throws -> [PromptRecord] {
        try withAnswers(all("SELECT \(Self.promptColumns) FROM prompt_delivery ORDER BY slot DESC, id DESC LIMIT ?",
                            [.integer(Int64(limit))], Self.prompt))
    }

    public func promptDelivery(id: Int64) throws -> PromptRecord? {
        try withAnswers(all("SELECT \(Self.promptColumns) FROM prompt_delivery WHERE id = ?", [.integer(id)], Self.prompt)).first
    }

    /// Stores an answer under its UID (given: it came from another machine; nil: made from the
    /// prompt's slot and the answer, as every machine would make it).
    public func insertReflection(promptDeliveryID: Int64, answer: String, at now: Date, uid given: String? = nil) throws {
        var uid = given ?? ""
        if uid.isEmpty {
            let slot = try first("SELECT slot FROM prompt_delivery WHERE id = ?", [.integer(promptDeliveryID)]) { $0.date(0) }
            uid = try freeUID(ItemIdentity.reflection(slot: slot ?? now, answer: answer), table: "reflection")
        }
        try change("INSERT INTO reflection (prompt_delivery_id, answer, answered_at, uid) VALUES (?, ?, ?, ?)",
                   [.integer(promptDeliveryID), .text(answer), .date(now), .text(uid)])
        changes.reflection(lastInsertedRowID)
    }

    public func reflectionID(uid: String) throws -> Int64? {
        try first("SELECT id FROM reflection WHERE uid = ?", [.text(uid)]) { $0.int64(0) }
    }

    /// The prompt delivered for this slot, if any.
    public func promptDeliveryID(slot: Date) throws -> Int64? {
        try first("SELECT id FROM prompt_delivery WHERE slot = ?", [.date(slot)]) { $0.int64(0) }
    }

    private func withAnswers(_ records: [PromptRecord]) throws -> [PromptRecord] {
        guard !records.isEmpty else { return [] }
        var answers: [Int64: [PromptRecord.Answer]] = [:]
        try query("""
            SELECT prompt_delivery_id, answer, answered_at FROM reflection
            WHERE prompt_delivery_id IN (SELECT value FROM json_each(?)) ORDER BY id
            """, [.text(Self.idList(records.map(\.id)))]) { row in
            answers[row.int64(0), default: []].append(PromptRecord.Answer(text: row.text(1), at: row.date(2)))
        }
        return records.map { record in
            var record = record
            record.answers = answers[record.id] ?? []
            return record
        }
    }

    static func prompt(_ row: SQLRow) -> PromptRecord {
        PromptRecord(id: row.int64(0), promptID: row.text(1), text: row.text(2), slot: row.date(3), deliveredAt: row.date(4),
                     announcedAt: row.optionalDate(5), late: row.bool(6), answers: [])
    }

    public func markPromptSeen(id: Int64, at now: Date) throws {
        try change("UPDATE prompt_delivery SET seen_at = coalesce(seen_at, ?) WHERE id = ?", [.date(now), .integer(id)])
    }

    // MARK: Meta

    /// Weekly prompts are owed only for slots after this instant: the daemon's first start.
    public func promptEpoch() throws -> Date? {
        try meta("prompt_epoch").flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
    }

    public func setPromptEpoch(_ date: Date) throws {
        try setMeta("prompt_epoch", String(date.timeIntervalSince1970))
    }

    /// A pause of nudges and prompts (a holiday): until which day, and why if said.
    public func pause() throws -> (until: CivilDate, reason: String?)? {
        guard let until = try meta("pause_until").flatMap(CivilDate.init(iso:)) else { return nil }
        let reason = try meta("pause_reason")
        return (until, reason?.isEmpty == false ? reason : nil)
    }

    public func setPause(until day: CivilDate, reason: String?) throws {
        try setMeta("pause_until", "\(day)")
        try setMeta("pause_reason", reason ?? "")
    }

    public func clearPause() throws {
        try change("DELETE FROM meta WHERE key IN ('pause_until', 'pause_reason')")
    }

    public func meta(_ key: String) throws -> String? {
        try first("SELECT value FROM meta WHERE key = ?", [.text(key)]) { $0.text(0) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try change("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [.text(key), .text(value)])
    }

    /// Deletes a prompt delivery with its answers (an import's, undone).
    public func deletePromptDelivery(id: Int64) throws {
        for uid in try all("SELECT uid FROM reflection WHERE prompt_delivery_id = ?", [.integer(id)], { $0.optionalText(0) }) {
            changes.removedItem(uid: uid ?? "", isNudge: false)
        }
        try change("DELETE FROM reflection WHERE prompt_delivery_id = ?", [.integer(id)])
        try change("DELETE FROM prompt_delivery WHERE id = ?", [.integer(id)])
    }

    public func deleteReflection(id: Int64) throws {
        if let uid = try first("SELECT uid FROM reflection WHERE id = ?", [.integer(id)], { $0.optionalText(0) }) {
            changes.removedItem(uid: uid ?? "", isNudge: false)
        }
        try change("DELETE FROM reflection WHERE id = ?", [.integer(id)])
    }
}
