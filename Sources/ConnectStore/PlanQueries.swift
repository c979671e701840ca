import ConnectCore
import Foundation

/// Planned catch-ups (`PlannedCatchUp`): made, listed, moved, answered, and the question whether
/// one happened, recorded before it is announced like a nudge.
extension StoreSession {
    private static let planColumns = "pl.id, pl.person_id, pl.kind, pl.starts_at, pl.ends_at, pl.place, pl.note, pl.uid, pl.state, pl.asked_at, pl.interaction_id"

    private static func plan(_ row: SQLRow) -> PlannedCatchUp {
        PlannedCatchUp(id: row.int64(0), personID: row.int64(1), kind: InteractionKind(rawValue: row.text(2)) ?? .other, startsAt: row.date(3),
                       endsAt: row.date(4), place: row.optionalText(5), note: row.optionalText(6), uid: row.text(7),
                       state: PlannedCatchUp.State(rawValue: row.text(8)) ?? .planned, askedAt: row.optionalDate(9),
                       interactionID: row.isNull(10) ? nil : row.int64(10))
    }

    /// Stores a new plan (named after its person, time and kind); returns it with its id and uid.
    /// `plan.uid` empty: a new name is made (a plan that came from another machine keeps its own).
    public func insertPlan(_ plan: PlannedCatchUp, personUID: String, at now: Date) throws -> PlannedCatchUp {
        var saved = plan
        if saved.uid.isEmpty {
            saved.uid = try freeUID("plan-" + ItemIdentity.hash([personUID, String(Int64(plan.startsAt.timeIntervalSince1970.rounded(.down))),
                                                                  plan.kind.rawValue]), table: "plan")
        }
        try change("""
            INSERT INTO plan (uid, person_id, kind, starts_at, ends_at, place, note, state, made_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', ?)
            """, [.text(saved.uid), .integer(plan.personID), .text(plan.kind.rawValue), .date(plan.startsAt), .date(plan.endsAt),
                  .optional(plan.place), .optional(plan.note), .date(now)])
        saved.id = lastInsertedRowID
        changes.plan(saved.id)
        return saved
    }

    public func plan(id: Int64) throws -> PlannedCatchUp? {
        try first("SELECT \(Self.planColumns) FROM plan pl WHERE pl.id = ?", [.integer(id)], Self.plan)
    }

    public func plan(uid: String) throws -> PlannedCatchUp? {
        try first("SELECT \(Self.planColumns) FROM plan pl WHERE pl.uid = ?", [.text(uid)], Self.plan)
    }

    /// An open plan with its person's name and UID (what its calendar event says).
    public func mirroredPlan(id: Int64) throws -> (plan: PlannedCatchUp, name: String, personUID: String)? {
        try first("""
            SELECT \(Self.planColumns), p.name, p.uid FROM plan pl JOIN person p ON p.id = pl.person_id WHERE pl.id = ? AND pl.state = 'planned'
            """, [.integer(id)]) { (Self.plan($0), $0.text(11), $0.text(12)) }
    }

    /// The open plans (of one person, or everyone's with their names), the earliest first, at
    /// most `limit`; and how many are open.
    public func openPlans(personID: Int64? = nil, limit: Int) throws -> (items: [(plan: PlannedCatchUp, name: String)], total: Int) {
        let person = personID.map { " AND pl.person_id = \($0)" } ?? ""
        let items = try all("""
            SELECT \(Self.planColumns), p.name FROM plan pl JOIN person p ON p.id = pl.person_id
            WHERE pl.state = 'planned'\(person) ORDER BY pl.starts_at, pl.id LIMIT ?
            """, [.integer(Int64(max(0, limit)))]) { (Self.plan($0), $0.text(11)) }
        let total = items.count < limit ? items.count
            : try first("SELECT count(*) FROM plan pl WHERE pl.state = 'planned'\(person)") { $0.int(0) } ?? 0
        return (items, total)
    }

    /// Open plans with ids after `after`, by id, at most `limit`, with their people's names and UIDs.
    public func openPlans(after: Int64, limit: Int) throws -> [(plan: PlannedCatchUp, name: String, personUID: String)] {
        try all("""
            SELECT \(Self.planColumns), p.name, p.uid FROM plan pl JOIN person p ON p.id = pl.person_id
            WHERE pl.state = 'planned' AND pl.id > ? ORDER BY pl.id LIMIT ?
            """, [.integer(after), .integer(Int64(max(0, limit)))]) { (Self.plan($0), $0.text(11), $0.text(12)) }
    }

    /// Open plans that start in [from, until), the earliest first, with their people's names.
    public func openPlans(startingFrom from: Date, until: Date, limit: Int) throws -> [(plan: PlannedCatchUp, name: String)] {
        try all("""
            SELECT \(Self.planColumns), p.name FROM plan pl JOIN person p ON p.id = pl.person_id
            WHERE pl.state = 'planned' AND pl.starts_at >= ? AND pl.starts_at < ? ORDER BY pl.starts_at, pl.id LIMIT ?
            """, [.date(from), .date(until), .integer(Int64(max(0, limit)))]) { (Self.plan($0), $0.text(11)) }
    }

    /// Closes a plan: happened (with the interaction it logged) or cancelled.
    public func closePlan(id: Int64, _ state: PlannedCatchUp.State, interactionID: Int64?) throws {
        try change("UPDATE plan SET state = ?, interaction_id = ? WHERE id = ?", [.text(state.rawValue), interactionID.map { .integer($0) } ?? .null, .integer(id)])
        changes.plan(id)
    }

    /// Moves an open plan; the question whether it happened is asked again after its new end.
    public func movePlan(id: Int64, startsAt: Date, endsAt: Date) throws {
        try change("UPDATE plan SET starts_at = ?, ends_at = ?, asked_at = NULL, announced_at = NULL WHERE id = ?",
                   [.date(startsAt), .date(endsAt), .integer(id)])
        changes.plan(id)
    }

    /// Records the question for `personID`'s open plans that ended by `now` and were not asked
    /// about: returns them (at most 20 a run, the earliest first; the rest the next run).
    public func askAboutPlans(personID: Int64, at now: Date) throws -> [PlannedCatchUp] {
        let plans = try all("""
            SELECT \(Self.planColumns) FROM plan pl WHERE pl.person_id = ? AND pl.state = 'planned' AND pl.asked_at IS NULL AND pl.ends_at <= ?
            ORDER BY pl.ends_at, pl.id LIMIT 20
            """, [.integer(personID), .date(now)], Self.plan)
        for plan in plans { try change("UPDATE plan SET asked_at = ? WHERE id = ?", [.date(now), .integer(plan.id)]) }
        return plans.map { var asked = $0; asked.askedAt = now; return asked }
    }

    /// Every plan of people with ids in (after, through], with their people's UIDs: for an export
    /// page and a trash snapshot.
    public func archivedPlans(personsAfter after: Int64, through last: Int64) throws -> [(plan: PlannedCatchUp, personUID: String)] {
        try all("""
            SELECT \(Self.planColumns), p.uid FROM plan pl JOIN person p ON p.id = pl.person_id
            WHERE pl.person_id > ? AND pl.person_id <= ? ORDER BY pl.person_id, pl.id
            """, [.integer(after), .integer(last)]) { (Self.plan($0), $0.text(11)) }
    }

    /// A plan from an export, unless one with its UID is here: its id when added. One that was
    /// asked about stays asked (and announced): a restore asks nothing twice.
    public func insertArchivedPlan(_ plan: PlannedCatchUp, at now: Date) throws -> Int64? {
        guard try self.plan(uid: plan.uid) == nil else { return nil }
        try change("""
            INSERT INTO plan (uid, person_id, kind, starts_at, ends_at, place, note, state, asked_at, announced_at, made_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(plan.uid), .integer(plan.personID), .text(plan.kind.rawValue), .date(plan.startsAt), .date(plan.endsAt),
                  .optional(plan.place), .optional(plan.note), .text(plan.state.rawValue), .optional(plan.askedAt), .optional(plan.askedAt), .date(now)])
        let id = lastInsertedRowID
        changes.plan(id)
        return id
    }

    public func deletePlan(id: Int64) throws {
        let uid = try plan(id: id)?.uid
        try change("DELETE FROM plan WHERE id = ?", [.integer(id)])
        if uid != nil { changes.plan(id) }
    }

    public func markPlanQuestionsAnnounced(ids: [Int64], at now: Date) throws {
        for id in ids { try change("UPDATE plan SET announced_at = ? WHERE id = ?", [.date(now), .integer(id)]) }
    }

    /// Questions recorded but not announced: the daemon stopped in between.
    public func unannouncedPlanQuestions() throws -> [PlannedCatchUp] {
        try all("SELECT \(Self.planColumns) FROM plan pl WHERE pl.asked_at IS NOT NULL AND pl.announced_at IS NULL AND pl.state = 'planned' ORDER BY pl.id", [], Self.plan)
    }
}
