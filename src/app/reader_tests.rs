//! Transitions of the reader: scrolling, sections, reading marks, insights, checks,
//! search, jumping, bookmarks, quitting with the position, the chapter-complete moment.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::content::load_course;

fn course() -> Course {
    load_course(None).expect("the shipped course loads").course
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

fn reader(course: &Course, start: Start) -> Reader {
    Reader::new(course, 0, start, 80, 20, KeyMap::default())
}

fn press(r: &mut Reader, course: &Course, keys: &[KeyEvent]) -> Vec<Effect> {
    keys.iter().flat_map(|k| r.update(course, *k)).collect()
}

fn line_of(r: &Reader, mark: &Mark) -> usize {
    r.doc
        .lines
        .iter()
        .position(|l| l.mark.as_ref() == Some(mark))
        .expect("mark is rendered")
}

#[test]
fn opens_at_the_saved_position() {
    let course = course();
    let start = Start {
        section: Some("ml-lifecycle".into()),
        line: 3,
        ..Start::default()
    };
    let r = reader(&course, start);
    let mark = r
        .doc
        .sections
        .iter()
        .find(|s| s.id == "ml-lifecycle")
        .expect("section");
    assert_eq!(r.top, mark.line + 3);
    assert_eq!(r.place(), ("ml-lifecycle".to_string(), 3));
}

#[test]
fn cursor_moves_and_the_page_follows_without_leaving_the_text() {
    let course = course();
    let mut r = reader(&course, Start::default());
    press(&mut r, &course, &[ch('j'), ch('j')]);
    assert_eq!((r.top, r.cursor), (0, 2));
    for _ in 0..30 {
        r.update(&course, ch('j'));
    }
    assert_eq!(r.cursor, 32);
    assert_eq!(r.top, 32 - 19);
    press(&mut r, &course, &[ch('G')]);
    assert_eq!(r.top, r.doc.lines.len() - 20);
    assert_eq!(r.cursor, r.doc.lines.len() - 1);
    press(&mut r, &course, &[ch('j'), key(KeyCode::PageDown)]);
    assert_eq!(r.top, r.doc.lines.len() - 20);
    press(&mut r, &course, &[ch('g')]);
    assert_eq!((r.top, r.cursor), (0, 0));
    press(&mut r, &course, &[ch('k'), key(KeyCode::PageUp)]);
    assert_eq!(r.top, 0);
}

#[test]
fn brackets_step_through_sections() {
    let course = course();
    let mut r = reader(&course, Start::default());
    press(&mut r, &course, &[ch(']')]);
    assert_eq!(r.current_section(), "why-ml-systems-matter");
    press(&mut r, &course, &[ch(']'), ch(']')]);
    assert_eq!(r.current_section(), "embedded-ml-tinyml");
    press(&mut r, &course, &[ch('[')]);
    assert_eq!(r.current_section(), "ml-lifecycle");
}

#[test]
fn paging_through_reads_each_section_once() {
    let course = course();
    let mut r = reader(&course, Start::default());
    let mut read = Vec::new();
    for _ in 0..400 {
        read.extend(marked_read(r.update(&course, key(KeyCode::PageDown))));
    }
    assert_eq!(read, section_ids(&course));
    assert_eq!(r.percent_read(&course), 100);
}

fn section_ids(course: &Course) -> Vec<String> {
    course.chapters[0]
        .sections
        .iter()
        .map(|s| s.id.clone())
        .collect()
}

fn marked_read(effects: Vec<Effect>) -> Vec<String> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::MarkRead(id) => Some(id),
            _ => None,
        })
        .collect()
}

#[test]
fn g_reads_only_the_sections_it_shows_not_those_it_jumps_over() {
    let course = course();
    let mut r = reader(&course, Start::default());
    let read = marked_read(press(&mut r, &course, &[ch('G')]));
    let on_last_screen: Vec<String> = r
        .doc
        .sections
        .iter()
        .filter(|s| s.line >= r.top)
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(read, on_last_screen);
    let first = &course.chapters[0].sections[0].id;
    assert!(!r.read.contains(first), "the first section was jumped over");
    assert!(r.percent_read(&course) < 100);
    // Paging back up to the top puts every line on screen: now all are read.
    for _ in 0..400 {
        r.update(&course, key(KeyCode::PageUp));
    }
    assert_eq!(r.percent_read(&course), 100);
}

#[test]
fn a_section_read_across_a_resize_still_counts() {
    let course = course();
    let mut r = reader(&course, Start::default());
    let mut read = Vec::new();
    for step in 0..400 {
        if step == 3 {
            r.resize(&course, 60, 20);
        }
        read.extend(marked_read(r.update(&course, key(KeyCode::PageDown))));
    }
    assert_eq!(read, section_ids(&course));
}

#[test]
fn enter_on_an_insight_opens_and_closes_it() {
    let course = course();
    let mut r = reader(&course, Start::default());
    let closed_len = r.doc.lines.len();
    let at = line_of(&r, &Mark::Insight(0));
    r.show_line(at);
    press(&mut r, &course, &[key(KeyCode::Enter)]);
    assert_eq!(r.open_insights, vec![0]);
    assert!(r.doc.lines.len() > closed_len);
    assert_eq!(r.cursor, line_of(&r, &Mark::Insight(0)));
    press(&mut r, &course, &[key(KeyCode::Enter)]);
    assert!(r.open_insights.is_empty());
    assert_eq!(r.doc.lines.len(), closed_len);
}

#[test]
fn an_in_text_check_is_answered_in_place_and_recorded() {
    let course = course();
    let mut r = reader(&course, Start::default());
    let at = line_of(&r, &Mark::Check("intro-hidden-debt-share".into()));
    r.show_line(at);
    press(&mut r, &course, &[key(KeyCode::Enter)]);
    assert!(matches!(r.overlay, Some(Overlay::Check(_))));
    assert!(r.is_typing(), "a numeric check takes typed text");
    let effects = press(&mut r, &course, &[ch('5'), key(KeyCode::Enter)]);
    let [Effect::RecordCheck(outcome)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(outcome.correct);
    assert_eq!(outcome.question_id, "intro-hidden-debt-share");
    press(&mut r, &course, &[key(KeyCode::Esc)]);
    assert!(r.overlay.is_none());
}

#[test]
fn an_in_text_check_records_how_long_the_answer_took() {
    let course = course();
    let mut r = reader(&course, Start::default());
    let at = line_of(&r, &Mark::Check("intro-hidden-debt-share".into()));
    r.show_line(at);
    r.update_at(&course, key(KeyCode::Enter), 1_000);
    r.update_at(&course, ch('5'), 3_000);
    let effects = r.update_at(&course, key(KeyCode::Enter), 4_500);
    let [Effect::RecordCheck(outcome)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        outcome.elapsed_ms, 3_500,
        "from the check opening to the answer"
    );
}

#[test]
fn an_in_text_check_answers_through_the_quiz_answer_step() {
    // The quiz's rules hold in the check: a number that cannot be read is said and not
    // recorded, the hint is Alt+h while typing, and it is recorded as used.
    let course = course();
    let mut r = reader(&course, Start::default());
    let at = line_of(&r, &Mark::Check("intro-hidden-debt-share".into()));
    r.show_line(at);
    press(&mut r, &course, &[key(KeyCode::Enter)]);
    let effects = press(&mut r, &course, &[ch('h'), ch('q'), key(KeyCode::Enter)]);
    assert!(effects.is_empty(), "{effects:?}");
    let Some(Overlay::Check(check)) = &r.overlay else {
        panic!("the check stays open: {:?}", r.overlay);
    };
    assert!(check.answering.unreadable_number);
    assert!(!check.answering.hint_shown, "h and q typed are text");
    press(
        &mut r,
        &course,
        &[
            key(KeyCode::Backspace),
            key(KeyCode::Backspace),
            KeyEvent::new(KeyCode::Char('h'), KeyModifiers::ALT),
            ch('5'),
        ],
    );
    let effects = press(&mut r, &course, &[key(KeyCode::Enter)]);
    let [Effect::RecordCheck(outcome)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(outcome.correct && outcome.hint_used, "{outcome:?}");
}

#[test]
fn search_finds_matches_and_n_steps_through_them() {
    let course = course();
    let mut r = reader(&course, Start::default());
    press(
        &mut r,
        &course,
        &[
            ch('/'),
            ch('d'),
            ch('r'),
            ch('i'),
            ch('f'),
            ch('t'),
            key(KeyCode::Enter),
        ],
    );
    assert!(!r.search.editing);
    let count = r.search.matches.len();
    assert!(count >= 3, "{count}");
    let first = r.cursor;
    assert!(r.doc.lines[first].plain().to_lowercase().contains("drift"));
    press(&mut r, &course, &[ch('n')]);
    assert!(r.cursor > first);
    press(&mut r, &course, &[ch('N')]);
    assert_eq!(r.cursor, first);
}

#[test]
fn jump_goes_to_a_section_by_name() {
    let course = course();
    let mut r = reader(&course, Start::default());
    press(
        &mut r,
        &course,
        &[
            ch('o'),
            ch('t'),
            ch('i'),
            ch('n'),
            ch('y'),
            key(KeyCode::Enter),
        ],
    );
    assert!(r.overlay.is_none());
    assert_eq!(r.current_section(), "embedded-ml-tinyml");
}

#[test]
fn quitting_saves_the_position() {
    let course = course();
    let mut r = reader(&course, Start::default());
    press(&mut r, &course, &[ch(']'), ch(']'), ch('j')]);
    let effects = press(&mut r, &course, &[ch('q')]);
    assert_eq!(
        effects,
        vec![
            Effect::SavePosition {
                section: "ml-lifecycle".into(),
                line: 0
            },
            Effect::Quit
        ]
    );
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(matches!(
        r.update(&course, ctrl_c).last(),
        Some(Effect::Quit)
    ));
}

#[test]
fn bookmarks_toggle_and_list() {
    let course = course();
    let mut r = reader(&course, Start::default());
    press(&mut r, &course, &[ch(']')]);
    let effects = press(&mut r, &course, &[ch('m')]);
    assert_eq!(
        effects,
        vec![Effect::AddBookmark("why-ml-systems-matter".into())]
    );
    assert_eq!(r.bookmarks, vec!["why-ml-systems-matter".to_string()]);
    press(&mut r, &course, &[ch('G'), ch('\''), key(KeyCode::Enter)]);
    assert_eq!(r.current_section(), "why-ml-systems-matter");
    let effects = press(&mut r, &course, &[ch('m')]);
    assert_eq!(
        effects,
        vec![Effect::RemoveBookmark("why-ml-systems-matter".into())]
    );
    assert!(r.bookmarks.is_empty());
}

#[test]
fn a_bookmark_on_a_removed_section_goes_nowhere() {
    let course = course();
    let start = Start {
        bookmarks: vec!["a-section-since-removed".to_string()],
        ..Start::default()
    };
    let mut r = reader(&course, start);
    press(&mut r, &course, &[ch(']'), ch(']')]);
    let before = r.current_section().to_string();
    press(&mut r, &course, &[ch('\''), key(KeyCode::Enter)]);
    assert_eq!(r.current_section(), before, "no jump to the top");
    assert!(
        matches!(r.overlay, Some(Overlay::Bookmarks { selected: 0 })),
        "the list stays open"
    );
}

#[test]
fn the_chapter_is_complete_when_all_is_read_and_the_quiz_passed() {
    let course = course();
    let start = Start {
        best: Some(Score { score: 30, max: 42 }),
        ..Start::default()
    };
    let mut r = reader(&course, start);
    for _ in 0..400 {
        r.update(&course, key(KeyCode::PageDown));
        if matches!(r.overlay, Some(Overlay::Complete)) {
            break;
        }
    }
    assert!(matches!(r.overlay, Some(Overlay::Complete)));
    press(&mut r, &course, &[ch('x')]);
    assert!(r.overlay.is_none());
    let mut failed = reader(
        &course,
        Start {
            best: Some(Score { score: 20, max: 42 }),
            ..Start::default()
        },
    );
    for _ in 0..400 {
        failed.update(&course, key(KeyCode::PageDown));
    }
    assert!(failed.overlay.is_none());
}

#[test]
fn resizing_keeps_the_reading_place() {
    let course = course();
    let mut r = reader(&course, Start::default());
    press(&mut r, &course, &[ch(']'), ch(']'), ch(']')]);
    let before = r.current_section().to_string();
    r.resize(&course, 50, 10);
    assert_eq!(r.current_section(), before);
    r.resize(&course, 0, 0);
    r.resize(&course, 200, 60);
    assert_eq!(r.current_section(), before);
}

#[test]
fn focus_cycles_through_contents_and_the_side_panel() {
    let course = course();
    let mut r = reader(&course, Start::default());
    press(&mut r, &course, &[key(KeyCode::Tab)]);
    assert_eq!(r.focus, Focus::Toc);
    assert_eq!(
        r.toc_selected, 0,
        "the contents start at the section being read"
    );
    press(&mut r, &course, &[ch('j'), ch('j'), key(KeyCode::Enter)]);
    assert_eq!(r.focus, Focus::Narrative);
    assert_eq!(r.current_section(), "embedded-ml-tinyml");
    press(&mut r, &course, &[ch('3')]);
    assert_eq!(
        (r.focus, r.tab, r.side_open),
        (Focus::Side, SideTab::Diagram, true)
    );
    press(&mut r, &course, &[key(KeyCode::Esc)]);
    assert_eq!(r.focus, Focus::Narrative);
}

fn help_top(r: &Reader) -> Option<usize> {
    match r.overlay {
        Some(Overlay::Help { top }) => Some(top),
        _ => None,
    }
}

#[test]
fn help_scrolls_with_the_movement_keys_within_its_length() {
    let course = course();
    let mut r = reader(&course, Start::default());
    r.fit(
        &course,
        Viewport {
            width: 80,
            height: 20,
            docked: false,
            help_max_top: 12,
        },
    );
    press(&mut r, &course, &[ch('?')]);
    assert_eq!(help_top(&r), Some(0));
    press(&mut r, &course, &[ch('j'), key(KeyCode::Down)]);
    assert_eq!(help_top(&r), Some(2));
    press(&mut r, &course, &[ch('k')]);
    assert_eq!(help_top(&r), Some(1));
    press(&mut r, &course, &[key(KeyCode::PageDown)]);
    assert_eq!(help_top(&r), Some(12), "a page down stops at the last line");
    press(&mut r, &course, &[key(KeyCode::PageUp)]);
    assert_eq!(help_top(&r), Some(0));
    press(&mut r, &course, &[ch('G')]);
    assert_eq!(help_top(&r), Some(12));
    assert_eq!(r.cursor, 0, "keys in the help do not move the text");
    r.fit(
        &course,
        Viewport {
            width: 80,
            height: 30,
            docked: false,
            help_max_top: 4,
        },
    );
    assert_eq!(help_top(&r), Some(4), "a taller window clamps the scroll");
}

#[test]
fn help_closes_with_question_mark_escape_or_q_and_ignores_other_keys() {
    let course = course();
    for close in [ch('?'), key(KeyCode::Esc), ch('q'), key(KeyCode::F(1))] {
        let mut r = reader(&course, Start::default());
        press(&mut r, &course, &[ch('?'), ch('x'), ch('1')]);
        assert_eq!(help_top(&r), Some(0), "other keys leave the help open");
        let effects = press(&mut r, &course, &[close]);
        assert!(r.overlay.is_none(), "{close:?} closes the help");
        assert!(
            !effects.contains(&Effect::Quit),
            "{close:?} closes the help without quitting"
        );
        assert_eq!((r.cursor, r.focus), (0, Focus::Narrative));
    }
}

#[test]
fn enter_on_a_table_or_figure_opens_its_tab() {
    let course = course();
    let mut r = reader(&course, Start::default());
    let at = line_of(&r, &Mark::Table("1.2".into()));
    r.show_line(at);
    press(&mut r, &course, &[key(KeyCode::Enter)]);
    assert_eq!((r.focus, r.tab), (Focus::Side, SideTab::Tables));
    press(&mut r, &course, &[key(KeyCode::Esc)]);
    let at = line_of(&r, &Mark::Figure("1.2".into()));
    r.show_line(at);
    press(&mut r, &course, &[key(KeyCode::Enter)]);
    assert_eq!((r.focus, r.tab), (Focus::Side, SideTab::Diagram));
}

#[test]
fn angle_brackets_move_between_chapters_saving_the_place() {
    let course = course();
    let mut r = reader(&course, Start::default());
    let effects = press(&mut r, &course, &[ch('<')]);
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(
        r.message.as_deref(),
        Some("This is the first chapter of the course.")
    );
    let effects = press(&mut r, &course, &[ch(']'), ch(']'), ch('>')]);
    assert_eq!(effects.last(), Some(&Effect::OpenChapter(1)), "{effects:?}");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SavePosition { .. })),
        "the place in this chapter is saved: {effects:?}"
    );
    let last = course.chapters.len() - 1;
    let mut end = Reader::new(&course, last, Start::default(), 80, 20, KeyMap::default());
    assert!(press(&mut end, &course, &[ch('>')]).is_empty());
    assert_eq!(
        end.message.as_deref(),
        Some("This is the last chapter of the course.")
    );
    let effects = press(&mut end, &course, &[ch('<')]);
    assert_eq!(effects.last(), Some(&Effect::OpenChapter(last - 1)));
}
