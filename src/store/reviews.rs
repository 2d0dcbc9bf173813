//! Spaced-repetition state per user and question, as computed by
//! `crate::schedule`, and the queue of questions due for review: missed
//! ("lapsed") questions first, then the rest by due time. Each review keeps the grading
//! key of the question it schedules: after a course update a question whose key changed
//! starts its schedule again (see [`ReviewItem::follows`] and `app::versions`).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::users::touch_user;
use super::{Store, StoreError, check_key};
use crate::schedule::{self, Grade, ReviewState};

/// A question's review state, with the question it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub chapter: String,
    pub question: String,
    pub state: ReviewState,
    /// The grading key (`content::answer::grading_key`) of the question when it was last
    /// reviewed; `None` for reviews saved before keys were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grading_key: Option<String>,
}

impl ReviewItem {
    /// Whether this schedule belongs to the question as it grades now (`key`): a changed
    /// question starts again. A review saved before keys were kept is taken to belong.
    pub fn follows(&self, key: &str) -> bool {
        self.grading_key.as_deref().is_none_or(|kept| kept == key)
    }
}

impl ToSql for Grade {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Grade {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Grade::parse(text)
            .ok_or_else(|| FromSqlError::Other(format!("unknown grade '{text}'").into()))
    }
}

macro_rules! select_reviews {
    ($tail:literal) => {
        concat!(
            "SELECT r.chapter, r.question, r.due_at, r.interval_days, r.stability, r.difficulty,
                    r.reps, r.lapses, r.last_review_at, r.last_grade, r.grading_key
             FROM reviews r JOIN users u ON u.id = r.user_id ",
            $tail
        )
    };
}

impl Store {
    /// The review state of one question as it grades now (grading key `key`), if it was
    /// ever reviewed with that key (or before keys were kept).
    pub fn review_state(
        &self,
        user: &str,
        chapter: &str,
        question: &str,
        key: &str,
    ) -> Result<Option<ReviewState>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            conn.query_row(
                select_reviews!("WHERE u.name = ?1 AND r.chapter = ?2 AND r.question = ?3"),
                params![user, chapter, question],
                review_row,
            )
            .optional()
            .map(|item| current_state(item, key))
        })
    }

    /// Every review of `user` (in one chapter, or in all), whatever its due time, by
    /// chapter and question: what `app::versions::due_for_review` sorts against the course.
    pub fn reviews(
        &self,
        user: &str,
        chapter: Option<&str>,
    ) -> Result<Vec<ReviewItem>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            let mut stmt = conn.prepare(select_reviews!(
                "WHERE u.name = ?1 AND (?2 IS NULL OR r.chapter = ?2)
                 ORDER BY r.chapter, r.question"
            ))?;
            let rows = stmt.query_map(params![user, chapter], review_row)?;
            rows.collect()
        })
    }

    /// Stores the state of one question, graded with key `key` (its `last_review_ms`
    /// counts as the user's activity time).
    pub fn save_review(
        &mut self,
        user: &str,
        chapter: &str,
        question: &str,
        key: &str,
        state: &ReviewState,
    ) -> Result<(), StoreError> {
        super::validate_user_name(user)?;
        let mut item = checked_item(chapter, question, state)?;
        item.grading_key = Some(key.to_string());
        self.write(|tx| {
            let id = touch_user(tx, user, state.last_review_ms)?;
            upsert(tx, id, &item, false).map(|_| ())
        })
    }

    /// Grades one question, whose grading key is now `key`, at `now`: loads its state,
    /// schedules it (from the start when the question changed since its last review) and
    /// saves the result in one transaction. Returns the new state.
    pub fn record_review(
        &mut self,
        user: &str,
        chapter: &str,
        question: &str,
        key: &str,
        grade: Grade,
        now: i64,
    ) -> Result<ReviewState, StoreError> {
        super::validate_user_name(user)?;
        check_key("chapter slug", chapter)?;
        check_key("question id", question)?;
        self.write(|tx| {
            let id = touch_user(tx, user, now)?;
            let prev = tx
                .query_row(
                    select_reviews!("WHERE r.user_id = ?1 AND r.chapter = ?2 AND r.question = ?3"),
                    params![id, chapter, question],
                    review_row,
                )
                .optional()?;
            let prev = current_state(prev, key);
            let state = schedule::schedule(prev.as_ref(), grade, now);
            let item = ReviewItem {
                chapter: chapter.to_string(),
                question: question.to_string(),
                state,
                grading_key: Some(key.to_string()),
            };
            upsert(tx, id, &item, false)?;
            Ok(state)
        })
    }

    /// Questions due at `now` (in one chapter, or in all): lapsed ones first
    /// (last answer wrong), then by due time, oldest first.
    pub fn due_reviews(
        &self,
        user: &str,
        chapter: Option<&str>,
        now: i64,
    ) -> Result<Vec<ReviewItem>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            let mut stmt = conn.prepare(select_reviews!(
                "WHERE u.name = ?1 AND r.due_at <= ?2 AND (?3 IS NULL OR r.chapter = ?3)
                 ORDER BY r.last_grade = 'again' DESC, r.due_at, r.chapter, r.question"
            ))?;
            let rows = stmt.query_map(params![user, now, chapter], review_row)?;
            rows.collect()
        })
    }
}

fn checked_item(
    chapter: &str,
    question: &str,
    state: &ReviewState,
) -> Result<ReviewItem, StoreError> {
    check_key("chapter slug", chapter)?;
    check_key("question id", question)?;
    let finite = [state.interval_days, state.stability, state.difficulty]
        .iter()
        .all(|x| x.is_finite());
    if !finite || state.stability <= 0.0 || state.difficulty <= 0.0 {
        return Err(StoreError::InvalidReview {
            question: question.to_string(),
        });
    }
    Ok(ReviewItem {
        chapter: chapter.to_string(),
        question: question.to_string(),
        state: *state,
        grading_key: None,
    })
}

/// The state of a stored review if it still schedules the question as keyed now.
fn current_state(item: Option<ReviewItem>, key: &str) -> Option<ReviewState> {
    item.filter(|item| item.follows(key)).map(|item| item.state)
}

/// Validates an imported review item.
pub(crate) fn check_item(item: &ReviewItem) -> Result<(), StoreError> {
    if let Some(key) = &item.grading_key {
        check_key("grading key", key)?;
    }
    checked_item(&item.chapter, &item.question, &item.state).map(|_| ())
}

fn review_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewItem> {
    Ok(ReviewItem {
        chapter: row.get(0)?,
        question: row.get(1)?,
        state: ReviewState {
            due_ms: row.get(2)?,
            interval_days: row.get(3)?,
            stability: row.get(4)?,
            difficulty: row.get(5)?,
            reps: row.get(6)?,
            lapses: row.get(7)?,
            last_review_ms: row.get(8)?,
            last_grade: row.get(9)?,
        },
        grading_key: row.get(10)?,
    })
}

/// Inserts or replaces a review; with `only_if_later`, an existing row is
/// replaced only by a later review (import merging). Returns rows changed.
pub(crate) fn upsert(
    conn: &Connection,
    user_id: i64,
    item: &ReviewItem,
    only_if_later: bool,
) -> rusqlite::Result<usize> {
    let s = &item.state;
    conn.execute(
        "INSERT INTO reviews (user_id, chapter, question, due_at, interval_days, stability,
                              difficulty, reps, lapses, last_review_at, last_grade,
                              grading_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13)
         ON CONFLICT DO UPDATE
         SET due_at = excluded.due_at, interval_days = excluded.interval_days,
             stability = excluded.stability, difficulty = excluded.difficulty,
             reps = excluded.reps, lapses = excluded.lapses,
             last_review_at = excluded.last_review_at, last_grade = excluded.last_grade,
             grading_key = excluded.grading_key
         WHERE NOT ?12 OR excluded.last_review_at > reviews.last_review_at",
        params![
            user_id,
            item.chapter,
            item.question,
            s.due_ms,
            s.interval_days,
            s.stability,
            s.difficulty,
            s.reps,
            s.lapses,
            s.last_review_ms,
            s.last_grade,
            only_if_later,
            item.grading_key
        ],
    )
}

/// Every review of user `id`, by chapter and question (for export).
pub(crate) fn all_reviews(conn: &Connection, id: i64) -> rusqlite::Result<Vec<ReviewItem>> {
    let mut stmt = conn.prepare(select_reviews!(
        "WHERE r.user_id = ?1 ORDER BY r.chapter, r.question"
    ))?;
    let rows = stmt.query_map([id], review_row)?;
    rows.collect()
}
