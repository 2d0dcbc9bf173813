//! Draws the diagram tab: the chapter's figures by caption, the selected one drawn to the
//! pane's width with its selected stage marked, and under it what the chapter says about
//! that stage. When the drawing is taller than the room left, it scrolls to keep the
//! selected stage in view, so the stage and its details are always on screen together.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, List, ListItem, ListState, Paragraph};

use super::fitted_help;
use super::glossary::split_hint;
use super::theme::Theme;
use crate::app::panes::PaneContext;
use crate::app::panes::diagram::{DiagramPane, cycle_of, explore_of, feedback_note, stage_details};
use crate::content::diagram::Cycle;
use crate::content::explore::{Explore, Grid};
use crate::content::{Chapter, Figure};
use crate::render::diagram::{DrawOptions, Part, Segment, draw_at};
use crate::render::wrap::{indent, truncate, wrap};
use crate::render::{self, Role, Style};

/// The most figure captions listed.
const MAX_LIST: usize = 5;
/// Rows the drawing keeps before the figure list gives up its room.
const MIN_DRAWING: usize = 8;

/// Rows of each part of the tab, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub list: usize,
    pub drawing: usize,
    pub details: usize,
    /// Blank rows after the list and after the drawing.
    pub gaps: [usize; 2],
    /// The list shows every figure (else only the selected one).
    pub full_list: bool,
}

pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    pane: &DiagramPane,
    ctx: &PaneContext<'_>,
    theme: &Theme,
    focused: bool,
) {
    let (body, hint_area) = split_hint(area);
    let figures = ctx.chapter.figures();
    let Some(figure) = pane.figure(ctx.chapter) else {
        let text = Line::styled("This chapter has no figures.", theme.dim());
        frame.render_widget(Paragraph::new(text), area);
        return;
    };
    let index = pane.figure_index(ctx.chapter).unwrap_or(0);
    let cycle = cycle_of(figure);
    let explore = explore_of(figure);
    let stage = match (cycle, explore) {
        (Some(c), _) => Some(pane.stage_in(c.stages.len())),
        (_, Some(e)) => Some(pane.input_in(e.inputs.len())),
        _ => None,
    };
    let width = usize::from(body.width);
    let opts = DrawOptions {
        width,
        ascii: false,
        selected: stage,
    };
    let positions = explore
        .map(|e| pane.positions(figure, e))
        .unwrap_or_default();
    let drawing = draw_at(&figure.diagram, &positions, &opts);
    let details = match (cycle, explore, stage) {
        (Some(c), _, Some(s)) => detail_lines(ctx.chapter, c, s, width, theme),
        (_, Some(e), Some(s)) => input_lines(e, s, width, theme),
        _ => Vec::new(),
    };
    let plan = plan(
        usize::from(body.height),
        figures.len(),
        drawing.len(),
        details.len(),
    );
    let rows = rows(body, &plan);
    let list = FigureList {
        figures: &figures,
        index,
        full: plan.full_list,
    };
    draw_list(frame, rows[0], &list, theme, focused);
    let overflow = draw_drawing(frame, rows[1], pane, &drawing, stage, theme);
    frame.render_widget(Paragraph::new(details), rows[2]);
    let pairs = if explore.is_some() {
        explore_hint(figures.len() > 1)
    } else {
        hint(cycle.is_some(), figures.len() > 1, overflow)
    };
    let hint = fitted_help(&pairs, hint_area.width, theme);
    frame.render_widget(Paragraph::new(hint), hint_area);
}

/// Shares `height` rows: the figure list (all figures when the rest still fits, else the
/// selected one), the drawing (at least `MIN_DRAWING` rows when it has them), the details,
/// and whatever is left to the drawing.
pub fn plan(height: usize, figures: usize, drawing: usize, details: usize) -> Plan {
    let every = figures.min(MAX_LIST);
    let details_gap = usize::from(details > 0);
    let wanted = every + 1 + drawing.min(MIN_DRAWING) + details_gap + details;
    let full_list = every > 1 && wanted <= height;
    let list = if full_list { every } else { 1 }.min(height);
    let mut rest = height - list;
    let after_list = usize::from(rest > 1);
    rest -= after_list;
    let least = drawing.min(MIN_DRAWING).min(rest);
    rest -= least;
    let after_drawing = usize::from(least > 0 && details > 0 && rest > 1);
    rest -= after_drawing;
    let details = details.min(rest);
    rest -= details;
    Plan {
        list,
        drawing: least + rest.min(drawing - least),
        details,
        gaps: [after_list, after_drawing],
        full_list,
    }
}

/// The rectangles of the list, the drawing and the details.
fn rows(body: Rect, plan: &Plan) -> [Rect; 3] {
    let at = |y: usize, h: usize| {
        Rect::new(
            body.x,
            body.y + u16::try_from(y).unwrap_or(0),
            body.width,
            u16::try_from(h).unwrap_or(0),
        )
    };
    let drawing_y = plan.list + plan.gaps[0];
    let details_y = drawing_y + plan.drawing + plan.gaps[1];
    [
        at(0, plan.list),
        at(drawing_y, plan.drawing),
        at(details_y, plan.details),
    ]
}

/// The figures as the list shows them.
struct FigureList<'a> {
    figures: &'a [&'a Figure],
    index: usize,
    full: bool,
}

fn draw_list(
    frame: &mut Frame<'_>,
    area: Rect,
    list: &FigureList<'_>,
    theme: &Theme,
    focused: bool,
) {
    let width = usize::from(area.width);
    let highlight = if focused {
        theme.selected()
    } else {
        theme.text().add_modifier(Modifier::BOLD)
    };
    if !list.full {
        let Some(figure) = list.figures.get(list.index) else {
            return;
        };
        let of = (list.figures.len() > 1)
            .then(|| format!(" ({} of {})", list.index + 1, list.figures.len()));
        let line = caption_item(figure, of.as_deref(), width, theme).style(highlight);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let items: Vec<ListItem> = list
        .figures
        .iter()
        .map(|f| ListItem::new(caption_item(f, None, width.saturating_sub(2), theme)))
        .collect();
    let widget = List::new(items)
        .highlight_symbol("▸ ")
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(highlight);
    let mut state = ListState::default().with_selected(Some(list.index));
    frame.render_stateful_widget(widget, area, &mut state);
}

/// "Figure 1.2 (2 of 3): The ML pipeline lifecycle", cut to `width`.
fn caption_item(figure: &Figure, of: Option<&str>, width: usize, theme: &Theme) -> Line<'static> {
    let label = format!("Figure {}{}: ", figure.number, of.unwrap_or(""));
    let line = render::Line::new(vec![
        render::Span::new(label, Style::of(Role::Body).strong()),
        render::Span::new(figure.diagram.caption.clone(), Style::of(Role::Body)),
    ]);
    super::owned_lines(&[truncate(&line, width)], theme)
        .pop()
        .unwrap_or_default()
}

/// The window on the drawing: following the selected stage unless scrolled by hand.
/// Returns whether the drawing is taller than the window.
fn draw_drawing(
    frame: &mut Frame<'_>,
    area: Rect,
    pane: &DiagramPane,
    drawing: &[Vec<Segment>],
    stage: Option<usize>,
    theme: &Theme,
) -> bool {
    let height = usize::from(area.height);
    let max = drawing.len().saturating_sub(height);
    let rows = stage.and_then(|s| stage_rows(drawing, s));
    let offset = match rows {
        Some(rows) if !pane.manual => pane.scroll.place(follow(drawing, rows, height), max),
        _ => pane.scroll.fit(max),
    };
    let lines: Vec<Line> = drawing
        .iter()
        .skip(offset)
        .take(height)
        .map(|segments| segment_line(segments, stage, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    max > 0
}

/// The rows `start..end` holding the box of stage `stage`.
fn stage_rows(drawing: &[Vec<Segment>], stage: usize) -> Option<(usize, usize)> {
    let holds = |line: &Vec<Segment>| {
        line.iter()
            .any(|(text, part)| *part == Part::Stage(stage) && !text.trim().is_empty())
    };
    let start = drawing.iter().position(holds)?;
    let end = drawing.iter().rposition(holds)? + 1;
    Some((start, end))
}

/// Where the window starts to show the stage on `rows`: centred on it, then moved to the
/// nearest top of a box (preferably above) so no box is cut at the top, if the stage stays
/// whole in view.
fn follow(drawing: &[Vec<Segment>], rows: (usize, usize), height: usize) -> usize {
    let (start, end) = rows;
    let span = end - start;
    if span >= height {
        return start;
    }
    let centred = start.saturating_sub((height - span) / 2);
    box_tops(drawing)
        .into_iter()
        .filter(|top| *top <= start && top + height >= end)
        .min_by_key(|top| (*top > centred, top.abs_diff(centred)))
        .unwrap_or(centred)
}

/// The first row of every stage's box.
fn box_tops(drawing: &[Vec<Segment>]) -> Vec<usize> {
    let mut seen = Vec::new();
    let mut tops = Vec::new();
    for (row, line) in drawing.iter().enumerate() {
        for (text, part) in line {
            if let Part::Stage(i) = part
                && !text.trim().is_empty()
                && !seen.contains(i)
            {
                seen.push(*i);
                tops.push(row);
            }
        }
    }
    tops
}

/// A drawn line in theme colours; the selected stage stands out, the feedback loop too.
fn segment_line(segments: &[Segment], stage: Option<usize>, theme: &Theme) -> Line<'static> {
    Line::from(
        segments
            .iter()
            .map(|(text, part)| {
                let style = match (part, stage) {
                    (Part::Stage(i), Some(s)) if *i == s => theme.selected(),
                    _ => theme.render_style(Style::of(Role::Diagram(*part))),
                };
                Span::styled(text.clone(), style)
            })
            .collect::<Vec<_>>(),
    )
}

/// The selected stage's name, its row of the details table, and the feedback loop when it
/// starts or ends at this stage.
fn detail_lines(
    chapter: &Chapter,
    cycle: &Cycle,
    stage: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let Some(name) = cycle.stages.get(stage) else {
        return Vec::new();
    };
    let mut lines = vec![render::Line::new(vec![
        render::Span::new(name.clone(), Style::of(Role::Title)),
        render::Span::new(
            format!(" · stage {} of {}", stage + 1, cycle.stages.len()),
            Style::of(Role::Dim),
        ),
    ])];
    for detail in stage_details(chapter, cycle, stage) {
        let spans = [
            render::Span::new(format!("{}: ", detail.header), Style::of(Role::TableHeader)),
            render::Span::new(detail.value, Style::of(Role::Body)),
        ];
        lines.extend(hanging(&spans, width));
    }
    if let Some(note) = feedback_note(cycle, stage) {
        let style = Style::of(Role::Diagram(Part::Feedback));
        lines.extend(hanging(&[render::Span::new(note, style)], width));
    }
    let lines: Vec<render::Line> = lines.iter().map(|l| truncate(l, width)).collect();
    super::owned_lines(&lines, theme)
}

/// The selected input's range, so the student knows how far it goes.
fn input_lines(explore: &Explore, input: usize, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let Some(input) = explore.inputs.get(input) else {
        return Vec::new();
    };
    let unit = input.unit.as_deref().map_or(String::new(), |u| {
        if u == "%" {
            u.to_string()
        } else {
            format!(" {u}")
        }
    });
    let show = |v: f64| format!("{}{unit}", input.format.show(v));
    let last = input.grid.len().saturating_sub(1);
    let range = match &input.grid {
        Grid::Range { step, .. } => format!(
            "{} to {}, step {}",
            show(input.grid.value(0)),
            show(input.grid.value(last)),
            input.format.show(*step)
        ),
        Grid::Values(_) => format!(
            "{} values from {} to {}",
            input.grid.len(),
            show(input.grid.value(0)),
            show(input.grid.value(last))
        ),
    };
    let spans = [
        render::Span::new(format!("{}: ", input.label), Style::of(Role::TableHeader)),
        render::Span::new(
            format!(
                "{range} · default {}",
                show(input.grid.value(input.default))
            ),
            Style::of(Role::Dim),
        ),
    ];
    let lines: Vec<render::Line> = hanging(&spans, width)
        .iter()
        .map(|l| truncate(l, width))
        .collect();
    super::owned_lines(&lines, theme)
}

/// Wrapped to `width`, continuation lines indented by two.
fn hanging(spans: &[render::Span], width: usize) -> Vec<render::Line> {
    if width <= 4 {
        return wrap(spans, width.max(1));
    }
    let pad = [render::Span::new("  ", Style::of(Role::Body))];
    indent(wrap(spans, width - 2), &[], &pad)
}

fn explore_hint(many: bool) -> Vec<(&'static str, &'static str)> {
    let mut pairs = vec![
        ("↑↓", "input"),
        ("←→", "change"),
        ("⇧←→", "×10"),
        ("r", "reset"),
    ];
    if many {
        pairs.push(("[ ]", "figure"));
    }
    pairs.push(("Enter", "show in text"));
    pairs
}

fn hint(cycle: bool, many: bool, overflow: bool) -> Vec<(&'static str, &'static str)> {
    let mut pairs = Vec::new();
    if cycle {
        pairs.push(("←→", "stage"));
    }
    if many {
        pairs.push(("↑↓", "figure"));
    }
    if overflow {
        pairs.push(("j/k", "scroll"));
    }
    pairs.push(("Enter", "show in text"));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_never_uses_more_rows_than_it_has() {
        for height in 0..40 {
            for drawing in [0, 3, 8, 23] {
                for details in [0, 5, 11] {
                    let p = plan(height, 3, drawing, details);
                    let gaps = p.gaps[0] + p.gaps[1];
                    assert!(p.list + p.drawing + p.details + gaps <= height, "{p:?}");
                    assert!(p.drawing <= drawing && p.details <= details);
                }
            }
        }
    }

    #[test]
    fn the_list_shrinks_to_one_line_before_the_drawing_does() {
        let roomy = plan(30, 3, 8, 7);
        assert!(roomy.full_list);
        assert_eq!((roomy.list, roomy.drawing, roomy.details), (3, 8, 7));
        let tight = plan(21, 3, 23, 10);
        assert!(!tight.full_list);
        assert_eq!((tight.list, tight.drawing, tight.details), (1, 8, 10));
        let one = plan(30, 1, 8, 0);
        assert!(!one.full_list);
        assert_eq!(one.list, 1);
    }

    fn stage(i: usize) -> Segment {
        ("box".to_string(), Part::Stage(i))
    }

    #[test]
    fn following_a_stage_starts_at_the_top_of_a_box() {
        // Boxes of three rows with an arrow row between: tops at 0, 4, 8, 12.
        let arrow = vec![("▼".to_string(), Part::Arrow)];
        let mut drawing = Vec::new();
        for i in 0..4 {
            drawing.extend([vec![stage(i)], vec![stage(i)], vec![stage(i)]]);
            drawing.push(arrow.clone());
        }
        assert_eq!(box_tops(&drawing), [0, 4, 8, 12]);
        assert_eq!(stage_rows(&drawing, 2), Some((8, 11)));
        assert_eq!(follow(&drawing, (8, 11), 10), 4);
        assert_eq!(follow(&drawing, (8, 11), 3), 8);
        assert_eq!(follow(&drawing, (0, 3), 10), 0);
    }
}
