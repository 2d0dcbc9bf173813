//! Quiz attempts and every answer given in them. An answer is committed the
//! moment it is recorded, so a crash mid-quiz loses nothing and the quiz can
//! be resumed from [`Store::unfinished_attempt`] and [`Store::answers`].
//! Each attempt has a random `uid` so histories from two machines can be
//! merged (see `transfer.rs`).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::users::{touch_attempt_owner, touch_user};
use super::{Store, StoreError, check_key, signed, unsigned};

/// The local id of an attempt (a row id: not portable between databases).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AttemptId(pub i64);

/// How the quiz was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttemptMode {
    /// The whole quiz.
    Full,
    /// Only the questions missed last time.
    Retry,
    /// Questions due for spaced repetition.
    Review,
}

impl AttemptMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptMode::Full => "full",
            AttemptMode::Retry => "retry",
            AttemptMode::Review => "review",
        }
    }

    pub fn parse(text: &str) -> Option<AttemptMode> {
        [AttemptMode::Full, AttemptMode::Retry, AttemptMode::Review]
            .into_iter()
            .find(|mode| mode.as_str() == text)
    }
}

impl ToSql for AttemptMode {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for AttemptMode {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        AttemptMode::parse(text)
            .ok_or_else(|| FromSqlError::Other(format!("unknown mode '{text}'").into()))
    }
}

/// One quiz attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub id: AttemptId,
    /// Random, globally unique: the key used when merging histories.
    pub uid: String,
    pub chapter: String,
    /// Hash of the quiz content the attempt was made against.
    pub quiz_hash: String,
    pub mode: AttemptMode,
    pub started_at: i64,
    /// `None` while the attempt is in progress (or was abandoned).
    pub finished_at: Option<i64>,
    pub score: u32,
    pub max: u32,
}

/// One answer to one question. There is at most one per question and
/// attempt: answering the same question again in an attempt replaces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    /// What the student answered, as text (a JSON string chosen by the UI).
    pub response: String,
    pub correct: bool,
    pub hint_used: bool,
    pub elapsed_ms: u64,
    pub answered_at: i64,
}

/// A question of the quiz an attempt was taken on, with its grading key then
/// (`content::answer::grading_key`): what a later version of the quiz is compared with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionKey {
    pub question: String,
    pub key: String,
    /// Its wording key then (`content::answer::wording_key`); empty when not recorded
    /// (attempts and exports from before it was kept).
    #[serde(default)]
    pub wording: String,
}

/// A score out of a maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    pub score: u32,
    pub max: u32,
}

macro_rules! select_attempts {
    ($tail:literal) => {
        concat!(
            "SELECT a.id, a.uid, a.chapter, a.quiz_hash, a.mode, a.started_at, a.finished_at,
                    a.score, a.max
             FROM attempts a JOIN users u ON u.id = a.user_id ",
            $tail
        )
    };
}

impl Store {
    /// Starts an attempt (creating the user on first use).
    pub fn start_attempt(
        &mut self,
        user: &str,
        chapter: &str,
        quiz_hash: &str,
        mode: AttemptMode,
        now: i64,
    ) -> Result<Attempt, StoreError> {
        self.start_attempt_on(user, chapter, (quiz_hash, &[]), mode, now)
    }

    /// Starts an attempt on the quiz version `(hash, questions)`, remembering its questions
    /// and their grading keys so that a later version can say what was added.
    pub fn start_attempt_on(
        &mut self,
        user: &str,
        chapter: &str,
        (quiz_hash, questions): (&str, &[QuestionKey]),
        mode: AttemptMode,
        now: i64,
    ) -> Result<Attempt, StoreError> {
        super::validate_user_name(user)?;
        check_key("chapter slug", chapter)?;
        check_key("quiz hash", quiz_hash)?;
        check_question_keys(questions)?;
        self.write(|tx| {
            let id = touch_user(tx, user, now)?;
            let attempt = tx.query_row(
                "INSERT INTO attempts (user_id, uid, chapter, quiz_hash, mode, started_at)
                 VALUES (?1, lower(hex(randomblob(16))), ?2, ?3, ?4, ?5)
                 RETURNING id, uid, chapter, quiz_hash, mode, started_at, finished_at, score, max",
                params![id, chapter, quiz_hash, mode, now],
                attempt_row,
            )?;
            replace_questions(tx, attempt.id.0, questions)?;
            Ok(attempt)
        })
    }

    /// The questions (with their grading keys) of the quiz version `attempt` is on; empty
    /// for attempts started before they were kept.
    pub fn attempt_questions(&self, attempt: AttemptId) -> Result<Vec<QuestionKey>, StoreError> {
        self.read(|conn| questions_of(conn, attempt.0))
    }

    /// Closes an attempt with its final score (finishing again overwrites).
    pub fn finish_attempt(
        &mut self,
        attempt: AttemptId,
        score: u32,
        max: u32,
        now: i64,
    ) -> Result<(), StoreError> {
        if score > max {
            return Err(StoreError::InvalidScore { score, max });
        }
        let changed = self.write(|tx| {
            let changed = tx.execute(
                "UPDATE attempts SET finished_at = ?2, score = ?3, max = ?4 WHERE id = ?1",
                params![attempt.0, now, score, max],
            )?;
            touch_attempt_owner(tx, attempt.0, now)?;
            super::outbox::enqueue_finish(tx, attempt.0, now)?;
            Ok(changed)
        })?;
        self.found(changed > 0, attempt)
    }

    /// Records one answer; when this returns, the answer is on disk.
    pub fn record_answer(&mut self, attempt: AttemptId, answer: &Answer) -> Result<(), StoreError> {
        check_key("question id", &answer.question)?;
        let found = self.write(|tx| {
            let exists = tx
                .query_row("SELECT 1 FROM attempts WHERE id = ?1", [attempt.0], |_| {
                    Ok(())
                })
                .optional()?;
            if exists.is_none() {
                return Ok(false);
            }
            // Cached: the statement runs the tally triggers, costly to compile each time.
            tx.prepare_cached(
                "INSERT INTO answers (attempt_id, question, response, correct, hint_used,
                                      elapsed_ms, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (attempt_id, question) DO UPDATE
                 SET response = excluded.response, correct = excluded.correct,
                     hint_used = excluded.hint_used, elapsed_ms = excluded.elapsed_ms,
                     answered_at = excluded.answered_at",
            )?
            .execute(params![
                attempt.0,
                answer.question,
                answer.response,
                answer.correct,
                answer.hint_used,
                signed(answer.elapsed_ms),
                answer.answered_at
            ])?;
            touch_attempt_owner(tx, attempt.0, answer.answered_at)?;
            super::outbox::enqueue_answer(tx, attempt.0, &answer.question, answer.answered_at)?;
            Ok(true)
        })?;
        self.found(found, attempt)
    }

    fn found(&self, found: bool, attempt: AttemptId) -> Result<(), StoreError> {
        if found {
            return Ok(());
        }
        Err(StoreError::NoSuchAttempt {
            path: self.path.clone(),
            id: attempt.0,
        })
    }

    /// The answers of an attempt, in the order they were given.
    pub fn answers(&self, attempt: AttemptId) -> Result<Vec<Answer>, StoreError> {
        self.read(|conn| answers_of(conn, attempt.0))
    }

    /// The answers of every attempt of `user` at `chapter`, by attempt, each in the order
    /// given: one query, however long the history.
    pub fn chapter_answers(
        &self,
        user: &str,
        chapter: &str,
    ) -> Result<HashMap<AttemptId, Vec<Answer>>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT n.attempt_id, n.question, n.response, n.correct, n.hint_used,
                        n.elapsed_ms, n.answered_at
                 FROM answers n
                 JOIN attempts a ON a.id = n.attempt_id
                 JOIN users u ON u.id = a.user_id
                 WHERE u.name = ?1 AND a.chapter = ?2
                 ORDER BY n.attempt_id, n.answered_at, n.question",
            )?;
            let mut rows = stmt.query(params![user, chapter])?;
            let mut by_attempt: HashMap<AttemptId, Vec<Answer>> = HashMap::new();
            while let Some(row) = rows.next()? {
                let answer = answer_from(row, 1)?;
                by_attempt
                    .entry(AttemptId(row.get(0)?))
                    .or_default()
                    .push(answer);
            }
            Ok(by_attempt)
        })
    }

    /// One attempt by id.
    pub fn attempt(&self, attempt: AttemptId) -> Result<Option<Attempt>, StoreError> {
        self.read(|conn| {
            conn.query_row(
                select_attempts!("WHERE a.id = ?1"),
                [attempt.0],
                attempt_row,
            )
            .optional()
        })
    }

    /// The latest unfinished full attempt at `chapter`'s quiz, whatever version of the
    /// quiz it was started on, to offer resuming it (see `app::versions` for what its
    /// answers are worth on the current version).
    pub fn unfinished_attempt(
        &self,
        user: &str,
        chapter: &str,
    ) -> Result<Option<Attempt>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            conn.query_row(
                select_attempts!(
                    "WHERE u.name = ?1 AND a.chapter = ?2 AND a.mode = 'full'
                     AND a.finished_at IS NULL
                     ORDER BY a.started_at DESC, a.id DESC LIMIT 1"
                ),
                params![user, chapter],
                attempt_row,
            )
            .optional()
        })
    }

    /// Moves a resumed attempt to the quiz version `(hash, questions)` it goes on with: it
    /// is finished, and scored, on that version. Its answers to questions since removed
    /// stay in history.
    pub fn set_attempt_version(
        &mut self,
        attempt: AttemptId,
        (quiz_hash, questions): (&str, &[QuestionKey]),
    ) -> Result<(), StoreError> {
        check_key("quiz hash", quiz_hash)?;
        check_question_keys(questions)?;
        let changed = self.write(|tx| {
            let changed = tx.execute(
                "UPDATE attempts SET quiz_hash = ?2 WHERE id = ?1",
                params![attempt.0, quiz_hash],
            )?;
            if changed > 0 {
                replace_questions(tx, attempt.0, questions)?;
            }
            Ok(changed)
        })?;
        self.found(changed > 0, attempt)
    }

    /// All attempts of `user` at `chapter`'s quiz, oldest first.
    pub fn attempts(&self, user: &str, chapter: &str) -> Result<Vec<Attempt>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            let mut stmt = conn.prepare(select_attempts!(
                "WHERE u.name = ?1 AND a.chapter = ?2 ORDER BY a.started_at, a.id"
            ))?;
            let rows = stmt.query_map(params![user, chapter], attempt_row)?;
            rows.collect()
        })
    }

    /// The most recently started attempt at `chapter`, finished or not.
    pub fn last_attempt(&self, user: &str, chapter: &str) -> Result<Option<Attempt>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            conn.query_row(
                select_attempts!(
                    "WHERE u.name = ?1 AND a.chapter = ?2
                     ORDER BY a.started_at DESC, a.id DESC LIMIT 1"
                ),
                params![user, chapter],
                attempt_row,
            )
            .optional()
        })
    }

    /// The best finished `full` attempt at `chapter` (highest fraction, then
    /// highest score). Retries and reviews cover only some questions, so
    /// they do not count.
    pub fn best_score(&self, user: &str, chapter: &str) -> Result<Option<Score>, StoreError> {
        Ok(self.best_attempt(user, chapter)?.map(|a| Score {
            score: a.score,
            max: a.max,
        }))
    }

    /// The quiz version of every finished full attempt with a score, as (chapter,
    /// finished_at, quiz hash): the attempts `stats` scores, to mark those taken on an
    /// earlier version of the quiz.
    pub fn finished_versions(&self, user: &str) -> Result<Vec<(String, i64, String)>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT a.chapter, a.finished_at, a.quiz_hash
                 FROM attempts a JOIN users u ON u.id = a.user_id
                 WHERE u.name = ?1 AND a.mode = 'full' AND a.finished_at IS NOT NULL
                   AND a.max > 0",
            )?;
            let rows = stmt.query_map([user], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect()
        })
    }

    /// The attempt behind [`Store::best_score`], to tell which quiz version it was on.
    pub fn best_attempt(&self, user: &str, chapter: &str) -> Result<Option<Attempt>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            conn.query_row(
                select_attempts!(
                    "WHERE u.name = ?1 AND a.chapter = ?2 AND a.mode = 'full'
                       AND a.finished_at IS NOT NULL AND a.max > 0
                     ORDER BY CAST(a.score AS REAL) / a.max DESC, a.score DESC LIMIT 1"
                ),
                params![user, chapter],
                attempt_row,
            )
            .optional()
        })
    }
}

pub(crate) fn attempt_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Attempt> {
    Ok(Attempt {
        id: AttemptId(row.get(0)?),
        uid: row.get(1)?,
        chapter: row.get(2)?,
        quiz_hash: row.get(3)?,
        mode: row.get(4)?,
        started_at: row.get(5)?,
        finished_at: row.get(6)?,
        score: row.get(7)?,
        max: row.get(8)?,
    })
}

/// Every attempt of user `id`, oldest first (for export).
pub(crate) fn all_attempts(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Attempt>> {
    let mut stmt = conn.prepare(select_attempts!(
        "WHERE a.user_id = ?1 ORDER BY a.started_at, a.uid"
    ))?;
    let rows = stmt.query_map([id], attempt_row)?;
    rows.collect()
}

pub(crate) fn check_question_keys(questions: &[QuestionKey]) -> Result<(), StoreError> {
    for q in questions {
        check_key("question id", &q.question)?;
        check_key("grading key", &q.key)?;
    }
    Ok(())
}

/// Makes `questions` the recorded questions of attempt `id`.
fn replace_questions(
    conn: &Connection,
    id: i64,
    questions: &[QuestionKey],
) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM attempt_questions WHERE attempt_id = ?1", [id])?;
    merge_questions(conn, id, questions)
}

/// Adds the questions of attempt `id` not recorded yet (import keeps what is there).
pub(crate) fn merge_questions(
    conn: &Connection,
    id: i64,
    questions: &[QuestionKey],
) -> rusqlite::Result<()> {
    for q in questions {
        conn.execute(
            "INSERT OR IGNORE INTO attempt_questions (attempt_id, question, grading_key,
                                                      wording_key)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, q.question, q.key, q.wording],
        )?;
    }
    Ok(())
}

/// The recorded questions of attempt `id`, by id.
pub(crate) fn questions_of(conn: &Connection, id: i64) -> rusqlite::Result<Vec<QuestionKey>> {
    let mut stmt = conn.prepare(
        "SELECT question, grading_key, wording_key FROM attempt_questions
         WHERE attempt_id = ?1 ORDER BY question",
    )?;
    let rows = stmt.query_map([id], |row| {
        Ok(QuestionKey {
            question: row.get(0)?,
            key: row.get(1)?,
            wording: row.get(2)?,
        })
    })?;
    rows.collect()
}

/// The answers of attempt `id`, in the order they were given.
pub(crate) fn answers_of(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Answer>> {
    let mut stmt = conn.prepare(
        "SELECT question, response, correct, hint_used, elapsed_ms, answered_at
         FROM answers WHERE attempt_id = ?1 ORDER BY answered_at, question",
    )?;
    let rows = stmt.query_map([id], |row| answer_from(row, 0))?;
    rows.collect()
}

/// The answer to `question` in attempt `id`, if there is one.
pub(crate) fn answer_to(
    conn: &Connection,
    id: i64,
    question: &str,
) -> rusqlite::Result<Option<Answer>> {
    conn.query_row(
        "SELECT question, response, correct, hint_used, elapsed_ms, answered_at
         FROM answers WHERE attempt_id = ?1 AND question = ?2",
        params![id, question],
        |row| answer_from(row, 0),
    )
    .optional()
}

/// An answer from the columns question, response, correct, hint_used, elapsed_ms and
/// answered_at, starting at column `at`.
fn answer_from(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Answer> {
    Ok(Answer {
        question: row.get(at)?,
        response: row.get(at + 1)?,
        correct: row.get(at + 2)?,
        hint_used: row.get(at + 3)?,
        elapsed_ms: unsigned(row.get(at + 4)?),
        answered_at: row.get(at + 5)?,
    })
}
