//! Moving a user's history between machines: [`Store::export`] writes every
//! row of one user into a versioned, serde-serialisable [`UserHistory`], and
//! [`Store::import`] merges one back in a single transaction.
//!
//! Merge rules (so that importing the same file twice changes nothing):
//! attempts are matched by `uid` (a finished copy beats an unfinished one, a
//! later finish beats an earlier one); answers by (attempt uid, question id),
//! the later answer winning; sections read, positions and notes by key, the
//! newer winning; reviews by question, the later review winning; bookmarks by
//! section, the earlier creation time kept. Deletions are not carried over.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::attempts::{
    all_attempts, answers_of, check_question_keys, merge_questions, questions_of,
};
use super::notes::{all_bookmarks, all_notes, merge_bookmark, merge_note};
use super::progress::{all_positions, all_sections, merge_position, merge_section};
use super::reviews::{all_reviews, check_item, upsert};
use super::users::find_user;
use super::{
    Answer, AttemptMode, Bookmark, Note, Position, ReviewItem, SectionRead, Store, StoreError,
    check_key, signed,
};

/// The `format` field of every history document.
pub const HISTORY_FORMAT: &str = "mlsys-learn-history";
/// The history document version this build writes and reads.
pub const HISTORY_VERSION: u32 = 1;

/// Everything stored about one user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserHistory {
    /// Always [`HISTORY_FORMAT`].
    pub format: String,
    /// [`HISTORY_VERSION`] when written by this build.
    pub version: u32,
    pub user: String,
    pub created_at: i64,
    pub last_active_at: i64,
    pub sections_read: Vec<SectionRead>,
    pub positions: Vec<Position>,
    pub attempts: Vec<AttemptRecord>,
    pub reviews: Vec<ReviewItem>,
    pub notes: Vec<Note>,
    pub bookmarks: Vec<Bookmark>,
}

/// An attempt with its answers, identified by its `uid`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    pub uid: String,
    pub chapter: String,
    pub quiz_hash: String,
    pub mode: AttemptMode,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub score: u32,
    pub max: u32,
    pub answers: Vec<Answer>,
    /// The questions of the quiz version the attempt is on, with their grading keys (empty
    /// for attempts from before they were kept, and in histories written before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<super::QuestionKey>,
}

/// How many rows an import added or changed, per kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub attempts: usize,
    pub answers: usize,
    pub sections_read: usize,
    pub positions: usize,
    pub reviews: usize,
    pub notes: usize,
    pub bookmarks: usize,
}

impl ImportReport {
    /// Total rows added or changed.
    pub fn changed(&self) -> usize {
        self.attempts
            + self.answers
            + self.sections_read
            + self.positions
            + self.reviews
            + self.notes
            + self.bookmarks
    }
}

impl UserHistory {
    /// The document as pretty-printed JSON.
    pub fn to_json(&self) -> Result<String, StoreError> {
        serde_json::to_string_pretty(self).map_err(|err| StoreError::History {
            reason: err.to_string(),
        })
    }

    /// Parses and checks a JSON document written by [`UserHistory::to_json`].
    pub fn from_json(text: &str) -> Result<UserHistory, StoreError> {
        let history: UserHistory =
            serde_json::from_str(text).map_err(|err| StoreError::History {
                reason: err.to_string(),
            })?;
        history.check()?;
        Ok(history)
    }

    fn check(&self) -> Result<(), StoreError> {
        let reason = if self.format != HISTORY_FORMAT {
            format!(
                "this is not an mlsys-learn history (format '{}')",
                self.format
            )
        } else if self.version == 0 || self.version > HISTORY_VERSION {
            format!(
                "history version {} is not supported (this mlsys-learn reads 1 to {HISTORY_VERSION})",
                self.version
            )
        } else {
            return self.check_keys();
        };
        Err(StoreError::History { reason })
    }

    fn check_keys(&self) -> Result<(), StoreError> {
        for s in &self.sections_read {
            check_key("chapter slug", &s.chapter)?;
            check_key("section id", &s.section)?;
        }
        for p in &self.positions {
            check_key("chapter slug", &p.chapter)?;
            check_key("section id", &p.section)?;
        }
        for a in &self.attempts {
            check_key("attempt uid", &a.uid)?;
            check_key("chapter slug", &a.chapter)?;
            check_key("quiz hash", &a.quiz_hash)?;
            if a.score > a.max {
                return Err(StoreError::InvalidScore {
                    score: a.score,
                    max: a.max,
                });
            }
            for answer in &a.answers {
                check_key("question id", &answer.question)?;
            }
            check_question_keys(&a.questions)?;
        }
        for item in &self.reviews {
            check_item(item)?;
        }
        for (chapter, section) in self
            .notes
            .iter()
            .map(|n| (&n.chapter, &n.section))
            .chain(self.bookmarks.iter().map(|b| (&b.chapter, &b.section)))
        {
            check_key("chapter slug", chapter)?;
            check_key("section id", section)?;
        }
        Ok(())
    }
}

impl Store {
    /// Every row stored for `user`, in a stable order.
    pub fn export(&self, user: &str) -> Result<UserHistory, StoreError> {
        super::validate_user_name(user)?;
        let history = self.read_snapshot(|tx| {
            let Some(id) = find_user(tx, user)? else {
                return Ok(None);
            };
            let (name, created_at, last_active_at) = tx.query_row(
                "SELECT name, created_at, last_active_at FROM users WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?;
            Ok(Some(UserHistory {
                format: HISTORY_FORMAT.to_string(),
                version: HISTORY_VERSION,
                user: name,
                created_at,
                last_active_at,
                sections_read: all_sections(tx, id)?,
                positions: all_positions(tx, id)?,
                attempts: attempt_records(tx, id)?,
                reviews: all_reviews(tx, id)?,
                notes: all_notes(tx, id)?,
                bookmarks: all_bookmarks(tx, id)?,
            }))
        })?;
        history.ok_or_else(|| StoreError::NoSuchUser {
            path: self.path.clone(),
            name: user.to_string(),
        })
    }

    /// Merges `history` into `user` (who may have another name than the
    /// exporting user) in one transaction.
    pub fn import(
        &mut self,
        user: &str,
        history: &UserHistory,
    ) -> Result<ImportReport, StoreError> {
        super::validate_user_name(user)?;
        history.check()?;
        self.write(|tx| {
            let id = merge_user(tx, user, history)?;
            let mut report = ImportReport::default();
            for s in &history.sections_read {
                report.sections_read += merge_section(tx, id, s)?;
            }
            for p in &history.positions {
                report.positions += merge_position(tx, id, p)?;
            }
            for record in &history.attempts {
                merge_attempt(tx, id, record, &mut report)?;
            }
            for item in &history.reviews {
                report.reviews += upsert(tx, id, item, true)?;
            }
            for note in history.notes.iter().filter(|n| !n.text.trim().is_empty()) {
                report.notes += merge_note(tx, id, note)?;
            }
            for bookmark in &history.bookmarks {
                report.bookmarks += merge_bookmark(tx, id, bookmark)?;
            }
            super::outbox::enqueue_history(tx, id)?;
            Ok(report)
        })
    }
}

fn attempt_records(conn: &Connection, user_id: i64) -> rusqlite::Result<Vec<AttemptRecord>> {
    all_attempts(conn, user_id)?
        .into_iter()
        .map(|a| {
            Ok(AttemptRecord {
                answers: answers_of(conn, a.id.0)?,
                questions: questions_of(conn, a.id.0)?,
                uid: a.uid,
                chapter: a.chapter,
                quiz_hash: a.quiz_hash,
                mode: a.mode,
                started_at: a.started_at,
                finished_at: a.finished_at,
                score: a.score,
                max: a.max,
            })
        })
        .collect()
}

/// Creates the user if needed, keeping the earliest creation and latest
/// activity times. Returns its id.
fn merge_user(conn: &Connection, name: &str, history: &UserHistory) -> rusqlite::Result<i64> {
    conn.query_row(
        "INSERT INTO users (name, created_at, last_active_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE
         SET created_at = min(created_at, excluded.created_at),
             last_active_at = max(last_active_at, excluded.last_active_at)
         RETURNING id",
        params![name, history.created_at, history.last_active_at],
        |row| row.get(0),
    )
}

fn merge_attempt(
    conn: &Connection,
    user_id: i64,
    record: &AttemptRecord,
    report: &mut ImportReport,
) -> rusqlite::Result<()> {
    report.attempts += conn.execute(
        "INSERT INTO attempts (user_id, uid, chapter, quiz_hash, mode, started_at, finished_at,
                               score, max)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (user_id, uid) DO UPDATE
         SET finished_at = excluded.finished_at, score = excluded.score, max = excluded.max
         WHERE excluded.finished_at IS NOT NULL
           AND (attempts.finished_at IS NULL OR excluded.finished_at > attempts.finished_at)",
        params![
            user_id,
            record.uid,
            record.chapter,
            record.quiz_hash,
            record.mode,
            record.started_at,
            record.finished_at,
            record.score,
            record.max
        ],
    )?;
    let attempt_id: i64 = conn.query_row(
        "SELECT id FROM attempts WHERE user_id = ?1 AND uid = ?2",
        params![user_id, record.uid],
        |row| row.get(0),
    )?;
    for answer in &record.answers {
        report.answers += merge_answer(conn, attempt_id, answer)?;
    }
    merge_questions(conn, attempt_id, &record.questions)
}

/// Cached: writing an answer runs the tally triggers (schema step 6), whose compiling
/// costs far more than the insert itself, so an import compiles the statement once.
fn merge_answer(conn: &Connection, attempt_id: i64, answer: &Answer) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "INSERT INTO answers (attempt_id, question, response, correct, hint_used, elapsed_ms,
                              answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (attempt_id, question) DO UPDATE
         SET response = excluded.response, correct = excluded.correct,
             hint_used = excluded.hint_used, elapsed_ms = excluded.elapsed_ms,
             answered_at = excluded.answered_at
         WHERE excluded.answered_at > answers.answered_at",
    )?
    .execute(params![
        attempt_id,
        answer.question,
        answer.response,
        answer.correct,
        answer.hint_used,
        signed(answer.elapsed_ms),
        answer.answered_at
    ])
}
