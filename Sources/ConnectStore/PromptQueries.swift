import ConnectCore
import Foundation
import GRDB

/// Weekly prompts and the answers to them.
extension StoreSession {
    static let promptColumns = "id, prompt_id, prompt_text, slot, delivered_at, announced_at, late"

    /// Records a delivered prompt (not yet announced). The slot is unique: a second record for the
    /// same week fails instead of repeating.
    public func recordPrompt(_ delivery: PromptDelivery, text: String, at now: Date, rule: String, timeZone: String) throws -> PromptRecord {
        try execute("""
            INSERT INTO prompt_delivery (prompt_id, prompt_text, slot, delivered_at, late, rule, time_zone)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [delivery.promptID, text, delivery.slot.stored, now.stored, delivery.late, rule, timeZone])
        return PromptRecord(id: lastInsertedRowID, promptID: delivery.promptID, text: text, slot: delivery.slot, deliveredAt: now,
                            announcedAt: nil, late: delivery.late, answers: [])
    }

    public func markPromptAnnounced(id: Int64, at now: Date) throws {
        try execute("UPDATE prompt_delivery SET announced_at = ? WHERE id = ?", [now.stored, id])
    }

    public func unannouncedPrompts() throws -> [PromptRecord] {
        try withAnswers(rows("SELECT \(Self.promptColumns) FROM prompt_delivery WHERE announced_at IS NULL ORDER BY id"))
    }

    /// Prompt deliveries with their answers, newest first: two statements for any number.
    public func promptDeliveries(limit: Int) throws -> [PromptRecord] {
        try withAnswers(rows("SELECT \(Self.promptColumns) FROM prompt_delivery ORDER BY slot DESC, id DESC LIMIT ?", [limit]))
    }

    public func promptDelivery(id: Int64) throws -> PromptRecord? {
        try withAnswers(rows("SELECT \(Self.promptColumns) FROM prompt_delivery WHERE id = ?", [id])).first
    }

    public func insertReflection(promptDeliveryID: Int64, answer: String, at now: Date) throws {
        try execute("INSERT INTO reflection (prompt_delivery_id, answer, answered_at) VALUES (?, ?, ?)",
                    [promptDeliveryID, answer, now.stored])
    }

    private func withAnswers(_ rows: [Row]) throws -> [PromptRecord] {
        var records = rows.map { row in
            PromptRecord(id: row[0], promptID: row[1], text: row[2], slot: Self.date(row, 3), deliveredAt: Self.date(row, 4),
                         announcedAt: Self.optionalDate(row, 5), late: row[6], answers: [])
        }
        guard !records.isEmpty else { return [] }
        var answers: [Int64: [PromptRecord.Answer]] = [:]
        for row in try self.rows("""
            SELECT prompt_delivery_id, answer, answered_at FROM reflection
            WHERE prompt_delivery_id IN (SELECT value FROM json_each(?)) ORDER BY id
            """, [Self.idList(records.map(\.id))]) {
            answers[row[0], default: []].append(PromptRecord.Answer(text: row[1], at: Self.date(row, 2)))
        }
        for index in records.indices { records[index].answers = answers[records[index].id] ?? [] }
        return records
    }

    public func markPromptSeen(id: Int64, at now: Date) throws {
        try execute("UPDATE prompt_delivery SET seen_at = coalesce(seen_at, ?) WHERE id = ?", [now.stored, id])
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
        try value(String.self, "SELECT value FROM meta WHERE key = ?", [key])
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
    }
}
