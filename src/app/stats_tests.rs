use super::*;
use crate::content::load_course;
use crate::store::{AnswerEvent, AnswerTallies, FinishedAttempt, ReadEvent, ReviewSnapshot};

const HOUR: i64 = 3_600_000;
pub(crate) const DAY: i64 = 24 * HOUR;
/// 2026-12-05T12:00:00Z.
pub(crate) const NOW: i64 = 1_796_472_000_000;

pub(crate) fn course() -> Course {
    load_course(None).expect("the built-in course").course
}

pub(crate) fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).expect("utc")
}

/// A zone at +`before` hours until `switch_ms`, at +`after` hours from then on.
struct Moved {
    switch_ms: i64,
    before: i32,
    after: i32,
}

impl Zone for Moved {
    fn offset_at(&self, utc_ms: i64) -> i32 {
        3600 * if utc_ms < self.switch_ms {
            self.before
        } else {
            self.after
        }
    }
}

/// An answer to the first question of chapter 1 at `at`.
pub(crate) fn answer(course: &Course, at: i64, correct: bool) -> AnswerEvent {
    let chapter = &course.chapters[0];
    let question = &chapter.quiz.as_ref().expect("a quiz").questions[0];
    AnswerEvent {
        chapter: chapter.slug.clone(),
        question: question.id.clone(),
        correct,
        elapsed_ms: 30_000,
        answered_at: at,
    }
}

#[test]
fn an_empty_history_has_26_weeks_of_empty_days_and_no_streak() {
    let course = course();
    let stats = compute("ada", &course, &StudyHistory::default(), NOW, &utc());
    assert_eq!(stats.today, "2026-12-05");
    assert_eq!(stats.days.len(), CALENDAR_WEEKS * 7);
    assert!(stats.days.iter().all(|d| *d
        == Day {
            date: d.date.clone(),
            ..Day::default()
        }));
    assert_eq!(
        stats.days.last().map(|d| d.date.as_str()),
        Some("2026-12-05")
    );
    assert_eq!(stats.streak, Streak::default());
    assert_eq!(stats.forecast.len(), FORECAST_DAYS);
    let questions: usize = course.chapters.iter().map(|c| c.question_count()).sum();
    assert_eq!(stats.review_states.new, questions);
}

#[test]
fn days_count_answers_reads_and_seconds_and_gaps_stay_zero() {
    let course = course();
    let history = StudyHistory {
        answers: AnswerTallies::from_events(&[
            answer(&course, NOW - 2 * DAY, true),
            answer(&course, NOW - 2 * DAY + HOUR, false),
            answer(&course, NOW, true),
        ]),
        reads: vec![ReadEvent {
            chapter: "introduction".into(),
            section: "ml-lifecycle".into(),
            read_at: NOW - 2 * DAY,
        }],
        ..StudyHistory::default()
    };
    let stats = compute("ada", &course, &history, NOW, &utc());
    let day = |date: &str| stats.days.iter().find(|d| d.date == date).cloned();
    assert_eq!(
        day("2026-12-03"),
        Some(Day {
            date: "2026-12-03".into(),
            answers: 2,
            correct: 1,
            sections_read: 1,
            seconds: 60,
        })
    );
    assert_eq!(day("2026-12-04").map(|d| d.answers), Some(0));
    assert_eq!(
        stats.streak,
        Streak {
            current: 1,
            longest: 1
        }
    );
}

#[test]
fn a_streak_runs_across_midnight_and_survives_until_today_ends() {
    let course = course();
    // 23:50 on the 3rd and 00:10 on the 4th, then nothing yet today (the 5th).
    let midnight = NOW - DAY - 12 * HOUR;
    let history = StudyHistory {
        answers: AnswerTallies::from_events(&[
            answer(&course, midnight - 10 * 60_000, true),
            answer(&course, midnight + 10 * 60_000, true),
        ]),
        ..StudyHistory::default()
    };
    let stats = compute("ada", &course, &history, NOW, &utc());
    assert_eq!(
        stats.streak,
        Streak {
            current: 2,
            longest: 2
        }
    );
    // Two days later, the streak is broken but remembered.
    let later = compute("ada", &course, &history, NOW + 2 * DAY, &utc());
    assert_eq!(
        later.streak,
        Streak {
            current: 0,
            longest: 2
        }
    );
}

#[test]
fn a_time_zone_change_keeps_the_days_of_the_place_the_student_was() {
    let course = course();
    // 20:00 on the 3rd in London (UTC); then the student flies to San Francisco (UTC-8) and
    // answers at 03:00 UTC on the 5th, which is 19:00 on the 4th there: two days in a row.
    let history = StudyHistory {
        answers: AnswerTallies::from_events(&[
            answer(&course, NOW - DAY - 16 * HOUR, true),
            answer(&course, NOW - 9 * HOUR, true),
        ]),
        ..StudyHistory::default()
    };
    let flew = Moved {
        switch_ms: NOW - DAY,
        before: 0,
        after: -8,
    };
    let now = NOW - 8 * HOUR;
    let stats = compute("ada", &course, &history, now, &flew);
    assert_eq!(stats.today, "2026-12-04");
    let active: Vec<&str> = stats
        .days
        .iter()
        .filter(|d| d.answers > 0)
        .map(|d| d.date.as_str())
        .collect();
    assert_eq!(active, vec!["2026-12-03", "2026-12-04"]);
    assert_eq!(
        stats.streak,
        Streak {
            current: 2,
            longest: 2
        }
    );
    // Read in UTC throughout, the same answers fall on the 3rd and the 5th: no streak.
    let stats = compute("ada", &course, &history, now, &utc());
    assert_eq!(
        stats.streak,
        Streak {
            current: 1,
            longest: 1
        }
    );
}

#[test]
fn forecast_overdue_scores_and_review_states() {
    let course = course();
    let review = |due_at: i64, interval_days: f64, question: &str| ReviewSnapshot {
        chapter: "introduction".into(),
        question: question.into(),
        due_at,
        interval_days,
        reps: 1,
        grading_key: None,
    };
    let history = StudyHistory {
        reviews: vec![
            review(NOW - HOUR, 0.5, "a"),
            review(NOW + HOUR, 3.0, "b"),
            review(NOW + 3 * DAY, 30.0, "c"),
            review(NOW + 40 * DAY, 40.0, "d"),
        ],
        attempts: vec![
            FinishedAttempt {
                chapter: "introduction".into(),
                finished_at: NOW - DAY,
                score: 30,
                max: 40,
            },
            FinishedAttempt {
                chapter: "introduction".into(),
                finished_at: NOW,
                score: 20,
                max: 40,
            },
        ],
        ..StudyHistory::default()
    };
    let stats = compute("ada", &course, &history, NOW, &utc());
    assert_eq!(stats.overdue, 1);
    assert_eq!(stats.forecast[0].due, 1);
    assert_eq!(stats.forecast[3].due, 1);
    assert_eq!(stats.forecast.iter().map(|d| d.due).sum::<usize>(), 2);
    let first = &stats.chapters[0];
    assert_eq!(first.scores.len(), 2);
    assert_eq!((first.best, first.last), (Some(0.75), Some(0.5)));
    assert_eq!(stats.review_states.learning, 1);
    assert_eq!(stats.review_states.young, 1);
    assert_eq!(stats.review_states.mature, 2);
}

#[test]
fn objectives_and_types_are_weakest_first() {
    let course = course();
    let quiz = course.chapters[0].quiz.as_ref().expect("quiz");
    let by_objective = |objective: &str| {
        quiz.questions
            .iter()
            .find(|q| q.objective == objective)
            .expect("a question")
    };
    let objectives: Vec<&str> = course.chapters[0]
        .objectives
        .iter()
        .map(|o| o.id.as_str())
        .take(2)
        .collect();
    let event = |q: &crate::content::quiz::Question, correct: bool| AnswerEvent {
        chapter: "introduction".into(),
        question: q.id.clone(),
        correct,
        elapsed_ms: 1_000,
        answered_at: NOW,
    };
    let (strong, weak) = (by_objective(objectives[0]), by_objective(objectives[1]));
    let history = StudyHistory {
        answers: AnswerTallies::from_events(&[
            event(strong, true),
            event(strong, true),
            event(weak, false),
            event(weak, true),
        ]),
        ..StudyHistory::default()
    };
    let stats = compute("ada", &course, &history, NOW, &utc());
    assert_eq!(stats.objectives[0].id, objectives[1]);
    assert_eq!(
        (stats.objectives[0].answered, stats.objectives[0].correct),
        (2, 1)
    );
    assert!(stats.objectives[0].text.is_some());
    assert_eq!(stats.objectives[1].id, objectives[0]);
    let answered: usize = stats.types.iter().map(|t| t.answered).sum();
    assert_eq!(answered, 4);
    assert!(stats.types.windows(2).all(|w| w[0].share() <= w[1].share()));
}

#[test]
fn ten_thousand_answers_sum_up() {
    let course = course();
    let history = StudyHistory {
        answers: AnswerTallies::from_events(
            &(0..10_000)
                .map(|i| answer(&course, NOW - (i % 400) * DAY, i % 3 != 0))
                .collect::<Vec<_>>(),
        ),
        ..StudyHistory::default()
    };
    let stats = compute("ada", &course, &history, NOW, &utc());
    let total: usize = stats.days.iter().map(|d| d.answers).sum();
    assert_eq!(total, 10_000);
    assert_eq!(stats.days.len(), 400);
    assert_eq!(
        stats.streak,
        Streak {
            current: 400,
            longest: 400
        }
    );
}
