import ConnectCore
import Foundation
import GRDB

/// The database schema as a list of migrations. Shipped migrations are never edited: add a new one.
/// Table and column names are strings here, not app types, so later code changes cannot alter history.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-people-and-interactions") { db in
            try db.execute(sql: """
                CREATE TABLE person (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                    cadence TEXT NOT NULL CHECK (length(cadence) > 0),
                    met TEXT,
                    interests TEXT,
                    notes TEXT,
                    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
                    links TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(links) AND json_type(links) = 'array'),
                    added_at REAL NOT NULL
                );
                CREATE UNIQUE INDEX person_name ON person(name COLLATE NOCASE);
                CREATE TABLE interaction (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (length(kind) > 0),
                    at REAL NOT NULL,
                    note TEXT,
                    logged_at REAL NOT NULL
                );
                CREATE INDEX interaction_person_at ON interaction(person_id, at);
                CREATE INDEX interaction_at ON interaction(at);
                """)
        }
        migrator.registerMigration("v2-nudges-prompts-reflections") { db in
            try db.execute(sql: """
                ALTER TABLE person ADD COLUMN due_override REAL;
                CREATE TABLE nudge (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    due_since REAL NOT NULL,
                    planned_at REAL NOT NULL,
                    delivered_at REAL NOT NULL,
                    announced_at REAL,
                    late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
                    status TEXT NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'done', 'snoozed', 'skipped', 'expired')),
                    closed_at REAL,
                    rule TEXT NOT NULL,
                    time_zone TEXT NOT NULL
                );
                CREATE INDEX nudge_person_status ON nudge(person_id, status);
                CREATE INDEX nudge_delivered_at ON nudge(delivered_at);
                CREATE TABLE prompt_delivery (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    prompt_id TEXT NOT NULL,
                    prompt_text TEXT NOT NULL,
                    slot REAL NOT NULL UNIQUE,
                    delivered_at REAL NOT NULL,
                    announced_at REAL,
                    late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
                    rule TEXT NOT NULL,
                    time_zone TEXT NOT NULL
                );
                CREATE TABLE reflection (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    prompt_delivery_id INTEGER NOT NULL REFERENCES prompt_delivery(id),
                    answer TEXT NOT NULL CHECK (length(trim(answer)) > 0),
                    answered_at REAL NOT NULL
                );
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v3-desktop-notifications") { db in
            try db.execute(sql: """
                ALTER TABLE prompt_delivery ADD COLUMN seen_at REAL;
                CREATE TABLE desktop_notification (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    notification_id INTEGER NOT NULL,
                    nudge_id INTEGER REFERENCES nudge(id) ON DELETE CASCADE,
                    prompt_delivery_id INTEGER REFERENCES prompt_delivery(id) ON DELETE CASCADE,
                    created_at REAL NOT NULL,
                    CHECK ((nudge_id IS NULL) != (prompt_delivery_id IS NULL))
                );
                CREATE INDEX desktop_notification_id ON desktop_notification(notification_id);
                """)
        }
        migrator.registerMigration("v4-name-index") { db in
            // Names are found by their folded words (no case, accents or width) through an index,
            // instead of loading every name for each lookup.
            try db.execute(sql: """
                ALTER TABLE person ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
                CREATE INDEX person_name_key ON person(name_key);
                CREATE TABLE name_word (
                    word TEXT NOT NULL,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    PRIMARY KEY (word, person_id)
                ) WITHOUT ROWID;
                CREATE INDEX name_word_person ON name_word(person_id);
                CREATE INDEX reflection_prompt_delivery ON reflection(prompt_delivery_id);
                CREATE INDEX nudge_unannounced ON nudge(id) WHERE announced_at IS NULL;
                """)
            let people = try Row.fetchAll(db, sql: "SELECT id, name FROM person")
            for person in people {
                let id: Int64 = person["id"]
                let name: String = person["name"]
                try db.execute(sql: "UPDATE person SET name_key = ? WHERE id = ?", arguments: [FrozenForMigrations.fold(name, dropInvisibleMarks: false), id])
                for word in Set(FrozenForMigrations.words(name, dropInvisibleMarks: false)) {
                    try db.execute(sql: "INSERT OR IGNORE INTO name_word (word, person_id) VALUES (?, ?)", arguments: [word, id])
                }
            }
        }
        migrator.registerMigration("v5-address-book-fields") { db in
            // Imported people: a cadence only once the user decides (NULL: untriaged), the fields an
            // address book has, a stable UID (made up for everyone already here), an ignore flag
            // and news from a re-import. SQLite cannot drop NOT NULL in place, so the table is
            // rebuilt (GRDB runs migrations with foreign keys off and checks them at the end).
            try db.execute(sql: """
                CREATE TABLE person_v5 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                    name_key TEXT NOT NULL DEFAULT '',
                    cadence TEXT CHECK (cadence IS NULL OR length(cadence) > 0),
                    met TEXT,
                    interests TEXT,
                    notes TEXT,
                    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
                    links TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(links) AND json_type(links) = 'array'),
                    added_at REAL NOT NULL,
                    due_override REAL,
                    uid TEXT NOT NULL CHECK (length(uid) > 0),
                    uid_external INTEGER NOT NULL DEFAULT 0 CHECK (uid_external IN (0, 1)),
                    emails TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(emails) AND json_type(emails) = 'array'),
                    phones TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(phones) AND json_type(phones) = 'array'),
                    organization TEXT,
                    title TEXT,
                    birthday TEXT,
                    ignored INTEGER NOT NULL DEFAULT 0 CHECK (ignored IN (0, 1)),
                    news TEXT,
                    job_from_linkedin INTEGER NOT NULL DEFAULT 0 CHECK (job_from_linkedin IN (0, 1))
                );
                INSERT INTO person_v5 (id, name, name_key, cadence, met, interests, notes, tags, links, added_at, due_override, uid)
                    SELECT id, name, name_key, cadence, met, interests, notes, tags, links, added_at, due_override,
                        lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
                            || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
                    FROM person;
                DROP TABLE person;
                ALTER TABLE person_v5 RENAME TO person;
                CREATE UNIQUE INDEX person_name ON person(name COLLATE NOCASE);
                CREATE INDEX person_name_key ON person(name_key);
                CREATE UNIQUE INDEX person_uid ON person(uid);
                CREATE INDEX person_untriaged ON person(added_at) WHERE cadence IS NULL AND ignored = 0;
                CREATE TABLE person_email (
                    email TEXT NOT NULL,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    PRIMARY KEY (email, person_id)
                ) WITHOUT ROWID;
                CREATE INDEX person_email_person ON person_email(person_id);
                """)
        }
        migrator.registerMigration("v6-trash") { db in
            // Removed people wait here for 30 days (restorable) before they are gone: the person
            // with their interactions and nudges, as in connectd's JSON export.
            try db.execute(sql: """
                CREATE TABLE trash (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    removed_at REAL NOT NULL,
                    interactions INTEGER NOT NULL,
                    snapshot TEXT NOT NULL CHECK (json_valid(snapshot))
                );
                CREATE INDEX trash_removed_at ON trash(removed_at);
                """)
        }
        migrator.registerMigration("v7-sync") { db in
            // For a vdir mirror that vdirsyncer carries to other machines: when each person (and
            // each of their fields) last changed, so that the newest edit wins a merge; the UIDs
            // interactions and reflections are known by on every machine; the machine that
            // delivered a nudge, when it was not this one; and what the mirror last wrote.
            try db.execute(sql: """
                ALTER TABLE person ADD COLUMN revised_at REAL;
                UPDATE person SET revised_at = added_at;
                ALTER TABLE person ADD COLUMN field_revs TEXT NOT NULL DEFAULT '{}'
                    CHECK (json_valid(field_revs) AND json_type(field_revs) = 'object');
                ALTER TABLE interaction ADD COLUMN uid TEXT;
                ALTER TABLE reflection ADD COLUMN uid TEXT;
                ALTER TABLE nudge ADD COLUMN delivered_on TEXT;
                CREATE INDEX nudge_person_due ON nudge(person_id, due_since);
                CREATE TABLE mirror_file (
                    name TEXT PRIMARY KEY,
                    person TEXT,
                    etag TEXT NOT NULL,
                    hash TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX mirror_file_person ON mirror_file(person) WHERE person IS NOT NULL;
                """)
            var taken = Set<String>()
            func unique(_ uid: String, _ id: Int64) -> String { taken.insert(uid).inserted ? uid : "\(uid)-\(id)" }
            let interactions = try Row.fetchAll(db, sql: """
                SELECT i.id, p.uid, i.at, i.kind, i.note FROM interaction i JOIN person p ON p.id = i.person_id ORDER BY i.id
                """)
            for row in interactions {
                let id: Int64 = row[0]
                let uid = FrozenForMigrations.interactionUID(person: row[1], at: Date(timeIntervalSince1970: row[2]), kind: row[3], note: row[4])
                try db.execute(sql: "UPDATE interaction SET uid = ? WHERE id = ?", arguments: [unique(uid, id), id])
            }
            let reflections = try Row.fetchAll(db, sql: """
                SELECT r.id, d.slot, r.answer FROM reflection r JOIN prompt_delivery d ON d.id = r.prompt_delivery_id ORDER BY r.id
                """)
            for row in reflections {
                let id: Int64 = row[0]
                let uid = FrozenForMigrations.reflectionUID(slot: Date(timeIntervalSince1970: row[1]), answer: row[2])
                try db.execute(sql: "UPDATE reflection SET uid = ? WHERE id = ?", arguments: [unique(uid, id), id])
            }
            try db.execute(sql: """
                CREATE UNIQUE INDEX interaction_uid ON interaction(uid);
                CREATE UNIQUE INDEX reflection_uid ON reflection(uid);
                """)
        }
        migrator.registerMigration("v8-follow-ups-first-contacts-birthdays") { db in
            // What you said you would do next time (closed when done); people you want to meet
            // (not nudged on a cadence until the first contact) and where you found them; and
            // which kind of nudge a delivery was.
            try db.execute(sql: """
                CREATE TABLE follow_up (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
                    created_at REAL NOT NULL,
                    closed_at REAL
                );
                CREATE INDEX follow_up_open_person ON follow_up(person_id, created_at, id) WHERE closed_at IS NULL;
                CREATE INDEX follow_up_open ON follow_up(created_at, id) WHERE closed_at IS NULL;
                ALTER TABLE person ADD COLUMN want_to_meet INTEGER NOT NULL DEFAULT 0 CHECK (want_to_meet IN (0, 1));
                ALTER TABLE person ADD COLUMN found TEXT;
                ALTER TABLE nudge ADD COLUMN kind TEXT NOT NULL DEFAULT 'catch-up'
                    CHECK (kind IN ('catch-up', 'first-contact', 'birthday'));
                CREATE INDEX nudge_kind_delivered ON nudge(kind, delivered_at) WHERE kind != 'catch-up';
                """)
        }
        migrator.registerMigration("v9-interaction-kind-index") { db in
            // `stats` counts interactions by kind over 26 weeks: with the kind in the index that is
            // an index-only scan (0.13 s instead of 1.1 s over 500k interactions).
            try db.execute(sql: "CREATE INDEX interaction_at_kind ON interaction(at, kind)")
        }
        migrator.registerMigration("v10-name-keys-for-more-letters") { db in
            // NameKey now folds ł, ø, æ, ß and the like, and finds names written without spaces
            // by their endings: the keys and words of the names this changes are made again.
            for person in try Row.fetchAll(db, sql: "SELECT id, name, name_key FROM person") {
                let id: Int64 = person["id"]
                let name: String = person["name"]
                let stored: String = person["name_key"]
                let key = FrozenForMigrations.fold(name, dropInvisibleMarks: false)
                guard key != stored || name.unicodeScalars.contains(where: FrozenForMigrations.isWrittenWithoutSpaces) else { continue }
                try db.execute(sql: "UPDATE person SET name_key = ? WHERE id = ?", arguments: [key, id])
                try db.execute(sql: "DELETE FROM name_word WHERE person_id = ?", arguments: [id])
                for word in Set(FrozenForMigrations.searchWords(name, dropInvisibleMarks: false)) {
                    try db.execute(sql: "INSERT OR IGNORE INTO name_word (word, person_id) VALUES (?, ?)", arguments: [word, id])
                }
            }
        }
        migrator.registerMigration("v11-import-journal-card-extras") { db in
            // Every row an import adds or changes is noted with the import (in the same
            // savepoint), so that an import that does not finish is undone exactly and a finished
            // one can be undone for 30 days; and the properties of a card connectd does not use
            // (an address, a photo) are kept with the person, so that writing the card loses nothing.
            try db.execute(sql: """
                CREATE TABLE import_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    format TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    undone_at REAL,
                    added INTEGER NOT NULL DEFAULT 0,
                    updated INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE import_change (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('person-added', 'person-updated', 'interaction', 'follow-up', 'nudge', 'prompt', 'reflection')),
                    row_id INTEGER NOT NULL,
                    before TEXT CHECK (before IS NULL OR json_valid(before)),
                    after TEXT CHECK (after IS NULL OR json_valid(after))
                );
                CREATE INDEX import_change_run ON import_change(run_id, id);
                ALTER TABLE person ADD COLUMN card_extras TEXT CHECK (card_extras IS NULL OR (json_valid(card_extras) AND json_type(card_extras) = 'array'));
                """)
            // Names no longer keep marks that show nothing (a byte order mark, a zero-width space, a
            // direction mark): a name that began with one could not be found. Those stored are cleaned.
            let marks = FrozenForMigrations.invisibleMarks
            for person in try Row.fetchAll(db, sql: "SELECT id, name FROM person") {
                let name: String = person["name"]
                guard name.unicodeScalars.contains(where: { marks.contains($0.value) }) else { continue }
                let id: Int64 = person["id"]
                var clean = ""
                clean.unicodeScalars.append(contentsOf: name.unicodeScalars.filter { !marks.contains($0.value) })
                clean = clean.trimmingCharacters(in: .whitespaces)
                let taken = try Int.fetchOne(db, sql: "SELECT count(*) FROM person WHERE name = ? COLLATE NOCASE AND id != ?", arguments: [clean, id]) ?? 0
                if clean.isEmpty || taken > 0 { clean = "\(clean.isEmpty ? "Person" : clean) (\(id))" }
                try db.execute(sql: "UPDATE person SET name = ?, name_key = ? WHERE id = ?",
                               arguments: [clean, FrozenForMigrations.fold(clean, dropInvisibleMarks: true), id])
                try db.execute(sql: "DELETE FROM name_word WHERE person_id = ?", arguments: [id])
                for word in Set(FrozenForMigrations.searchWords(clean, dropInvisibleMarks: true)) {
                    try db.execute(sql: "INSERT OR IGNORE INTO name_word (word, person_id) VALUES (?, ?)", arguments: [word, id])
                }
            }
        }
        migrator.registerMigration("v12-trash-keeps-ids-undo-of-imports") { db in
            // A person keeps their id for life: the trash remembers it, and a restore brings them
            // back under it (ids are never given twice: AUTOINCREMENT). People removed before
            // this have lost theirs: each gets a new one now, so that every entry is named alike.
            // And an import the user takes back is marked as being undone, so that an undo cut
            // short by a stop is finished at the next start. The Done button's placeholder note
            // ("Marked done from a desktop notification") goes: nudges quoted it as if written.
            try db.execute(sql: """
                ALTER TABLE trash ADD COLUMN person_id INTEGER;
                CREATE INDEX trash_person ON trash(person_id);
                ALTER TABLE import_run ADD COLUMN undo_started_at REAL;
                CREATE INDEX desktop_notification_nudge ON desktop_notification(nudge_id) WHERE nudge_id IS NOT NULL;
                UPDATE interaction SET note = NULL WHERE note = 'Marked done from a desktop notification';
                """)
            var next = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'person'") ?? 0
            let legacy = try Int64.fetchAll(db, sql: "SELECT id FROM trash ORDER BY id")
            for id in legacy {
                next += 1
                try db.execute(sql: "UPDATE trash SET person_id = ? WHERE id = ?", arguments: [next, id])
            }
            if !legacy.isEmpty {
                try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'person'")
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('person', ?)", arguments: [next])
            }
        }
        migrator.registerMigration("v13-circles") { db in
            // A circle: everyone tagged `name`, with an ideal cadence (`every`: when a nudge may
            // come) and a maximum (`at_most`: past it they count as overdue and go first), for
            // the people of the tag who have no cadence of their own. `every_seconds` orders
            // circles: in several, the shortest counts.
            try db.execute(sql: """
                CREATE TABLE circle (
                    name TEXT PRIMARY KEY,
                    every TEXT NOT NULL,
                    every_seconds REAL NOT NULL,
                    at_most TEXT,
                    revised_at REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v14-one-index-fewer-per-interaction") { db in
            // interaction_at_kind (at, kind) serves every range on `at` that interaction_at did:
            // one index fewer to write per logged interaction (7.9 -> 6.7 pages a commit).
            try db.execute(sql: "DROP INDEX IF EXISTS interaction_at")
        }
        migrator.registerMigration("v15-proposals") { db in
            // Contacts found in what you sent (the msmtp log, later mail and calendars), offered as
            // "log it?": one per person and message (`source_key`, so reading a source again
            // proposes nothing twice), open until accepted or dismissed. Addresses you said never
            // to propose again. Where each source was read up to (a log: its inode, the offset, a
            // mark of the bytes before it to see a rewritten file, and the year and month of the
            // line there, since msmtp writes no years).
            try db.execute(sql: """
                CREATE TABLE proposal (
                    id INTEGER PRIMARY KEY,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    address TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    at REAL NOT NULL,
                    source TEXT NOT NULL,
                    source_key TEXT NOT NULL UNIQUE,
                    subject TEXT,
                    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed')),
                    created_at REAL NOT NULL
                );
                CREATE INDEX proposal_open ON proposal(at, id) WHERE status = 'open';
                CREATE INDEX proposal_person ON proposal(person_id, at);
                CREATE TABLE detect_never (address TEXT PRIMARY KEY) WITHOUT ROWID;
                CREATE TABLE detect_cursor (
                    source TEXT PRIMARY KEY, file INTEGER NOT NULL, offset INTEGER NOT NULL, mark TEXT NOT NULL,
                    year INTEGER NOT NULL, month INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v16-proposals-on-the-desktop") { db in
            // A desktop notification may also stand for the proposals found by a reading (up to
            // the newest it showed), so that "Log all" counts those and not later ones. SQLite
            // cannot change a CHECK: the table is made again.
            try db.execute(sql: """
                CREATE TABLE desktop_notification_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    notification_id INTEGER NOT NULL,
                    nudge_id INTEGER REFERENCES nudge(id) ON DELETE CASCADE,
                    prompt_delivery_id INTEGER REFERENCES prompt_delivery(id) ON DELETE CASCADE,
                    proposals_upto INTEGER,
                    created_at REAL NOT NULL,
                    CHECK ((nudge_id IS NOT NULL) + (prompt_delivery_id IS NOT NULL) + (proposals_upto IS NOT NULL) = 1)
                );
                INSERT INTO desktop_notification_new (id, notification_id, nudge_id, prompt_delivery_id, created_at)
                    SELECT id, notification_id, nudge_id, prompt_delivery_id, created_at FROM desktop_notification;
                DROP TABLE desktop_notification;
                ALTER TABLE desktop_notification_new RENAME TO desktop_notification;
                CREATE INDEX desktop_notification_id ON desktop_notification(notification_id);
                CREATE INDEX desktop_notification_nudge ON desktop_notification(nudge_id) WHERE nudge_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("v17-search") { db in
            // Full-text search over what you wrote down (`SearchIndex`): one row per person, per
            // interaction with a note, per follow-up and per reflection, filled here from what
            // is there and kept by the connection's triggers from now on.
            try db.execute(sql: "CREATE VIRTUAL TABLE search USING fts5(body, content = '', tokenize = '\(SearchIndex.tokenizer)')")
            try db.execute(sql: SearchIndex.fill)
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('search_words', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [SearchIndex.fingerprint])
        }
        migrator.registerMigration("v18-filters-through-indexes") { db in
            // ls filters that each go through an index instead of reading every person: the tags
            // of each person as rows (kept from person.tags by triggers, like an index: never
            // written by hand), and the ignored and the organizations.
            try db.execute(sql: """
                CREATE TABLE person_tag (
                    tag TEXT NOT NULL,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    PRIMARY KEY (tag, person_id)
                ) WITHOUT ROWID;
                CREATE INDEX person_tag_person ON person_tag(person_id);
                INSERT OR IGNORE INTO person_tag (tag, person_id) SELECT t.value, p.id FROM person p, json_each(p.tags) t;
                CREATE TRIGGER person_tag_insert AFTER INSERT ON person WHEN new.tags != '[]' BEGIN
                    INSERT OR IGNORE INTO person_tag (tag, person_id) SELECT value, new.id FROM json_each(new.tags);
                END;
                CREATE TRIGGER person_tag_update AFTER UPDATE OF id, tags ON person WHEN old.id IS NOT new.id OR old.tags IS NOT new.tags BEGIN
                    DELETE FROM person_tag WHERE person_id = old.id;
                    INSERT OR IGNORE INTO person_tag (tag, person_id) SELECT value, new.id FROM json_each(new.tags);
                END;
                CREATE INDEX person_ignored ON person(name_key) WHERE ignored = 1;
                CREATE INDEX person_organization ON person(organization COLLATE NOCASE) WHERE organization IS NOT NULL;
                """)
        }
        migrator.registerMigration("v19-planned-catch-ups") { db in
            // Catch-ups you arranged (`PlannedCatchUp`): they hold the person's nudges until a
            // while after they end, then connectd asks once whether they happened (asked_at,
            // announced_at as for nudges: recorded before announced). A desktop notification may
            // stand for that question (its buttons answer it), and an import may add a plan (the
            // journal that undoes it names plans): their CHECKs change, so those tables are made
            // again.
            try db.execute(sql: """
                CREATE TABLE plan (
                    id INTEGER PRIMARY KEY,
                    uid TEXT NOT NULL UNIQUE,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    starts_at REAL NOT NULL,
                    ends_at REAL NOT NULL CHECK (ends_at >= starts_at),
                    place TEXT,
                    note TEXT,
                    state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'happened', 'cancelled')),
                    asked_at REAL,
                    announced_at REAL,
                    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
                    made_at REAL NOT NULL
                );
                CREATE INDEX plan_open ON plan(person_id, ends_at) WHERE state = 'planned';
                CREATE INDEX plan_person ON plan(person_id);
                CREATE INDEX plan_interaction ON plan(interaction_id) WHERE interaction_id IS NOT NULL;
                CREATE INDEX plan_upcoming ON plan(starts_at) WHERE state = 'planned';
                CREATE INDEX plan_unannounced ON plan(id) WHERE asked_at IS NOT NULL AND announced_at IS NULL;
                CREATE INDEX person_birthday ON person(id) WHERE birthday IS NOT NULL AND ignored = 0;
                CREATE TABLE desktop_notification_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    notification_id INTEGER NOT NULL,
                    nudge_id INTEGER REFERENCES nudge(id) ON DELETE CASCADE,
                    prompt_delivery_id INTEGER REFERENCES prompt_delivery(id) ON DELETE CASCADE,
                    proposals_upto INTEGER,
                    plan_id INTEGER REFERENCES plan(id) ON DELETE CASCADE,
                    created_at REAL NOT NULL,
                    CHECK ((nudge_id IS NOT NULL) + (prompt_delivery_id IS NOT NULL) + (proposals_upto IS NOT NULL) + (plan_id IS NOT NULL) = 1)
                );
                INSERT INTO desktop_notification_new (id, notification_id, nudge_id, prompt_delivery_id, proposals_upto, created_at)
                    SELECT id, notification_id, nudge_id, prompt_delivery_id, proposals_upto, created_at FROM desktop_notification;
                DROP TABLE desktop_notification;
                ALTER TABLE desktop_notification_new RENAME TO desktop_notification;
                CREATE INDEX desktop_notification_id ON desktop_notification(notification_id);
                CREATE INDEX desktop_notification_nudge ON desktop_notification(nudge_id) WHERE nudge_id IS NOT NULL;
                CREATE INDEX desktop_notification_plan ON desktop_notification(plan_id) WHERE plan_id IS NOT NULL;
                CREATE TABLE import_change_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('person-added', 'person-updated', 'interaction', 'follow-up', 'nudge', 'prompt', 'reflection', 'plan')),
                    row_id INTEGER NOT NULL,
                    before TEXT CHECK (before IS NULL OR json_valid(before)),
                    after TEXT CHECK (after IS NULL OR json_valid(after))
                );
                INSERT INTO import_change_new (id, run_id, kind, row_id, before, after) SELECT id, run_id, kind, row_id, before, after FROM import_change;
                DROP TABLE import_change;
                ALTER TABLE import_change_new RENAME TO import_change;
                CREATE INDEX import_change_run ON import_change(run_id, id);
                """)
        }
        migrator.registerMigration("v20-dates-relationships-time-zones") { db in
            // A person's dates besides the birthday (`[{"label":…,"date":…}]`), the people they are
            // related to (`[{"name":…,"type":…,"uid":…}]`) and their time zone; NULL when none.
            // The calendar's pages of yearly events read everyone with a birthday or a date.
            try db.execute(sql: """
                ALTER TABLE person ADD COLUMN dates TEXT CHECK (dates IS NULL OR (json_valid(dates) AND json_type(dates) = 'array'));
                ALTER TABLE person ADD COLUMN related TEXT CHECK (related IS NULL OR (json_valid(related) AND json_type(related) = 'array'));
                ALTER TABLE person ADD COLUMN time_zone TEXT;
                DROP INDEX person_birthday;
                CREATE INDEX person_occasions ON person(id) WHERE (birthday IS NOT NULL OR dates IS NOT NULL) AND ignored = 0;
                """)
        }
        migrator.registerMigration("v21-feeds") { db in
            // A person's own feed, and what connectd knows of each watched feed: where it was
            // fetched, the validators for the next fetch, when and with what outcome, a feed found
            // on one of their pages, and the newest three items (`[{"title":…,"link":…,"published":…}]`).
            try db.execute(sql: """
                ALTER TABLE person ADD COLUMN feed TEXT;
                CREATE INDEX person_feed ON person(id) WHERE feed IS NOT NULL;
                CREATE TABLE feed (
                    person_id INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    found TEXT,
                    etag TEXT,
                    last_modified TEXT,
                    checked_at REAL NOT NULL,
                    outcome TEXT NOT NULL,
                    items TEXT CHECK (items IS NULL OR (json_valid(items) AND json_type(items) = 'array'))
                );
                CREATE INDEX feed_found ON feed(person_id) WHERE found IS NOT NULL;
                """)
        }
        migrator.registerMigration("v22-interactions-with-several-people") { db in
            // One interaction with several people: the row keeps the person it was logged for,
            // `interaction_with` the others who were there. `interaction_of` is every person's
            // part in one place, for queries about one person given as a value (SQLite carries
            // that into both parts; a condition on another table's column it does not).
            try db.execute(sql: """
                CREATE TABLE interaction_with (
                    interaction_id INTEGER NOT NULL REFERENCES interaction(id) ON DELETE CASCADE,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    PRIMARY KEY (interaction_id, person_id)
                ) WITHOUT ROWID;
                CREATE INDEX interaction_with_person ON interaction_with(person_id);
                CREATE VIEW interaction_of (person_id, interaction_id, at, kind, note) AS
                    SELECT person_id, id, at, kind, note FROM interaction
                    UNION ALL
                    SELECT w.person_id, w.interaction_id, i.at, i.kind, i.note FROM interaction_with w JOIN interaction i ON i.id = w.interaction_id;
                """)
        }
        migrator.registerMigration("v23-people-to-add") { db in
            // Someone you wrote to several times who is not among your people becomes a proposal
            // to add them: a proposal without a person (person_id NULL; `address` is theirs).
            // Until then, each message to an address nobody has is a sighting (kept 90 days),
            // from which the count comes, and which become proposals of contacts once the
            // person is added. One b-tree, by address and time (a first reading notes tens of
            // thousands: each index more was pages written at every commit).
            try db.execute(sql: """
                CREATE TABLE proposal_new (
                    id INTEGER PRIMARY KEY,
                    person_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
                    address TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    at REAL NOT NULL,
                    source TEXT NOT NULL,
                    source_key TEXT NOT NULL UNIQUE,
                    subject TEXT,
                    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed')),
                    created_at REAL NOT NULL
                );
                INSERT INTO proposal_new (id, person_id, address, kind, at, source, source_key, subject, status, created_at)
                    SELECT id, person_id, address, kind, at, source, source_key, subject, status, created_at FROM proposal;
                DROP TABLE proposal;
                ALTER TABLE proposal_new RENAME TO proposal;
                CREATE INDEX proposal_open ON proposal(at, id) WHERE status = 'open';
                CREATE INDEX proposal_person ON proposal(person_id, at);
                CREATE TABLE detect_sighting (
                    address TEXT NOT NULL,
                    at REAL NOT NULL,
                    message_key TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL,
                    subject TEXT,
                    PRIMARY KEY (address, at, message_key)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
