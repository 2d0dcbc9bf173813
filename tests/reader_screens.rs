//! The reader as a student sees it: snapshots of the text, the contents, each side tab and
//! each overlay at 80x24 and 120x40, and a sweep over terminal sizes from 0x0 to 300x100
//! that must never panic.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mlsys_learn::app::keys::{ACTIONS, KeyMap};
use mlsys_learn::app::reader::{Reader, Start};
use mlsys_learn::content::{Course, load_course};
use mlsys_learn::screens::reader::ReaderScreen;
use mlsys_learn::tui::{Input, Screen};
use mlsys_learn::ui::reader::{layout, narrative_size};
use mlsys_learn::ui::theme::{Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn course() -> Course {
    load_course(None).expect("the shipped course loads").course
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Opens chapter 1 at `width` x `height`, presses `keys`, and draws one frame, each step
/// as the run loop does it (fit, then the key; fit, then draw).
fn screen(course: &Course, width: u16, height: u16, keys: &[KeyEvent]) -> Terminal<TestBackend> {
    let area = Rect::new(0, 0, width, height);
    let areas = layout(area, false, mlsys_learn::app::reader::Focus::Narrative);
    let (w, h) = narrative_size(&areas);
    let reader = Reader::new(course, 0, Start::default(), w, h, KeyMap::default());
    let theme = Theme::new(ThemeName::Dark);
    let mut screen = ReaderScreen::new(reader, course, &theme);
    for key in keys {
        screen.fit(area);
        screen.update(Input::Key(*key), 0);
    }
    screen.fit(area);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| screen.draw(frame)).expect("draws");
    terminal
}

fn chars(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

#[test]
fn opening_page_80x24() {
    insta::assert_snapshot!(screen(&course(), 80, 24, &[]).backend());
}

#[test]
fn opening_page_120x40_docks_contents_and_side_panel() {
    insta::assert_snapshot!(screen(&course(), 120, 40, &[]).backend());
}

#[test]
fn a_section_with_an_insight_opened_80x24() {
    let course = course();
    let keys = [
        chars("/Model code makes up"),
        vec![key(KeyCode::Enter), key(KeyCode::Enter)],
    ]
    .concat();
    insta::assert_snapshot!(screen(&course, 80, 24, &keys).backend());
}

#[test]
fn search_matches_80x24() {
    let course = course();
    let keys = [chars("/tinyml"), vec![key(KeyCode::Enter)]].concat();
    insta::assert_snapshot!(screen(&course, 80, 24, &keys).backend());
}

#[test]
fn contents_overlay_80x24() {
    insta::assert_snapshot!(screen(&course(), 80, 24, &[key(KeyCode::Tab)]).backend());
}

#[test]
fn each_side_tab_80x24_and_120x40() {
    let course = course();
    for (tab, name) in [
        ('1', "glossary"),
        ('2', "tables"),
        ('3', "diagram"),
        ('4', "notes"),
    ] {
        for (w, h) in [(80, 24), (120, 40)] {
            let terminal = screen(&course, w, h, &[key(KeyCode::Char(tab))]);
            insta::assert_snapshot!(format!("side_{name}_{w}x{h}"), terminal.backend());
        }
    }
}

#[test]
fn help_overlay_80x24_and_120x40() {
    let course = course();
    insta::assert_snapshot!("help_80x24", screen(&course, 80, 24, &chars("?")).backend());
    insta::assert_snapshot!(
        "help_120x40",
        screen(&course, 120, 40, &chars("?")).backend()
    );
}

#[test]
fn help_scrolled_to_its_end_80x24() {
    insta::assert_snapshot!(screen(&course(), 80, 24, &chars("?G")).backend());
}

#[test]
fn help_at_the_smallest_size_40x10() {
    insta::assert_snapshot!(screen(&course(), 40, 10, &chars("?jjj")).backend());
}

/// The regression of issue 11: at 80x24 the help stopped after "4 notes tab". Scrolling
/// line by line brings every key name and the way out on screen, at every size.
#[test]
fn every_key_in_the_help_can_be_read_by_scrolling_at_any_size() {
    let course = course();
    let keys = KeyMap::default();
    for (width, height) in [(40, 10), (50, 12), (80, 24), (120, 40), (200, 60)] {
        let area = Rect::new(0, 0, width, height);
        let areas = layout(area, false, mlsys_learn::app::reader::Focus::Narrative);
        let (w, h) = narrative_size(&areas);
        let reader = Reader::new(&course, 0, Start::default(), w, h, KeyMap::default());
        let theme = Theme::new(ThemeName::Dark);
        let mut screen = ReaderScreen::new(reader, &course, &theme);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        let mut seen = String::new();
        for press in [chars("?"), vec![key(KeyCode::Char('j')); 60]].concat() {
            screen.fit(area);
            screen.update(Input::Key(press), 0);
            screen.fit(area);
            terminal.draw(|frame| screen.draw(frame)).expect("draws");
            let buffer = terminal.backend().buffer();
            for y in 0..height {
                let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
                seen.push_str(&row);
                seen.push('\n');
            }
        }
        for (action, _, what) in ACTIONS {
            let name = keys.names(*action);
            let first_word = what.split(' ').next().unwrap_or_default();
            assert!(
                seen.lines()
                    .any(|l| l.contains(&name) && l.contains(first_word)),
                "{width}x{height}: the help never shows '{name}  {what}'"
            );
        }
        assert!(
            seen.contains("?/Esc/q close"),
            "{width}x{height}: no way out shown"
        );
    }
}

#[test]
fn jump_overlay_80x24() {
    insta::assert_snapshot!(screen(&course(), 80, 24, &chars("olife")).backend());
}

#[test]
fn check_overlay_80x24() {
    let course = course();
    // The distribution-shift check is a single choice in section 1.2.
    let keys = [
        chars("/What makes a shift"),
        vec![key(KeyCode::Enter), key(KeyCode::Enter)],
        chars("h"),
    ]
    .concat();
    insta::assert_snapshot!(screen(&course, 80, 24, &keys).backend());
}

#[test]
fn check_overlay_typed_answer_80x24() {
    let course = course();
    // The hidden-debt check takes a number: the typed text sits in its field, as in the quiz.
    let keys = [
        chars("/what share of the code"),
        vec![key(KeyCode::Enter), key(KeyCode::Enter)],
        chars("about 5"),
    ]
    .concat();
    insta::assert_snapshot!(screen(&course, 80, 24, &keys).backend());
}

#[test]
fn terminal_too_small() {
    insta::assert_snapshot!(screen(&course(), 30, 8, &[]).backend());
}

#[test]
fn every_size_draws_without_panicking() {
    let course = course();
    let theme = Theme::new(ThemeName::Dark);
    let overlays: Vec<Vec<KeyEvent>> = vec![
        vec![],
        chars("?"),
        chars("o"),
        vec![key(KeyCode::Tab)],
        chars("1"),
        chars("2"),
        chars("3"),
        chars("4"),
        chars("/data"),
    ];
    let widths: Vec<u16> = (0..=300)
        .step_by(5)
        .chain([1, 2, 39, 40, 41, 79, 80, 81, 119, 120, 121])
        .collect();
    let heights: Vec<u16> = (0..=100)
        .step_by(11)
        .chain([1, 2, 9, 10, 11, 24, 40])
        .collect();
    for keys in &overlays {
        let reader = Reader::new(&course, 0, Start::default(), 78, 23, KeyMap::default());
        let mut screen = ReaderScreen::new(reader, &course, &theme);
        for key in keys {
            screen.update(Input::Key(*key), 0);
        }
        for w in &widths {
            let mut terminal = Terminal::new(TestBackend::new(*w, 1)).expect("test terminal");
            for h in &heights {
                let area = Rect::new(0, 0, *w, *h);
                screen.fit(area);
                terminal.backend_mut().resize(*w, *h);
                terminal.resize(area).expect("resizes");
                terminal.draw(|frame| screen.draw(frame)).expect("draws");
            }
        }
    }
}

#[test]
fn an_explorable_before_and_after_a_step_80x24_and_120x40() {
    let course = course();
    // The Diagram tab opens on the lifecycle; `]` moves to the next figure, the fraud
    // explorable; `↓` selects its second input (precision) and `→` raises it one step.
    let open = [chars("3]"), vec![key(KeyCode::Down)]].concat();
    let stepped = [open.clone(), vec![key(KeyCode::Right)]].concat();
    for (w, h) in [(80, 24), (120, 40)] {
        let before = screen(&course, w, h, &open);
        let after = screen(&course, w, h, &stepped);
        assert_ne!(
            format!("{:?}", before.backend()),
            format!("{:?}", after.backend()),
            "→ changes what is drawn at {w}x{h}"
        );
        insta::assert_snapshot!(format!("explore_before_{w}x{h}"), before.backend());
        insta::assert_snapshot!(format!("explore_after_right_{w}x{h}"), after.backend());
    }
}

/// A bookmark on a section the course no longer has is listed as such, its id shown as
/// harmless text, and Enter leaves the list open.
#[test]
fn a_bookmark_on_a_removed_section_says_so() {
    let course = course();
    let area = Rect::new(0, 0, 100, 24);
    let areas = layout(area, false, mlsys_learn::app::reader::Focus::Narrative);
    let (w, h) = narrative_size(&areas);
    let start = Start {
        bookmarks: vec!["gone\u{1b}[2J".to_string()],
        ..Start::default()
    };
    let reader = Reader::new(&course, 0, start, w, h, KeyMap::default());
    let theme = Theme::new(ThemeName::Dark);
    let mut screen = ReaderScreen::new(reader, &course, &theme);
    for key in [key(KeyCode::Char('\'')), key(KeyCode::Enter)] {
        screen.fit(area);
        screen.update(Input::Key(key), 0);
    }
    screen.fit(area);
    let mut terminal = Terminal::new(TestBackend::new(100, 24)).expect("test terminal");
    terminal.draw(|frame| screen.draw(frame)).expect("draws");
    let text: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect();
    assert!(
        text.contains("gone\\u{1b}[2J (no longer in the course"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no raw escape reaches a cell");
}
