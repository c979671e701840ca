import ConnectCore
import ConnectStore
import Foundation

/// Undoing an import from its journal, newest change first, a page at a time (in the caller's
/// savepoint): the people it added are removed, the fields it changed get their earlier values
/// back (a field changed again since is left as it is now), and the interactions, follow-ups,
/// nudges and answers it added are removed.
public enum ImportUndo {
    /// What becomes of the people an undone import added.
    public enum Removal: Sendable {
        /// Gone for good: an import that never finished (nobody was told it had).
        case delete
        /// Into the trash for 30 days: the user undoes a finished import.
        case trash
    }

    /// Undoes up to `limit` changes of `run` written before change `before` (`Int64.max` to
    /// start), fewer once `timeUp()`; returns where the next page starts, or nil when the run is
    /// undone (and marked so).
    public static func step(_ run: Int64, before: Int64, limit: Int, removal: Removal, in ws: Workspace,
                            timeUp: () -> Bool = { false }) throws -> Int64? {
        if before == .max, removal == .trash { try ws.session.markImportUndoing(run, at: ws.now) }
        let changes = try ws.session.importChanges(run, before: before, limit: limit)
        var next: Int64?
        for (index, change) in changes.enumerated() {
            if index > 0, timeUp() {
                next = change.id + 1
                break
            }
            switch change.kind {
            case .personAdded:
                guard let person = try ws.session.person(id: change.rowID) else { continue }
                switch removal {
                case .trash: _ = try People.remove(person, in: ws)
                case .delete: try People.delete(person, in: ws)
                }
            case .personUpdated:
                guard let current = try ws.session.person(id: change.rowID), let before = try change.before.flatMap(ws.session.person(snapshot:)),
                      let after = try change.after.flatMap(ws.session.person(snapshot:)),
                      let seen = try ws.session.personSnapshot(id: current.id).flatMap(ws.session.person(snapshot:)) else { continue }
                let restored = try revert(current, as: seen, before: before, after: after, in: ws.session)
                guard restored != current else { continue }
                var revised = restored
                revised.revisedAt = ws.now
                try ws.session.updatePerson(revised, previous: current)
            case .interaction:
                _ = try ws.session.deleteInteraction(id: change.rowID)
            case .followUp:
                try ws.session.deleteFollowUp(id: change.rowID)
            case .plan:
                try ws.session.deletePlan(id: change.rowID)
            case .nudge:
                _ = try ws.session.deleteNudge(id: change.rowID)
            case .prompt, .reflection:
                try change.kind == .prompt ? ws.session.deletePromptDelivery(id: change.rowID) : ws.session.deleteReflection(id: change.rowID)
            }
        }
        if let next { return next }
        guard changes.count == limit, let last = changes.last else {
            try ws.session.markImportUndone(run, at: ws.now)
            return nil
        }
        return last.id
    }

    /// `current` with every field the import changed (from `before` to `after`) put back, unless
    /// it was changed again since; a name or UID someone else has taken meanwhile stays. `seen`
    /// is `current` as a snapshot reads it back, compared with `after` at the same precision
    /// (a snapshot keeps 15 digits of a time).
    static func revert(_ current: Person, as seen: Person, before: Person, after: Person, in session: StoreSession) throws -> Person {
        var person = current
        func revert<T: Equatable>(_ field: WritableKeyPath<Person, T>) {
            if after[keyPath: field] != before[keyPath: field], seen[keyPath: field] == after[keyPath: field] {
                person[keyPath: field] = before[keyPath: field]
            }
        }
        revert(\.cadence)
        revert(\.met)
        revert(\.interests)
        revert(\.notes)
        revert(\.tags)
        revert(\.links)
        revert(\.emails)
        revert(\.phones)
        revert(\.organization)
        revert(\.title)
        revert(\.birthday)
        revert(\.news)
        revert(\.jobFromLinkedIn)
        revert(\.dueOverride)
        revert(\.ignored)
        revert(\.wantToMeet)
        revert(\.found)
        revert(\.cardExtras)
        revert(\.dates)
        revert(\.related)
        revert(\.timeZone)
        revert(\.feed)
        if try session.personID(exactName: before.name).map({ $0 == current.id }) ?? true { revert(\.name) }
        if try session.personID(uid: before.uid).map({ $0 == current.id }) ?? true {
            revert(\.uid)
            revert(\.uidFromAddressBook)
        }
        return person
    }
}
