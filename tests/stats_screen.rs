//! The statistics screen as a student sees it: text snapshots of the real screen (state
//! fitted through the view's layout, then drawn) on a ratatui `TestBackend`, with a fixed
//! clock (2026-12-05 12:00 UTC) and a fixed history: months of answers of every shade, a
//! streak, sections read, finished quizzes in two chapters, reviews overdue and coming due.
//! At 80x24 the panels stack (opening on the activity, then Tab to each panel), at 200x50
//! they sit side by side; monochrome shows the calendar as digits, `--ascii` as ASCII
//! shades; the periods change the figures. The colours of the calendar come from the
//! theme, and monochrome uses none.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::FixedOffset;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mlsys_learn::app::dashboard::{Dashboard, Panel, Period};
use mlsys_learn::content::{Course, load_course};
use mlsys_learn::screens::stats::StatsScreen;
use mlsys_learn::store::{
    AnswerEvent, AnswerTallies, FinishedAttempt, ReadEvent, ReviewSnapshot, StudyHistory,
};
use mlsys_learn::tui::{Input, Screen};
use mlsys_learn::ui::theme::{Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// 2026-12-05T12:00:00Z, a Saturday.
const NOW: i64 = 1_796_472_000_000;

fn course() -> Course {
    let loaded = load_course(None).expect("the built-in course loads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.course
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).expect("utc")
}

/// `count` answers `days_ago` days before now, the question cycling through the chapter's
/// quiz, every third one wrong.
fn answers(course: &Course, chapter: usize, days_ago: i64, count: usize) -> Vec<AnswerEvent> {
    let chapter = &course.chapters[chapter];
    let questions = &chapter.quiz.as_ref().expect("a quiz").questions;
    (0..count)
        .map(|i| AnswerEvent {
            chapter: chapter.slug.clone(),
            question: questions[(i + usize::try_from(days_ago).unwrap_or(0)) % questions.len()]
                .id
                .clone(),
            correct: i % 3 != 2,
            elapsed_ms: 40_000,
            answered_at: NOW - days_ago * DAY - i64::try_from(i).unwrap_or(0) * 60_000,
        })
        .collect()
}

fn history(course: &Course) -> StudyHistory {
    let mut answered = Vec::new();
    // A five-day streak up to today, a busy week a month ago, a few days spread back
    // over the half year, and a day a year ago that only "all time" shows.
    for (days_ago, count) in [
        (365, 6),
        (150, 2),
        (120, 7),
        (90, 12),
        (60, 25),
        (35, 3),
        (34, 8),
        (33, 14),
        (32, 21),
        (31, 4),
        (10, 5),
        (4, 2),
        (3, 9),
        (2, 11),
        (1, 1),
        (0, 3),
    ] {
        let chapter = usize::from(days_ago % 2 == 1);
        answered.extend(answers(course, chapter, days_ago, count));
    }
    answered.sort_by_key(|a| a.answered_at);
    let one = &course.chapters[0];
    let two = &course.chapters[1];
    let reads = one
        .sections
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, s)| ReadEvent {
            chapter: one.slug.clone(),
            section: s.id.clone(),
            read_at: NOW - (40 - i64::try_from(i).unwrap_or(0)) * DAY,
        })
        .collect();
    let attempt = |chapter: &str, days_ago: i64, score: u32, max: u32| FinishedAttempt {
        chapter: chapter.to_string(),
        finished_at: NOW - days_ago * DAY,
        score,
        max,
    };
    let attempts = vec![
        attempt(&one.slug, 90, 4, 10),
        attempt(&two.slug, 60, 5, 10),
        attempt(&one.slug, 33, 6, 10),
        attempt(&one.slug, 10, 9, 10),
        attempt(&two.slug, 3, 7, 10),
        attempt(&one.slug, 0, 8, 10),
    ];
    let questions = &one.quiz.as_ref().expect("a quiz").questions;
    // Three overdue, then a busy few days and a tail over the coming month.
    let due_days = [-3, -2, -1, 0, 0, 0, 1, 1, 3, 3, 3, 3, 7, 12, 12, 20, 29];
    let reviews = questions
        .iter()
        .zip(due_days)
        .enumerate()
        .map(|(i, (q, due))| ReviewSnapshot {
            chapter: one.slug.clone(),
            question: q.id.clone(),
            due_at: NOW + due * DAY + HOUR * i64::from(due >= 0),
            interval_days: [0.5, 3.0, 30.0][i % 3],
            reps: 2,
            grading_key: None,
        })
        .collect();
    StudyHistory {
        answers: AnswerTallies::from_events(&answered),
        reads,
        attempts,
        reviews,
    }
}

fn board(course: &Course) -> Dashboard {
    Dashboard::new("ana", course, &history(course), NOW, &utc())
}

fn key(code: KeyCode) -> Input {
    Input::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Fits and draws `screen` at `width` x `height` as the loop would.
fn draw(screen: &mut StatsScreen<'_>, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    screen.fit(Rect::new(0, 0, width, height));
    terminal.draw(|frame| screen.draw(frame)).expect("draws");
    terminal
}

fn render(board: Dashboard, theme: ThemeName, ascii: bool, size: (u16, u16)) -> TestBackend {
    let theme = Theme::new(theme);
    let mut screen = StatsScreen::new(board, &theme, ascii, false);
    draw(&mut screen, size.0, size.1).backend().clone()
}

/// The screen after `keys`, at `size`, in monochrome.
fn after(keys: &[Input], size: (u16, u16)) -> TestBackend {
    let course = course();
    let theme = Theme::new(ThemeName::Mono);
    let mut screen = StatsScreen::new(board(&course), &theme, false, false);
    draw(&mut screen, size.0, size.1);
    for input in keys {
        screen.update(*input, NOW);
        draw(&mut screen, size.0, size.1);
    }
    draw(&mut screen, size.0, size.1).backend().clone()
}

#[test]
fn activity_at_80x24_in_monochrome_shows_digits() {
    let course = course();
    let backend = render(board(&course), ThemeName::Mono, false, (80, 24));
    insta::assert_snapshot!("activity_mono_80x24", backend);
}

#[test]
fn activity_at_80x24_in_colour_shows_shades() {
    let course = course();
    let backend = render(board(&course), ThemeName::Dark, false, (80, 24));
    insta::assert_snapshot!("activity_colour_80x24", backend);
}

#[test]
fn activity_at_80x24_in_ascii() {
    let course = course();
    let backend = render(board(&course), ThemeName::Dark, true, (80, 24));
    insta::assert_snapshot!("activity_ascii_80x24", backend);
}

#[test]
fn tab_brings_each_panel_to_the_top_at_80x24() {
    let tab = key(KeyCode::Tab);
    insta::assert_snapshot!("reviews_80x24", after(&[tab], (80, 24)));
    insta::assert_snapshot!("scores_80x24", after(&[tab, tab], (80, 24)));
    insta::assert_snapshot!("accuracy_80x24", after(&[tab, tab, tab], (80, 24)));
}

#[test]
fn the_last_four_weeks_and_all_time_at_80x24() {
    let left = key(KeyCode::Left);
    let right = key(KeyCode::Right);
    insta::assert_snapshot!("four_weeks_80x24", after(&[left], (80, 24)));
    insta::assert_snapshot!("all_time_80x24", after(&[right], (80, 24)));
}

#[test]
fn panels_sit_side_by_side_at_200x50() {
    let course = course();
    let backend = render(board(&course), ThemeName::Dark, false, (200, 50));
    insta::assert_snapshot!("side_by_side_200x50", backend);
    let tab = key(KeyCode::Tab);
    insta::assert_snapshot!(
        "side_by_side_accuracy_selected_200x50",
        after(&[tab, tab, tab], (200, 50))
    );
}

#[test]
fn a_new_student_at_80x24_and_200x50() {
    let course = course();
    let empty = || Dashboard::new("ana", &course, &StudyHistory::default(), NOW, &utc());
    insta::assert_snapshot!(
        "new_student_80x24",
        render(empty(), ThemeName::Mono, false, (80, 24))
    );
    insta::assert_snapshot!(
        "new_student_200x50",
        render(empty(), ThemeName::Mono, false, (200, 50))
    );
}

#[test]
fn too_small_says_so() {
    let course = course();
    let backend = render(board(&course), ThemeName::Mono, false, (30, 8));
    insta::assert_snapshot!("too_small", backend);
}

/// The cell of the calendar row `weekday` ("Sat") in the last column drawn.
fn today_cell(backend: &TestBackend) -> ratatui::buffer::Cell {
    let buffer = backend.buffer();
    let area = buffer.area;
    let row = (0..area.height)
        .find(|&y| {
            let line: String = (0..8.min(area.width))
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            line.contains("Sat")
        })
        .expect("a Saturday row");
    let last = (8..area.width)
        .rev()
        .find(|&x| {
            let cell = &buffer[(x, row)];
            cell.modifier.contains(Modifier::REVERSED)
        })
        .expect("today is marked");
    buffer[(last, row)].clone()
}

#[test]
fn the_calendar_is_coloured_by_the_theme_and_today_is_marked() {
    let course = course();
    let colour = render(board(&course), ThemeName::Dark, false, (80, 24));
    let today = today_cell(&colour);
    assert_eq!(today.symbol(), "░", "3 answers today: the lightest shade");
    assert!(matches!(today.fg, Color::Indexed(_)), "{today:?}");
    let mono = render(board(&course), ThemeName::Mono, false, (80, 24));
    let today = today_cell(&mono);
    assert_eq!(today.symbol(), "1", "level 1 as a digit");
    assert_eq!(today.fg, Color::Reset, "no colour in monochrome");
    let cells = mono.buffer().content();
    assert!(
        cells
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "monochrome draws nothing in colour"
    );
}

#[test]
fn the_periods_change_the_figures() {
    let course = course();
    let mut board = board(&course);
    let totals =
        |board: &Dashboard| -> usize { board.stats().types.iter().map(|t| t.answered).sum() };
    assert_eq!(board.period, Period::TwentySixWeeks);
    let half_year = totals(&board);
    board.update(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
    let month = totals(&board);
    board.update(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    board.update(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    let all = totals(&board);
    assert_eq!((month, half_year, all), (31, 127, 133));
    assert_eq!(board.panel, Panel::Activity);
}

/// Chapter 1's best (9/10, ten days ago) was taken on an earlier version of its quiz: the
/// scores panel marks it '*' and says what the star means; the last (today) is not marked.
#[test]
fn scores_from_an_earlier_quiz_version_are_marked() {
    let course = course();
    let one = &course.chapters[0];
    let current = one.quiz.as_ref().expect("a quiz").content_hash();
    let mut board = board(&course);
    let version = |days_ago: i64, hash: &str| (one.slug.clone(), NOW - days_ago * DAY, hash.into());
    board.mark_earlier_scores(
        &course,
        &[version(10, "an-earlier-version"), version(0, &current)],
    );
    let chapter = &board.stats().chapters[0];
    assert!(chapter.best_earlier_version && !chapter.last_earlier_version);
    let theme = Theme::new(ThemeName::Mono);
    let mut screen = StatsScreen::new(board, &theme, false, false);
    let terminal = draw(&mut screen, 200, 50);
    let text = format!("{}", terminal.backend());
    assert!(text.contains("best 90%*"), "{text}");
    assert!(text.contains("last 80% "), "{text}");
    assert!(
        text.contains("* on an earlier version of the chapter's quiz"),
        "{text}"
    );
}
