//! The reader's per-frame and per-key costs, each against the floor it is judged by.
//! A frame of Chapter 1 (at the top, in the middle, and while scrolling, at 80x24 and
//! 200x50) is drawn exactly as the run loop draws it (`ReaderScreen`: fit, then draw
//! into a ratatui `TestBackend`), and beside it, in the same group, a bare ratatui
//! `Paragraph` of the same visible lines (prepared once, as ratatui lines) drawn into the
//! same kind of terminal: the ratio is the app's overhead (target: within 2x). Also a
//! frame per key while an explorable's input is held down. Also the
//! glossary filter per keystroke (the chapter's terms, and the whole of a 200-chapter
//! course) and search over the rendered chapter.

// A bench that cannot set itself up should stop at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkGroup, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mlsys_learn::app::keys::KeyMap;
use mlsys_learn::app::panes::glossary::GlossaryPane;
use mlsys_learn::app::reader::{Focus, Reader, Start};
use mlsys_learn::app::search::find;
use mlsys_learn::content::Course;
use mlsys_learn::content::load::{embedded_files, load};
use mlsys_learn::screens::reader::ReaderScreen;
use mlsys_learn::tui::Screen;
use mlsys_learn::ui::owned_lines;
use mlsys_learn::ui::reader::{layout, narrative_size, viewport};
use mlsys_learn::ui::theme::{Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

// Not every bench uses every helper of the generator.
#[allow(dead_code)]
#[path = "support/course.rs"]
mod course;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn shipped() -> Course {
    let loaded = load(&embedded_files());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.course
}

/// A reader of chapter 1 sized for a `width` x `height` terminal, as the runner opens it.
fn reader(course: &Course, width: u16, height: u16) -> Reader {
    let area = Rect::new(0, 0, width, height);
    let (w, h) = narrative_size(&layout(area, false, Focus::Narrative));
    let mut reader = Reader::new(course, 0, Start::default(), w, h, KeyMap::default());
    reader.fit(course, viewport(&reader, area));
    reader
}

/// One frame as the run loop draws it: fit (a no-op at the same size), draw.
fn app_frame(terminal: &mut Terminal<TestBackend>, screen: &mut ReaderScreen<'_>) {
    let size = terminal.size().expect("test terminal size");
    screen.fit(Rect::new(0, 0, size.width, size.height));
    terminal.draw(|frame| screen.draw(frame)).expect("draws");
}

/// Where the bare paragraph goes and how many lines it shows: the reader's text column.
fn text_area(width: u16, height: u16) -> Rect {
    layout(Rect::new(0, 0, width, height), false, Focus::Narrative).narrative
}

/// The floor: the same visible lines, already ratatui lines, in a bare `Paragraph`.
fn bare_frame(
    terminal: &mut Terminal<TestBackend>,
    lines: &[ratatui::text::Line<'_>],
    top: usize,
    area: Rect,
) {
    let end = (top + usize::from(area.height)).min(lines.len());
    let visible = lines[top.min(end)..end].to_vec();
    terminal
        .draw(|frame| frame.render_widget(Paragraph::new(visible), area))
        .expect("draws");
}

fn bench_frames(c: &mut Criterion) {
    let course = shipped();
    let theme = Theme::new(ThemeName::Dark);
    for (width, height) in SIZES {
        let mut group = c.benchmark_group(format!("frame_{width}x{height}"));
        group
            .sample_size(30)
            .measurement_time(Duration::from_secs(3))
            .warm_up_time(Duration::from_secs(1));
        let base = reader(&course, width, height);
        // Converted as the app converts rendered lines (`ui::owned_lines`), once.
        let lines = owned_lines(&base.doc().lines, &theme);
        let area = text_area(width, height);
        let middle = base.doc().lines.len() / 2;
        for (place, top) in [("top", 0), ("middle", middle)] {
            let mut screen = ReaderScreen::new(base.clone(), &course, &theme);
            screen.reader.scroll_lines(&course, true, top);
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            group.bench_function(format!("{place}/reader"), |b| {
                b.iter(|| app_frame(&mut terminal, &mut screen))
            });
            let top = screen.reader.top();
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            group.bench_function(format!("{place}/bare_paragraph"), |b| {
                b.iter(|| bare_frame(&mut terminal, &lines, black_box(top), area))
            });
        }
        scrolling(
            &mut group,
            (width, height),
            &base,
            &course,
            &theme,
            &lines,
            area,
        );
        explorable_held(&mut group, (width, height), &base, &course, &theme);
        group.finish();
    }
}

/// A frame per line scrolled, down to the end and back up, as the mouse wheel does it.
#[allow(clippy::too_many_arguments)]
fn scrolling(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    (width, height): (u16, u16),
    base: &Reader,
    course: &Course,
    theme: &Theme,
    lines: &[ratatui::text::Line<'_>],
    area: Rect,
) {
    let size = || TestBackend::new(width, height);
    let height = base.height();
    let last = base.doc().lines.len().saturating_sub(height);
    let mut screen = ReaderScreen::new(base.clone(), course, theme);
    let mut down = true;
    let mut terminal = Terminal::new(size()).expect("terminal");
    group.bench_function("scrolling/reader", |b| {
        b.iter(|| {
            if screen.reader.top() >= last {
                down = false;
            } else if screen.reader.top() == 0 {
                down = true;
            }
            screen.reader.scroll_lines(course, down, 1);
            app_frame(&mut terminal, &mut screen);
        })
    });
    let mut top = 0usize;
    let mut down = true;
    let mut terminal = Terminal::new(size()).expect("terminal");
    group.bench_function("scrolling/bare_paragraph", |b| {
        b.iter(|| {
            if top >= last {
                down = false;
            } else if top == 0 {
                down = true;
            }
            top = if down { top + 1 } else { top - 1 };
            bare_frame(&mut terminal, lines, top, area);
        })
    });
}

/// A frame per key while → is held on an explorable's input (the fraud-drift figure of
/// chapter 1 in the Diagram tab): the step, the outputs and the chart computed again, drawn.
/// Judged against the scrolling frame of the same size (docs/performance.md).
fn explorable_held(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    (width, height): (u16, u16),
    base: &Reader,
    course: &Course,
    theme: &Theme,
) {
    let mut screen = ReaderScreen::new(base.clone(), course, theme);
    for code in [KeyCode::Char('3'), KeyCode::Char(']'), KeyCode::Down] {
        screen.update(mlsys_learn::tui::Input::Key(key(code)), 0);
    }
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    app_frame(&mut terminal, &mut screen);
    let mut presses = 0u32;
    group.bench_function("explorable_held/reader", |b| {
        b.iter(|| {
            // Up the precision range and back down again, as a held key would.
            presses += 1;
            let code = if (presses / 40).is_multiple_of(2) {
                KeyCode::Right
            } else {
                KeyCode::Left
            };
            screen.update(mlsys_learn::tui::Input::Key(key(code)), 0);
            app_frame(&mut terminal, &mut screen);
        })
    });
}

/// One key typed into the glossary filter, and the filtered list it shows.
fn bench_glossary(c: &mut Criterion) {
    let shipped = shipped();
    let large = load(&course::course(course::LARGE)).course;
    let mut group = c.benchmark_group("glossary_filter_keystroke");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(3));
    for (name, course, whole) in [
        ("chapter_1", &shipped, false),
        ("large_course_whole", &large, true),
    ] {
        let mut r = reader(course, 80, 24);
        r.update(course, key(KeyCode::Char('1')));
        if whole {
            r.update(course, key(KeyCode::Char('w')));
        }
        r.update(course, key(KeyCode::Char('/')));
        r.update(course, key(KeyCode::Char('m')));
        let ctx = r.pane_context(course);
        let pane: GlossaryPane = r.glossary.clone();
        assert!(pane.is_typing(), "the filter is being typed");
        group.bench_function(name, |b| {
            b.iter_batched_ref(
                || pane.clone(),
                |pane| {
                    pane.key(key(KeyCode::Char('o')), &ctx);
                    black_box(pane.entries(&ctx).len())
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// Search over the chapter as laid out at 80 columns: a common word, and no match.
fn bench_search(c: &mut Criterion) {
    let course = shipped();
    let r = reader(&course, 80, 24);
    let mut group = c.benchmark_group("search_chapter_1");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(3));
    for query in ["model", "zqx"] {
        group.bench_function(query, |b| b.iter(|| find(black_box(r.doc()), query)));
    }
    group.finish();
}

criterion_group!(benches, bench_frames, bench_glossary, bench_search);
criterion_main!(benches);
