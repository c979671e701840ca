import ConnectCore
import Foundation
import GRDB

/// Which people and which history the statements since the last look touched, noted by SQLite
/// itself: temporary triggers on every table the schedule is made from call `connectd_touch`
/// with the person's id (or 0 for "the history"), so no write can forget to say. The in-memory
/// schedule is a projection of SQLite that reads these people again (`LiveState.catchUp`). A
/// function, not a table: noting costs no row written (a temporary table cost each write two
/// statements and a journal); notes of statements rolled back stay, and reading those people
/// again finds them as they are.
extension StoreSession {
    /// Made once per connection, after the migrations (the tables must exist).
    static let touchTriggers = """
        CREATE TEMP TRIGGER IF NOT EXISTS touch_person_insert AFTER INSERT ON main.person
            BEGIN SELECT connectd_touch(new.id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_person_update
            AFTER UPDATE OF cadence, ignored, want_to_meet, due_override, added_at, birthday, dates, tags ON main.person
            BEGIN SELECT connectd_touch(new.id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_person_delete AFTER DELETE ON main.person
            BEGIN SELECT connectd_touch(old.id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_interaction_insert AFTER INSERT ON main.interaction
            BEGIN SELECT connectd_touch(new.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_interaction_update AFTER UPDATE OF person_id, at ON main.interaction
            BEGIN SELECT connectd_touch(old.person_id), connectd_touch(new.person_id);
                SELECT connectd_touch(person_id) FROM main.interaction_with WHERE interaction_id = new.id; END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_interaction_delete AFTER DELETE ON main.interaction
            BEGIN SELECT connectd_touch(old.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_interaction_with_insert AFTER INSERT ON main.interaction_with
            BEGIN SELECT connectd_touch(new.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_interaction_with_update AFTER UPDATE ON main.interaction_with
            BEGIN SELECT connectd_touch(old.person_id), connectd_touch(new.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_interaction_with_delete AFTER DELETE ON main.interaction_with
            BEGIN SELECT connectd_touch(old.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_nudge_insert AFTER INSERT ON main.nudge
            BEGIN SELECT connectd_touch(new.person_id), connectd_touch(0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_nudge_update AFTER UPDATE OF person_id, status, delivered_at, kind ON main.nudge
            BEGIN SELECT connectd_touch(old.person_id), connectd_touch(new.person_id), connectd_touch(0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_nudge_delete AFTER DELETE ON main.nudge
            BEGIN SELECT connectd_touch(old.person_id), connectd_touch(0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_plan_insert AFTER INSERT ON main.plan
            BEGIN SELECT connectd_touch(new.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_plan_update AFTER UPDATE OF person_id, ends_at, state, asked_at ON main.plan
            BEGIN SELECT connectd_touch(old.person_id), connectd_touch(new.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_plan_delete AFTER DELETE ON main.plan
            BEGIN SELECT connectd_touch(old.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_prompt_insert AFTER INSERT ON main.prompt_delivery
            BEGIN SELECT connectd_touch(0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_prompt_delete AFTER DELETE ON main.prompt_delivery
            BEGIN SELECT connectd_touch(0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_reflection_insert AFTER INSERT ON main.reflection
            BEGIN SELECT connectd_touch(0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_reflection_delete AFTER DELETE ON main.reflection
            BEGIN SELECT connectd_touch(0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_circle_insert AFTER INSERT ON main.circle
            BEGIN SELECT connectd_touch(p.id) FROM person p, json_each(p.tags) t WHERE t.value = new.name; END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_circle_update AFTER UPDATE ON main.circle
            BEGIN SELECT connectd_touch(p.id) FROM person p, json_each(p.tags) t WHERE t.value IN (old.name, new.name); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_circle_delete AFTER DELETE ON main.circle
            BEGIN SELECT connectd_touch(p.id) FROM person p, json_each(p.tags) t WHERE t.value = old.name; END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_meta_insert AFTER INSERT ON main.meta
            BEGIN SELECT connectd_touch(0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_meta_update AFTER UPDATE ON main.meta
            BEGIN SELECT connectd_touch(0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_meta_delete AFTER DELETE ON main.meta
            BEGIN SELECT connectd_touch(0); END;
        """

    /// Rows changed on this connection since it opened: unchanged means nothing was touched
    /// (a look that costs no statement).
    public var totalChanges: Int { db.totalChangesCount }

    /// The people and whether the history was touched since the last call (id 0 stands for the
    /// history: person ids start at 1); the notes are cleared.
    public func takeTouched() -> (people: Set<Int64>, history: Bool) {
        touched.take()
    }
}

/// The notes the triggers make. Unchecked Sendable: the function runs only inside statements on
/// the store's one connection, on the thread that runs them, as `take` does.
final class TouchedPeople: @unchecked Sendable {
    private var people = Set<Int64>()

    /// Registers `connectd_touch(id)` on the connection (before the triggers that call it).
    func register(on db: Database) {
        db.add(function: DatabaseFunction("connectd_touch", argumentCount: 1, pure: false) { [unowned self] values in
            if let id = Int64.fromDatabaseValue(values[0]) { self.people.insert(id) }
            return nil
        })
    }

    func take() -> (people: Set<Int64>, history: Bool) {
        var taken = people
        people = []
        let history = taken.remove(0) != nil
        return (taken, history)
    }
}
