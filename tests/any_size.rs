//! Any window size, any script. The course home (new student, with progress, with its
//! help and a notice), the quiz (its start screen, every question type asked, with a
//! hint and answered, the "read the section" overlay, the quit confirmation, the
//! self-grade of a review, the end screen), the statistics (stacked and side by side,
//! each panel selected and scrolled to its end, every period, ASCII and monochrome) and
//! the reader's key help draw without
//! panicking at every width 0..=300 (step 5) and height 0..=100 (step 10), plus 0, 1, 2
//! and both sides of each screen's minimum (quiz 40x12, reader 40x10 and the 120-column
//! docked layout, home 40x8, statistics 40x10 and 150x36 side by side); from its minimum
//! up a screen never says it is too small.
//! (The reader's own sweep, over its panes and overlays, is in tests/reader_screens.rs.)
//!
//! A storm of 1,000 window resizes (0x0 included) through a real pty while the reader
//! runs does not crash it: it is still alive, redraws at 80x24, and `q` exits 0.
//!
//! A chapter of CJK, emoji, ZWJ sequences (👩‍💻), flags and combining marks
//! (tests/fixtures/unicode) renders with `read 1 --plain --width N` for many N with
//! every line within N columns (unicode-width), no grapheme cluster split across lines,
//! and every table aligned: all its lines equally wide and its `│` separators in the same
//! columns.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use expectrl::process::unix::WaitStatus;
use mlsys_learn::app::dashboard::Dashboard;
use mlsys_learn::app::home::{Home, HomeData};
use mlsys_learn::app::keys::KeyMap;
use mlsys_learn::app::quiz::{
    ChapterRef, History, Mode, Resumable, Score, Session, Shuffle, items_for,
};
use mlsys_learn::app::reader::{Reader, Start};
use mlsys_learn::app::shuffle::Rng;
use mlsys_learn::content::{Course, load_course};
use mlsys_learn::render::RenderOptions;
use mlsys_learn::render::chapter::{Rendered, render_chapter};
use mlsys_learn::screens::reader::ReaderScreen;
use mlsys_learn::screens::stats::StatsScreen;
use mlsys_learn::store::{
    AnswerEvent, AnswerTallies, FinishedAttempt, ReviewSnapshot, StudyHistory,
};
use mlsys_learn::tui::{Input, Screen};
use mlsys_learn::ui::quiz::QuizView;
use mlsys_learn::ui::theme::{Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

const T0: i64 = 1_700_000_000_000;
const TOO_SMALL: &str = "Terminal too small";

fn course() -> Course {
    let loaded = load_course(None).expect("the built-in course loads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.course
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

/// Every width to draw at: 0..=300 by 5, the tiny ones, and both sides of each minimum.
fn widths() -> Vec<u16> {
    let mut all: Vec<u16> = (0..=300)
        .step_by(5)
        .chain([1, 2, 39, 40, 41, 119, 120, 121, 149, 150, 151])
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Every height: 0..=100 by 10, the tiny ones, and both sides of each minimum.
fn heights() -> Vec<u16> {
    let mut all: Vec<u16> = (0..=100)
        .step_by(10)
        .chain([1, 2, 7, 8, 9, 11, 12, 13, 35, 36, 37])
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The text of the last drawn screen.
fn text(terminal: &Terminal<TestBackend>) -> String {
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect()
}

/// Draws `draw` at every size on one reused terminal; from `min` up, the screen must not
/// say it is too small.
fn sweep(
    what: &str,
    terminal: &mut Terminal<TestBackend>,
    min: (u16, u16),
    mut draw: impl FnMut(&mut ratatui::Frame<'_>, u16),
) {
    for width in widths() {
        for height in heights() {
            terminal.backend_mut().resize(width, height);
            terminal
                .resize(Rect::new(0, 0, width, height))
                .expect("resizes");
            terminal
                .draw(|frame| draw(frame, width))
                .unwrap_or_else(|e| panic!("{what} at {width}x{height}: {e}"));
            if width >= min.0 && height >= min.1 {
                assert!(
                    !text(terminal).contains(TOO_SMALL),
                    "{what} at {width}x{height} says it is too small"
                );
            }
        }
    }
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(1, 1)).expect("a test terminal")
}

#[test]
fn home_and_its_help_draw_at_every_size() {
    use mlsys_learn::ui::home::{MIN_HEIGHT, MIN_WIDTH, draw};
    let course = course();
    let theme = Theme::new(ThemeName::Dark);
    let fresh = Home::new(HomeData::fresh(&course));
    let mut progress = HomeData::fresh(&course);
    progress.chapters[0].sections_read = 3;
    progress.chapters[0].best_score = Some(0.8);
    progress.chapters[0].attempts = 2;
    progress.due_reviews = 4;
    let with_progress = Home::new(progress);
    let mut help = Home::new(HomeData::fresh(&course));
    help.update(ch('?'));
    help.update(ch('r'));
    assert!(help.help && help.notice.is_some());
    let mut terminal = terminal();
    for (what, home) in [
        ("home, new", &fresh),
        ("home, progress", &with_progress),
        ("home, help", &help),
    ] {
        sweep(what, &mut terminal, (MIN_WIDTH, MIN_HEIGHT), |frame, _| {
            draw(frame, home, &course, &theme);
        });
    }
}

/// A little of everything for the statistics: answers over two days, a finished quiz, a
/// review overdue and one coming due.
fn study_history(course: &Course) -> StudyHistory {
    let chapter = &course.chapters[0];
    let question = &chapter.quiz.as_ref().expect("a quiz").questions[0];
    let answer = |at: i64, correct: bool| AnswerEvent {
        chapter: chapter.slug.clone(),
        question: question.id.clone(),
        correct,
        elapsed_ms: 10_000,
        answered_at: at,
    };
    let review = |due_at: i64| ReviewSnapshot {
        chapter: chapter.slug.clone(),
        question: question.id.clone(),
        due_at,
        interval_days: 2.0,
        reps: 1,
        grading_key: None,
    };
    StudyHistory {
        answers: AnswerTallies::from_events(&[answer(T0 - 86_400_000, true), answer(T0, false)]),
        attempts: vec![FinishedAttempt {
            chapter: chapter.slug.clone(),
            finished_at: T0,
            score: 3,
            max: 4,
        }],
        reviews: vec![review(T0 - 1), review(T0 + 3 * 86_400_000)],
        ..StudyHistory::default()
    }
}

/// A statistics state to sweep: what it is, keys pressed once, keys pressed again at every
/// size (to stay at a panel's end as the window changes), the theme, and ASCII.
type StatsState<'a> = (&'a str, &'a [KeyCode], &'a [KeyCode], &'a Theme, bool);

#[test]
fn statistics_draw_every_panel_and_period_at_every_size() {
    use mlsys_learn::ui::dashboard::{MIN_HEIGHT, MIN_WIDTH};
    let course = course();
    let zone = chrono::FixedOffset::east_opt(3600).expect("a zone");
    let history = study_history(&course);
    let mono = Theme::new(ThemeName::Mono);
    let dark = Theme::new(ThemeName::Dark);
    let mut terminal = terminal();
    let states: [StatsState; 4] = [
        ("statistics, opened", &[], &[], &dark, false),
        (
            "statistics, accuracy at its end, all time",
            &[KeyCode::BackTab, KeyCode::Right],
            &[KeyCode::End],
            &mono,
            false,
        ),
        (
            "statistics, reviews at its end, 4 weeks, ASCII",
            &[KeyCode::Tab, KeyCode::Left],
            &[KeyCode::End],
            &dark,
            true,
        ),
        (
            "statistics, scores paged down",
            &[KeyCode::Tab, KeyCode::Tab],
            &[KeyCode::PageDown],
            &mono,
            false,
        ),
    ];
    for (what, once, each, theme, ascii) in states {
        let board = Dashboard::new("ana", &course, &history, T0, &zone);
        let mut screen = StatsScreen::new(board, theme, ascii, false);
        for code in once {
            screen.update(Input::Key(key(*code)), T0);
        }
        for width in widths() {
            for height in heights() {
                let area = Rect::new(0, 0, width, height);
                screen.fit(area);
                for code in each {
                    screen.update(Input::Key(key(*code)), T0);
                    screen.fit(area);
                }
                terminal.backend_mut().resize(width, height);
                terminal.resize(area).expect("resizes");
                terminal
                    .draw(|frame| screen.draw(frame))
                    .unwrap_or_else(|e| panic!("{what} at {width}x{height}: {e}"));
                if width >= MIN_WIDTH && height >= MIN_HEIGHT {
                    assert!(
                        !text(&terminal).contains(TOO_SMALL),
                        "{what} at {width}x{height}"
                    );
                }
            }
        }
    }
}

#[test]
fn reader_help_draws_at_every_size() {
    use mlsys_learn::ui::reader::{MIN_HEIGHT, MIN_WIDTH};
    let course = course();
    let theme = Theme::new(ThemeName::Dark);
    let reader = Reader::new(&course, 0, Start::default(), 78, 23, KeyMap::default());
    let mut screen = ReaderScreen::new(reader, &course, &theme);
    screen.update(Input::Key(ch('?')), 0);
    let mut terminal = terminal();
    for width in widths() {
        for height in heights() {
            let area = Rect::new(0, 0, width, height);
            screen.fit(area);
            terminal.backend_mut().resize(width, height);
            terminal.resize(area).expect("resizes");
            terminal.draw(|frame| screen.draw(frame)).expect("draws");
            if width >= MIN_WIDTH && height >= MIN_HEIGHT {
                assert!(!text(&terminal).contains(TOO_SMALL), "{width}x{height}");
            }
        }
    }
}

/// A one-question session of each type, unshuffled, for chapter 1.
fn one_question_sessions(course: &Course) -> Vec<Session> {
    let chapter = course.chapter("1").expect("chapter 1");
    let quiz = chapter.quiz.as_ref().expect("a quiz");
    let reference = ChapterRef::of(chapter);
    let mut kinds: Vec<&str> = Vec::new();
    let mut sessions = Vec::new();
    for question in &quiz.questions {
        let kind = question.kind.type_name();
        if kinds.contains(&kind) {
            continue;
        }
        kinds.push(kind);
        let items = items_for(
            &[(question, reference.clone())],
            Shuffle {
                enabled: false,
                seed: 1,
            },
        );
        sessions.push(Session::new(
            format!("Quiz · Chapter 1 · {}", chapter.title),
            Mode::Full,
            items,
            History::default(),
            T0,
        ));
    }
    assert_eq!(kinds.len(), 7, "every question type: {kinds:?}");
    sessions
}

/// The states of the quiz worth drawing, each with a name.
fn quiz_states(course: &Course) -> Vec<(String, Session)> {
    let mut states = Vec::new();
    for (index, mut s) in one_question_sessions(course).into_iter().enumerate() {
        let kind = s.items[0].question.kind.type_name();
        if index == 0 {
            let mut start = s.clone();
            start.history = History {
                best: Some(Score { score: 6, max: 7 }),
                last: Some(Score { score: 4, max: 7 }),
                resumable: Some(Resumable {
                    id: 1,
                    ..Resumable::default()
                }),
                missed_last: 3,
                attempts: 4,
                ..History::default()
            };
            states.push(("start screen".to_string(), start));
        }
        s.update(key(KeyCode::Enter), T0 + 1_000);
        s.update(key(KeyCode::F(1)), T0 + 2_000);
        for c in "1 typed words".chars() {
            s.update(ch(c), T0 + 3_000);
        }
        states.push((format!("{kind}, asked with a hint"), s.clone()));
        if kind == "short" {
            let mut confirm = s.clone();
            confirm.update(key(KeyCode::Esc), T0 + 3_500);
            assert!(confirm.confirm_quit);
            states.push(("quit confirmation".to_string(), confirm));
        }
        s.update(key(KeyCode::Enter), T0 + 4_000);
        if kind == "gaps" {
            for _ in 0..4 {
                s.update(key(KeyCode::Enter), T0 + 4_000);
            }
        }
        states.push((format!("{kind}, feedback"), s.clone()));
        if index == 0 {
            let mut reading = s.clone();
            reading.update(ch('r'), T0 + 5_000);
            assert!(reading.reading.is_some());
            states.push(("read the section".to_string(), reading.clone()));
            reading.update(key(KeyCode::PageDown), T0 + 5_500);
            states.push(("read the section, scrolled".to_string(), reading));
            let mut done = s.clone();
            done.update(key(KeyCode::Enter), T0 + 60_000);
            states.push(("end screen".to_string(), done));
        }
    }
    // A review of a typed answer, answered wrong: the self-grade prompt.
    let chapter = course.chapter("1").expect("chapter 1");
    let quiz = chapter.quiz.as_ref().expect("a quiz");
    let short = quiz
        .questions
        .iter()
        .find(|q| q.kind.type_name() == "short")
        .expect("a short question");
    let reference = ChapterRef::of(chapter);
    let items = items_for(
        &[(short, reference)],
        Shuffle {
            enabled: false,
            seed: 1,
        },
    );
    let mut review = Session::new("Review".into(), Mode::Review, items, History::default(), T0);
    review.update(key(KeyCode::Enter), T0);
    for c in "nothing like it".chars() {
        review.update(ch(c), T0);
    }
    review.update(key(KeyCode::Enter), T0 + 1_000);
    assert!(review.can_self_grade(), "the review offers a self-grade");
    states.push(("review self-grade".to_string(), review));
    states
}

#[test]
fn quiz_draws_every_state_at_every_size() {
    use mlsys_learn::ui::quiz::{MIN_HEIGHT, MIN_WIDTH};
    let course = course();
    let chapter = course.chapter("1").expect("chapter 1");
    let theme = Theme::new(ThemeName::Dark);
    let states = quiz_states(&course);
    assert!(states.len() >= 18, "{}", states.len());
    // The section overlay shows the chapter rendered at the width the runner uses.
    let mut rendered: HashMap<u16, Rendered> = HashMap::new();
    let mut terminal = terminal();
    for (what, session) in &states {
        sweep(
            what,
            &mut terminal,
            (MIN_WIDTH, MIN_HEIGHT),
            |frame, width| {
                let section = session
                    .current()
                    .filter(|_| session.reading.is_some())
                    .map(|item| {
                        let lines = rendered.entry(width).or_insert_with(|| {
                            let opts = RenderOptions {
                                width: usize::from(width.saturating_sub(8)).max(1),
                                ascii: false,
                            };
                            render_chapter(&course, chapter, &opts)
                        });
                        lines.section(&item.question.section).to_vec()
                    });
                let view = QuizView {
                    session,
                    course: &course,
                    theme: &theme,
                    section: section.as_deref(),
                };
                view.draw(frame);
            },
        );
    }
}

#[test]
fn a_storm_of_a_thousand_resizes_leaves_the_reader_running() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut pty = support::Pty::spawn(dir.path(), &["read", "1"]);
    pty.wait_for("Chapter 1 · Introduction");
    let mut rng = Rng::new(0x57_0e_a1);
    for round in 0..1_000 {
        // Mostly any size, now and then a degenerate one.
        let (cols, rows) = match rng.below(10) {
            0 => (0, 0),
            1 => (1 + rng.below(3), 1 + rng.below(3)),
            _ => (rng.below(301), rng.below(101)),
        };
        let (cols, rows) = (
            u16::try_from(cols).expect("small"),
            u16::try_from(rows).expect("small"),
        );
        pty.session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("the pty is resized");
        // Paced a little, so that the reader sees (and redraws for) many of them
        // rather than one merged signal.
        std::thread::sleep(std::time::Duration::from_millis(1));
        pty.pump();
        assert!(!pty.ended(), "the reader ended during resize {round}");
    }
    let clears = pty.raw.windows(4).filter(|w| w == b"\x1b[2J").count();
    println!("{clears} full redraws during the storm");
    assert!(
        clears >= 20,
        "the storm reached the reader only {clears} times"
    );
    pty.pump();
    pty.session
        .get_process_mut()
        .set_window_size(80, 24)
        .expect("the pty is resized");
    // A fresh emulator, so only a frame drawn after this resize can show the title (a
    // resize makes ratatui clear and redraw everything).
    std::thread::sleep(std::time::Duration::from_millis(100));
    pty.pump();
    pty.screen = vt100::Parser::new(support::ROWS, support::COLS, 0);
    pty.session
        .get_process_mut()
        .set_window_size(81, 24)
        .expect("the pty is resized");
    pty.screen
        .set_size(support::ROWS, std::num::NonZeroU16::new(81).expect("81"));
    pty.wait_until("a redraw at 81x24", |s| {
        s.contains("Chapter 1 · Introduction") && !s.contains(TOO_SMALL)
    });
    assert!(
        pty.session.get_process().is_alive().expect("a status"),
        "the reader is alive"
    );
    pty.send("q");
    let status = pty.wait_exit();
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
}

/// `read 1 --plain --width N` of the Unicode fixture (`--ascii` too when asked).
fn render_unicode(width: usize, ascii: bool) -> String {
    let dir = format!("{}/tests/fixtures/unicode", env!("CARGO_MANIFEST_DIR"));
    let mut cmd = assert_cmd::Command::cargo_bin("mlsys-learn").expect("the binary");
    cmd.env_remove("NO_COLOR")
        .args(["--content", &dir, "read", "1", "--plain", "--width"])
        .arg(width.to_string());
    if ascii {
        cmd.arg("--ascii");
    }
    let output = cmd.output().expect("runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The display columns at which `line` has one of `marks`.
fn columns_of(line: &str, marks: &[char]) -> Vec<usize> {
    line.char_indices()
        .filter(|(_, c)| marks.contains(c))
        .map(|(i, _)| line[..i].width())
        .collect()
}

/// Whether `line` is a table border: only frame characters.
fn is_border(line: &str, ascii: bool) -> bool {
    let frame: &[char] = if ascii {
        &['+', '-']
    } else {
        &['┌', '─', '┬', '┐', '├', '┼', '┤', '└', '┴', '┘']
    };
    line.chars().count() > 2 && line.chars().all(|c| frame.contains(&c))
}

/// Every table in `text`: a border with inner junctions, then rows and borders, to the
/// last border.
fn tables(text: &str, ascii: bool) -> Vec<Vec<&str>> {
    let lines: Vec<&str> = text.lines().collect();
    let (junction, bar) = if ascii { ('+', '|') } else { ('┬', '│') };
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let inner: Vec<char> = lines[i].chars().skip(1).collect();
        let opens = is_border(lines[i], ascii)
            && inner[..inner.len().saturating_sub(1)].contains(&junction);
        if !opens {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut last_border = i;
        while end + 1 < lines.len()
            && (lines[end + 1].starts_with(bar) || is_border(lines[end + 1], ascii))
        {
            end += 1;
            if is_border(lines[end], ascii) {
                last_border = end;
            }
        }
        assert!(
            last_border > i,
            "a table without a bottom border:\n{}",
            lines[i]
        );
        found.push(lines[i..=last_border].to_vec());
        i = last_border + 1;
    }
    found
}

fn assert_table_aligned(table: &[&str], ascii: bool, what: &str) {
    let width = table[0].width();
    let (junctions, bar): (&[char], &[char]) = if ascii {
        (&['+'], &['|'])
    } else {
        (&['┌', '┬', '┐', '├', '┼', '┤', '└', '┴', '┘'], &['│'])
    };
    let columns = columns_of(table[0], junctions);
    assert!(
        columns.len() >= 3,
        "{what}: a table of at least 2 columns:\n{}",
        table.join("\n")
    );
    for line in table {
        assert_eq!(
            line.width(),
            width,
            "{what}: a table line of another width:\n{line}"
        );
        let first = line.chars().next().unwrap_or(' ');
        let marks = if junctions.contains(&first) && !bar.contains(&first) {
            junctions
        } else {
            bar
        };
        assert_eq!(
            columns_of(line, marks),
            columns,
            "{what}: separators out of line:\n{}\n{line}",
            table[0]
        );
    }
}

#[test]
fn wide_joined_and_combining_text_fits_and_tables_align() {
    let mut aligned = 0;
    for ascii in [false, true] {
        for width in [20, 24, 33, 40, 41, 57, 64, 80, 101, 160] {
            let text = render_unicode(width, ascii);
            let what = format!("--width {width}{}", if ascii { " --ascii" } else { "" });
            for line in text.lines() {
                assert!(
                    line.width() <= width,
                    "{what}: a line of {} columns:\n{line}",
                    line.width()
                );
                let mut chars = line.chars().peekable();
                while let Some(c) = chars.next() {
                    let joined = chars
                        .peek()
                        .is_some_and(|n| !n.is_whitespace() && !"│|".contains(*n));
                    assert!(
                        c != '\u{200D}' || joined,
                        "{what}: a ZWJ sequence cut:\n{line}"
                    );
                }
                let first = line.chars().next().unwrap_or(' ');
                assert!(
                    first == ' ' || unicode_width::UnicodeWidthChar::width(first) != Some(0),
                    "{what}: a line starts with a combining mark:\n{line}"
                );
            }
            for table in tables(&text, ascii) {
                assert_table_aligned(&table, ascii, &what);
                aligned += 1;
            }
            assert!(text.contains("👩\u{200D}💻"), "{what}: 👩‍💻 kept whole");
        }
    }
    assert!(aligned >= 10, "only {aligned} tables were checked");
}
