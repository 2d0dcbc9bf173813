//! Spaced-repetition scheduling for quiz questions, kept pure so that it is
//! easy to test and so that the store only has to persist its output.
//!
//! The memory model is FSRS, computed by the `rs-fsrs` crate in its long-term
//! mode (a right answer is next asked days later, never minutes later), with
//! one rule of our own on top: a missed question comes back after
//! [`RELEARN_DELAY_MS`] whatever FSRS would say, so it is due again soon.
//! See docs/review.md for why.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating, State};
use serde::{Deserialize, Serialize};

/// How long a missed question waits before it is due again: ten minutes.
pub const RELEARN_DELAY_MS: i64 = 10 * 60 * 1000;

const DAY_MS: f64 = 86_400_000.0;
/// Timestamps are clamped into 1970..=9999 so date arithmetic cannot overflow.
const MAX_MS: i64 = 253_402_300_799_999;

/// How well a question was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

impl Grade {
    /// Wrong ⇒ `Again`; right with a hint ⇒ `Hard`; right ⇒ `Good`.
    pub fn from_correct(correct: bool, hint_used: bool) -> Grade {
        match (correct, hint_used) {
            (false, _) => Grade::Again,
            (true, true) => Grade::Hard,
            (true, false) => Grade::Good,
        }
    }

    /// The lowercase name used in the database and in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }

    /// The inverse of [`Grade::as_str`].
    pub fn parse(text: &str) -> Option<Grade> {
        [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy]
            .into_iter()
            .find(|grade| grade.as_str() == text)
    }

    fn rating(self) -> Rating {
        match self {
            Grade::Again => Rating::Again,
            Grade::Hard => Rating::Hard,
            Grade::Good => Rating::Good,
            Grade::Easy => Rating::Easy,
        }
    }
}

/// Everything the scheduler needs to remember about one question.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewState {
    /// When the question is next due (unix milliseconds).
    pub due_ms: i64,
    /// The gap between the last review and `due_ms`, in days.
    pub interval_days: f64,
    /// FSRS stability: days until recall probability falls to 90%.
    pub stability: f64,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// How many times the question was reviewed.
    pub reps: u32,
    /// How many times it was forgotten after having been learned.
    pub lapses: u32,
    /// When it was last reviewed (unix milliseconds).
    pub last_review_ms: i64,
    /// The grade of the last review.
    pub last_grade: Grade,
}

impl ReviewState {
    /// Whether the question should be asked at `now_ms`.
    pub fn is_due(&self, now_ms: i64) -> bool {
        self.due_ms <= now_ms
    }

    /// Whether the last answer was wrong (the question is being relearned).
    pub fn is_lapsed(&self) -> bool {
        self.last_grade == Grade::Again
    }

    fn is_sane(&self) -> bool {
        self.stability.is_finite()
            && self.stability > 0.0
            && self.difficulty.is_finite()
            && (1.0..=10.0).contains(&self.difficulty)
    }
}

/// The state after grading a question at `now_ms`; `prev` is `None` the first
/// time the question is seen. A `now_ms` earlier than the previous review is
/// treated as the previous review's time.
pub fn schedule(prev: Option<&ReviewState>, grade: Grade, now_ms: i64) -> ReviewState {
    let floor = prev.map_or(0, |p| p.last_review_ms.clamp(0, MAX_MS));
    let now_ms = now_ms.clamp(floor, MAX_MS);
    let card = match prev {
        Some(p) if p.is_sane() => card_from(p),
        _ => Card::default(),
    };
    let fsrs = FSRS::new(parameters());
    let next = fsrs.next(card, to_time(now_ms), grade.rating()).card;
    let due_ms = match grade {
        Grade::Again => now_ms + RELEARN_DELAY_MS,
        _ => next.due.timestamp_millis(),
    };
    ReviewState {
        due_ms,
        interval_days: (due_ms - now_ms) as f64 / DAY_MS,
        stability: next.stability,
        difficulty: next.difficulty,
        reps: count(next.reps).max(prev.map_or(0, |p| p.reps.saturating_add(1))),
        lapses: count(next.lapses).max(prev.map_or(0, |p| p.lapses)),
        last_review_ms: now_ms,
        last_grade: grade,
    }
}

fn parameters() -> Parameters {
    Parameters {
        enable_short_term: false,
        enable_fuzz: false,
        ..Parameters::default()
    }
}

fn card_from(prev: &ReviewState) -> Card {
    Card {
        due: to_time(prev.due_ms),
        stability: prev.stability,
        difficulty: prev.difficulty,
        elapsed_days: 0,
        scheduled_days: prev.interval_days.round() as i64,
        reps: i32::try_from(prev.reps)
            .unwrap_or(i32::MAX)
            .min(i32::MAX - 1),
        lapses: i32::try_from(prev.lapses)
            .unwrap_or(i32::MAX)
            .min(i32::MAX - 1),
        state: State::Review,
        last_review: to_time(prev.last_review_ms),
    }
}

fn to_time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms.clamp(0, MAX_MS)).unwrap_or(DateTime::UNIX_EPOCH)
}

fn count(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_700_000_000_000;
    const DAY: i64 = 86_400_000;

    fn review_chain(grades: &[Grade]) -> Vec<ReviewState> {
        let mut states: Vec<ReviewState> = Vec::new();
        let mut now = T0;
        for &grade in grades {
            let next = schedule(states.last(), grade, now);
            now = next.due_ms;
            states.push(next);
        }
        states
    }

    #[test]
    fn grade_from_answer() {
        assert_eq!(Grade::from_correct(false, false), Grade::Again);
        assert_eq!(Grade::from_correct(false, true), Grade::Again);
        assert_eq!(Grade::from_correct(true, true), Grade::Hard);
        assert_eq!(Grade::from_correct(true, false), Grade::Good);
    }

    #[test]
    fn grade_names_round_trip() {
        for grade in [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy] {
            assert_eq!(Grade::parse(grade.as_str()), Some(grade));
        }
        assert_eq!(Grade::parse("Good"), None);
    }

    #[test]
    fn first_review_is_in_days_unless_missed() {
        let good = schedule(None, Grade::Good, T0);
        assert!(good.due_ms >= T0 + DAY, "{good:?}");
        assert_eq!(good.reps, 1);
        assert_eq!(good.last_review_ms, T0);
        let easy = schedule(None, Grade::Easy, T0);
        assert!(easy.due_ms > good.due_ms);
        let hard = schedule(None, Grade::Hard, T0);
        assert!(hard.due_ms < good.due_ms);
    }

    #[test]
    fn missed_question_is_due_within_a_day() {
        let again = schedule(None, Grade::Again, T0);
        assert_eq!(again.due_ms, T0 + RELEARN_DELAY_MS);
        assert!(again.is_lapsed());
        let mature = review_chain(&[Grade::Good; 6]);
        let last = mature.last().copied();
        let forgot = schedule(last.as_ref(), Grade::Again, T0 + 400 * DAY);
        assert!(forgot.due_ms - forgot.last_review_ms <= DAY);
        assert!(forgot.interval_days < 1.0);
        assert_eq!(forgot.lapses, 1);
    }

    #[test]
    fn intervals_grow_with_good() {
        let states = review_chain(&[Grade::Good; 8]);
        let intervals: Vec<f64> = states.iter().map(|s| s.interval_days).collect();
        for pair in intervals.windows(2) {
            assert!(pair[1] > pair[0], "{intervals:?}");
        }
        assert!(intervals[7] > 60.0, "{intervals:?}");
    }

    #[test]
    fn again_resets_the_interval() {
        let mut states = review_chain(&[Grade::Good; 5]);
        let before = states[4].interval_days;
        let lapse = schedule(states.last(), Grade::Again, states[4].due_ms);
        assert!(lapse.interval_days < 1.0);
        assert!(lapse.stability < states[4].stability);
        states.push(lapse);
        let relearned = schedule(states.last(), Grade::Good, lapse.due_ms);
        assert!(relearned.interval_days < before / 2.0, "{relearned:?}");
        assert!(relearned.interval_days >= 1.0);
        assert!(!relearned.is_lapsed());
        assert_eq!(relearned.lapses, 1);
    }

    #[test]
    fn schedule_is_pure() {
        let a = review_chain(&[Grade::Good, Grade::Hard, Grade::Again, Grade::Easy]);
        let b = review_chain(&[Grade::Good, Grade::Hard, Grade::Again, Grade::Easy]);
        assert_eq!(a, b);
    }

    #[test]
    fn clock_going_backwards_is_harmless() {
        let first = schedule(None, Grade::Good, T0);
        let second = schedule(Some(&first), Grade::Good, T0 - 5 * DAY);
        assert_eq!(second.last_review_ms, T0);
        assert!(second.due_ms > T0);
        assert!(second.stability.is_finite());
    }

    #[test]
    fn insane_stored_state_starts_over() {
        let mut broken = schedule(None, Grade::Good, T0);
        broken.stability = f64::NAN;
        let next = schedule(Some(&broken), Grade::Good, T0 + DAY);
        assert!(next.stability.is_finite() && next.stability > 0.0);
        let extreme = schedule(None, Grade::Easy, i64::MAX);
        assert!(extreme.due_ms >= extreme.last_review_ms);
    }

    #[test]
    fn due_and_serde() {
        let state = schedule(None, Grade::Good, T0);
        assert!(!state.is_due(T0));
        assert!(state.is_due(state.due_ms));
        let json = serde_json::to_string(&state).unwrap_or_default();
        assert!(json.contains("\"last_grade\":\"good\""), "{json}");
        let back: Option<ReviewState> = serde_json::from_str(&json).ok();
        assert_eq!(back, Some(state));
    }
}
