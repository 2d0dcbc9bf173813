//! The raw history the statistics screen summarises: every answer with its time, every
//! section read, every finished full attempt and every review state of one student, each
//! in one query. Summing into days, streaks and accuracies happens in `crate::app::stats`,
//! which is pure and knows the course; this file only reads.

use rusqlite::params;

use super::{Store, StoreError};

/// One answer, when and how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerEvent {
    pub chapter: String,
    pub question: String,
    pub correct: bool,
    pub elapsed_ms: u64,
    pub answered_at: i64,
}

/// One section read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadEvent {
    pub chapter: String,
    pub section: String,
    pub read_at: i64,
}

/// One finished full attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishedAttempt {
    pub chapter: String,
    pub finished_at: i64,
    pub score: u32,
    pub max: u32,
}

/// When each reviewed question is due and how long its interval is.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewSnapshot {
    pub chapter: String,
    pub question: String,
    pub due_at: i64,
    pub interval_days: f64,
    pub reps: u32,
}

/// Everything the statistics are computed from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub answers: Vec<AnswerEvent>,
    pub reads: Vec<ReadEvent>,
    pub attempts: Vec<FinishedAttempt>,
    pub reviews: Vec<ReviewSnapshot>,
}

impl Store {
    /// The whole study history of `user`, oldest first, read in one snapshot.
    pub fn study_history(&self, user: &str) -> Result<History, StoreError> {
        super::validate_user_name(user)?;
        self.read_snapshot(|tx| {
            let answers = tx
                .prepare(
                    "SELECT t.chapter, a.question, a.correct, a.elapsed_ms, a.answered_at
                     FROM answers a JOIN attempts t ON t.id = a.attempt_id
                     JOIN users u ON u.id = t.user_id
                     WHERE u.name = ?1 ORDER BY a.answered_at, a.id",
                )?
                .query_map(params![user], |r| {
                    Ok(AnswerEvent {
                        chapter: r.get(0)?,
                        question: r.get(1)?,
                        correct: r.get(2)?,
                        elapsed_ms: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                        answered_at: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let reads = tx
                .prepare(
                    "SELECT s.chapter, s.section, s.read_at
                     FROM sections_read s JOIN users u ON u.id = s.user_id
                     WHERE u.name = ?1 ORDER BY s.read_at",
                )?
                .query_map(params![user], |r| {
                    Ok(ReadEvent {
                        chapter: r.get(0)?,
                        section: r.get(1)?,
                        read_at: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let attempts = tx
                .prepare(
                    "SELECT a.chapter, a.finished_at, a.score, a.max
                     FROM attempts a JOIN users u ON u.id = a.user_id
                     WHERE u.name = ?1 AND a.mode = 'full' AND a.finished_at IS NOT NULL
                       AND a.max > 0
                     ORDER BY a.finished_at",
                )?
                .query_map(params![user], |r| {
                    Ok(FinishedAttempt {
                        chapter: r.get(0)?,
                        finished_at: r.get(1)?,
                        score: r.get(2)?,
                        max: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let reviews = tx
                .prepare(
                    "SELECT r.chapter, r.question, r.due_at, r.interval_days, r.reps
                     FROM reviews r JOIN users u ON u.id = r.user_id
                     WHERE u.name = ?1 ORDER BY r.due_at",
                )?
                .query_map(params![user], |r| {
                    Ok(ReviewSnapshot {
                        chapter: r.get(0)?,
                        question: r.get(1)?,
                        due_at: r.get(2)?,
                        interval_days: r.get(3)?,
                        reps: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(History {
                answers,
                reads,
                attempts,
                reviews,
            })
        })
    }
}
