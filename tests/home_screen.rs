//! The course home as a student sees it: text snapshots of the real screen drawn on a
//! ratatui `TestBackend`, for a new student and for one with progress (a chapter partly
//! read, a quiz score, reviews due), at 80x24 and 120x40; a longer course scrolled to a
//! later part; the key help and a notice; the "terminal too small" notice; and a sweep
//! over every size from 0x0 to 120x40 that must never panic and, once the screen fits,
//! always shows the selected row.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mlsys_learn::app::home::{Home, HomeData, Resume, SectionRef, roadmap};
use mlsys_learn::content::{Course, load_course};
use mlsys_learn::ui::home::{MIN_HEIGHT, MIN_WIDTH, draw};
use mlsys_learn::ui::theme::{Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn course() -> Course {
    let loaded = load_course(None).expect("the built-in course loads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.course
}

/// The shipped course with more chapters (copies of chapter 1, renamed) in parts I-IV.
fn longer_course() -> Course {
    let mut course = course();
    let first = course.chapters[0].clone();
    let extra = [
        (2, "ML Systems", "foundations"),
        (3, "Deep Learning Primer", "foundations"),
        (4, "DNN Architectures", "foundations"),
        (5, "AI Workflow", "design-principles"),
        (6, "Data Engineering", "design-principles"),
        (7, "AI Frameworks", "design-principles"),
        (8, "AI Training", "design-principles"),
        (9, "Efficient AI", "performance-engineering"),
        (10, "Model Optimizations", "performance-engineering"),
        (11, "AI Acceleration", "performance-engineering"),
        (12, "Benchmarking AI", "performance-engineering"),
        (13, "ML Operations", "deployment-operations"),
        (
            14,
            "On-Device Learning: Adapting Models Where the Data Lives",
            "deployment-operations",
        ),
    ];
    for (number, title, part) in extra {
        let mut chapter = first.clone();
        chapter.number = number;
        chapter.slug = format!("chapter-{number}");
        chapter.title = title.to_string();
        chapter.part = part.to_string();
        course.chapters.push(chapter);
    }
    course
}

/// A student who read 3 of 5 sections of chapter 1, scored 80% in two tries, stopped in
/// section 1.3 and has 4 reviews due.
fn some_progress(course: &Course) -> HomeData {
    let mut data = HomeData::fresh(course);
    let one = &mut data.chapters[0];
    one.sections_read = 3;
    one.best_score = Some(0.8);
    one.attempts = 2;
    data.resume = Some(Resume {
        chapter: 0,
        section: Some(SectionRef {
            id: "embedded-ml-tinyml".to_string(),
            label: "1.3 Embedded ML and TinyML".to_string(),
        }),
    });
    data.due_reviews = 4;
    data
}

/// More progress across the longer course: chapters 1-6 at various stages.
fn long_progress(course: &Course) -> HomeData {
    let mut data = some_progress(course);
    let rows = [
        (1, 5, Some(1.0), 1),
        (2, 5, Some(0.45), 3),
        (3, 2, None, 1),
        (4, 1, None, 0),
        (5, 0, None, 0),
    ];
    for (index, read, best, attempts) in rows {
        let status = &mut data.chapters[index];
        status.sections_read = read;
        status.best_score = best;
        status.attempts = attempts;
    }
    data.chapters[5].questions = 0;
    data.resume = Some(Resume {
        chapter: 4,
        section: None,
    });
    data.due_reviews = 1;
    data
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn render(home: &Home, course: &Course, width: u16, height: u16) -> TestBackend {
    let theme = Theme::new(ThemeName::Mono);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| draw(frame, home, course, &theme))
        .expect("draws");
    terminal.backend().clone()
}

#[test]
fn a_new_student_at_80x24() {
    let course = course();
    let home = Home::new(HomeData::fresh(&course));
    insta::assert_snapshot!("fresh_80x24", render(&home, &course, 80, 24));
}

#[test]
fn a_new_student_at_120x40() {
    let course = course();
    let home = Home::new(HomeData::fresh(&course));
    insta::assert_snapshot!("fresh_120x40", render(&home, &course, 120, 40));
}

#[test]
fn a_student_with_progress_at_80x24() {
    let course = course();
    let home = Home::new(some_progress(&course));
    insta::assert_snapshot!("progress_80x24", render(&home, &course, 80, 24));
}

#[test]
fn a_student_with_progress_at_120x40() {
    let course = course();
    let mut home = Home::new(some_progress(&course));
    home.update(key(KeyCode::Down));
    insta::assert_snapshot!(
        "progress_120x40_chapter_selected",
        render(&home, &course, 120, 40)
    );
}

#[test]
fn a_longer_course_scrolls_to_keep_the_selection_in_view() {
    let course = longer_course();
    let mut home = Home::new(long_progress(&course));
    insta::assert_snapshot!("long_course_top_80x24", render(&home, &course, 80, 24));
    for _ in 0..13 {
        home.update(key(KeyCode::Down));
        render(&home, &course, 80, 24);
    }
    insta::assert_snapshot!("long_course_scrolled_80x24", render(&home, &course, 80, 24));
    insta::assert_snapshot!("long_course_120x40", render(&home, &course, 120, 40));
}

#[test]
fn help_and_notices_appear_above_the_keys() {
    let course = course();
    let mut home = Home::new(HomeData::fresh(&course));
    home.update(key(KeyCode::Char('?')));
    home.update(key(KeyCode::Char('r')));
    assert!(home.help && home.notice.is_some());
    insta::assert_snapshot!("help_and_notice_80x24", render(&home, &course, 80, 24));
}

/// Issue 11: the home's help used to be cut to a third of the screen. At every size it can
/// be drawn, every key of it is on screen whole, and the selection stays in view.
#[test]
fn the_help_shows_every_key_at_every_size() {
    use mlsys_learn::ui::home::{MIN_HEIGHT, MIN_WIDTH};
    let course = course();
    let mut home = Home::new(HomeData::fresh(&course));
    home.update(key(KeyCode::Char('?')));
    home.update(key(KeyCode::Char('r')));
    for width in MIN_WIDTH..=100 {
        for height in MIN_HEIGHT..=30 {
            let screen = text(&render(&home, &course, width, height));
            for hint in [
                "j/k ↑/↓ choose a chapter",
                "g/G first/last",
                "Enter read it",
                "Q its quiz",
                "c continue where you stopped",
                "r review what is due",
                "s statistics",
                "? hide this help",
                "q/Esc quit",
            ] {
                assert!(screen.contains(hint), "'{hint}' is cut at {width}x{height}");
            }
            assert!(screen.contains('▸'), "selection hidden at {width}x{height}");
        }
    }
}

#[test]
fn too_small_says_so() {
    let course = course();
    let home = Home::new(HomeData::fresh(&course));
    insta::assert_snapshot!("too_small", render(&home, &course, 30, 6));
}

#[test]
fn the_roadmap_lists_every_part_even_without_chapters() {
    let course = course();
    let parts = roadmap(&course);
    assert_eq!(parts.len(), 6);
    for (i, part) in parts.iter().enumerate() {
        assert_eq!(part.part, Some(i));
        let id = &course.parts[i].id;
        let expected: Vec<usize> = (0..course.chapters.len())
            .filter(|&c| course.chapters[c].part == *id)
            .collect();
        assert_eq!(part.chapters, expected, "part {id}");
    }
    // A course folder with chapters in the first part only still lists all six parts.
    let mut first_part_only = course.clone();
    first_part_only
        .chapters
        .retain(|c| c.part == course.parts[0].id);
    let parts = roadmap(&first_part_only);
    assert_eq!(parts.len(), 6);
    assert!(parts[1..].iter().all(|p| p.chapters.is_empty()));
}

/// The text of one drawn screen.
fn text(backend: &TestBackend) -> String {
    backend
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect()
}

#[test]
fn every_size_draws_without_panicking() {
    let course = longer_course();
    let mut states = vec![
        Home::new(HomeData::fresh(&course)),
        Home::new(long_progress(&course)),
    ];
    let mut last = Home::new(long_progress(&course));
    last.update(key(KeyCode::End));
    last.update(key(KeyCode::Char('?')));
    last.update(key(KeyCode::Char('Q')));
    states.push(last);
    for home in &states {
        for width in 0..=120 {
            for height in 0..=40 {
                let screen = text(&render(home, &course, width, height));
                if width >= MIN_WIDTH && height >= MIN_HEIGHT {
                    assert!(
                        screen.contains('▸'),
                        "the selection is out of view at {width}x{height}"
                    );
                }
            }
        }
    }
}

/// Every chapter read and every quiz passed: the home says the course is complete; one quiz
/// under the pass mark and it does not.
#[test]
fn the_course_complete_moment_is_marked() {
    let course = course();
    let mut data = HomeData::fresh(&course);
    for status in &mut data.chapters {
        status.sections_read = status.sections_total;
        status.best_score = Some(0.8);
        status.attempts = 1;
    }
    assert!(data.course_complete());
    let home = Home::new(data.clone());
    let screen = render(&home, &course, 80, 24);
    assert!(
        text(&screen).contains("Course complete"),
        "{}",
        text(&screen)
    );
    insta::assert_snapshot!("course_complete_80x24", screen);

    data.chapters[3].best_score = Some(0.6);
    assert!(!data.course_complete());
    let home = Home::new(data);
    assert!(!text(&render(&home, &course, 80, 24)).contains("Course complete"));
}
