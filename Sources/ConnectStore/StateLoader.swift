import ConnectCore
import Foundation

/// What the daemon keeps in memory, read once at start: everyone's schedule entry, the recent
/// deliveries, the prompt history, the counts.
public struct LoadedState: Sendable {
    public var entries: [ScheduleEntry]
    public var history: LoadedHistory
}

/// What memory keeps besides the schedule entries.
public struct LoadedHistory: Sendable {
    /// Catch-up nudges (the budget's), first contacts (their weekly pace) and birthdays (once a day).
    public var nudgeDeliveries: [Date]
    public var firstContactDeliveries: [Date] = []
    public var birthdayDeliveries: [Int64: Date] = [:]
    public var promptEpoch: Date?
    /// Every delivered prompt, oldest first: its slot, prompt id and whether it has an answer.
    public var prompts: [(slot: Date, promptID: String, answered: Bool)]
    public var interactionCount: Int
    /// People not nudged on a cadence on purpose (ignored, or waiting for a first contact): not to triage.
    public var heldCount: Int
}

extension StoreSession {
    /// Reads the state in a constant number of statements (one row per person).
    public func loadState(deliveriesSince since: Date) throws -> LoadedState {
        LoadedState(entries: try scheduleEntries(personIDs: nil), history: try loadHistory(deliveriesSince: since))
    }

    /// The schedule entries of everyone, or of the people in `ids` (those gone have none): the
    /// one place that says what scheduling reads of a person, and which cadence counts.
    public func scheduleEntries(personIDs ids: Set<Int64>?) throws -> [ScheduleEntry] {
        var entries: [ScheduleEntry] = []
        let select = """
            SELECT p.id, CASE WHEN p.ignored OR p.want_to_meet THEN NULL ELSE p.cadence END, p.added_at, p.due_override,
                (SELECT max(at) FROM interaction WHERE person_id = p.id),
                (SELECT max(delivered_at) FROM nudge WHERE person_id = p.id AND status = 'open' AND kind != 'birthday'),
                p.want_to_meet AND NOT p.ignored, p.birthday
            """
        let read: (SQLRow) throws -> Void = { row in
            var cadence: Cadence?
            if !row.isNull(1) {
                let cadenceText = row.text(1)
                guard let parsed = Cadence.canonical(cadenceText) ?? (try? Cadence.parse(cadenceText)) else {
                    throw StoreError.inconsistent(path: "state", reason: "person #\(row.int64(0)) has the cadence '\(cadenceText)', which this connectd cannot read")
                }
                cadence = parsed
            }
            entries.append(ScheduleEntry(personID: row.int64(0), cadence: cadence, addedAt: row.date(2), lastContact: row.optionalDate(4),
                                         dueOverride: row.optionalDate(3), openNudgeSince: row.optionalDate(5), wantToMeet: row.bool(6),
                                         birthday: row.optionalText(7).flatMap(Birthday.parse)))
        }
        if let ids {
            try query(select + " FROM json_each(?) j JOIN person p ON p.id = j.value", [.text(Self.idList(ids))], row: read)
        } else {
            try query(select + " FROM person p", row: read)
        }
        return entries
    }

    /// The recent deliveries, every prompt, the counts.
    public func loadHistory(deliveriesSince since: Date) throws -> LoadedHistory {
        let deliveries = try all("SELECT delivered_at FROM nudge WHERE delivered_at >= ? AND kind = 'catch-up'", [.date(since)]) { $0.date(0) }
        let firstContacts = try all("SELECT delivered_at FROM nudge WHERE kind = 'first-contact' AND delivered_at >= ?",
                                    [.date(since.addingTimeInterval(-6 * 86400))]) { $0.date(0) }
        var birthdays: [Int64: Date] = [:]
        try query("SELECT person_id, max(delivered_at) FROM nudge WHERE kind = 'birthday' AND delivered_at >= ? GROUP BY person_id",
                  [.date(since)]) { birthdays[$0.int64(0)] = $0.date(1) }
        let prompts = try all("""
            SELECT p.slot, p.prompt_id, EXISTS (SELECT 1 FROM reflection r WHERE r.prompt_delivery_id = p.id)
            FROM prompt_delivery p ORDER BY p.slot, p.id
            """) { (slot: $0.date(0), promptID: $0.text(1), answered: $0.bool(2)) }
        return LoadedHistory(nudgeDeliveries: deliveries, firstContactDeliveries: firstContacts, birthdayDeliveries: birthdays,
                             promptEpoch: try promptEpoch(), prompts: prompts, interactionCount: try interactionCount(),
                             heldCount: try first("SELECT count(*) FROM person WHERE ignored = 1 OR want_to_meet = 1") { $0.int(0) } ?? 0)
    }
}
