//! Study statistics: a student's history summed into what they ask to see, days studied,
//! streaks, reviews coming due, scores over time, weakest objectives and question types,
//! and how far spaced review has got.
//!
//! Pure: the history comes from the store (`Store::study_history`), the course says which
//! objective and type each question has, and the clock and time zone are passed in, so
//! every number here is a plain unit test. Days are the student's local days: each event is
//! placed by the time-zone offset in force at that instant, so a streak survives a move
//! across time zones and a daylight-saving change.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, FixedOffset, Local, NaiveDate, Offset, TimeZone, Utc};
use serde::Serialize;

use super::quiz::{Score, best_score};
use crate::content::Course;
use crate::store::StudyHistory;

/// How many weeks the activity calendar shows.
pub const CALENDAR_WEEKS: usize = 26;
/// How many days the review forecast covers.
pub const FORECAST_DAYS: usize = 30;
/// Interval (days) from which a reviewed question counts as mature, as in Anki.
const MATURE_DAYS: f64 = 21.0;

/// Where the student's days begin and end.
pub trait Zone {
    /// The UTC offset, in seconds, in force at `utc_ms`.
    fn offset_at(&self, utc_ms: i64) -> i32;

    /// The local date of `utc_ms`.
    fn date_of(&self, utc_ms: i64) -> NaiveDate {
        let offset = i64::from(self.offset_at(utc_ms)) * 1000;
        DateTime::<Utc>::from_timestamp_millis(utc_ms.saturating_add(offset))
            .unwrap_or_default()
            .date_naive()
    }

    /// The instant (UTC milliseconds) the local day `date` begins.
    fn start_of(&self, date: NaiveDate) -> i64 {
        let midnight = date
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp_millis();
        let guess = midnight - i64::from(self.offset_at(midnight)) * 1000;
        midnight - i64::from(self.offset_at(guess)) * 1000
    }
}

/// The machine's time zone, daylight saving included.
pub struct LocalZone;

impl Zone for LocalZone {
    fn offset_at(&self, utc_ms: i64) -> i32 {
        DateTime::<Utc>::from_timestamp_millis(utc_ms).map_or(0, |t| {
            Local
                .offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc()
        })
    }
}

/// A fixed offset, and a zone that changes offset at one instant (a student who flew).
impl Zone for FixedOffset {
    fn offset_at(&self, _utc_ms: i64) -> i32 {
        self.local_minus_utc()
    }
}

/// One local day of study.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Day {
    pub date: String,
    pub answers: usize,
    pub correct: usize,
    pub sections_read: usize,
    /// Time spent answering, from each answer's time on screen.
    pub seconds: u64,
}

impl Day {
    fn active(&self) -> bool {
        self.answers > 0 || self.sections_read > 0
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Streak {
    pub current: usize,
    pub longest: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueDay {
    pub date: String,
    pub due: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorePoint {
    pub finished_at: i64,
    /// Fraction right, 0 to 1.
    pub score: f64,
    /// Taken on an earlier version of the chapter's quiz (see `app::versions`).
    pub earlier_version: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChapterScores {
    pub number: u32,
    pub title: String,
    pub scores: Vec<ScorePoint>,
    pub best: Option<f64>,
    pub last: Option<f64>,
    /// The best and the last score were taken on an earlier version of the quiz.
    pub best_earlier_version: bool,
    pub last_earlier_version: bool,
    /// Time spent answering this chapter's questions.
    pub seconds: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    /// Chapter number (objectives only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter: Option<u32>,
    /// Objective id, or the question type.
    pub id: String,
    /// The objective's text (objectives only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub answered: usize,
    pub correct: usize,
}

impl Accuracy {
    pub fn share(&self) -> f64 {
        if self.answered == 0 {
            0.0
        } else {
            self.correct as f64 / self.answered as f64
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReviewStates {
    /// Questions of the course never answered.
    pub new: usize,
    /// Reviewed, next interval under a day.
    pub learning: usize,
    /// Interval from a day to three weeks.
    pub young: usize,
    /// Interval of three weeks or more.
    pub mature: usize,
}

/// Everything the statistics show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub user: String,
    pub today: String,
    pub streak: Streak,
    /// Every day from the first activity (or 26 weeks back, whichever is earlier) to today.
    pub days: Vec<Day>,
    pub overdue: usize,
    pub forecast: Vec<DueDay>,
    pub chapters: Vec<ChapterScores>,
    /// Weakest first (lowest share right, then most answered).
    pub objectives: Vec<Accuracy>,
    /// Weakest first.
    pub types: Vec<Accuracy>,
    pub review_states: ReviewStates,
}

/// Sums `history` for `user` at `now_ms` in `zone`.
pub fn compute(
    user: &str,
    course: &Course,
    history: &StudyHistory,
    now_ms: i64,
    zone: &dyn Zone,
) -> Stats {
    let today = zone.date_of(now_ms);
    let index = question_index(course);
    let days = days(history, today, zone);
    let (overdue, forecast) = forecast(history, now_ms, today, zone);
    Stats {
        user: user.to_string(),
        today: today.to_string(),
        streak: streak(&days),
        days,
        overdue,
        forecast,
        chapters: chapter_scores(course, history),
        objectives: objective_accuracy(course, &index, history),
        types: type_accuracy(&index, history),
        review_states: review_states(&index, history),
    }
}

fn days(history: &StudyHistory, today: NaiveDate, zone: &dyn Zone) -> Vec<Day> {
    let mut by_date: BTreeMap<NaiveDate, (Day, u64)> = BTreeMap::new();
    for q in &history.answers.quarters {
        let (day, ms) = by_date.entry(zone.date_of(q.start_ms)).or_default();
        day.answers += count(q.answers);
        day.correct += count(q.correct);
        *ms += q.elapsed_ms;
    }
    for r in &history.reads {
        by_date
            .entry(zone.date_of(r.read_at))
            .or_default()
            .0
            .sections_read += 1;
    }
    let calendar_start = today - Duration::days(CALENDAR_WEEKS as i64 * 7 - 1);
    let first = by_date
        .keys()
        .next()
        .copied()
        .map_or(calendar_start, |d| d.min(calendar_start));
    first
        .iter_days()
        .take_while(|d| *d <= today)
        .map(|date| {
            let (day, ms) = by_date.get(&date).cloned().unwrap_or_default();
            Day {
                date: date.to_string(),
                seconds: ms / 1000,
                ..day
            }
        })
        .collect()
}

fn count(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The current streak counts back from today, or from yesterday while today is still open;
/// the longest is the longest run of active days.
fn streak(days: &[Day]) -> Streak {
    let mut longest = 0;
    let mut run = 0;
    for day in days {
        run = if day.active() { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let back = days.iter().rev();
    let skip_today = usize::from(days.last().is_some_and(|d| !d.active()));
    let current = back.skip(skip_today).take_while(|d| d.active()).count();
    Streak { current, longest }
}

fn forecast(
    history: &StudyHistory,
    now_ms: i64,
    today: NaiveDate,
    zone: &dyn Zone,
) -> (usize, Vec<DueDay>) {
    let overdue = history
        .reviews
        .iter()
        .filter(|r| r.due_at <= now_ms)
        .count();
    let mut due: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for r in history.reviews.iter().filter(|r| r.due_at > now_ms) {
        *due.entry(zone.date_of(r.due_at)).or_default() += 1;
    }
    let forecast = today
        .iter_days()
        .take(FORECAST_DAYS)
        .map(|date| DueDay {
            date: date.to_string(),
            due: due.get(&date).copied().unwrap_or(0),
        })
        .collect();
    (overdue, forecast)
}

fn chapter_scores(course: &Course, history: &StudyHistory) -> Vec<ChapterScores> {
    let mut ms: HashMap<&str, u64> = HashMap::new();
    for d in &history.answers.days {
        *ms.entry(d.chapter.as_str()).or_default() += d.elapsed_ms;
    }
    course
        .chapters
        .iter()
        .map(|chapter| {
            let scores: Vec<ScorePoint> = history
                .attempts
                .iter()
                .filter(|a| a.chapter == chapter.slug && a.max > 0)
                .map(|a| ScorePoint {
                    finished_at: a.finished_at,
                    score: f64::from(a.score) / f64::from(a.max),
                    earlier_version: false,
                })
                .collect();
            ChapterScores {
                number: chapter.number,
                title: chapter.title.clone(),
                best: best_score(
                    history
                        .attempts
                        .iter()
                        .filter(|a| a.chapter == chapter.slug)
                        .map(|a| Score {
                            score: a.score,
                            max: a.max,
                        }),
                )
                .map(Score::fraction),
                last: scores.last().map(|s| s.score),
                best_earlier_version: false,
                last_earlier_version: false,
                scores,
                seconds: ms.get(chapter.slug.as_str()).copied().unwrap_or(0) / 1000,
            }
        })
        .collect()
}

/// (chapter number, objective id, question type) of every question of the course.
type QuestionIndex<'a> = HashMap<(&'a str, &'a str), (u32, &'a str, &'static str)>;

fn question_index(course: &Course) -> QuestionIndex<'_> {
    let mut index = HashMap::new();
    for chapter in &course.chapters {
        for q in chapter.quiz.iter().flat_map(|q| &q.questions) {
            index.insert(
                (chapter.slug.as_str(), q.id.as_str()),
                (chapter.number, q.objective.as_str(), q.kind.type_name()),
            );
        }
    }
    index
}

fn objective_accuracy(
    course: &Course,
    index: &QuestionIndex<'_>,
    history: &StudyHistory,
) -> Vec<Accuracy> {
    let mut counts: BTreeMap<(u32, &str), (usize, usize)> = BTreeMap::new();
    for d in &history.answers.days {
        if let Some((number, objective, _)) = index.get(&(d.chapter.as_str(), d.question.as_str()))
        {
            let entry = counts.entry((*number, objective)).or_default();
            entry.0 += count(d.answers);
            entry.1 += count(d.correct);
        }
    }
    let text_of = |number: u32, id: &str| {
        course
            .chapters
            .iter()
            .find(|c| c.number == number)
            .and_then(|c| c.objectives.iter().find(|o| o.id == id))
            .map(|o| o.text.clone())
    };
    let list = counts
        .into_iter()
        .map(|((number, id), (answered, correct))| Accuracy {
            chapter: Some(number),
            id: id.to_string(),
            text: text_of(number, id),
            answered,
            correct,
        })
        .collect();
    weakest_first(list)
}

fn type_accuracy(index: &QuestionIndex<'_>, history: &StudyHistory) -> Vec<Accuracy> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in &history.answers.days {
        if let Some((_, _, kind)) = index.get(&(d.chapter.as_str(), d.question.as_str())) {
            let entry = counts.entry(kind).or_default();
            entry.0 += count(d.answers);
            entry.1 += count(d.correct);
        }
    }
    let list = counts
        .into_iter()
        .map(|(kind, (answered, correct))| Accuracy {
            chapter: None,
            id: kind.to_string(),
            text: None,
            answered,
            correct,
        })
        .collect();
    weakest_first(list)
}

fn weakest_first(mut list: Vec<Accuracy>) -> Vec<Accuracy> {
    list.sort_by(|a, b| {
        a.share()
            .total_cmp(&b.share())
            .then(b.answered.cmp(&a.answered))
    });
    list
}

fn review_states(index: &QuestionIndex<'_>, history: &StudyHistory) -> ReviewStates {
    let mut states = ReviewStates::default();
    let reviewed: std::collections::HashSet<(&str, &str)> = history
        .reviews
        .iter()
        .map(|r| (r.chapter.as_str(), r.question.as_str()))
        .collect();
    for r in &history.reviews {
        match r.interval_days {
            d if d < 1.0 => states.learning += 1,
            d if d < MATURE_DAYS => states.young += 1,
            _ => states.mature += 1,
        }
    }
    states.new = index.keys().filter(|key| !reviewed.contains(*key)).count();
    states
}

#[cfg(test)]
#[path = "stats_tests.rs"]
pub(crate) mod tests;
