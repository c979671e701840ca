/// The search index (`search`, an FTS5 table, schema v17) and how it is kept: one row per person
/// (their name and the fields typed about them), per interaction with a note, per follow-up and
/// per reflection, at rowid = the row's id * 4 + which table (`SearchMatch.Source`), so that
/// moving an interaction to another person (a merge) leaves its row alone.
///
/// Contentless: the index keeps words, not a second copy of the text; a row leaves it by being
/// tokenized again with its old values ('delete'). Kept in step by temporary triggers made on
/// each connection, like the touch triggers, so every write path keeps it in its own transaction
/// and the schema has nothing another program (sqlite3, a script) cannot run. Such a program's
/// writes are not indexed: the state is connectd's to write.
enum SearchIndex {
    /// The tokenizer's name, with a version: words made differently need a new name and a
    /// migration that builds the index again.
    static let tokenizer = "connectd1"

    /// A person's document: the fields search looks in, one per line (the same for the row
    /// written and for the row taken out).
    private static func person(_ row: String) -> String {
        ["name", "organization", "title", "met", "found", "interests", "notes", "tags"]
            .map { "ifnull(\(row).\($0), '')" }.joined(separator: " || char(10) || ")
    }

    /// The tables with one text each: interaction notes, follow-ups, reflections.
    private static let texts: [(table: String, source: SearchMatch.Source, column: String)] = [
        ("interaction", .interaction, "note"), ("follow_up", .followUp, "text"), ("reflection", .reflection, "answer"),
    ]

    /// Everything there is, into an empty index (the migration that makes it).
    static var fill: String {
        "INSERT INTO search (rowid, body) SELECT id * 4, \(person("person")) FROM person;\n"
            + texts.map { "INSERT INTO search (rowid, body) SELECT id * 4 + \($0.source.rawValue), \($0.column) FROM \($0.table) WHERE \($0.column) IS NOT NULL;" }
                .joined(separator: "\n")
    }

    /// Made once per connection, after the migrations.
    static var triggers: String {
        var sql = """
            CREATE TEMP TRIGGER IF NOT EXISTS search_person_insert AFTER INSERT ON main.person BEGIN
                INSERT INTO search (rowid, body) VALUES (new.id * 4, \(person("new")));
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS search_person_update
            AFTER UPDATE OF id, name, organization, title, met, found, interests, notes, tags ON main.person
            WHEN old.id IS NOT new.id OR \(person("old")) IS NOT \(person("new")) BEGIN
                INSERT INTO search (search, rowid, body) VALUES ('delete', old.id * 4, \(person("old")));
                INSERT INTO search (rowid, body) VALUES (new.id * 4, \(person("new")));
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS search_person_delete AFTER DELETE ON main.person BEGIN
                INSERT INTO search (search, rowid, body) VALUES ('delete', old.id * 4, \(person("old")));
            END;

            """
        for (table, source, column) in texts {
            let kind = source.rawValue
            sql += """
                CREATE TEMP TRIGGER IF NOT EXISTS search_\(table)_insert AFTER INSERT ON main.\(table) WHEN new.\(column) IS NOT NULL BEGIN
                    INSERT INTO search (rowid, body) VALUES (new.id * 4 + \(kind), new.\(column));
                END;
                CREATE TEMP TRIGGER IF NOT EXISTS search_\(table)_update AFTER UPDATE OF id, \(column) ON main.\(table)
                WHEN old.id IS NOT new.id OR old.\(column) IS NOT new.\(column) BEGIN
                    INSERT INTO search (search, rowid, body)
                        SELECT 'delete', old.id * 4 + \(kind), old.\(column) WHERE old.\(column) IS NOT NULL;
                    INSERT INTO search (rowid, body) SELECT new.id * 4 + \(kind), new.\(column) WHERE new.\(column) IS NOT NULL;
                END;
                CREATE TEMP TRIGGER IF NOT EXISTS search_\(table)_delete AFTER DELETE ON main.\(table) WHEN old.\(column) IS NOT NULL BEGIN
                    INSERT INTO search (search, rowid, body) VALUES ('delete', old.id * 4 + \(kind), old.\(column));
                END;

                """
        }
        return sql
    }
}
