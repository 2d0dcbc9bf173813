//! What a student sees in the reader's side panel, as text snapshots of each pane drawn on
//! a ratatui `TestBackend` at 40x22 and 60x30 with the shipped course's chapter 1: the
//! glossary (the list, filtered by "tiny", a definition), the tables (Table 1.2 scrolled
//! right), the lifecycle diagram with a stage and with Monitoring selected, and the notes
//! with text typed and a bookmark. The panes are driven with keys, as the reader drives them.
//! A sweep then draws every pane, in several states, at every size up to 60x30 inside a
//! larger screen, and checks that nothing panics and nothing is drawn outside the pane.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mlsys_learn::app::panes::diagram::DiagramPane;
use mlsys_learn::app::panes::glossary::GlossaryPane;
use mlsys_learn::app::panes::notes::{NotesPane, OrphanMark};
use mlsys_learn::app::panes::tables::TablesPane;
use mlsys_learn::app::panes::{PaneContext, PaneOutcome};
use mlsys_learn::content::{Chapter, Course, load_course};
use mlsys_learn::render::RenderOptions;
use mlsys_learn::render::chapter::{Rendered, render_chapter};
use mlsys_learn::ui;
use mlsys_learn::ui::theme::{Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Cell;
use ratatui::layout::Rect;
use ratatui::style::Color;

/// The two sizes every pane is snapshotted at.
const SIZES: [(u16, u16); 2] = [(40, 22), (60, 30)];

fn course() -> Course {
    let loaded = load_course(None).expect("the built-in course loads");
    assert!(
        loaded.diagnostics.is_empty(),
        "the built-in course has problems: {:?}",
        loaded.diagnostics
    );
    loaded.course
}

fn chapter_one(course: &Course) -> &Chapter {
    course.chapter("1").expect("chapter 1 exists")
}

fn doc(course: &Course) -> Rendered {
    let opts = RenderOptions {
        width: 80,
        ascii: false,
    };
    render_chapter(course, chapter_one(course), &opts)
}

fn context<'a>(
    course: &'a Course,
    doc: &'a Rendered,
    section: &'a str,
    bookmarks: &'a [String],
) -> PaneContext<'a> {
    PaneContext {
        course,
        chapter: chapter_one(course),
        doc,
        section,
        bookmarks,
    }
}

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn chars(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| press(KeyCode::Char(c))).collect()
}

/// Draws with `draw` on a screen of `width` x `height`, the pane filling it.
fn screen(
    width: u16,
    height: u16,
    draw: impl FnOnce(&mut ratatui::Frame<'_>, Rect),
) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| draw(frame, frame.area()))
        .expect("draws");
    terminal.backend().clone()
}

fn theme() -> Theme {
    Theme::new(ThemeName::Dark)
}

// ------------------------------------------------------------------------------------------
// Glossary

fn glossary_after(keys: &[KeyEvent], ctx: &PaneContext<'_>) -> GlossaryPane {
    let mut pane = GlossaryPane::new();
    for key in keys {
        pane.key(*key, ctx);
    }
    pane
}

fn snap_glossary(name: &str, pane: &GlossaryPane, ctx: &PaneContext<'_>) {
    for (w, h) in SIZES {
        let backend = screen(w, h, |f, area| {
            ui::glossary::draw(f, area, pane, ctx, &theme(), true);
        });
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), backend);
    }
}

#[test]
fn glossary_lists_the_chapter_terms() {
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "why-ml-systems-matter", &[]);
    snap_glossary("glossary_list", &GlossaryPane::new(), &ctx);
}

#[test]
fn glossary_filtered_by_tiny() {
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "why-ml-systems-matter", &[]);
    let pane = glossary_after(&chars("tiny"), &ctx);
    assert!(pane.is_typing());
    snap_glossary("glossary_filter_tiny", &pane, &ctx);
}

#[test]
fn glossary_shows_a_definition_and_jumps_to_it() {
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "why-ml-systems-matter", &[]);
    let mut keys = chars("tiny");
    keys.push(press(KeyCode::Enter));
    let mut pane = glossary_after(&keys, &ctx);
    assert!(pane.is_open() && !pane.is_typing());
    snap_glossary("glossary_definition_tinyml", &pane, &ctx);
    let PaneOutcome::JumpToLine(line) = pane.key(press(KeyCode::Enter), &ctx) else {
        panic!("Enter on a definition jumps to it");
    };
    assert_eq!(doc.lines[line].plain(), "◆ TinyML");
}

#[test]
fn glossary_look_up_shows_exactly_those_terms() {
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "embedded-ml-tinyml", &[]);
    let mut pane = GlossaryPane::new();
    pane.look_up(&["Edge Computing".to_string(), "Embedded ML".to_string()]);
    let backend = screen(40, 22, |f, area| {
        ui::glossary::draw(f, area, &pane, &ctx, &theme(), true);
    });
    insta::assert_snapshot!("glossary_look_up_40x22", backend);
}

// ------------------------------------------------------------------------------------------
// Tables

#[test]
fn tables_first_table_by_default() {
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "ml-lifecycle", &[]);
    let pane = TablesPane::new();
    for (w, h) in SIZES {
        let backend = screen(w, h, |f, area| {
            ui::tables::draw(f, area, &pane, &ctx, &theme(), true);
        });
        insta::assert_snapshot!(format!("tables_first_{w}x{h}"), backend);
    }
}

#[test]
fn tables_table_1_2_scrolled_right() {
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "ml-lifecycle", &[]);
    for (w, h) in SIZES {
        let mut pane = TablesPane::new();
        pane.select("1.2", chapter_one(&course));
        assert_eq!(pane.selected, 1);
        // The reader draws the pane before the student can press a key.
        screen(w, h, |f, area| {
            ui::tables::draw(f, area, &pane, &ctx, &theme(), true);
        });
        pane.key(press(KeyCode::Right), &ctx);
        assert!(pane.x.offset() > 0);
        let backend = screen(w, h, |f, area| {
            ui::tables::draw(f, area, &pane, &ctx, &theme(), true);
        });
        insta::assert_snapshot!(format!("tables_1_2_scrolled_right_{w}x{h}"), backend);
    }
}

// ------------------------------------------------------------------------------------------
// Diagram

fn snap_diagram(name: &str, keys: &[KeyEvent]) {
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "ml-lifecycle", &[]);
    let mut pane = DiagramPane::new();
    for key in keys {
        assert_eq!(pane.key(*key, &ctx), PaneOutcome::Handled);
    }
    for (w, h) in SIZES {
        let backend = screen(w, h, |f, area| {
            ui::diagram::draw(f, area, &pane, &ctx, &theme(), true);
        });
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), backend);
    }
}

#[test]
fn diagram_lifecycle_training_selected() {
    snap_diagram(
        "diagram_training",
        &[press(KeyCode::Right), press(KeyCode::Right)],
    );
}

#[test]
fn diagram_lifecycle_monitoring_selected() {
    // Left from the first stage wraps round to the last, Monitoring.
    snap_diagram("diagram_monitoring", &[press(KeyCode::Left)]);
}

#[test]
fn diagram_marks_the_selected_stage_and_the_feedback_in_colour() {
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "ml-lifecycle", &[]);
    let mut pane = DiagramPane::new();
    pane.key(press(KeyCode::Left), &ctx);
    let backend = screen(60, 30, |f, area| {
        ui::diagram::draw(f, area, &pane, &ctx, &theme(), true);
    });
    let buffer = backend.buffer();
    let styled = |symbol: &str, color: Color| {
        buffer
            .content()
            .iter()
            .any(|c| c.symbol() == symbol && c.fg == color)
    };
    assert!(
        styled("║", Color::Cyan),
        "the selected stage is highlighted"
    );
    assert!(
        styled("┃", Color::Yellow),
        "the feedback loop is highlighted"
    );
    // The first rows holding each label are the drawing's.
    let colour_of = |label: &str| {
        (0..buffer.area.height).find_map(|y| {
            let row: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            let x = row.find(label)?;
            let x = u16::try_from(row[..x].chars().count()).ok()?;
            Some(buffer[(x, y)].fg)
        })
    };
    assert_eq!(colour_of("Monitoring"), Some(Color::Cyan));
    assert_eq!(colour_of("Training"), Some(Color::Reset));
}

#[test]
fn diagram_other_figure() {
    // `]` steps through the figures: the fraud explorable, then the lanes figure.
    snap_diagram(
        "diagram_lanes",
        &[press(KeyCode::Char(']')), press(KeyCode::Char(']'))],
    );
}

#[test]
fn diagram_explorable_at_its_defaults_and_after_a_step() {
    snap_diagram("diagram_explore", &[press(KeyCode::Char(']'))]);
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "ml-lifecycle", &[]);
    let mut pane = DiagramPane::new();
    pane.key(press(KeyCode::Char(']')), &ctx);
    pane.key(press(KeyCode::Down), &ctx);
    assert!(matches!(
        pane.key(press(KeyCode::Right), &ctx),
        PaneOutcome::SaveFigure { .. }
    ));
    let backend = screen(60, 30, |f, area| {
        ui::diagram::draw(f, area, &pane, &ctx, &theme(), true);
    });
    let text = format!("{backend:?}");
    assert!(text.contains("88%"), "precision moved to 88%:\n{text}");
    assert!(text.contains("6,000"), "false alarms follow:\n{text}");
    insta::assert_snapshot!("diagram_explore_after_right_60x30", backend);
}

// ------------------------------------------------------------------------------------------
// Notes

#[test]
fn notes_typed_with_a_bookmark() {
    let course = course();
    let doc = doc(&course);
    let bookmarks = vec!["embedded-ml-tinyml".to_string(), "ml-lifecycle".to_string()];
    let ctx = context(&course, &doc, "ml-lifecycle", &bookmarks);
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "");
    pane.key(press(KeyCode::Enter), &ctx);
    for key in chars("Monitoring feeds back into data collection: drift is the reason.") {
        pane.key(key, &ctx);
    }
    pane.key(press(KeyCode::Enter), &ctx);
    for key in chars("Ask: what happens after the prediction?") {
        pane.key(key, &ctx);
    }
    assert!(pane.is_typing());
    for (w, h) in SIZES {
        let backend = screen(w, h, |f, area| {
            ui::notes::draw(f, area, &pane, &ctx, &theme(), true);
        });
        insta::assert_snapshot!(format!("notes_typed_{w}x{h}"), backend);
    }
    let outcome = pane.key(press(KeyCode::Esc), &ctx);
    assert!(
        matches!(outcome, PaneOutcome::SaveNote { ref section, .. } if section == "ml-lifecycle")
    );
    let backend = screen(40, 22, |f, area| {
        ui::notes::draw(f, area, &pane, &ctx, &theme(), true);
    });
    insta::assert_snapshot!("notes_saved_40x22", backend);
}

#[test]
fn notes_empty_without_bookmarks() {
    let course = course();
    let doc = doc(&course);
    let ctx = context(&course, &doc, "systems-thinking", &[]);
    let mut pane = NotesPane::new();
    pane.load("systems-thinking", "");
    let backend = screen(40, 22, |f, area| {
        ui::notes::draw(f, area, &pane, &ctx, &theme(), true);
    });
    insta::assert_snapshot!("notes_empty_40x22", backend);
}

/// Marks kept from sections an update removed: a bookmark with a note, a bookmark alone, and
/// a note whose text holds a control character (drawn escaped).
fn orphans() -> Vec<OrphanMark> {
    vec![
        OrphanMark {
            section: "history-of-ml".into(),
            bookmarked: true,
            note: Some("\nPerceptrons came first.\nThen winters.".into()),
        },
        OrphanMark {
            section: "old-intro".into(),
            bookmarked: true,
            note: None,
        },
        OrphanMark {
            section: "removed-table".into(),
            bookmarked: false,
            note: Some("bell\u{7} here".into()),
        },
    ]
}

#[test]
fn notes_list_marks_from_sections_no_longer_in_the_course() {
    let course = course();
    let doc = doc(&course);
    let bookmarks = vec!["ml-lifecycle".to_string(), "old-intro".to_string()];
    let ctx = context(&course, &doc, "ml-lifecycle", &bookmarks);
    let mut pane = NotesPane::with_orphans(orphans());
    pane.load("ml-lifecycle", "");
    for (w, h) in SIZES {
        let backend = screen(w, h, |f, area| {
            ui::notes::draw(f, area, &pane, &ctx, &theme(), true);
        });
        let text = format!("{backend}");
        assert!(
            text.contains("From sections no longer in the course"),
            "{text}"
        );
        assert!(
            text.contains("history-of-ml · bookmark · Perceptrons"),
            "{text}"
        );
        assert!(!text.contains('\u{7}'), "{text}");
        insta::assert_snapshot!(format!("notes_orphans_{w}x{h}"), backend);
    }
}

// ------------------------------------------------------------------------------------------
// Sweep

/// Each pane in a few states, drawn into `area`.
type Drawer<'a> = Box<dyn Fn(&mut ratatui::Frame<'_>, Rect) + 'a>;

fn drawers<'a>(ctx: &'a PaneContext<'a>) -> Vec<(String, Drawer<'a>)> {
    let t = theme();
    let mut out: Vec<(String, Drawer<'a>)> = Vec::new();
    let glossaries = [
        ("glossary list", Vec::new()),
        ("glossary typing", chars("tiny")),
        ("glossary none", chars("zzz")),
        ("glossary open", {
            let mut k = chars("ml");
            k.push(press(KeyCode::Enter));
            k.extend([press(KeyCode::Char('j')); 3]);
            k
        }),
        ("glossary course", vec![press(KeyCode::Char('w'))]),
    ];
    for (name, keys) in glossaries {
        let pane = glossary_after(&keys, ctx);
        out.push((
            name.to_string(),
            Box::new(move |f, a| ui::glossary::draw(f, a, &pane, ctx, &t, true)),
        ));
    }
    for (number, right) in [("1.1", 0), ("1.2", 3), ("1.3", 9), ("1.4", 2)] {
        let mut pane = TablesPane::new();
        pane.select(number, ctx.chapter);
        for _ in 0..right {
            pane.key(press(KeyCode::Right), ctx);
        }
        for _ in 0..right {
            pane.key(press(KeyCode::Char('j')), ctx);
        }
        out.push((
            format!("table {number} +{right}"),
            Box::new(move |f, a| ui::tables::draw(f, a, &pane, ctx, &t, true)),
        ));
    }
    for (figure, stages) in [("1.1", 0), ("1.2", 5), ("1.2", 2), ("1.3", 0)] {
        let mut pane = DiagramPane::new();
        pane.select(figure, ctx.chapter);
        for _ in 0..stages {
            pane.key(press(KeyCode::Right), ctx);
        }
        out.push((
            format!("figure {figure} stage {stages}"),
            Box::new(move |f, a| ui::diagram::draw(f, a, &pane, ctx, &t, true)),
        ));
    }
    for (editing, kept) in [(false, false), (true, false), (false, true)] {
        let mut pane = if kept {
            NotesPane::with_orphans(orphans())
        } else {
            NotesPane::new()
        };
        pane.load(
            "ml-lifecycle",
            "A note\nwith two lines, the second one rather long.",
        );
        if editing {
            pane.key(press(KeyCode::Enter), ctx);
            pane.key(press(KeyCode::Char('x')), ctx);
        }
        out.push((
            format!("notes editing={editing} kept={kept}"),
            Box::new(move |f, a| ui::notes::draw(f, a, &pane, ctx, &t, true)),
        ));
    }
    out
}

/// Every height up to 8, where layouts run out of room, then every third up to 30.
fn heights() -> impl Iterator<Item = u16> {
    (0..=8u16).chain((9..=30).step_by(3))
}

/// A cell nothing was drawn on.
fn blank(cell: &Cell) -> bool {
    *cell == Cell::default()
}

#[test]
fn every_pane_draws_at_every_size_inside_its_area() {
    let course = course();
    let doc = doc(&course);
    let bookmarks = vec!["ml-lifecycle".to_string(), "systems-thinking".to_string()];
    let ctx = context(&course, &doc, "ml-lifecycle", &bookmarks);
    let drawers = drawers(&ctx);
    let mut terminal = Terminal::new(TestBackend::new(66, 34)).expect("test terminal");
    for (name, draw) in &drawers {
        for width in 0..=60u16 {
            for height in heights() {
                let area = Rect::new(3, 2, width, height);
                terminal.clear().expect("clears");
                let frame = terminal
                    .draw(|f| draw(f, area))
                    .unwrap_or_else(|e| panic!("{name} at {width}x{height}: {e}"));
                let buffer = frame.buffer;
                for y in 0..buffer.area.height {
                    for x in 0..buffer.area.width {
                        let inside = area.contains((x, y).into());
                        assert!(
                            inside || blank(&buffer[(x, y)]),
                            "{name} at {width}x{height} drew outside its area at ({x}, {y})"
                        );
                    }
                }
            }
        }
    }
}
