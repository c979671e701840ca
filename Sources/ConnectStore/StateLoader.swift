import ConnectCore
import ConnectTime
import Foundation

/// What the daemon keeps in memory, read once at start: everyone's schedule entry (with the facts
/// the counts are made of), the recent deliveries, the prompt history.
public struct LoadedState: Sendable {
    public var rows: [ScheduleRow]
    public var history: LoadedHistory

    public var entries: [ScheduleEntry] { rows.map(\.entry) }
}

/// One person as the schedule projects them: their entry, and what the counts add up.
public struct ScheduleRow: Sendable {
    public var entry: ScheduleEntry
    /// The circle whose cadence applies (the person has none of their own).
    public var circle: String?
    public var interactions: Int
    /// Ignored, or waiting for a first contact: not nudged on a cadence, and not to triage.
    public var held: Bool
}

/// What memory keeps besides the schedule entries.
public struct LoadedHistory: Sendable {
    /// Catch-up nudges (the budget's), first contacts (their weekly pace) and birthdays (once a day).
    public var nudgeDeliveries: [Date]
    public var firstContactDeliveries: [Date] = []
    public var birthdayDeliveries: [Int64: Date] = [:]
    public var promptEpoch: Date?
    /// The day nudges and prompts are paused until (a holiday), if they are.
    public var pausedUntilDay: CivilDate?
    /// Every delivered prompt, oldest first: its slot, prompt id and whether it has an answer.
    public var prompts: [(slot: Date, promptID: String, answered: Bool)]
}

extension StoreSession {
    /// Reads the state in a constant number of statements (one row per person).
    public func loadState(deliveriesSince since: Date) throws -> LoadedState {
        LoadedState(rows: try scheduleRows(personIDs: nil), history: try loadHistory(deliveriesSince: since))
    }

    /// The schedule rows of everyone, or of the people in `ids` (those gone have none): the one
    /// place that says what scheduling reads of a person, which cadence counts (none while
    /// ignored or not met yet), and what the counts are made of (the interactions logged for
    /// them, so that a lunch with two people counts once in the total).
    public func scheduleRows(personIDs ids: Set<Int64>?) throws -> [ScheduleRow] {
        var rows: [ScheduleRow] = []
        let select = """
            SELECT p.id, p.cadence, p.added_at, p.due_override,
                (\(Self.latestContactTime(of: "p.id"))),
                (SELECT max(delivered_at) FROM nudge WHERE person_id = p.id AND status = 'open' AND kind != 'birthday'),
                p.want_to_meet, p.birthday, (SELECT count(*) FROM interaction WHERE person_id = p.id), p.ignored,
                CASE WHEN p.cadence IS NULL THEN (SELECT json_array(c.name, c.every, c.at_most) FROM json_each(p.tags) t
                    JOIN circle c ON c.name = t.value ORDER BY c.every_seconds, c.name LIMIT 1) END,
                (SELECT max(ends_at) FROM plan WHERE person_id = p.id AND state = 'planned'),
                (SELECT min(ends_at) FROM plan WHERE person_id = p.id AND state = 'planned' AND asked_at IS NULL),
                p.dates
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
            let (ignored, wantToMeet) = (row.bool(9), row.bool(6))
            // Without a cadence of their own: their circle's (the one with the shortest).
            let circle = row.optionalText(10).map(Self.jsonList) ?? []
            let circleName = circle.first
            if cadence == nil, circle.count >= 2 { cadence = Cadence.canonical(circle[1]) }
            let maximum = circle.count >= 3 ? Cadence.canonical(circle[2]) : nil
            let entry = ScheduleEntry(personID: row.int64(0), cadence: Person.scheduledCadence(cadence, ignored: ignored, wantToMeet: wantToMeet),
                                      addedAt: row.date(2), lastContact: row.optionalDate(4), dueOverride: row.optionalDate(3),
                                      openNudgeSince: row.optionalDate(5), wantToMeet: wantToMeet && !ignored,
                                      occasions: (row.optionalText(7).flatMap(YearlyDate.parse).map { [$0] } ?? [])
                                          + (row.optionalText(13).map(Self.importantDates) ?? []).map(\.date),
                                      maximum: maximum,
                                      heldUntil: row.optionalDate(11).map { $0.addingTimeInterval(PlannedCatchUp.answerGrace) },
                                      questionAt: row.optionalDate(12))
            rows.append(ScheduleRow(entry: entry, circle: circleName, interactions: row.int(8),
                                    held: Person.isHeld(ignored: ignored, wantToMeet: wantToMeet)))
        }
        if let ids, ids.count == 1, let id = ids.first {
            // One person (a write's usual case): no list to build and parse.
            try query(select + " FROM person p WHERE p.id = ?", [.integer(id)], row: read)
        } else if let ids {
            try query(select + " FROM json_each(?) j JOIN person p ON p.id = j.value", [.text(Self.idList(ids))], row: read)
        } else {
            try query(select + " FROM person p", row: read)
        }
        return rows
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
                             promptEpoch: try promptEpoch(), pausedUntilDay: try pause()?.until, prompts: prompts)
    }
}
