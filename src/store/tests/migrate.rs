//! Schema migrations: from nothing (v0) and from a hand-built copy of the
//! version 1 schema, checking the backup and that no data is lost.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{DAY, T0, temp_db};
use crate::schedule::Grade;
use crate::store::{AttemptId, AttemptMode, SCHEMA_VERSION, Store};

/// The version 1 schema exactly as version 1 of the program created it,
/// frozen here so that later edits to `schema.rs` cannot hide a broken
/// upgrade path.
const V1_FIXTURE: &str = "
PRAGMA journal_mode = WAL;
PRAGMA application_id = 1296847705;
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL
) STRICT;
CREATE TABLE sections_read (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    chapter TEXT NOT NULL,
    section TEXT NOT NULL,
    read_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, chapter, section)
) STRICT;
CREATE TABLE positions (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    chapter TEXT NOT NULL,
    section TEXT NOT NULL,
    line INTEGER NOT NULL CHECK (line >= 0),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, chapter)
) STRICT;
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    uid TEXT NOT NULL,
    chapter TEXT NOT NULL,
    quiz_hash TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('full', 'retry', 'review')),
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    score INTEGER NOT NULL DEFAULT 0 CHECK (score >= 0),
    max INTEGER NOT NULL DEFAULT 0 CHECK (max >= 0),
    UNIQUE (user_id, uid)
) STRICT;
CREATE INDEX attempts_by_chapter ON attempts (user_id, chapter, started_at);
CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    response TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    hint_used INTEGER NOT NULL CHECK (hint_used IN (0, 1)),
    elapsed_ms INTEGER NOT NULL CHECK (elapsed_ms >= 0),
    answered_at INTEGER NOT NULL,
    UNIQUE (attempt_id, question)
) STRICT;
CREATE TABLE reviews (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    chapter TEXT NOT NULL,
    question TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    interval_days REAL NOT NULL,
    stability REAL NOT NULL,
    difficulty REAL NOT NULL,
    reps INTEGER NOT NULL CHECK (reps >= 0),
    lapses INTEGER NOT NULL CHECK (lapses >= 0),
    last_review_at INTEGER NOT NULL,
    last_grade TEXT NOT NULL CHECK (last_grade IN ('again', 'hard', 'good', 'easy')),
    PRIMARY KEY (user_id, chapter, question)
) STRICT;
CREATE INDEX reviews_by_due ON reviews (user_id, due_at);
PRAGMA user_version = 1;
INSERT INTO users VALUES (1, 'ada', 1700000000000, 1700000600000);
INSERT INTO sections_read VALUES (1, 'ch1', 'intro', 1700000000000);
INSERT INTO positions VALUES (1, 'ch1', 'intro', 42, 1700000100000);
INSERT INTO attempts VALUES (1, 1, 'f00dfeed', 'ch1', 'h1', 'full', 1700000200000,
                             1700000300000, 1, 2);
INSERT INTO answers VALUES (1, 1, 'q1', '\"a\"', 1, 0, 900, 1700000210000);
INSERT INTO answers VALUES (2, 1, 'q2', '\"b\"', 0, 1, 1200, 1700000220000);
INSERT INTO reviews VALUES (1, 'ch1', 'q2', 1700000820000, 0.0069, 0.4, 7.2, 1, 0,
                            1700000220000, 'again');
";

fn v1_fixture(path: &Path) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let conn = Connection::open(path).expect("raw open");
    conn.execute_batch(V1_FIXTURE).expect("v1 fixture");
}

fn files_with(path: &Path, marker: &str) -> Vec<PathBuf> {
    fs::read_dir(path.parent().expect("parent"))
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains(marker))
        .collect()
}

/// The schema as (type, name, normalised SQL), for comparisons.
fn schema_of(path: &Path) -> Vec<(String, String, String)> {
    let conn = Connection::open(path).expect("raw open");
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .expect("prepare");
    let rows = stmt
        .query_map([], |row| {
            let sql: Option<String> = row.get(2)?;
            let sql = sql
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            Ok((row.get(0)?, row.get(1)?, sql))
        })
        .expect("query");
    rows.collect::<Result<_, _>>().expect("rows")
}

#[test]
fn empty_file_becomes_current_without_backup() {
    let (_dir, path) = temp_db();
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, b"").expect("empty file");
    let opened = Store::open(&path).expect("open");
    assert_eq!(opened.notice, None);
    let version: u32 = opened
        .store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    assert!(files_with(&path, ".bak-").is_empty());
}

#[test]
fn blank_sqlite_file_becomes_current_without_backup() {
    let (_dir, path) = temp_db();
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let conn = Connection::open(&path).expect("raw open");
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .expect("wal");
    assert_eq!(mode, "wal");
    drop(conn);
    assert!(fs::metadata(&path).expect("meta").len() > 0);
    let opened = Store::open(&path).expect("open");
    assert_eq!(opened.notice, None);
    assert!(files_with(&path, ".bak-").is_empty());
}

#[test]
fn v1_fixture_upgrades_with_backup_and_keeps_data() {
    let (_dir, path) = temp_db();
    v1_fixture(&path);
    let opened = Store::open(&path).expect("open v1");
    let notice = opened.notice.expect("upgrade notice");
    let backups = files_with(&path, ".bak-v1-");
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = &backups[0];
    assert!(
        notice.contains(&format!("'{}'", backup.display())),
        "{notice}"
    );
    assert!(
        notice.contains(&format!("from schema 1 to {SCHEMA_VERSION}")),
        "{notice}"
    );

    let mut store = opened.store;
    assert_eq!(store.sections_read("ada", "ch1").expect("read"), ["intro"]);
    assert_eq!(
        store.position("ada", "ch1").expect("read").map(|p| p.line),
        Some(42)
    );
    let attempts = store.attempts("ada", "ch1").expect("read");
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].uid, "f00dfeed");
    assert_eq!(attempts[0].mode, AttemptMode::Full);
    assert_eq!(store.answers(AttemptId(1)).expect("read").len(), 2);
    let due = store.due_reviews("ada", None, T0 + DAY).expect("read");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].state.last_grade, Grade::Again);
    // The tables version 2 added work.
    store
        .save_note("ada", "ch1", "intro", "new in v2", T0)
        .expect("note");
    store
        .add_bookmark("ada", "ch1", "intro", T0)
        .expect("bookmark");
    assert_eq!(store.bookmarks("ada").expect("read").len(), 1);

    // The backup is the untouched version 1 database.
    let conn = Connection::open(backup).expect("open backup");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("v");
    assert_eq!(version, 1);
    let answers: i64 = conn
        .query_row("SELECT count(*) FROM answers", [], |r| r.get(0))
        .expect("n");
    assert_eq!(answers, 2);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(backup).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn migrated_schema_equals_fresh_schema() {
    let (_dir, old) = temp_db();
    v1_fixture(&old);
    drop(Store::open(&old).expect("upgrade"));
    let (_dir2, new) = temp_db();
    drop(Store::open(&new).expect("fresh"));
    assert_eq!(schema_of(&old), schema_of(&new));
}

#[test]
fn current_database_is_not_backed_up_again() {
    let (_dir, path) = temp_db();
    v1_fixture(&path);
    drop(Store::open(&path).expect("upgrade"));
    let second = Store::open(&path).expect("reopen");
    assert_eq!(second.notice, None);
    assert_eq!(files_with(&path, ".bak-").len(), 1);
}

/// What versions 2 and 3 added, frozen as they shipped, with a row in each.
const V2_V3_FIXTURE: &str = "
CREATE TABLE notes (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    chapter TEXT NOT NULL,
    section TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, chapter, section)
) STRICT;
CREATE TABLE bookmarks (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    chapter TEXT NOT NULL,
    section TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, chapter, section)
) STRICT;
CREATE TABLE figure_settings (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    chapter TEXT NOT NULL,
    figure TEXT NOT NULL,
    positions TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, chapter, figure)
) STRICT;
INSERT INTO users VALUES (2, 'bob', 1700000000000, 1700000000000);
INSERT INTO attempts VALUES (2, 2, 'b0b', 'ch1', 'h1', 'full', 1700000400000, NULL, 0, 0);
INSERT INTO answers VALUES (3, 2, 'q1', '\"a\"', 1, 0, 500, 1700000410000);
INSERT INTO notes VALUES (1, 'ch1', 'intro', 'a note', 1700000000000);
INSERT INTO figure_settings VALUES (1, 'ch1', 'fig-1', '[1,2]', 1700000000000);
PRAGMA user_version = 3;
";

#[test]
fn v3_file_upgrades_to_an_outbox_holding_its_whole_history_once() {
    let (_dir, path) = temp_db();
    v1_fixture(&path);
    let conn = Connection::open(&path).expect("raw open");
    conn.execute_batch(V2_V3_FIXTURE).expect("v3 fixture");
    drop(conn);

    let opened = Store::open(&path).expect("open v3");
    let notice = opened.notice.expect("upgrade notice");
    assert!(
        notice.contains(&format!("from schema 3 to {SCHEMA_VERSION}")),
        "{notice}"
    );
    assert_eq!(files_with(&path, ".bak-v3-").len(), 1);
    let store = opened.store;
    // Ada: two answers, one finished attempt, one section; Bob: one answer of an
    // unfinished attempt. Oldest first.
    let pending = store.pending(None).expect("pending");
    let described: Vec<String> = pending
        .iter()
        .map(|e| match &e.event {
            crate::store::Event::Answered { answer, .. } => {
                format!("{} answered {}", e.user, answer.question)
            }
            crate::store::Event::Finished(a) => format!("{} finished {}", e.user, a.uid),
            crate::store::Event::Read(r) => format!("{} read {}", e.user, r.section),
        })
        .collect();
    assert_eq!(
        described,
        [
            "ada answered q1",
            "ada answered q2",
            "bob answered q1",
            "ada finished f00dfeed",
            "ada read intro",
        ]
    );
    assert_eq!(store.outbox_status().expect("status").queued, 5);
    assert_eq!(store.notes("ada").expect("notes").len(), 1);
    drop(store);
    // Opening again back-fills nothing more.
    let again = Store::open(&path).expect("reopen");
    assert_eq!(again.notice, None);
    assert_eq!(again.store.outbox_status().expect("status").queued, 5);
}

/// What version 4 added, frozen as it shipped (without its back-fill), and rows that
/// version 5's back-fill reads: ada's review of q2 answered with a grading key, bob's review
/// of q1 whose answer has none, and a response that is not JSON at all.
const V4_FIXTURE: &str = "
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('answered', 'finished', 'read')),
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    queued_at INTEGER NOT NULL,
    sent_at INTEGER,
    UNIQUE (user_id, kind, subject, detail)
) STRICT;
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE TABLE lrs_sync (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_try_at INTEGER,
    last_sent_at INTEGER,
    last_error TEXT
) STRICT;
INSERT INTO attempts VALUES (3, 1, 'ada2', 'ch1', 'h2', 'full', 1700000500000, NULL, 0, 0);
INSERT INTO answers VALUES (4, 3, 'q2', '{\"type\":\"choice\",\"value\":1,\"key\":\"k-new\"}',
                            1, 0, 800, 1700000510000);
INSERT INTO answers VALUES (5, 3, 'q3', 'not json', 1, 0, 800, 1700000520000);
INSERT INTO reviews VALUES (2, 'ch1', 'q1', 1700000820000, 1.0, 1.0, 5.0, 1, 0,
                            1700000410000, 'good');
INSERT INTO reviews VALUES (1, 'ch1', 'q3', 1700000820000, 1.0, 1.0, 5.0, 1, 0,
                            1700000520000, 'good');
PRAGMA user_version = 4;
";

#[test]
fn v4_file_upgrades_with_review_keys_from_the_latest_keyed_answer() {
    let (_dir, path) = temp_db();
    v1_fixture(&path);
    let conn = Connection::open(&path).expect("raw open");
    conn.execute_batch(V2_V3_FIXTURE).expect("v3 fixture");
    conn.execute_batch(V4_FIXTURE).expect("v4 fixture");
    drop(conn);

    let opened = Store::open(&path).expect("open v4");
    let notice = opened.notice.expect("upgrade notice");
    assert!(
        notice.contains(&format!("from schema 4 to {SCHEMA_VERSION}")),
        "{notice}"
    );
    assert_eq!(files_with(&path, ".bak-v4-").len(), 1);
    let mut store = opened.store;
    let key_of = |store: &Store, user: &str, question: &str| {
        store
            .reviews(user, Some("ch1"))
            .expect("reviews")
            .into_iter()
            .find(|r| r.question == question)
            .expect("review")
            .grading_key
    };
    // q2's latest answer carries its key; q1's has none; q3's response is not JSON.
    assert_eq!(key_of(&store, "ada", "q2").as_deref(), Some("k-new"));
    assert_eq!(key_of(&store, "bob", "q1"), None);
    assert_eq!(key_of(&store, "ada", "q3"), None);
    // Nothing else moved: the schedule is the one stored.
    let due = store.due_reviews("ada", None, T0 + DAY).expect("due");
    assert_eq!(due.len(), 2);
    // Attempts from before keep no question list; new ones do.
    assert!(store.attempt_questions(AttemptId(3)).expect("q").is_empty());
    let questions = [crate::store::QuestionKey {
        question: "q1".into(),
        key: "k1".into(),
        wording: "w1".into(),
    }];
    let attempt = store
        .start_attempt_on("ada", "ch1", ("h3", &questions), AttemptMode::Full, T0)
        .expect("start");
    assert_eq!(store.attempt_questions(attempt.id).expect("q"), questions);
}

/// `tests/fixtures/db/v7-outbox.sqlite3`: a database written by version 7 of the program
/// (the schema 2 fixture opened by that build, so upgraded by its own steps), frozen as it
/// was: user "ada" with 12 answers, 5 of them marked sent, and a last sync error.
fn v7_fixture(path: &Path) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let frozen = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/db/v7-outbox.sqlite3");
    fs::copy(frozen, path).expect("copy the v7 fixture");
}

#[test]
fn v7_file_upgrades_keeping_every_outbox_row_and_count() {
    let (_dir, path) = temp_db();
    v7_fixture(&path);
    let raw = Connection::open(&path).expect("raw open");
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("v");
    assert_eq!(version, 7, "the fixture is frozen at version 7");
    let rows_before: Vec<(i64, String, Option<i64>)> = raw
        .prepare("SELECT id, detail, sent_at FROM outbox ORDER BY id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    drop(raw);
    assert_eq!(rows_before.len(), 12);

    let opened = Store::open(&path).expect("open v7");
    let notice = opened.notice.expect("upgrade notice");
    assert!(
        notice.contains(&format!("from schema 7 to {SCHEMA_VERSION}")),
        "{notice}"
    );
    assert_eq!(files_with(&path, ".bak-v7-").len(), 1);
    let mut store = opened.store;
    let status = store.outbox_status().expect("status");
    assert_eq!((status.queued, status.sent, status.rejected), (7, 5, 0));
    assert_eq!(status.last_error.as_deref(), Some("the LRS answered 503"));
    let pending: Vec<i64> = store
        .pending(None)
        .expect("pending")
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(pending, (6..=12).collect::<Vec<i64>>());
    let rows_after: Vec<(i64, String, Option<i64>)> = store
        .conn
        .prepare("SELECT id, detail, sent_at FROM outbox WHERE rejected_at IS NULL ORDER BY id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows_after, rows_before);
    // The new columns work on the old rows.
    store.mark_rejected(6, "HTTP 400: no", T0).expect("reject");
    assert_eq!(store.outbox_status().expect("status").queued, 6);
    drop(store);
    // A v7 file upgraded has the schema of a fresh one.
    let (_dir2, fresh) = temp_db();
    drop(Store::open(&fresh).expect("fresh"));
    assert_eq!(schema_of(&path), schema_of(&fresh));
}
