//! The reader and the quiz open on one chapter loaded alone (`Scope::Study`: the course
//! index, the chapter and its quiz). These tests prove that loading less changes nothing a
//! student sees: for every chapter of the shipped course and of the generated 200-chapter
//! course, the plain render and the reader's and quiz's first frames are byte-identical to
//! those made from the whole course; a broken other chapter does not keep a good one from
//! opening, and the keys that reach beyond the chapter load the rest, or say why not.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mlsys_learn::app::keys::KeyMap;
use mlsys_learn::app::quiz::{ChapterRef, Mode, Session, Shuffle, items_for};
use mlsys_learn::app::reader::{Focus, Reader, Start};
use mlsys_learn::content::{Course, CourseOnDemand, Scope, load_scoped};
use mlsys_learn::render::RenderOptions;
use mlsys_learn::render::chapter::render_chapter;
use mlsys_learn::screens::quiz::QuizScreen;
use mlsys_learn::screens::reader::ReaderScreen;
use mlsys_learn::tui::{Input, Screen};
use mlsys_learn::ui::reader::{layout, narrative_size};
use mlsys_learn::ui::theme::{Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

#[path = "../benches/support/course.rs"]
#[allow(dead_code)]
mod generated;

const WIDTH: u16 = 100;
const HEIGHT: u16 = 30;

fn whole(dir: Option<&Path>) -> Course {
    let loaded = load_scoped(dir, Scope::Whole).expect("loads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.course
}

fn study(dir: Option<&Path>, key: &str) -> Course {
    let loaded = load_scoped(dir, Scope::Study(key)).expect("loads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.course.chapters.len(), 1, "chapter {key} alone");
    loaded.course
}

fn plain(course: &Course, index: usize) -> String {
    let opts = RenderOptions {
        width: 100,
        ascii: false,
    };
    let rendered = render_chapter(course, &course.chapters[index], &opts);
    let mut out = Vec::new();
    mlsys_learn::render::ansi::write_lines(&mut out, &rendered.lines, true).expect("writes");
    String::from_utf8(out).expect("utf-8")
}

fn frame(terminal: &Terminal<TestBackend>) -> String {
    format!("{:?}", terminal.backend().buffer())
}

fn reader_screen<'a>(course: &'a Course, index: usize, theme: &'a Theme) -> ReaderScreen<'a> {
    let area = Rect::new(0, 0, WIDTH, HEIGHT);
    let (w, h) = narrative_size(&layout(area, false, Focus::Narrative));
    let reader = Reader::new(course, index, Start::default(), w, h, KeyMap::default());
    ReaderScreen::new(reader, course, theme)
}

fn draw(screen: &mut impl Screen) -> String {
    let area = Rect::new(0, 0, WIDTH, HEIGHT);
    screen.fit(area);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    terminal.draw(|f| screen.draw(f)).expect("draws");
    frame(&terminal)
}

fn reader_frame(course: &Course, index: usize) -> String {
    let theme = Theme::new(ThemeName::Dark);
    draw(&mut reader_screen(course, index, &theme))
}

/// The quiz's first screen (its start page) and its first question, unshuffled.
fn quiz_frames(course: &Course, index: usize) -> Option<(String, String)> {
    let chapter = &course.chapters[index];
    let quiz = chapter.quiz.as_ref()?;
    let reference = ChapterRef::of(chapter);
    let chosen: Vec<_> = quiz
        .questions
        .iter()
        .map(|q| (q, reference.clone()))
        .collect();
    let shuffle = Shuffle {
        enabled: false,
        seed: 0,
    };
    let session = Session::new(
        format!("Quiz · Chapter {} · {}", chapter.number, chapter.title),
        Mode::Full,
        items_for(&chosen, shuffle),
        mlsys_learn::app::quiz::History::default(),
        0,
    );
    let theme = Theme::new(ThemeName::Dark);
    let mut screen = QuizScreen::new(session, course, &theme);
    let start = draw(&mut screen);
    screen.update(Input::Key(key(KeyCode::Enter)), 0);
    Some((start, draw(&mut screen)))
}

/// Every chapter of the course in `dir`, loaded alone, looks exactly as in the whole course.
fn every_chapter_alone_matches_the_whole(dir: Option<&Path>) -> usize {
    let whole = whole(dir);
    let mut quizzes = 0;
    for (index, chapter) in whole.chapters.iter().enumerate() {
        let alone = study(dir, &chapter.number.to_string());
        let by_slug = study(dir, &chapter.slug);
        assert_eq!(alone.chapters[0].slug, chapter.slug);
        assert_eq!(by_slug.chapters[0].slug, chapter.slug);
        let what = format!("chapter {}", chapter.number);
        assert_eq!(plain(&alone, 0), plain(&whole, index), "{what}: plain");
        assert_eq!(
            reader_frame(&alone, 0),
            reader_frame(&whole, index),
            "{what}: reader frame"
        );
        assert_eq!(
            alone.chapters[0].quiz.as_ref().map(|q| q.content_hash()),
            chapter.quiz.as_ref().map(|q| q.content_hash()),
            "{what}: the quiz attached"
        );
        let frames = quiz_frames(&alone, 0);
        assert_eq!(frames, quiz_frames(&whole, index), "{what}: quiz frames");
        quizzes += usize::from(frames.is_some());
    }
    quizzes
}

#[test]
fn every_shipped_chapter_alone_looks_as_in_the_whole_course() {
    let quizzes = every_chapter_alone_matches_the_whole(None);
    assert!(quizzes > 0, "the shipped course has quizzes");
}

fn write_generated(dir: &Path) {
    for file in generated::course(generated::LARGE) {
        let path = dir.join(&file.path);
        fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        fs::write(path, file.text).expect("writes");
    }
}

#[test]
fn every_chapter_of_the_200_chapter_course_alone_looks_as_in_the_whole_course() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_generated(dir.path());
    assert_eq!(whole(Some(dir.path())).chapters.len(), 200);
    let quizzes = every_chapter_alone_matches_the_whole(Some(dir.path()));
    assert!(quizzes > 0, "the generated course has quizzes");
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A copy of the shipped course with chapter 2 broken (an unclosed front matter).
fn course_with_broken_chapter_two() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in mlsys_learn::content::load::embedded_files() {
        let path = dir.path().join(&file.path);
        fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        let text = if file.path.starts_with("chapters/02-") {
            file.text.replacen("+++", "+++\nnumber = ", 1)
        } else {
            file.text
        };
        fs::write(path, text).expect("writes");
    }
    dir
}

#[test]
fn a_broken_other_chapter_does_not_keep_a_good_one_from_opening() {
    let dir = course_with_broken_chapter_two();
    let whole = load_scoped(Some(dir.path()), Scope::Whole).expect("loads");
    let broken: Vec<String> = whole.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        broken.iter().any(|d| d.starts_with("chapters/02-")),
        "the whole course reports chapter 2: {broken:?}"
    );
    let alone = study(Some(dir.path()), "1");
    let broken_alone = load_scoped(Some(dir.path()), Scope::Study("2")).expect("loads");
    assert!(
        broken_alone
            .diagnostics
            .iter()
            .all(|d| d.to_string().starts_with("chapters/02-")),
        "chapter 2 alone is refused with its own path:line:col"
    );
    assert!(!broken_alone.diagnostics.is_empty());

    // The reader on chapter 1: `>` (next chapter) needs the rest, which is refused (and,
    // broken, is not stored in the data folder's course cache).
    let data = tempfile::tempdir().expect("temp dir");
    let on_demand = CourseOnDemand::part(&alone, Some(dir.path()), Some(data.path()));
    let theme = Theme::new(ThemeName::Dark);
    let mut screen =
        ReaderScreen::on_demand(reader_screen(&alone, 0, &theme).reader, &on_demand, &theme);
    screen.fit(Rect::new(0, 0, WIDTH, HEIGHT));
    let effects = screen.update(Input::Key(key(KeyCode::Char('>'))), 0);
    assert!(effects.is_empty(), "{effects:?}");
    let message = screen.reader.message.clone().unwrap_or_default();
    assert!(
        message.starts_with("the rest of the course has") && message.contains("mlsys-learn check"),
        "{message}"
    );
    assert!(!on_demand.is_whole());
    assert_eq!(screen.course().chapters.len(), 1);
    // Chapter 1 is still there to read.
    screen.update(Input::Key(key(KeyCode::Char('j'))), 0);
    assert!(draw(&mut screen).contains("Introduction"));
}

#[test]
fn next_chapter_loads_the_rest_and_moves_on() {
    let alone = study(None, "3");
    let on_demand = CourseOnDemand::part(&alone, None, None);
    let theme = Theme::new(ThemeName::Dark);
    let mut screen =
        ReaderScreen::on_demand(reader_screen(&alone, 0, &theme).reader, &on_demand, &theme);
    screen.fit(Rect::new(0, 0, WIDTH, HEIGHT));
    let before = draw(&mut screen);
    let effects = screen.update(Input::Key(key(KeyCode::Char('>'))), 0);
    assert!(on_demand.is_whole());
    let course = screen.course();
    assert!(course.chapters.len() > 3);
    assert_eq!(screen.reader.chapter(course).number, 3);
    let index = course.chapters.iter().position(|c| c.number == 4).unwrap();
    assert!(
        effects.iter().any(|e| matches!(
            e,
            mlsys_learn::app::reader::Effect::OpenChapter(i) if *i == index
        )),
        "{effects:?}"
    );
    // The chapter on screen did not change while the rest was loaded.
    screen.reader.message = None;
    assert_eq!(draw(&mut screen), before);
}

#[test]
fn keys_within_the_chapter_load_nothing_more() {
    let alone = study(None, "1");
    let on_demand = CourseOnDemand::part(&alone, None, None);
    let theme = Theme::new(ThemeName::Dark);
    let mut screen =
        ReaderScreen::on_demand(reader_screen(&alone, 0, &theme).reader, &on_demand, &theme);
    for c in ['j', 'j', 'k', 'G', 'g', 'n'] {
        screen.fit(Rect::new(0, 0, WIDTH, HEIGHT));
        screen.update(Input::Key(key(KeyCode::Char(c))), 0);
    }
    assert!(!on_demand.is_whole());
}
