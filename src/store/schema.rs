//! The database schema as an ordered list of migration steps, how an existing
//! file is recognised as ours (or not), and the upgrade procedure: back the
//! old file up beside it with `VACUUM INTO`, then run every missing step in
//! one transaction, so an upgrade either happens completely or not at all.
//!
//! To change the schema, append a step (never edit a released one), end it
//! with `PRAGMA user_version = N;`, and add its new tables to `KNOWN_TABLES`.
//! Steps run inside one transaction with foreign keys on (the pragma cannot
//! be switched inside a transaction), so a step that rebuilds a table must
//! use `PRAGMA defer_foreign_keys = ON` and the create-copy-drop-rename
//! procedure, and must be tested from a frozen fixture of the older schema.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;
use super::clock::{compact_stamp, now_ms};
use super::open::reserve_file;

/// `PRAGMA application_id` of our files: "MLSY".
pub(crate) const APPLICATION_ID: i64 = 0x4D4C_5359;

struct Step {
    /// The `user_version` this step leads to; its SQL ends by setting it.
    version: u32,
    sql: &'static str,
}

const STEPS: &[Step] = &[
    Step {
        version: 1,
        sql: V1_CORE,
    },
    Step {
        version: 2,
        sql: V2_NOTES,
    },
    Step {
        version: 3,
        sql: V3_FIGURES,
    },
    Step {
        version: 4,
        sql: V4_OUTBOX,
    },
    Step {
        version: 5,
        sql: V5_QUESTION_KEYS,
    },
    Step {
        version: 6,
        sql: V6_TALLIES,
    },
    Step {
        version: 7,
        sql: V7_WORDING_KEYS,
    },
    Step {
        version: 8,
        sql: V8_REJECTED,
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 8;

/// Every table any of our versions creates, with the version adding it.
const KNOWN_TABLES: &[(&str, u32)] = &[
    ("users", 1),
    ("sections_read", 1),
    ("positions", 1),
    ("attempts", 1),
    ("answers", 1),
    ("reviews", 1),
    ("notes", 2),
    ("bookmarks", 2),
    ("figure_settings", 3),
    ("outbox", 4),
    ("lrs_sync", 4),
    ("attempt_questions", 5),
    ("answer_quarters", 6),
    ("answer_days", 6),
];

const V1_CORE: &str = "
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
";

const V2_NOTES: &str = "
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
PRAGMA user_version = 2;
";

const V3_FIGURES: &str = "
CREATE TABLE figure_settings (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    chapter TEXT NOT NULL,
    figure TEXT NOT NULL,
    positions TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, chapter, figure)
) STRICT;
PRAGMA user_version = 3;
";

/// The xAPI outbox (see `outbox.rs`): one row per event to report to a learning record
/// store, keyed by what it describes in terms that survive export and import (attempt
/// uid and question id, chapter and section), never by local row ids. The step back-fills
/// every answer, finished attempt and section read already in the file, once.
const V4_OUTBOX: &str = "
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
INSERT OR IGNORE INTO outbox (user_id, kind, subject, detail, queued_at)
    SELECT a.user_id, 'answered', a.uid, n.question, n.answered_at
    FROM answers n JOIN attempts a ON a.id = n.attempt_id
    ORDER BY n.answered_at, n.id;
INSERT OR IGNORE INTO outbox (user_id, kind, subject, detail, queued_at)
    SELECT user_id, 'finished', uid, '', finished_at FROM attempts
    WHERE finished_at IS NOT NULL ORDER BY finished_at, id;
INSERT OR IGNORE INTO outbox (user_id, kind, subject, detail, queued_at)
    SELECT user_id, 'read', chapter, section, read_at FROM sections_read
    ORDER BY read_at;
PRAGMA user_version = 4;
";

/// Course updates (see `app::versions`): each review remembers the grading key of the
/// question it schedules, so a question whose answer key changed restarts its schedule;
/// back-filled from the key stored with the latest answer to the question, where there is
/// one (a review without a key keeps its schedule). Each attempt remembers the questions its
/// quiz had when it started, with their keys, so a resumed attempt can say what was added.
const V5_QUESTION_KEYS: &str = "
ALTER TABLE reviews ADD COLUMN grading_key TEXT;
UPDATE reviews SET grading_key = (
    SELECT json_extract(n.response, '$.key')
    FROM answers n JOIN attempts a ON a.id = n.attempt_id
    WHERE a.user_id = reviews.user_id AND a.chapter = reviews.chapter
      AND n.question = reviews.question
      AND CASE WHEN json_valid(n.response) THEN json_type(n.response, '$.key') END = 'text'
    ORDER BY n.answered_at DESC, n.id DESC LIMIT 1
);
CREATE TABLE attempt_questions (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    grading_key TEXT NOT NULL,
    PRIMARY KEY (attempt_id, question)
) STRICT, WITHOUT ROWID;
PRAGMA user_version = 5;
";

/// Running tallies of the answers, kept by triggers in the same transaction as every
/// answer written, changed or removed, so the statistics read a few hundred rows instead
/// of every answer (see `stats.rs`). `answer_quarters`: per student and quarter hour of
/// UTC (every time zone in use today is a whole number of quarter hours from UTC, so a
/// quarter lies inside one local day); `answer_days`: per student, question and UTC day.
/// `answers_by_time` finds the few answers of a day only partly inside a period. The step
/// tallies every answer already in the file, once.
const V6_TALLIES: &str = "
CREATE TABLE answer_quarters (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    quarter INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    elapsed_ms INTEGER NOT NULL,
    PRIMARY KEY (user_id, quarter)
) STRICT, WITHOUT ROWID;
CREATE TABLE answer_days (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    chapter TEXT NOT NULL,
    question TEXT NOT NULL,
    day INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    elapsed_ms INTEGER NOT NULL,
    PRIMARY KEY (user_id, chapter, question, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX answers_by_time ON answers (answered_at);
CREATE TRIGGER answers_tally_insert AFTER INSERT ON answers BEGIN
    INSERT INTO answer_quarters (user_id, quarter, answers, correct, elapsed_ms)
        SELECT t.user_id, (NEW.answered_at - ((NEW.answered_at % 900000) + 900000) % 900000) / 900000,
               1, NEW.correct, NEW.elapsed_ms
        FROM attempts t WHERE t.id = NEW.attempt_id
        ON CONFLICT (user_id, quarter) DO UPDATE SET answers = answers + 1,
            correct = correct + excluded.correct, elapsed_ms = elapsed_ms + excluded.elapsed_ms;
    INSERT INTO answer_days (user_id, chapter, question, day, answers, correct, elapsed_ms)
        SELECT t.user_id, t.chapter, NEW.question,
               (NEW.answered_at - ((NEW.answered_at % 86400000) + 86400000) % 86400000) / 86400000,
               1, NEW.correct, NEW.elapsed_ms
        FROM attempts t WHERE t.id = NEW.attempt_id
        ON CONFLICT (user_id, chapter, question, day) DO UPDATE SET answers = answers + 1,
            correct = correct + excluded.correct, elapsed_ms = elapsed_ms + excluded.elapsed_ms;
END;
CREATE TRIGGER answers_tally_delete AFTER DELETE ON answers BEGIN
    UPDATE answer_quarters SET answers = answers - 1, correct = correct - OLD.correct,
            elapsed_ms = elapsed_ms - OLD.elapsed_ms
        WHERE user_id = (SELECT user_id FROM attempts WHERE id = OLD.attempt_id)
          AND quarter = (OLD.answered_at - ((OLD.answered_at % 900000) + 900000) % 900000) / 900000;
    UPDATE answer_days SET answers = answers - 1, correct = correct - OLD.correct,
            elapsed_ms = elapsed_ms - OLD.elapsed_ms
        WHERE (user_id, chapter) = (SELECT user_id, chapter FROM attempts WHERE id = OLD.attempt_id)
          AND question = OLD.question
          AND day = (OLD.answered_at - ((OLD.answered_at % 86400000) + 86400000) % 86400000) / 86400000;
    DELETE FROM answer_quarters
        WHERE answers <= 0 AND user_id = (SELECT user_id FROM attempts WHERE id = OLD.attempt_id)
          AND quarter = (OLD.answered_at - ((OLD.answered_at % 900000) + 900000) % 900000) / 900000;
    DELETE FROM answer_days
        WHERE answers <= 0 AND (user_id, chapter) = (SELECT user_id, chapter FROM attempts WHERE id = OLD.attempt_id)
          AND question = OLD.question
          AND day = (OLD.answered_at - ((OLD.answered_at % 86400000) + 86400000) % 86400000) / 86400000;
END;
CREATE TRIGGER answers_tally_update AFTER UPDATE OF attempt_id, question, correct, elapsed_ms, answered_at
    ON answers BEGIN
    UPDATE answer_quarters SET answers = answers - 1, correct = correct - OLD.correct,
            elapsed_ms = elapsed_ms - OLD.elapsed_ms
        WHERE user_id = (SELECT user_id FROM attempts WHERE id = OLD.attempt_id)
          AND quarter = (OLD.answered_at - ((OLD.answered_at % 900000) + 900000) % 900000) / 900000;
    UPDATE answer_days SET answers = answers - 1, correct = correct - OLD.correct,
            elapsed_ms = elapsed_ms - OLD.elapsed_ms
        WHERE (user_id, chapter) = (SELECT user_id, chapter FROM attempts WHERE id = OLD.attempt_id)
          AND question = OLD.question
          AND day = (OLD.answered_at - ((OLD.answered_at % 86400000) + 86400000) % 86400000) / 86400000;
    DELETE FROM answer_quarters
        WHERE answers <= 0 AND user_id = (SELECT user_id FROM attempts WHERE id = OLD.attempt_id)
          AND quarter = (OLD.answered_at - ((OLD.answered_at % 900000) + 900000) % 900000) / 900000;
    DELETE FROM answer_days
        WHERE answers <= 0 AND (user_id, chapter) = (SELECT user_id, chapter FROM attempts WHERE id = OLD.attempt_id)
          AND question = OLD.question
          AND day = (OLD.answered_at - ((OLD.answered_at % 86400000) + 86400000) % 86400000) / 86400000;
    INSERT INTO answer_quarters (user_id, quarter, answers, correct, elapsed_ms)
        SELECT t.user_id, (NEW.answered_at - ((NEW.answered_at % 900000) + 900000) % 900000) / 900000,
               1, NEW.correct, NEW.elapsed_ms
        FROM attempts t WHERE t.id = NEW.attempt_id
        ON CONFLICT (user_id, quarter) DO UPDATE SET answers = answers + 1,
            correct = correct + excluded.correct, elapsed_ms = elapsed_ms + excluded.elapsed_ms;
    INSERT INTO answer_days (user_id, chapter, question, day, answers, correct, elapsed_ms)
        SELECT t.user_id, t.chapter, NEW.question,
               (NEW.answered_at - ((NEW.answered_at % 86400000) + 86400000) % 86400000) / 86400000,
               1, NEW.correct, NEW.elapsed_ms
        FROM attempts t WHERE t.id = NEW.attempt_id
        ON CONFLICT (user_id, chapter, question, day) DO UPDATE SET answers = answers + 1,
            correct = correct + excluded.correct, elapsed_ms = elapsed_ms + excluded.elapsed_ms;
END;
CREATE TRIGGER attempts_tally_delete BEFORE DELETE ON attempts BEGIN
    DELETE FROM answers WHERE attempt_id = OLD.id;
END;
INSERT INTO answer_quarters (user_id, quarter, answers, correct, elapsed_ms)
    SELECT t.user_id, (n.answered_at - ((n.answered_at % 900000) + 900000) % 900000) / 900000 AS q,
           count(*), sum(n.correct), sum(n.elapsed_ms)
    FROM answers n JOIN attempts t ON t.id = n.attempt_id
    GROUP BY t.user_id, q;
INSERT INTO answer_days (user_id, chapter, question, day, answers, correct, elapsed_ms)
    SELECT t.user_id, t.chapter, n.question,
           (n.answered_at - ((n.answered_at % 86400000) + 86400000) % 86400000) / 86400000 AS d,
           count(*), sum(n.correct), sum(n.elapsed_ms)
    FROM answers n JOIN attempts t ON t.id = n.attempt_id
    GROUP BY t.user_id, t.chapter, n.question, d;
PRAGMA user_version = 6;
";

/// Each recorded question of an attempt also keeps its wording key, so a resumed attempt
/// can say which of its kept answers were to questions since reworded. Attempts from before
/// keep an empty key: they cannot tell.
const V7_WORDING_KEYS: &str = "
ALTER TABLE attempt_questions ADD COLUMN wording_key TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 7;
";

/// An outbox row the LRS rejected on its own (see `send.rs`) is set aside: when, and the
/// LRS's status and detail (one line, controls removed), so later syncs pass over it
/// instead of stopping at it. The unsent index now covers only rows still to send, so
/// reading the queue skips the set-aside ones without visiting them; a second partial
/// index finds the set-aside rows for `sync --status` and `--retry-rejected`.
const V8_REJECTED: &str = "
ALTER TABLE outbox ADD COLUMN rejected_at INTEGER;
ALTER TABLE outbox ADD COLUMN rejected_reason TEXT;
DROP INDEX outbox_unsent;
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL AND rejected_at IS NULL;
CREATE INDEX outbox_rejected ON outbox (id) WHERE sent_at IS NULL AND rejected_at IS NOT NULL;
PRAGMA user_version = 8;
";

/// What an existing SQLite file is, judged from its header fields and tables.
#[derive(Debug, PartialEq)]
pub(crate) enum Verdict {
    /// No tables yet: a new file (or one whose creation was interrupted).
    Blank,
    /// One of ours at this schema version.
    Ours(u32),
    /// Ours, or claims to be, from a later version of the program.
    Newer(i64),
    /// Somebody else's database.
    Foreign(String),
}

/// Judges a file from `PRAGMA application_id`, `PRAGMA user_version` and its
/// table names (those not starting with `sqlite_`).
pub(crate) fn classify(app_id: i64, version: i64, tables: &[String]) -> Verdict {
    let marked = app_id == APPLICATION_ID;
    if app_id != 0 && !marked {
        return Verdict::Foreign(format!("its application id is {app_id:#010x}"));
    }
    if tables.is_empty() && version == 0 {
        return Verdict::Blank;
    }
    if version > i64::from(SCHEMA_VERSION) {
        return Verdict::Newer(version);
    }
    if !marked && tables.is_empty() {
        return Verdict::Foreign(format!("its schema version is {version}"));
    }
    if !marked {
        return Verdict::Foreign(format!("it has tables {}", tables.join(", ")));
    }
    let version = u32::try_from(version).unwrap_or(0);
    let unknown: Vec<&str> = tables
        .iter()
        .map(String::as_str)
        .filter(|name| !KNOWN_TABLES.iter().any(|(known, _)| known == name))
        .collect();
    if !unknown.is_empty() {
        return Verdict::Foreign(format!(
            "it has tables that are not ours: {}",
            unknown.join(", ")
        ));
    }
    let missing: Vec<&str> = KNOWN_TABLES
        .iter()
        .filter(|(name, since)| *since <= version && !tables.iter().any(|t| t == name))
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        return Verdict::Foreign(format!("it lacks tables {}", missing.join(", ")));
    }
    Verdict::Ours(version)
}

/// The user tables of a database, sorted.
pub(crate) fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema
         WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         ORDER BY name",
    )?;
    let names = stmt.query_map([], |row| row.get(0))?;
    names.collect()
}

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Brings the database to [`SCHEMA_VERSION`]. Returns a notice for the user
/// when an existing database was upgraded (naming the backup).
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<Option<String>, StoreError> {
    let sql = |err| StoreError::sqlite(path, err);
    let found = user_version(conn).map_err(sql)?;
    if found == i64::from(SCHEMA_VERSION) {
        return Ok(None);
    }
    check_not_newer(path, found)?;
    let backup = match found {
        0 => None,
        _ => Some(backup(conn, path, found)?),
    };
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql)?;
    // Another process may have upgraded the file since we looked.
    let current = user_version(&tx).map_err(sql)?;
    check_not_newer(path, current)?;
    for step in STEPS.iter().filter(|s| i64::from(s.version) > current) {
        tx.execute_batch(step.sql).map_err(sql)?;
    }
    tx.commit().map_err(sql)?;
    Ok(backup.map(|bak| {
        format!(
            "upgraded the progress database from schema {found} to {SCHEMA_VERSION}; the old one is saved as '{}'",
            bak.display()
        )
    }))
}

fn check_not_newer(path: &Path, found: i64) -> Result<(), StoreError> {
    if found > i64::from(SCHEMA_VERSION) || found < 0 {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Copies the whole database to `<file>.bak-v<old>-<timestamp>` beside it.
fn backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf, StoreError> {
    let stem = format!(".bak-v{version}-{}", compact_stamp(now_ms()));
    let target = reserve_file(path, &stem)?;
    let Some(name) = target.to_str() else {
        let err = std::io::Error::other("the path is not valid unicode");
        return Err(StoreError::io(&target, err));
    };
    conn.execute("VACUUM INTO ?1", [name])
        .map_err(|err| StoreError::sqlite(path, err))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn steps_are_in_order_and_end_at_the_current_version() {
        for (index, step) in STEPS.iter().enumerate() {
            assert_eq!(step.version as usize, index + 1);
            let marker = format!("PRAGMA user_version = {};", step.version);
            assert!(step.sql.trim_end().ends_with(&marker));
        }
        assert_eq!(STEPS.len() as u32, SCHEMA_VERSION);
        assert!(V1_CORE.contains(&format!("application_id = {APPLICATION_ID};")));
    }

    #[test]
    fn classification() {
        let all: Vec<&str> = KNOWN_TABLES.iter().map(|(n, _)| *n).collect();
        assert_eq!(classify(0, 0, &[]), Verdict::Blank);
        assert_eq!(classify(APPLICATION_ID, 2, &names(&all)), Verdict::Ours(2));
        assert_eq!(
            classify(APPLICATION_ID, 1, &names(&all[..6])),
            Verdict::Ours(1)
        );
        assert_eq!(
            classify(APPLICATION_ID, 99, &names(&["x"])),
            Verdict::Newer(99)
        );
        assert_eq!(classify(0, 9, &[]), Verdict::Newer(9));
        let foreign = [
            classify(0, 0, &names(&["recipes"])),
            classify(0, 1, &names(&all)),
            classify(42, 0, &[]),
            classify(APPLICATION_ID, 2, &names(&["users", "recipes"])),
            classify(APPLICATION_ID, 2, &names(&all[..6])),
        ];
        for verdict in foreign {
            assert!(matches!(verdict, Verdict::Foreign(_)), "{verdict:?}");
        }
    }
}
