//! The notes pane's two states (browsing, editing), when a note is saved, loads that arrive
//! while writing, and the bookmark list, on the shipped chapter 1.

use super::*;
use crate::app::panes::test_support::*;

fn typed(pane: &mut NotesPane, ctx: &PaneContext<'_>, text: &str) {
    for c in text.chars() {
        assert_eq!(pane.key(press(KeyCode::Char(c)), ctx), PaneOutcome::Handled);
    }
}

#[test]
fn a_new_pane_has_nothing_to_save() {
    let mut pane = NotesPane::new();
    assert!(!pane.is_typing());
    assert_eq!(pane.section(), "");
    assert_eq!(pane.text(), "");
    assert_eq!(pane.take_changed(), None);
}

#[test]
fn load_shows_the_stored_note() {
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "first\nsecond\n");
    assert_eq!(pane.section(), "ml-lifecycle");
    assert_eq!(pane.text(), "first\nsecond\n");
    assert_eq!(pane.take_changed(), None);
}

#[test]
fn enter_starts_editing_at_the_end_and_esc_saves() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "drift");
    assert_eq!(pane.key(press(KeyCode::Enter), &ctx), PaneOutcome::Handled);
    assert!(pane.is_typing());
    typed(&mut pane, &ctx, " matters");
    pane.key(press(KeyCode::Enter), &ctx);
    typed(&mut pane, &ctx, "mj");
    assert_eq!(pane.text(), "drift matters\nmj");
    assert_eq!(
        pane.key(press(KeyCode::Esc), &ctx),
        PaneOutcome::SaveNote {
            section: "ml-lifecycle".into(),
            text: "drift matters\nmj".into()
        }
    );
    assert!(!pane.is_typing());
    assert_eq!(pane.take_changed(), None, "saved already");
}

#[test]
fn esc_without_a_change_saves_nothing() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "same");
    pane.key(press(KeyCode::Enter), &ctx);
    pane.key(press(KeyCode::Char('x')), &ctx);
    pane.key(press(KeyCode::Backspace), &ctx);
    assert_eq!(pane.key(press(KeyCode::Esc), &ctx), PaneOutcome::Handled);
    assert!(!pane.is_typing());
}

#[test]
fn there_is_no_note_outside_a_section() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    assert_eq!(pane.key(press(KeyCode::Enter), &ctx), PaneOutcome::Handled);
    assert!(!pane.is_typing());
}

#[test]
fn take_changed_returns_an_edit_once() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "");
    pane.key(press(KeyCode::Enter), &ctx);
    typed(&mut pane, &ctx, "half a thought");
    assert_eq!(
        pane.take_changed(),
        Some(("ml-lifecycle".into(), "half a thought".into()))
    );
    assert_eq!(pane.take_changed(), None);
    assert!(pane.is_typing());
    assert_eq!(pane.key(press(KeyCode::Esc), &ctx), PaneOutcome::Handled);
}

#[test]
fn a_load_while_writing_waits_until_the_note_is_saved() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "");
    pane.key(press(KeyCode::Enter), &ctx);
    typed(&mut pane, &ctx, "kept");
    pane.load("tinyml", "their note");
    assert_eq!(pane.section(), "ml-lifecycle");
    assert_eq!(pane.text(), "kept");
    let saved = pane.key(press(KeyCode::Esc), &ctx);
    assert_eq!(
        saved,
        PaneOutcome::SaveNote {
            section: "ml-lifecycle".into(),
            text: "kept".into()
        }
    );
    assert_eq!(pane.section(), "tinyml");
    assert_eq!(pane.text(), "their note");
}

#[test]
fn a_reload_of_the_same_section_does_not_undo_the_save() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "old");
    pane.key(press(KeyCode::Enter), &ctx);
    typed(&mut pane, &ctx, " and new");
    pane.load("ml-lifecycle", "old");
    pane.key(press(KeyCode::Esc), &ctx);
    assert_eq!(pane.text(), "old and new");
}

#[test]
fn tab_leaves_the_pane_without_stopping() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "");
    pane.key(press(KeyCode::Enter), &ctx);
    assert_eq!(pane.key(press(KeyCode::Tab), &ctx), PaneOutcome::Unused);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(pane.key(ctrl_c, &ctx), PaneOutcome::Unused);
    assert!(pane.is_typing());
}

#[test]
fn m_toggles_the_bookmark_on_the_readers_section() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    pane.load("tinyml", "");
    assert_eq!(
        pane.key(press(KeyCode::Char('m')), &ctx),
        PaneOutcome::ToggleBookmark("ml-lifecycle".into())
    );
    let nowhere = PaneContext { section: "", ..ctx };
    assert_eq!(
        pane.key(press(KeyCode::Char('m')), &nowhere),
        PaneOutcome::Unused
    );
}

#[test]
fn m_while_writing_is_text() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "");
    pane.key(press(KeyCode::Enter), &ctx);
    assert_eq!(
        pane.key(press(KeyCode::Char('m')), &ctx),
        PaneOutcome::Handled
    );
    assert_eq!(pane.text(), "m");
}

#[test]
fn bookmarks_are_listed_in_chapter_order_and_jumped_to() {
    let course = course();
    let doc = doc(&course);
    let bookmarks = vec![
        "systems-thinking".to_string(),
        "gone".to_string(),
        "ml-lifecycle".to_string(),
    ];
    let ctx = ctx_with(&course, &doc, &bookmarks);
    let listed = bookmarked_sections(ctx.chapter, &bookmarks);
    let labels: Vec<&str> = listed.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["1.2 The ML Lifecycle", "1.4 Systems Thinking for ML"]
    );
    let mut pane = NotesPane::new();
    assert_eq!(
        pane.key(press(KeyCode::Char('g')), &ctx),
        PaneOutcome::JumpToSection("ml-lifecycle".into())
    );
    pane.key(press(KeyCode::Char('j')), &ctx);
    pane.key(press(KeyCode::Down), &ctx);
    assert_eq!(pane.selected(), 1);
    assert_eq!(
        pane.key(press(KeyCode::Char('g')), &ctx),
        PaneOutcome::JumpToSection("systems-thinking".into())
    );
    pane.key(press(KeyCode::Up), &ctx);
    pane.key(press(KeyCode::Char('k')), &ctx);
    assert_eq!(pane.selected(), 0);
}

#[test]
fn g_without_bookmarks_does_nothing() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    assert_eq!(
        pane.key(press(KeyCode::Char('g')), &ctx),
        PaneOutcome::Handled
    );
}

#[test]
fn other_keys_go_to_the_reader_while_browsing() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx_with(&course, &doc, &[]);
    let mut pane = NotesPane::new();
    pane.load("ml-lifecycle", "");
    for code in [
        KeyCode::Esc,
        KeyCode::Char('q'),
        KeyCode::Tab,
        KeyCode::Char('4'),
    ] {
        assert_eq!(pane.key(press(code), &ctx), PaneOutcome::Unused, "{code:?}");
    }
    let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
    assert_eq!(pane.key(ctrl_e, &ctx), PaneOutcome::Unused);
}

/// Marks on the fixture course's chapter "basics" (sections `first` and `second`).
fn marks() -> (Vec<crate::store::Note>, Vec<crate::store::Bookmark>) {
    let note = |section: &str, text: &str| crate::store::Note {
        chapter: "basics".into(),
        section: section.into(),
        text: text.into(),
        updated_at: 1,
    };
    let bookmark = |chapter: &str, section: &str| crate::store::Bookmark {
        chapter: chapter.into(),
        section: section.into(),
        created_at: 1,
    };
    (
        vec![note("first", "on first"), note("second", "on second")],
        vec![
            bookmark("basics", "first"),
            bookmark("basics", "second"),
            bookmark("other-chapter", "elsewhere"),
        ],
    )
}

#[test]
fn a_renamed_section_keeps_its_marks_and_a_removed_ones_are_kept_apart() {
    use crate::app::versions::tests::{CHAPTER, V1 as QUIZ, course_with};
    let (notes, bookmarks) = marks();
    let before = course_with(CHAPTER, QUIZ);
    let chapter = before.chapter("basics").expect("chapter");
    assert!(orphaned_marks(chapter, &notes, &bookmarks).is_empty());

    // The author renames "First" (same id) and removes "Second".
    let edited = CHAPTER.replace("## First {#first}", "## Opening {#first}");
    let cut = edited.find("## Second {#second}").expect("second section");
    let after = course_with(&edited[..cut], QUIZ);
    let chapter = after.chapter("basics").expect("chapter");
    let ids: Vec<String> = bookmarks.iter().map(|b| b.section.clone()).collect();
    let listed = bookmarked_sections(chapter, &ids);
    assert_eq!(listed.len(), 1);
    assert!(listed[0].1.ends_with("Opening"), "{listed:?}");
    assert_eq!(
        orphaned_marks(chapter, &notes, &bookmarks),
        [OrphanMark {
            section: "second".into(),
            bookmarked: true,
            note: Some("on second".into()),
        }],
        "only the removed section, with both its marks; other chapters' marks are theirs"
    );
    let pane = NotesPane::with_orphans(orphaned_marks(chapter, &notes, &bookmarks));
    assert_eq!(pane.orphans().len(), 1);
}
