import ConnectCore
import Foundation
import GRDB

/// What the daemon keeps in memory, read once at start: everyone's schedule entry, the recent
/// deliveries, the prompt history, the counts.
public struct LoadedState: Sendable {
    public var entries: [ScheduleEntry]
    public var nudgeDeliveries: [Date]
    public var promptEpoch: Date?
    /// Every delivered prompt, oldest first: its slot, prompt id and whether it has an answer.
    public var prompts: [(slot: Date, promptID: String, answered: Bool)]
    public var interactionCount: Int
}

extension StoreSession {
    /// Reads the state in a constant number of statements (one row per person).
    public func loadState(deliveriesSince since: Date) throws -> LoadedState {
        var entries: [ScheduleEntry] = []
        try guarded(writing: false) {
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT p.id, p.cadence, p.added_at, p.due_override,
                    (SELECT max(at) FROM interaction WHERE person_id = p.id),
                    (SELECT max(delivered_at) FROM nudge WHERE person_id = p.id AND status = 'open')
                FROM person p
                """))
            while let row = try cursor.next() {
                let cadenceText: String = row[1]
                guard let cadence = Cadence.canonical(cadenceText) ?? (try? Cadence.parse(cadenceText)) else {
                    throw StoreError.inconsistent(path: "state", reason: "person #\(row[0] as Int64) has the cadence '\(cadenceText)', which this connectd cannot read")
                }
                let added: Double = row[2]
                let last: Double? = row[4]
                entries.append(ScheduleEntry(personID: row[0], cadence: cadence, addedAt: Date(timeIntervalSince1970: added), lastContact: last.map(Date.init(timeIntervalSince1970:)),
                                             dueOverride: Self.optionalDate(row, 3), openNudgeSince: Self.optionalDate(row, 5)))
            }
        }
        let deliveries = try rows("SELECT delivered_at FROM nudge WHERE delivered_at >= ?", [since.stored]).map { Self.date($0, 0) }
        let prompts = try rows("""
            SELECT p.slot, p.prompt_id, EXISTS (SELECT 1 FROM reflection r WHERE r.prompt_delivery_id = p.id)
            FROM prompt_delivery p ORDER BY p.slot, p.id
            """).map { (slot: Self.date($0, 0), promptID: $0[1] as String, answered: $0[2] as Bool) }
        return LoadedState(entries: entries, nudgeDeliveries: deliveries, promptEpoch: try promptEpoch(), prompts: prompts,
                           interactionCount: try interactionCount())
    }
}
