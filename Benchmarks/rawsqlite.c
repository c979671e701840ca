/*
 * The ceiling for connectd's durable writes: raw SQLite running the statements one
 * LogInteraction runs (the person read, the UID check, the insert with the schedule's trigger,
 * the schedule row, the open follow-ups, in a savepoint), on a copy of connectd's own state
 * file, WAL and synchronous=FULL as the daemon has them, one commit per write or `--batch B`
 * writes per commit. No socket, no JSON, no Swift. Prints one JSON object: writes, rate, and
 * the WAL's growth per write (frames written per commit, from sqlite3_wal_hook, times the
 * frame size).
 *
 *   rawsqlite --db COPY.sqlite --ids M [--seconds S] [--batch B]
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long frames_written, last_frames, commits;

static int wal_hook(void *unused, sqlite3 *db, const char *name, int frames) {
    (void)unused;
    frames_written += frames > last_frames ? frames - last_frames : frames;
    last_frames = frames;
    commits++;
    if (frames > 1000) {  /* what the daemon's autocheckpoint does */
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        last_frames = 0;
    }
    return SQLITE_OK;
}

static void touch(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc; (void)argv;
    sqlite3_result_null(context);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(sqlite3 *db, int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "rawsqlite: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *statement;
    check(db, sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL), sql);
    return statement;
}

static void run(sqlite3 *db, sqlite3_stmt *statement) {
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {}
    check(db, rc, sqlite3_sql(statement));
    sqlite3_reset(statement);
}

int main(int argc, char **argv) {
    const char *path = NULL;
    double seconds = 5;
    int batch = 1, ids = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db")) path = argv[i + 1];
        else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--batch")) batch = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--ids")) ids = atoi(argv[i + 1]);
    }
    if (!path || batch < 1 || ids < 1) {
        fprintf(stderr, "usage: rawsqlite --db COPY.sqlite --ids M [--seconds S] [--batch B]\n");
        return 2;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "rawsqlite: cannot open %s: %s\n", path, db ? sqlite3_errmsg(db) : "out of memory");
        return 1;
    }
    check(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL, NULL), "pragmas");
    check(db, sqlite3_create_function(db, "connectd_touch", 1, SQLITE_UTF8, NULL, touch, NULL, NULL), "connectd_touch");
    check(db, sqlite3_exec(db, "CREATE TEMP TRIGGER touch_interaction_insert AFTER INSERT ON main.interaction "
                               "BEGIN SELECT connectd_touch(new.person_id); END;", NULL, NULL, NULL), "trigger");
    sqlite3_wal_hook(db, wal_hook, NULL);
    int page_size = 4096;
    sqlite3_stmt *pragma = prepare(db, "PRAGMA page_size");
    if (sqlite3_step(pragma) == SQLITE_ROW) page_size = sqlite3_column_int(pragma, 0);
    sqlite3_finalize(pragma);

    sqlite3_stmt *begin = prepare(db, "BEGIN IMMEDIATE TRANSACTION");
    sqlite3_stmt *savepoint = prepare(db, "SAVEPOINT request");
    /* Every column of the person, as the daemon reads them (p.*: also on older schemas). */
    sqlite3_stmt *person = prepare(db, "SELECT p.* FROM person p WHERE p.id = ?");
    sqlite3_stmt *uid = prepare(db, "SELECT 1 FROM interaction WHERE uid = ?");
    sqlite3_stmt *insert = prepare(db, "INSERT INTO interaction (person_id, kind, at, note, logged_at, uid) VALUES (?, ?, ?, ?, ?, ?)");
    /* The schedule row (circles only where the schema has them: older states are measured too). */
    sqlite3_stmt *has_circles = prepare(db, "SELECT 1 FROM sqlite_master WHERE name = 'circle'");
    int circles = sqlite3_step(has_circles) == SQLITE_ROW;
    sqlite3_finalize(has_circles);
    sqlite3_stmt *schedule = prepare(db, circles
        ? "SELECT p.id, p.cadence, p.added_at, p.due_override, "
          "(SELECT max(at) FROM interaction WHERE person_id = p.id), "
          "(SELECT max(delivered_at) FROM nudge WHERE person_id = p.id AND status = 'open' AND kind != 'birthday'), "
          "p.want_to_meet, p.birthday, (SELECT count(*) FROM interaction WHERE person_id = p.id), p.ignored, "
          "CASE WHEN p.cadence IS NULL THEN (SELECT json_array(c.name, c.every, c.at_most) FROM json_each(p.tags) t "
          "JOIN circle c ON c.name = t.value ORDER BY c.every_seconds, c.name LIMIT 1) END "
          "FROM person p WHERE p.id = ?"
        : "SELECT p.id, p.cadence, p.added_at, p.due_override, "
          "(SELECT max(at) FROM interaction WHERE person_id = p.id), "
          "(SELECT max(delivered_at) FROM nudge WHERE person_id = p.id AND status = 'open' AND kind != 'birthday'), "
          "p.want_to_meet, p.birthday, (SELECT count(*) FROM interaction WHERE person_id = p.id), p.ignored "
          "FROM person p WHERE p.id = ?");
    sqlite3_stmt *follow_ups = prepare(db, "SELECT f.id, f.person_id, f.text, f.created_at, f.closed_at FROM follow_up f "
                                           "WHERE f.person_id = ? AND f.closed_at IS NULL ORDER BY f.created_at, f.id");
    sqlite3_stmt *release = prepare(db, "RELEASE request");
    sqlite3_stmt *commit = prepare(db, "COMMIT TRANSACTION");

    long writes = 0;
    double start = now(), deadline = start + seconds;
    char text[64];
    while (now() < deadline) {
        run(db, begin);
        for (int i = 0; i < batch; i++, writes++) {
            long id = 1 + writes % ids;
            run(db, savepoint);
            sqlite3_bind_int64(person, 1, id);
            run(db, person);
            snprintf(text, sizeof text, "raw-%d-%ld", (int)getpid(), writes);  /* unique across runs on one copy */
            sqlite3_bind_text(uid, 1, text, -1, SQLITE_TRANSIENT);
            run(db, uid);
            sqlite3_bind_int64(insert, 1, id);
            sqlite3_bind_text(insert, 2, "call", -1, SQLITE_STATIC);
            sqlite3_bind_double(insert, 3, (double)time(NULL));
            sqlite3_bind_null(insert, 4);
            sqlite3_bind_double(insert, 5, (double)time(NULL));
            sqlite3_bind_text(insert, 6, text, -1, SQLITE_TRANSIENT);
            run(db, insert);
            sqlite3_bind_int64(schedule, 1, id);
            run(db, schedule);
            sqlite3_bind_int64(follow_ups, 1, id);
            run(db, follow_ups);
            run(db, release);
        }
        run(db, commit);
    }
    double elapsed = now() - start;
    printf("{\"writes\": %ld, \"seconds\": %.3f, \"rate\": %.1f, \"commits\": %ld, \"pages_per_commit\": %.2f, \"wal_bytes_per_write\": %.0f}\n",
           writes, elapsed, writes / elapsed, commits, commits ? (double)frames_written / commits : 0,
           writes ? (double)frames_written * (page_size + 24) / writes : 0);
    sqlite3_close(db);
    return 0;
}
