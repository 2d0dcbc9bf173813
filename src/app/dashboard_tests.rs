use super::*;
use crate::app::stats::tests::{DAY, NOW, answer, course, utc};
use crate::store::{AnswerTallies, FinishedAttempt};

/// Answers today and yesterday, 10 weeks ago, and 40 weeks ago; a quiz finished 10 weeks
/// ago and one today.
fn history(course: &Course) -> StudyHistory {
    let slug = course.chapters[0].slug.clone();
    StudyHistory {
        answers: AnswerTallies::from_events(&[
            answer(course, NOW - 280 * DAY, false),
            answer(course, NOW - 70 * DAY, true),
            answer(course, NOW - DAY, true),
            answer(course, NOW, false),
        ]),
        attempts: vec![
            FinishedAttempt {
                chapter: slug.clone(),
                finished_at: NOW - 70 * DAY,
                score: 1,
                max: 4,
            },
            FinishedAttempt {
                chapter: slug,
                finished_at: NOW,
                score: 3,
                max: 4,
            },
        ],
        ..StudyHistory::default()
    }
}

fn dashboard() -> Dashboard {
    let course = course();
    Dashboard::new("ada", &course, &history(&course), NOW, &utc())
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn answers(stats: &Stats) -> usize {
    stats.days.iter().map(|d| d.answers).sum()
}

fn stacked() -> Fitted {
    Fitted::Stacked {
        tops: [0, 20, 35, 60],
        total: 80,
        height: 20,
    }
}

fn side() -> Fitted {
    Fitted::Side {
        lengths: [10, 40, 30, 5],
        heights: [20, 20, 12, 20],
    }
}

#[test]
fn it_opens_on_the_activity_of_the_last_26_weeks() {
    let board = dashboard();
    assert_eq!(board.panel, Panel::Activity);
    assert_eq!(board.period, Period::TwentySixWeeks);
    assert_eq!(
        answers(board.stats()),
        3,
        "the answer 40 weeks ago is older"
    );
}

#[test]
fn a_period_is_whole_weeks_ending_with_today() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 5).expect("a date");
    let first = Period::FourWeeks.first_day(today).expect("a first day");
    assert_eq!(first, NaiveDate::from_ymd_opt(2026, 11, 9).expect("a date"));
    assert_eq!(first.weekday(), chrono::Weekday::Mon);
    let half_year = Period::TwentySixWeeks
        .first_day(today)
        .expect("a first day");
    assert_eq!((today - half_year).num_days(), 25 * 7 + 5);
    assert_eq!(Period::All.first_day(today), None);
}

#[test]
fn arrows_change_the_period_and_its_figures_but_not_the_streak() {
    let mut board = dashboard();
    let streak = board.stats().streak;
    assert_eq!(streak.current, 2);
    board.update(key(KeyCode::Left));
    assert_eq!(board.period, Period::FourWeeks);
    assert_eq!(answers(board.stats()), 2);
    let scores = &board.stats().chapters[0];
    assert_eq!((scores.scores.len(), scores.best), (1, Some(0.75)));
    assert_eq!(board.stats().streak, streak);
    board.update(key(KeyCode::Left));
    assert_eq!(board.period, Period::FourWeeks, "stops at the first");
    board.update(key(KeyCode::Right));
    board.update(key(KeyCode::Right));
    assert_eq!(board.period, Period::All);
    assert_eq!(answers(board.stats()), 4);
    assert_eq!(board.stats().chapters[0].scores.len(), 2);
    let types: usize = board.stats().types.iter().map(|t| t.answered).sum();
    assert_eq!(types, 4);
    board.update(key(KeyCode::Char('l')));
    assert_eq!(board.period, Period::All, "stops at the last");
    board.update(key(KeyCode::Char('h')));
    assert_eq!(board.period, Period::TwentySixWeeks);
}

#[test]
fn tab_cycles_the_panels_both_ways() {
    let mut board = dashboard();
    let mut seen = Vec::new();
    for _ in 0..PANELS {
        board.update(key(KeyCode::Tab));
        seen.push(board.panel);
    }
    assert_eq!(
        seen,
        vec![
            Panel::Reviews,
            Panel::Scores,
            Panel::Accuracy,
            Panel::Activity
        ]
    );
    board.update(key(KeyCode::BackTab));
    assert_eq!(board.panel, Panel::Accuracy);
    board.update(KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT));
    assert_eq!(board.panel, Panel::Scores);
}

#[test]
fn stacked_tab_scrolls_to_the_panel_and_keys_scroll_within_the_column() {
    let mut board = dashboard();
    board.fit(stacked());
    board.update(key(KeyCode::Tab));
    assert_eq!(board.offset, 20, "the reviews panel starts at the top");
    board.update(key(KeyCode::Tab));
    board.update(key(KeyCode::Tab));
    assert_eq!(
        board.offset, 60,
        "the last panel: as far as the column goes"
    );
    board.update(key(KeyCode::Char('j')));
    assert_eq!(board.offset, 60, "never past the end");
    board.update(key(KeyCode::Char('k')));
    board.update(key(KeyCode::Up));
    assert_eq!(board.offset, 58);
    board.update(key(KeyCode::PageUp));
    assert_eq!(board.offset, 39, "a page is the rows in view less one");
    board.update(key(KeyCode::Char('g')));
    assert_eq!(board.offset, 0);
    for _ in 0..4 {
        board.update(key(KeyCode::PageDown));
    }
    assert_eq!(board.offset, 60);
    board.fit(Fitted::Stacked {
        tops: [0, 5, 10, 15],
        total: 30,
        height: 20,
    });
    assert_eq!(board.offset, 10, "a shorter column pulls the offset back");
}

#[test]
fn side_by_side_each_panel_scrolls_on_its_own() {
    let mut board = dashboard();
    board.fit(side());
    board.update(key(KeyCode::Down));
    assert_eq!(board.offsets, [0; PANELS], "the activity fits: no scroll");
    board.update(key(KeyCode::Tab));
    board.update(key(KeyCode::Char('j')));
    board.update(key(KeyCode::PageDown));
    assert_eq!(board.offsets, [0, 20, 0, 0]);
    board.update(key(KeyCode::End));
    assert_eq!(board.offsets[1], 20, "40 lines, 20 in view");
    board.update(key(KeyCode::Tab));
    board.update(key(KeyCode::PageDown));
    assert_eq!(board.offsets, [0, 20, 11, 0]);
    assert_eq!(board.offset, 0, "the stacked offset is untouched");
}

#[test]
fn q_esc_and_ctrl_c_go_back() {
    let mut board = dashboard();
    for code in [KeyCode::Char('q'), KeyCode::Esc] {
        assert_eq!(board.update(key(code)), vec![DashboardEffect::Back]);
    }
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(board.update(ctrl_c), vec![DashboardEffect::Back]);
    assert_eq!(board.update(key(KeyCode::Char('x'))), Vec::new());
}

#[test]
fn an_empty_history_shows_empty_periods() {
    let course = course();
    let mut board = Dashboard::new("ada", &course, &StudyHistory::default(), NOW, &utc());
    for _ in 0..3 {
        assert_eq!(answers(board.stats()), 0);
        board.update(key(KeyCode::Right));
    }
}

#[test]
fn a_period_starts_at_local_midnight_to_the_minute_in_a_quarter_hour_zone() {
    let course = course();
    // Nepal, UTC+05:45: the four weeks begin on Monday 2026-11-09 at 00:00 local time.
    let zone = chrono::FixedOffset::east_opt(5 * 3600 + 45 * 60).expect("a zone");
    let first = Period::FourWeeks
        .first_day(zone.date_of(NOW))
        .expect("a first day");
    let start = zone.start_of(first);
    assert_eq!(zone.date_of(start), first);
    assert_eq!(zone.date_of(start - 1), first.pred_opt().expect("a day"));
    assert!(period_starts(NOW, &zone).contains(&start));
    let history = StudyHistory {
        answers: AnswerTallies::from_events(&[
            answer(&course, start - 60_000, false),
            answer(&course, start + 60_000, true),
        ]),
        ..StudyHistory::default()
    };
    let mut board = Dashboard::new("ada", &course, &history, NOW, &zone);
    board.period = Period::FourWeeks;
    let stats = board.stats();
    assert_eq!(answers(stats), 1, "only the answer after midnight");
    assert_eq!(stats.types.iter().map(|t| t.answered).sum::<usize>(), 1);
    assert_eq!(stats.types.iter().map(|t| t.correct).sum::<usize>(), 1);
    assert_eq!(
        stats.objectives.iter().map(|o| o.answered).sum::<usize>(),
        1
    );
    board.period = Period::All;
    assert_eq!(answers(board.stats()), 2);
}
