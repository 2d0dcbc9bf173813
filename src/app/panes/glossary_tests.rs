//! Every way a key moves the glossary pane between its states (browsing the list, typing a
//! filter, reading a definition, showing looked-up terms), on the shipped chapter 1.

use super::*;
use crate::app::panes::test_support::*;
use crate::content::{Block, Course};

fn ch(c: char) -> KeyEvent {
    press(KeyCode::Char(c))
}

fn terms(pane: &GlossaryPane, ctx: &PaneContext<'_>) -> Vec<String> {
    pane.entries(ctx)
        .iter()
        .map(|e| e.term.to_string())
        .collect()
}

fn typed(pane: &mut GlossaryPane, ctx: &PaneContext<'_>, text: &str) {
    for c in text.chars() {
        assert_eq!(pane.key(ch(c), ctx), PaneOutcome::Handled);
    }
}

#[test]
fn starts_on_the_chapter_terms_in_alphabetical_order() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let pane = GlossaryPane::new();
    assert!(!pane.is_typing() && !pane.is_open() && !pane.whole_course());
    let list = terms(&pane, &ctx);
    assert_eq!(list.len(), 8);
    assert_eq!(list.first().map(String::as_str), Some("Edge Computing"));
    let mut sorted = list.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(list, sorted);
}

#[test]
fn a_letter_starts_a_new_filter() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    typed(&mut pane, &ctx, "tiny");
    assert!(pane.is_typing());
    assert_eq!(pane.filter, "tiny");
    assert_eq!(terms(&pane, &ctx), ["TinyML"]);
    // Stopping, then a letter again: a fresh filter, not an extension.
    pane.key(press(KeyCode::Enter), &ctx);
    pane.key(press(KeyCode::Esc), &ctx);
    assert_eq!(pane.filter, "tiny");
    assert_eq!(pane.key(ch('e'), &ctx), PaneOutcome::Handled);
    assert_eq!(pane.filter, "e");
}

#[test]
fn slash_resumes_the_filter_and_backspace_edits_it() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    typed(&mut pane, &ctx, "ml");
    pane.key(press(KeyCode::Enter), &ctx);
    pane.key(press(KeyCode::Esc), &ctx);
    assert!(!pane.is_typing() && !pane.is_open());
    pane.key(ch('/'), &ctx);
    assert!(pane.is_typing());
    assert_eq!(pane.filter, "ml");
    typed(&mut pane, &ctx, " s");
    assert_eq!(terms(&pane, &ctx), ["ML Systems Engineering"]);
    pane.key(press(KeyCode::Backspace), &ctx);
    pane.key(press(KeyCode::Backspace), &ctx);
    assert_eq!(pane.filter, "ml");
}

#[test]
fn backspace_in_the_list_resumes_typing() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    typed(&mut pane, &ctx, "tiny");
    pane.key(press(KeyCode::Enter), &ctx);
    pane.key(press(KeyCode::Esc), &ctx);
    assert_eq!(
        pane.key(press(KeyCode::Backspace), &ctx),
        PaneOutcome::Handled
    );
    assert!(pane.is_typing());
    assert_eq!(pane.filter, "tin");
}

#[test]
fn esc_while_typing_clears_and_stops() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    typed(&mut pane, &ctx, "edge");
    assert_eq!(pane.key(press(KeyCode::Esc), &ctx), PaneOutcome::Handled);
    assert!(!pane.is_typing());
    assert!(pane.filter.is_empty());
    assert_eq!(terms(&pane, &ctx).len(), 8);
}

#[test]
fn ctrl_u_clears_while_typing_and_other_ctrl_keys_pass() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    typed(&mut pane, &ctx, "edge");
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(pane.key(ctrl('u'), &ctx), PaneOutcome::Handled);
    assert!(pane.filter.is_empty() && pane.is_typing());
    assert_eq!(pane.key(ctrl('d'), &ctx), PaneOutcome::Unused);
    assert_eq!(pane.key(press(KeyCode::Tab), &ctx), PaneOutcome::Unused);
}

#[test]
fn letters_like_j_and_q_are_text_while_typing() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    pane.key(ch('/'), &ctx);
    typed(&mut pane, &ctx, "jq 5%");
    assert_eq!(pane.filter, "jq 5%");
    assert!(terms(&pane, &ctx).is_empty());
}

#[test]
fn enter_while_typing_opens_the_selected_term() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    typed(&mut pane, &ctx, "ml");
    pane.key(press(KeyCode::Down), &ctx);
    let second = terms(&pane, &ctx)[1].clone();
    pane.key(press(KeyCode::Enter), &ctx);
    assert!(pane.is_open() && !pane.is_typing());
    assert_eq!(pane.current(&ctx).map(|e| e.term.to_string()), Some(second));
}

#[test]
fn enter_with_no_match_opens_nothing() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    typed(&mut pane, &ctx, "zzz");
    pane.key(press(KeyCode::Enter), &ctx);
    assert!(!pane.is_open() && !pane.is_typing());
    assert_eq!(pane.key(press(KeyCode::Enter), &ctx), PaneOutcome::Handled);
    assert!(!pane.is_open());
}

#[test]
fn j_k_and_arrows_move_within_the_list() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    pane.key(ch('k'), &ctx);
    assert_eq!(pane.selected(), 0);
    pane.key(ch('j'), &ctx);
    pane.key(press(KeyCode::Down), &ctx);
    assert_eq!(pane.selected(), 2);
    pane.key(press(KeyCode::Up), &ctx);
    assert_eq!(pane.selected(), 1);
    pane.key(press(KeyCode::End), &ctx);
    assert_eq!(pane.selected(), 7);
    pane.key(ch('j'), &ctx);
    assert_eq!(pane.selected(), 7);
    pane.key(press(KeyCode::Home), &ctx);
    assert_eq!(pane.selected(), 0);
}

#[test]
fn keys_the_list_does_not_use_go_to_the_reader() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    for key in [
        ch('1'),
        ch('4'),
        ch('?'),
        press(KeyCode::Tab),
        press(KeyCode::Esc),
    ] {
        assert_eq!(pane.key(key, &ctx), PaneOutcome::Unused, "{key:?}");
    }
    let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(pane.key(ctrl_d, &ctx), PaneOutcome::Unused);
}

#[test]
fn esc_in_the_list_clears_a_kept_filter_first() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    typed(&mut pane, &ctx, "edge");
    pane.key(press(KeyCode::Enter), &ctx);
    pane.key(press(KeyCode::Esc), &ctx);
    assert_eq!(pane.key(press(KeyCode::Esc), &ctx), PaneOutcome::Handled);
    assert!(pane.filter.is_empty());
    assert_eq!(pane.key(press(KeyCode::Esc), &ctx), PaneOutcome::Unused);
}

#[test]
fn w_toggles_the_whole_course() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    pane.key(ch('j'), &ctx);
    pane.key(ch('w'), &ctx);
    assert!(pane.whole_course());
    assert_eq!(pane.selected(), 0);
    assert_eq!(pane.entries(&ctx).len(), course.glossary().len());
    pane.key(ch('w'), &ctx);
    assert!(!pane.whole_course());
}

#[test]
fn the_definition_view_scrolls_and_closes() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    for close in [
        press(KeyCode::Esc),
        press(KeyCode::Backspace),
        press(KeyCode::Left),
        ch('h'),
    ] {
        let mut pane = GlossaryPane::new();
        pane.key(press(KeyCode::Enter), &ctx);
        assert!(pane.is_open());
        pane.key(ch('j'), &ctx);
        pane.key(press(KeyCode::Down), &ctx);
        assert_eq!(pane.scroll.offset(), 2);
        pane.key(ch('k'), &ctx);
        assert_eq!(pane.scroll.offset(), 1);
        assert_eq!(pane.key(close, &ctx), PaneOutcome::Handled);
        assert!(!pane.is_open());
    }
}

#[test]
fn opening_again_starts_at_the_top() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    pane.key(press(KeyCode::Enter), &ctx);
    pane.key(ch('j'), &ctx);
    pane.key(press(KeyCode::Esc), &ctx);
    pane.key(press(KeyCode::Enter), &ctx);
    assert_eq!(pane.scroll.offset(), 0);
}

#[test]
fn enter_or_g_on_a_definition_jumps_to_it_in_the_text() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    for go in [press(KeyCode::Enter), ch('g')] {
        let mut pane = GlossaryPane::new();
        typed(&mut pane, &ctx, "tiny");
        pane.key(press(KeyCode::Enter), &ctx);
        let PaneOutcome::JumpToLine(line) = pane.key(go, &ctx) else {
            panic!("{go:?} jumps");
        };
        assert_eq!(doc.lines[line].plain(), "◆ TinyML");
    }
}

#[test]
fn g_in_the_list_jumps_straight_to_the_text() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    let PaneOutcome::JumpToLine(line) = pane.key(ch('g'), &ctx) else {
        panic!("g jumps");
    };
    assert_eq!(doc.lines[line].plain(), "◆ Edge Computing");
    assert!(!pane.is_open());
}

#[test]
fn slash_in_a_definition_goes_back_to_typing_and_other_letters_pass() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    pane.key(press(KeyCode::Enter), &ctx);
    assert_eq!(pane.key(ch('q'), &ctx), PaneOutcome::Unused);
    assert_eq!(pane.key(ch('/'), &ctx), PaneOutcome::Handled);
    assert!(pane.is_typing() && !pane.is_open());
}

#[test]
fn a_look_up_of_one_term_opens_it() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    typed(&mut pane, &ctx, "zz");
    pane.look_up(&["tinyml".to_string()]);
    assert!(pane.is_open() && !pane.is_typing());
    assert!(pane.filter.is_empty());
    assert_eq!(terms(&pane, &ctx), ["TinyML"]);
}

#[test]
fn a_look_up_shows_exactly_those_terms_until_esc() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    let wanted = ["TinyML".to_string(), "Embedded ML".to_string()];
    pane.look_up(&wanted);
    assert!(!pane.is_open());
    assert_eq!(terms(&pane, &ctx), wanted);
    assert_eq!(pane.looked_up(), Some(&wanted[..]));
    assert_eq!(pane.key(press(KeyCode::Esc), &ctx), PaneOutcome::Handled);
    assert_eq!(pane.looked_up(), None);
    assert_eq!(terms(&pane, &ctx).len(), 8);
}

#[test]
fn typing_replaces_a_look_up() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    pane.look_up(&["TinyML".to_string(), "Embedded ML".to_string()]);
    pane.key(ch('e'), &ctx);
    assert_eq!(pane.looked_up(), None);
    assert!(terms(&pane, &ctx).contains(&"Edge Computing".to_string()));
}

/// Chapter 1 and a copy numbered 2 whose first definition is renamed "Zeta Term".
fn two_chapters() -> Course {
    let mut course = course();
    let mut other = course.chapters[0].clone();
    other.number = 2;
    let renamed = other
        .sections
        .iter_mut()
        .flat_map(|s| s.blocks.iter_mut())
        .find_map(|block| match block {
            Block::Definition { term, .. } => Some(term),
            _ => None,
        });
    if let Some(term) = renamed {
        *term = "Zeta Term".to_string();
    }
    course.chapters.push(other);
    course
}

#[test]
fn a_term_of_another_chapter_is_shown_not_jumped_to() {
    let course = two_chapters();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    pane.look_up(&["Zeta Term".to_string(), "TinyML".to_string()]);
    assert_eq!(pane.key(ch('g'), &ctx), PaneOutcome::Handled);
    assert!(pane.is_open());
    let entry = pane.current(&ctx).expect("an entry");
    assert_eq!(entry.chapter.number, 2);
    assert!(!in_this_chapter(&entry, &ctx));
    assert!(location(&entry).starts_with("Chapter 2, section "));
    assert_eq!(pane.key(press(KeyCode::Enter), &ctx), PaneOutcome::Handled);
}

#[test]
fn a_look_up_lists_this_chapters_definition_first() {
    let course = two_chapters();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    pane.look_up(&["TinyML".to_string()]);
    let chapters: Vec<u32> = pane
        .entries(&ctx)
        .iter()
        .map(|e| e.chapter.number)
        .collect();
    assert_eq!(chapters, [1, 2]);
}

#[test]
fn location_names_chapter_and_section() {
    let course = course();
    let doc = doc_at(&course, 80);
    let ctx = ctx(&course, &doc);
    let mut pane = GlossaryPane::new();
    pane.look_up(&["TinyML".to_string()]);
    let entry = pane.current(&ctx).expect("TinyML");
    assert_eq!(
        location(&entry),
        "Chapter 1, section 1.3 Embedded ML and TinyML"
    );
    assert!(in_this_chapter(&entry, &ctx));
}

#[test]
fn definition_lines_are_found_when_the_term_wraps() {
    let course = course();
    for width in [12, 20, 40, 80, 120] {
        let doc = doc_at(&course, width);
        for entry in course.chapters[0].glossary() {
            let line = definition_line(&doc, entry.term)
                .unwrap_or_else(|| panic!("{} at {width}", entry.term));
            let plain = doc.lines[line].plain();
            let first = entry.term.split(' ').next().unwrap_or_default();
            assert!(plain.contains(first), "{plain} for {}", entry.term);
        }
    }
    let doc = doc_at(&course, 80);
    assert_eq!(definition_line(&doc, "No Such Term"), None);
}
