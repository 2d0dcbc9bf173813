//! The tables pane's keys and its scroll offsets, on the shipped chapter 1's tables, and
//! the shared `Scroll`.

use super::*;
use crate::app::panes::test_support::*;

#[test]
fn scroll_is_free_until_drawn_then_clamped() {
    let mut scroll = Scroll::default();
    scroll.by(-3);
    assert_eq!(scroll.offset(), 0);
    scroll.by(50);
    assert_eq!(scroll.offset(), 50);
    assert_eq!(scroll.fit(10), 10);
    assert_eq!(scroll.offset(), 10);
    scroll.by(5);
    assert_eq!(scroll.offset(), 10);
    scroll.by(-4);
    assert_eq!(scroll.offset(), 6);
    scroll.set(usize::MAX);
    assert_eq!(scroll.offset(), 10);
    assert_eq!(scroll.place(3, 10), 3);
    assert_eq!(scroll.place(30, 10), 10);
    scroll.reset();
    assert_eq!(scroll.offset(), 0);
}

#[test]
fn select_by_number_resets_the_scroll() {
    let course = course();
    let chapter = &course.chapters[0];
    let mut pane = TablesPane::new();
    pane.x.set(7);
    pane.y.set(2);
    pane.select("1.3", chapter);
    assert_eq!(pane.selected, 2);
    assert_eq!((pane.x.offset(), pane.y.offset()), (0, 0));
    pane.select("9.9", chapter);
    assert_eq!(pane.selected, 2);
    assert_eq!(pane.table(chapter).map(|t| t.number.as_str()), Some("1.3"));
}

#[test]
fn up_down_and_brackets_choose_a_table_within_bounds() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = TablesPane::new();
    assert_eq!(pane.key(press(KeyCode::Up), &ctx), PaneOutcome::Handled);
    assert_eq!(pane.selected, 0);
    pane.key(press(KeyCode::Down), &ctx);
    pane.key(press(KeyCode::Char(']')), &ctx);
    assert_eq!(pane.selected, 2);
    pane.key(press(KeyCode::Char('[')), &ctx);
    assert_eq!(pane.selected, 1);
    for _ in 0..10 {
        pane.key(press(KeyCode::Down), &ctx);
    }
    assert_eq!(pane.selected, 3);
}

#[test]
fn choosing_another_table_resets_the_scroll() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = TablesPane::new();
    pane.key(press(KeyCode::Char('j')), &ctx);
    pane.key(press(KeyCode::Right), &ctx);
    assert!(pane.y.offset() > 0 && pane.x.offset() > 0);
    pane.key(press(KeyCode::Down), &ctx);
    assert_eq!((pane.x.offset(), pane.y.offset()), (0, 0));
}

/// Table 1.2 as a 40-column pane draws it: the first column (18 wide) frozen.
fn table_1_2_at_40(pane: &mut TablesPane, chapter: &Chapter) {
    pane.select("1.2", chapter);
    pane.view.set(TableView {
        frozen: 18,
        page: 22,
    });
    pane.x.fit(63);
}

#[test]
fn right_and_left_step_by_columns() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = TablesPane::new();
    table_1_2_at_40(&mut pane, &course.chapters[0]);
    let lines = natural_lines(pane.table(ctx.chapter).expect("table 1.2"));
    assert_eq!(column_stops(&lines, 18), [25, 55]);
    pane.key(press(KeyCode::Right), &ctx);
    assert_eq!(pane.x.offset(), 25, "to the next column");
    pane.key(press(KeyCode::Char('l')), &ctx);
    assert_eq!(
        pane.x.offset(),
        47,
        "a page into a column wider than the window"
    );
    pane.key(press(KeyCode::Right), &ctx);
    assert_eq!(pane.x.offset(), 55);
    pane.key(press(KeyCode::Right), &ctx);
    assert_eq!(pane.x.offset(), 63, "no further than the last draw allows");
    pane.key(press(KeyCode::Left), &ctx);
    assert_eq!(pane.x.offset(), 55);
    pane.key(press(KeyCode::Char('h')), &ctx);
    assert_eq!(pane.x.offset(), 33);
    pane.key(press(KeyCode::Left), &ctx);
    assert_eq!(pane.x.offset(), 25);
    pane.key(press(KeyCode::Left), &ctx);
    assert_eq!(pane.x.offset(), 0);
    pane.key(press(KeyCode::Left), &ctx);
    assert_eq!(pane.x.offset(), 0);
}

#[test]
fn j_k_page_keys_scroll_rows() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = TablesPane::new();
    pane.y.fit(4);
    pane.key(press(KeyCode::Char('j')), &ctx);
    pane.key(press(KeyCode::Char('j')), &ctx);
    assert_eq!(pane.y.offset(), 2);
    pane.key(press(KeyCode::Char('k')), &ctx);
    assert_eq!(pane.y.offset(), 1);
    pane.key(press(KeyCode::PageDown), &ctx);
    assert_eq!(pane.y.offset(), 4);
    pane.key(press(KeyCode::PageUp), &ctx);
    assert_eq!(pane.y.offset(), 0);
}

#[test]
fn home_and_end() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = TablesPane::new();
    table_1_2_at_40(&mut pane, &course.chapters[0]);
    pane.key(press(KeyCode::End), &ctx);
    assert_eq!(pane.x.offset(), 63);
    pane.key(press(KeyCode::Char('j')), &ctx);
    pane.key(press(KeyCode::Home), &ctx);
    assert_eq!((pane.x.offset(), pane.y.offset()), (0, 0));
}

#[test]
fn enter_jumps_to_the_table_in_the_text() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = TablesPane::new();
    pane.select("1.2", ctx.chapter);
    let PaneOutcome::JumpToLine(line) = pane.key(press(KeyCode::Enter), &ctx) else {
        panic!("Enter jumps to the table");
    };
    assert!(doc.lines[line].plain().starts_with('┌'));
    let caption = caption_line(&doc, "Table", "1.2").expect("the caption");
    assert!(caption > line);
    assert!(
        doc.lines[caption]
            .plain()
            .starts_with("Table 1.2: Resource")
    );
}

#[test]
fn other_keys_go_to_the_reader() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = TablesPane::new();
    for code in [
        KeyCode::Char('q'),
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::Char('2'),
    ] {
        assert_eq!(pane.key(press(code), &ctx), PaneOutcome::Unused, "{code:?}");
    }
}

#[test]
fn a_chapter_without_tables_has_nothing_to_select() {
    let course = course();
    let mut chapter = course.chapters[0].clone();
    chapter.sections.clear();
    chapter.intro.clear();
    let doc = doc(&course);
    let ctx = PaneContext {
        chapter: &chapter,
        ..ctx(&course, &doc)
    };
    let mut pane = TablesPane::new();
    assert!(pane.table(&chapter).is_none());
    for code in [KeyCode::Down, KeyCode::Right, KeyCode::Left, KeyCode::Enter] {
        assert_eq!(pane.key(press(code), &ctx), PaneOutcome::Handled);
    }
    assert_eq!(pane.selected, 0);
}

#[test]
fn column_geometry_is_read_off_the_top_border() {
    let course = course();
    let tables = course.chapters[0].tables();
    let lines = natural_lines(tables[1]);
    assert_eq!(column_borders(&lines), [17, 42, 72]);
    assert_eq!(first_column_width(&lines), 18);
    assert_eq!(column_stops(&lines, 0), [17, 42, 72]);
    assert!(column_borders(&[]).is_empty());
}
