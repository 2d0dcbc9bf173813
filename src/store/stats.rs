//! The study history the statistics screen summarises, read in one snapshot: the answers
//! as running tallies (per quarter hour, and per question and UTC day, kept by the triggers
//! of schema step 6 in the same transaction as each answer), plus the few raw answers of a
//! day only partly inside a period, every section read, every finished full attempt and
//! every review state of one student. Summing into local days, streaks and accuracies
//! happens in `crate::app::stats`, which is pure and knows the course; this file only reads.
//!
//! Why tallies: 10,000 attempts are some 50,000 answers, and reading each one took some
//! 40 ms; the tallies are a few hundred rows. `AnswerTallies::from_events` sums raw answers
//! the way the triggers do: tests build histories with it, and a store test holds the
//! triggers to it.

use std::collections::BTreeMap;

use rusqlite::{Transaction, params};

use super::{Store, StoreError};

/// Milliseconds in a quarter hour: the grain of the activity tallies.
pub const QUARTER_MS: i64 = 15 * 60 * 1000;
/// Milliseconds in a UTC day: the grain of the per-question tallies.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// One answer, when and how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerEvent {
    pub chapter: String,
    pub question: String,
    pub correct: bool,
    pub elapsed_ms: u64,
    pub answered_at: i64,
}

/// Answers given in one quarter hour (UTC), starting at `start_ms`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuarterTally {
    pub start_ms: i64,
    pub answers: u64,
    pub correct: u64,
    pub elapsed_ms: u64,
}

/// Answers to one question on one UTC day (`day`: days since 1970-01-01).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionDay {
    pub chapter: String,
    pub question: String,
    pub day: i64,
    pub answers: u64,
    pub correct: u64,
    pub elapsed_ms: u64,
}

/// Every answer of a student, summed twice: by quarter hour for the calendar, and by
/// question and UTC day for accuracies and time spent; `edges` holds raw answers on the
/// UTC days a period starts in, so a period beginning at local midnight is summed exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnswerTallies {
    pub quarters: Vec<QuarterTally>,
    pub days: Vec<QuestionDay>,
    pub edges: Vec<AnswerEvent>,
}

impl AnswerTallies {
    /// What the store's tallies hold for `answers` (every answer is an edge too, so any
    /// period can be cut from the result).
    pub fn from_events(answers: &[AnswerEvent]) -> Self {
        let mut quarters: BTreeMap<i64, QuarterTally> = BTreeMap::new();
        let mut days: BTreeMap<(&str, &str, i64), QuestionDay> = BTreeMap::new();
        for a in answers {
            let start_ms = a.answered_at.div_euclid(QUARTER_MS) * QUARTER_MS;
            let quarter = quarters.entry(start_ms).or_insert(QuarterTally {
                start_ms,
                answers: 0,
                correct: 0,
                elapsed_ms: 0,
            });
            quarter.answers += 1;
            quarter.correct += u64::from(a.correct);
            quarter.elapsed_ms += a.elapsed_ms;
            let day = a.answered_at.div_euclid(DAY_MS);
            let tally = days
                .entry((&a.chapter, &a.question, day))
                .or_insert_with(|| QuestionDay {
                    chapter: a.chapter.clone(),
                    question: a.question.clone(),
                    day,
                    answers: 0,
                    correct: 0,
                    elapsed_ms: 0,
                });
            tally.answers += 1;
            tally.correct += u64::from(a.correct);
            tally.elapsed_ms += a.elapsed_ms;
        }
        Self {
            quarters: quarters.into_values().collect(),
            days: days.into_values().collect(),
            edges: answers.to_vec(),
        }
    }

    /// The answers given at or after `start_ms`: whole quarters and whole UTC days from
    /// there, the part of the first day before its end taken from the edge answers. Exact
    /// when `start_ms` falls on a quarter hour (local midnights do) and the edges cover it.
    pub fn since(&self, start_ms: i64) -> Self {
        let first_whole_day =
            start_ms.div_euclid(DAY_MS) + i64::from(start_ms.rem_euclid(DAY_MS) != 0);
        let partial = start_ms..first_whole_day.saturating_mul(DAY_MS);
        let mut days: Vec<QuestionDay> = self
            .days
            .iter()
            .filter(|d| d.day >= first_whole_day)
            .cloned()
            .collect();
        let in_part: Vec<AnswerEvent> = self
            .edges
            .iter()
            .filter(|a| partial.contains(&a.answered_at))
            .cloned()
            .collect();
        days.extend(Self::from_events(&in_part).days);
        Self {
            quarters: self
                .quarters
                .iter()
                .filter(|q| q.start_ms >= start_ms)
                .cloned()
                .collect(),
            days,
            edges: Vec::new(),
        }
    }
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
    /// The grading key the question was last reviewed under (`None` from before keys).
    pub grading_key: Option<String>,
}

/// Everything the statistics are computed from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub answers: AnswerTallies,
    pub reads: Vec<ReadEvent>,
    pub attempts: Vec<FinishedAttempt>,
    pub reviews: Vec<ReviewSnapshot>,
}

impl Store {
    /// The whole study history of `user`, read in one snapshot; `period_starts` are the
    /// instants periods begin at, whose UTC days' raw answers come along as edges.
    pub fn study_history(&self, user: &str, period_starts: &[i64]) -> Result<History, StoreError> {
        super::validate_user_name(user)?;
        self.read_snapshot(|tx| {
            Ok(History {
                answers: answer_tallies(tx, user, period_starts)?,
                reads: reads(tx, user)?,
                attempts: finished_attempts(tx, user)?,
                reviews: reviews(tx, user)?,
            })
        })
    }
}

fn answer_tallies(
    tx: &Transaction<'_>,
    user: &str,
    period_starts: &[i64],
) -> rusqlite::Result<AnswerTallies> {
    let quarters = tx
        .prepare(
            "SELECT q.quarter, q.answers, q.correct, q.elapsed_ms
             FROM answer_quarters q JOIN users u ON u.id = q.user_id
             WHERE u.name = ?1 ORDER BY q.quarter",
        )?
        .query_map(params![user], |r| {
            Ok(QuarterTally {
                start_ms: r.get::<_, i64>(0)?.saturating_mul(QUARTER_MS),
                answers: unsigned(r.get(1)?),
                correct: unsigned(r.get(2)?),
                elapsed_ms: unsigned(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let days = tx
        .prepare(
            "SELECT d.chapter, d.question, d.day, d.answers, d.correct, d.elapsed_ms
             FROM answer_days d JOIN users u ON u.id = d.user_id
             WHERE u.name = ?1 ORDER BY d.chapter, d.question, d.day",
        )?
        .query_map(params![user], |r| {
            Ok(QuestionDay {
                chapter: r.get(0)?,
                question: r.get(1)?,
                day: r.get(2)?,
                answers: unsigned(r.get(3)?),
                correct: unsigned(r.get(4)?),
                elapsed_ms: unsigned(r.get(5)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let edge_days: std::collections::BTreeSet<i64> = period_starts
        .iter()
        .map(|start| start.div_euclid(DAY_MS).saturating_mul(DAY_MS))
        .collect();
    let mut edges = Vec::new();
    for day_start in edge_days {
        edges.extend(answers_between(
            tx,
            user,
            day_start,
            day_start.saturating_add(DAY_MS),
        )?);
    }
    Ok(AnswerTallies {
        quarters,
        days,
        edges,
    })
}

/// The raw answers of `user` from `from` (inclusive) to `to` (exclusive), found by time
/// (left to itself the planner walks every answer of the student instead).
fn answers_between(
    tx: &Transaction<'_>,
    user: &str,
    from: i64,
    to: i64,
) -> rusqlite::Result<Vec<AnswerEvent>> {
    tx.prepare(
        "SELECT t.chapter, a.question, a.correct, a.elapsed_ms, a.answered_at
         FROM answers a INDEXED BY answers_by_time
         JOIN attempts t ON t.id = a.attempt_id
         JOIN users u ON u.id = t.user_id
         WHERE u.name = ?1 AND a.answered_at >= ?2 AND a.answered_at < ?3
         ORDER BY a.answered_at, a.id",
    )?
    .query_map(params![user, from, to], |r| {
        Ok(AnswerEvent {
            chapter: r.get(0)?,
            question: r.get(1)?,
            correct: r.get(2)?,
            elapsed_ms: unsigned(r.get(3)?),
            answered_at: r.get(4)?,
        })
    })?
    .collect()
}

fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn reads(tx: &Transaction<'_>, user: &str) -> rusqlite::Result<Vec<ReadEvent>> {
    tx.prepare(
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
    .collect()
}

fn finished_attempts(tx: &Transaction<'_>, user: &str) -> rusqlite::Result<Vec<FinishedAttempt>> {
    tx.prepare(
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
    .collect()
}

fn reviews(tx: &Transaction<'_>, user: &str) -> rusqlite::Result<Vec<ReviewSnapshot>> {
    tx.prepare(
        "SELECT r.chapter, r.question, r.due_at, r.interval_days, r.reps, r.grading_key
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
            grading_key: r.get(5)?,
        })
    })?
    .collect()
}
