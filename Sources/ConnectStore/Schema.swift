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
        return migrator
    }
}
