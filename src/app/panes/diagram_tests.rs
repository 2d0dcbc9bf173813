//! The diagram pane's keys (stages, figures, scrolling) and what it reads from the chapter
//! about a stage, on the shipped chapter 1: figure 1.1 a proportion, 1.2 the lifecycle
//! cycle, 1.3 lanes.

use super::*;
use crate::app::panes::test_support::*;
use crate::content::Course;

fn lifecycle(course: &Course) -> &Cycle {
    let figures = course.chapters[0].figures();
    let cycle = figures.iter().find_map(|f| cycle_of(f));
    cycle.expect("chapter 1 has the lifecycle")
}

#[test]
fn starts_on_the_first_cycle_figure() {
    let course = course();
    let pane = DiagramPane::new();
    let chapter = &course.chapters[0];
    assert_eq!(pane.figure_index(chapter), Some(1));
    assert_eq!(pane.figure(chapter).map(|f| f.number.as_str()), Some("1.2"));
    assert_eq!(pane.stage, 0);
}

#[test]
fn left_and_right_go_round_the_stages() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = DiagramPane::new();
    assert_eq!(pane.key(press(KeyCode::Left), &ctx), PaneOutcome::Handled);
    assert_eq!(pane.stage, 5, "wraps to Monitoring");
    pane.key(press(KeyCode::Right), &ctx);
    assert_eq!(pane.stage, 0, "wraps to Data Collection");
    pane.key(press(KeyCode::Char('l')), &ctx);
    pane.key(press(KeyCode::Char('l')), &ctx);
    assert_eq!(pane.stage, 2);
    pane.key(press(KeyCode::Char('h')), &ctx);
    assert_eq!(pane.stage, 1);
}

#[test]
fn a_stage_change_follows_the_stage_again() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = DiagramPane::new();
    pane.key(press(KeyCode::Char('j')), &ctx);
    pane.key(press(KeyCode::Char('j')), &ctx);
    assert!(pane.manual);
    assert_eq!(pane.scroll.offset(), 2);
    pane.key(press(KeyCode::Char('k')), &ctx);
    assert_eq!(pane.scroll.offset(), 1);
    pane.key(press(KeyCode::Right), &ctx);
    assert!(!pane.manual);
}

#[test]
fn up_down_and_brackets_switch_figures_within_bounds() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = DiagramPane::new();
    pane.key(press(KeyCode::Right), &ctx);
    pane.key(press(KeyCode::Char('j')), &ctx);
    pane.key(press(KeyCode::Down), &ctx);
    assert_eq!(pane.figure_index(ctx.chapter), Some(2));
    assert_eq!(
        (pane.stage, pane.scroll.offset(), pane.manual),
        (0, 0, false)
    );
    let last = ctx.chapter.figures().len() - 1;
    for _ in 0..=last {
        pane.key(press(KeyCode::Char(']')), &ctx);
    }
    assert_eq!(pane.figure_index(ctx.chapter), Some(last));
    for _ in 0..=last {
        pane.key(press(KeyCode::Char('[')), &ctx);
    }
    assert_eq!(pane.figure_index(ctx.chapter), Some(0));
    pane.key(press(KeyCode::Up), &ctx);
    assert_eq!(pane.figure_index(ctx.chapter), Some(0));
}

/// The chapter's first figure of kind `kind`, by number.
fn first_of(chapter: &crate::content::Chapter, explore: bool) -> String {
    chapter
        .figures()
        .iter()
        .find(|f| explore_of(f).is_some() == explore && cycle_of(f).is_none())
        .map(|f| f.number.clone())
        .expect("such a figure")
}

#[test]
fn stages_do_not_move_on_a_figure_that_is_not_a_cycle() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = DiagramPane::new();
    pane.select(&first_of(ctx.chapter, false), ctx.chapter);
    assert_eq!(pane.key(press(KeyCode::Right), &ctx), PaneOutcome::Handled);
    assert_eq!(pane.key(press(KeyCode::Left), &ctx), PaneOutcome::Handled);
    assert_eq!(pane.stage, 0);
}

#[test]
fn an_explorable_steps_its_selected_input_and_asks_to_save() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = DiagramPane::new();
    pane.select(&first_of(ctx.chapter, true), ctx.chapter);
    let figure = pane.figure(ctx.chapter).expect("figure");
    let explore = explore_of(figure).expect("explorable");
    let id = figure.diagram.id.clone().expect("id");
    let defaults = explore.defaults();
    let saved = |positions: Vec<usize>| PaneOutcome::SaveFigure {
        figure: id.clone(),
        positions,
    };
    let mut expected = defaults.clone();
    expected[0] += 1;
    assert_eq!(
        pane.key(press(KeyCode::Right), &ctx),
        saved(expected.clone())
    );
    assert_eq!(pane.key(press(KeyCode::Down), &ctx), PaneOutcome::Handled);
    assert_eq!(pane.input_in(explore.inputs.len()), 1);
    let shift_left = KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT);
    expected[1] -= BIG_STEP;
    assert_eq!(pane.key(shift_left, &ctx), saved(expected.clone()));
    assert_eq!(pane.positions(figure, explore), expected);
    // Far past the end: clamped to the grid, and no save when nothing moves.
    for _ in 0..20 {
        pane.key(KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT), &ctx);
    }
    let last = explore.inputs[1].grid.len() - 1;
    assert_eq!(pane.positions(figure, explore)[1], last);
    assert_eq!(pane.key(press(KeyCode::Right), &ctx), PaneOutcome::Handled);
    assert_eq!(
        pane.key(press(KeyCode::Char('r')), &ctx),
        saved(defaults.clone())
    );
    for _ in 0..10 {
        pane.key(press(KeyCode::Down), &ctx);
    }
    assert_eq!(
        pane.input_in(explore.inputs.len()),
        explore.inputs.len() - 1
    );
}

#[test]
fn an_explorable_opens_where_the_student_left_it() {
    let course = course();
    let chapter = &course.chapters[0];
    let figure = chapter
        .figures()
        .into_iter()
        .find(|f| explore_of(f).is_some())
        .expect("an explorable");
    let explore = explore_of(figure).expect("explorable");
    let id = figure.diagram.id.clone().expect("id");
    let pane = DiagramPane::with_settings(vec![(id, vec![0, 9999])]);
    let positions = pane.positions(figure, explore);
    assert_eq!(positions[0], 0);
    assert_eq!(positions[1], explore.inputs[1].grid.len() - 1);
    assert_eq!(
        DiagramPane::new().positions(figure, explore),
        explore.defaults()
    );
}

#[test]
fn select_by_number() {
    let course = course();
    let chapter = &course.chapters[0];
    let mut pane = DiagramPane::new();
    pane.stage = 3;
    pane.select("1.1", chapter);
    assert_eq!(pane.figure_index(chapter), Some(0));
    assert_eq!(pane.stage, 0);
    pane.select("7.7", chapter);
    assert_eq!(pane.figure_index(chapter), Some(0));
    pane.stage = 4;
    pane.select("1.1", chapter);
    assert_eq!(pane.stage, 4, "selecting the figure shown keeps the stage");
}

#[test]
fn the_stage_is_kept_inside_the_cycle() {
    let pane = DiagramPane {
        stage: 13,
        ..DiagramPane::new()
    };
    assert_eq!(pane.stage_in(6), 1);
    assert_eq!(pane.stage_in(0), 0);
}

#[test]
fn enter_jumps_to_the_figure_in_the_text() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = DiagramPane::new();
    let PaneOutcome::JumpToLine(line) = pane.key(press(KeyCode::Enter), &ctx) else {
        panic!("Enter jumps to the figure");
    };
    assert!(doc.lines[line].plain().trim_start().starts_with('┌'));
    assert!(doc.lines[line + 1].plain().contains("Data Collection"));
    let caption = caption_line(&doc, "Figure", "1.2").expect("the caption");
    assert!(line < caption);
}

#[test]
fn other_keys_go_to_the_reader() {
    let course = course();
    let doc = doc(&course);
    let ctx = ctx(&course, &doc);
    let mut pane = DiagramPane::new();
    for code in [
        KeyCode::Char('q'),
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::Char('3'),
    ] {
        assert_eq!(pane.key(press(code), &ctx), PaneOutcome::Unused, "{code:?}");
    }
}

#[test]
fn a_chapter_without_figures() {
    let course = course();
    let mut chapter = course.chapters[0].clone();
    chapter.sections.clear();
    chapter.intro.clear();
    let doc = doc(&course);
    let ctx = PaneContext {
        chapter: &chapter,
        ..ctx(&course, &doc)
    };
    let mut pane = DiagramPane::new();
    assert_eq!(pane.figure_index(&chapter), None);
    for code in [KeyCode::Down, KeyCode::Right, KeyCode::Enter] {
        assert_eq!(pane.key(press(code), &ctx), PaneOutcome::Handled);
    }
}

#[test]
fn details_come_from_the_chapters_table() {
    let course = course();
    let chapter = &course.chapters[0];
    let details = stage_details(chapter, lifecycle(&course), 5);
    let pairs: Vec<(&str, &str)> = details
        .iter()
        .map(|d| (d.header.as_str(), d.value.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("Primary Activity", "Tracking live model behavior"),
            (
                "Key Systems Challenge",
                "Detecting data drift and silent failures"
            ),
            ("Typical Tools", "Prometheus, Evidently, Grafana"),
        ]
    );
}

#[test]
fn details_match_the_stage_name_ignoring_case() {
    let course = course();
    let mut cycle = lifecycle(&course).clone();
    cycle.stages[2] = "  TRAINING ".to_string();
    let details = stage_details(&course.chapters[0], &cycle, 2);
    assert_eq!(
        details.first().map(|d| d.value.as_str()),
        Some("Fitting model parameters to data")
    );
}

#[test]
fn no_details_without_a_table_or_a_row() {
    let course = course();
    let chapter = &course.chapters[0];
    let mut cycle = lifecycle(&course).clone();
    assert!(stage_details(chapter, &cycle, 99).is_empty());
    cycle.stages[0] = "Not a stage".to_string();
    assert!(stage_details(chapter, &cycle, 0).is_empty());
    cycle.details = Some("tbl-missing".to_string());
    assert!(stage_details(chapter, &cycle, 1).is_empty());
    cycle.details = None;
    assert!(stage_details(chapter, &cycle, 1).is_empty());
}

#[test]
fn the_feedback_is_noted_at_both_its_ends_only() {
    let course = course();
    let cycle = lifecycle(&course);
    let note = "Feedback: Monitoring → Data Collection: drift and silent failures send you back to the data";
    assert_eq!(feedback_note(cycle, 5).as_deref(), Some(note));
    assert_eq!(feedback_note(cycle, 0).as_deref(), Some(note));
    assert_eq!(feedback_note(cycle, 2), None);
    let mut unlabelled = cycle.clone();
    if let Some(f) = unlabelled.feedback.as_mut() {
        f.label = None;
    }
    assert_eq!(
        feedback_note(&unlabelled, 5).as_deref(),
        Some("Feedback: Monitoring → Data Collection")
    );
}
