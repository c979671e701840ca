import ConnectCore
import Foundation

/// Which people and which history the statements since the last look touched, noted by SQLite
/// itself: temporary triggers on every table the schedule is made from write the person's id (or
/// 0 for "the history") into a temporary table, so no write can forget to say. The in-memory schedule is a
/// projection of SQLite that reads these people again (`LiveState.catchUp`); a savepoint that
/// rolls back takes its notes with it.
extension StoreSession {
    /// Made once per connection, after the migrations (the tables must exist).
    static let touchTriggers = """
        CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY);
        CREATE TEMP TRIGGER IF NOT EXISTS touch_person_insert AFTER INSERT ON main.person
            BEGIN INSERT OR IGNORE INTO touched VALUES (new.id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_person_update
            AFTER UPDATE OF cadence, ignored, want_to_meet, due_override, added_at, birthday, tags ON main.person
            BEGIN INSERT OR IGNORE INTO touched VALUES (new.id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_person_delete AFTER DELETE ON main.person
            BEGIN INSERT OR IGNORE INTO touched VALUES (old.id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_interaction_insert AFTER INSERT ON main.interaction
            BEGIN INSERT OR IGNORE INTO touched VALUES (new.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_interaction_update AFTER UPDATE OF person_id, at ON main.interaction
            BEGIN INSERT OR IGNORE INTO touched VALUES (old.person_id); INSERT OR IGNORE INTO touched VALUES (new.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_interaction_delete AFTER DELETE ON main.interaction
            BEGIN INSERT OR IGNORE INTO touched VALUES (old.person_id); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_nudge_insert AFTER INSERT ON main.nudge
            BEGIN INSERT OR IGNORE INTO touched VALUES (new.person_id); INSERT OR IGNORE INTO touched VALUES (0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_nudge_update AFTER UPDATE OF person_id, status, delivered_at, kind ON main.nudge
            BEGIN INSERT OR IGNORE INTO touched VALUES (old.person_id); INSERT OR IGNORE INTO touched VALUES (new.person_id);
                  INSERT OR IGNORE INTO touched VALUES (0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_nudge_delete AFTER DELETE ON main.nudge
            BEGIN INSERT OR IGNORE INTO touched VALUES (old.person_id); INSERT OR IGNORE INTO touched VALUES (0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_prompt_insert AFTER INSERT ON main.prompt_delivery
            BEGIN INSERT OR IGNORE INTO touched VALUES (0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_prompt_delete AFTER DELETE ON main.prompt_delivery
            BEGIN INSERT OR IGNORE INTO touched VALUES (0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_reflection_insert AFTER INSERT ON main.reflection
            BEGIN INSERT OR IGNORE INTO touched VALUES (0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_reflection_delete AFTER DELETE ON main.reflection
            BEGIN INSERT OR IGNORE INTO touched VALUES (0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_circle_insert AFTER INSERT ON main.circle
            BEGIN INSERT OR IGNORE INTO touched SELECT p.id FROM person p, json_each(p.tags) t WHERE t.value = new.name; END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_circle_update AFTER UPDATE ON main.circle
            BEGIN INSERT OR IGNORE INTO touched SELECT p.id FROM person p, json_each(p.tags) t WHERE t.value IN (old.name, new.name); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_circle_delete AFTER DELETE ON main.circle
            BEGIN INSERT OR IGNORE INTO touched SELECT p.id FROM person p, json_each(p.tags) t WHERE t.value = old.name; END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_meta_insert AFTER INSERT ON main.meta
            BEGIN INSERT OR IGNORE INTO touched VALUES (0); END;
        CREATE TEMP TRIGGER IF NOT EXISTS touch_meta_update AFTER UPDATE ON main.meta
            BEGIN INSERT OR IGNORE INTO touched VALUES (0); END;
        """

    /// Rows changed on this connection since it opened: unchanged means nothing was touched
    /// (a look that costs no statement).
    public var totalChanges: Int { db.totalChangesCount }

    /// The people and whether the history was touched since the last call (id 0 stands for the
    /// history: person ids start at 1); the notes are cleared, in one statement.
    public func takeTouched() throws -> (people: Set<Int64>, history: Bool) {
        var people = Set(try all("DELETE FROM temp.touched RETURNING id") { $0.int64(0) })
        let history = people.remove(0) != nil
        return (people, history)
    }
}
