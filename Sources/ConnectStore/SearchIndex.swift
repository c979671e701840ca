import ConnectCore
import GRDB

/// The search index (`search`, an FTS5 table, schema v17) and how it is kept: one row per person
/// (their name and the fields typed about them), per interaction with a note, per follow-up and
/// per reflection, at rowid = the row's id * 4 + which table (`SearchMatch.Source`), so that
/// moving an interaction to another person (a merge) leaves its row alone.
///
/// Contentless: the index keeps words, not a second copy of the text; a row leaves it by being
/// tokenized again with its old values ('delete'). Kept in step by temporary triggers made on
/// each connection, like the touch triggers, so every write path keeps it in its own transaction
/// and the schema has nothing another program (sqlite3, a script) cannot run. Such a program's
/// writes are not indexed, and a row it wrote that connectd later changes leaves words behind
/// that no search can take out: the state is connectd's to write. When the words themselves
/// change (our tokenizer, or the Unicode tables of a new Swift), the index is made again at the
/// next start (`refreshIfStale`).
public enum SearchIndex {
    /// The tokenizer's name, with a version: words made differently need a new name and a
    /// migration that builds the index again.
    static let tokenizer = "connectd1"

    /// The fields of a person search looks in: the name a hit gives the field, its column, and
    /// its text as a snippet shows it. The one list for the index and for the hits.
    public static let personFields: [(field: String, column: String, text: @Sendable (Person) -> String?)] = [
        ("name", "name", { $0.name }), ("organization", "organization", { $0.organization }), ("title", "title", { $0.title }),
        ("met", "met", { $0.met }), ("found", "found", { $0.found }), ("into", "interests", { $0.interests }),
        ("notes", "notes", { $0.notes }), ("tags", "tags", { $0.tags.isEmpty ? nil : $0.tags.joined(separator: ", ") }),
    ]

    /// A person's document: the fields search looks in, one per line (the same for the row
    /// written and for the row taken out).
    private static func person(_ row: String) -> String {
        personFields.map { "ifnull(\(row).\($0.column), '')" }.joined(separator: " || char(10) || ")
    }

    /// The tables with one text each: interaction notes, follow-ups, reflections.
    private static let texts: [(table: String, source: SearchMatch.Source, column: String)] = [
        ("interaction", .interaction, "note"), ("follow_up", .followUp, "text"), ("reflection", .reflection, "answer"),
    ]

    /// Text in every script the tokenizer treats apart; its words say what the index was made with.
    static let probe = "Łukasz ZOË straße Ærø ½ ﬁne ① 東京 서울 ｶﾀｶﾅ カタカナ ガ e\u{301}"
    static var fingerprint: String { SearchWords.words(probe).map(\.folded).joined(separator: " ") }

    /// Makes the index again (in the caller's transaction) when its words were made differently.
    static func refreshIfStale(_ db: Database) throws {
        let made = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'search_words'")
        guard made != fingerprint else { return }
        try db.execute(sql: "INSERT INTO search (search) VALUES ('delete-all')")
        try db.execute(sql: fill)
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('search_words', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [fingerprint])
    }

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
