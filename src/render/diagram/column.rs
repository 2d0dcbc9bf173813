//! The column layout: boxes stacked top to bottom, with ▼ between them and arrows up or down
//! the sides.
//!
//! Both the cycle and the lanes fall back to a column when their rows do not fit the width;
//! below the width that boxes need, the column draws bare truncated labels instead, and side
//! arrows it cannot draw are listed under the figure.

use super::boxes::{Boxed, arrow_down, arrow_text, draw_box, draw_legend};
use super::canvas::Canvas;
use super::glyphs::{Dir, Stroke};
use super::text::{longest_word, text_width, truncate, widest, wrap, wrap_balanced};
use super::{DrawOptions, Part};

/// Words longer than this may be broken inside a box rather than giving up on boxes.
const BREAKABLE_WORD: usize = 12;

/// A figure as a column: headings and steps from top to bottom, and arrows up or down its
/// sides.
pub(super) struct Column {
    pub(super) items: Vec<ColItem>,
    pub(super) sides: Vec<Side>,
}

pub(super) enum ColItem {
    Heading(String),
    Step(Step),
}

pub(super) struct Step {
    pub(super) label: String,
    pub(super) part: Part,
    pub(super) selected: bool,
    /// Whether a ▼ leads from this step to the next item (which is then a step too).
    pub(super) chained: bool,
}

/// An arrow between two items (by index) drawn up or down the left or right side.
pub(super) struct Side {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) stroke: Stroke,
    pub(super) part: Part,
    pub(super) label: Option<String>,
    pub(super) left: bool,
}

impl Column {
    fn steps(&self) -> impl Iterator<Item = &Step> {
        self.items.iter().filter_map(|item| match item {
            ColItem::Step(step) => Some(step),
            ColItem::Heading(_) => None,
        })
    }

    fn label_of(&self, index: usize) -> &str {
        match self.items.get(index) {
            Some(ColItem::Step(step)) => &step.label,
            Some(ColItem::Heading(h)) => h,
            None => "",
        }
    }

    /// Which side arrows get drawn: one per box and side, so that their lines never merge;
    /// the others are listed under the figure.
    fn drawable(&self) -> Vec<bool> {
        let mut used: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        self.sides
            .iter()
            .map(|side| {
                let taken = &mut used[usize::from(side.left)];
                let free = !taken.contains(&side.from) && !taken.contains(&side.to);
                if free {
                    taken.extend([side.from, side.to]);
                }
                free
            })
            .collect()
    }

    /// The lines that list `sides` under the figure ("A ─▶ B: label").
    fn legend<'a>(
        &self,
        sides: impl IntoIterator<Item = &'a Side>,
        ascii: bool,
    ) -> Vec<(String, Part)> {
        sides
            .into_iter()
            .map(|side| {
                let text = arrow_text(
                    self.label_of(side.from),
                    self.label_of(side.to),
                    side.label.as_deref(),
                    side.stroke,
                    ascii,
                );
                (text, side.part)
            })
            .collect()
    }
}

/// Where the boxes of a column go: `box_x` leaves room for arrows on the left.
struct ColGeom {
    box_x: usize,
    inner: usize,
}

/// Boxes when the longest word (or `BREAKABLE_WORD` columns of it) fits in one beside the
/// side arrows, else bare labels.
pub(super) fn draw_column(column: &Column, opts: &DrawOptions) -> Canvas {
    match column_geometry(column, opts.width) {
        Some(geom) => draw_column_boxes(column, &geom, opts),
        None => draw_column_bare(column, opts),
    }
}

/// Columns taken by `n` side arrows: two per arrow plus one for the arrowhead's line.
fn side_room(n: usize) -> usize {
    if n == 0 { 0 } else { 2 * n + 1 }
}

fn column_geometry(column: &Column, width: usize) -> Option<ColGeom> {
    let drawable = column.drawable();
    let count = |left: bool| {
        column
            .sides
            .iter()
            .zip(&drawable)
            .filter(|(s, ok)| **ok && s.left == left)
            .count()
    };
    let (left, right) = (count(true), count(false));
    let box_x = side_room(left);
    let avail = width.checked_sub(box_x + side_room(right) + 4)?;
    let labels: Vec<String> = column.steps().map(|s| s.label.clone()).collect();
    let widest = widest(&labels);
    let need = longest_word(&labels).min(BREAKABLE_WORD).min(widest).max(1);
    (avail >= need).then_some(ColGeom {
        box_x,
        inner: widest.min(avail).max(1),
    })
}

/// Items of a column placed from the top: headings as text rows, steps as boxes.
enum Placed {
    Heading(usize, Vec<String>),
    Box(Boxed),
}

fn place_column(column: &Column, geom: &ColGeom) -> (Vec<Placed>, usize) {
    let bw = geom.inner + 4;
    let mut y = 0;
    let mut placed = Vec::with_capacity(column.items.len());
    for item in &column.items {
        match item {
            ColItem::Heading(text) => {
                let lines = wrap(text, bw);
                let rows = lines.len();
                placed.push(Placed::Heading(y, lines));
                y += rows;
            }
            ColItem::Step(step) => {
                let mut b = Boxed::new(wrap(&step.label, geom.inner), step.part, step.selected);
                (b.x, b.y, b.w) = (geom.box_x, y, bw);
                y += b.h + 1;
                placed.push(Placed::Box(b));
            }
        }
    }
    (placed, y)
}

fn placed_box(placed: &[Placed], index: usize) -> Option<&Boxed> {
    match placed.get(index) {
        Some(Placed::Box(b)) => Some(b),
        _ => None,
    }
}

fn draw_column_boxes(column: &Column, geom: &ColGeom, opts: &DrawOptions) -> Canvas {
    let mut canvas = Canvas::new(opts.width, opts.ascii);
    let (placed, height) = place_column(column, geom);
    for (i, item) in placed.iter().enumerate() {
        match item {
            Placed::Heading(y, lines) => {
                for (row, line) in lines.iter().enumerate() {
                    canvas.text(geom.box_x, y + row, line, Part::Text);
                }
            }
            Placed::Box(b) => {
                draw_box(&mut canvas, b);
                chain_arrow(&mut canvas, column, &placed, i);
            }
        }
    }
    let listed = draw_sides(&mut canvas, column, &placed);
    draw_legend(&mut canvas, height, &column.legend(listed, opts.ascii));
    canvas
}

fn chain_arrow(canvas: &mut Canvas, column: &Column, placed: &[Placed], i: usize) {
    let chained = matches!(column.items.get(i), Some(ColItem::Step(s)) if s.chained);
    if let (true, Some(from), Some(to)) =
        (chained, placed_box(placed, i), placed_box(placed, i + 1))
    {
        arrow_down(canvas, from, to, from.center(), Part::Arrow);
    }
}

/// Draws the side arrows; returns those that must be listed under the figure instead (or
/// whose labels must).
fn draw_sides<'a>(canvas: &mut Canvas, column: &'a Column, placed: &[Placed]) -> Vec<&'a Side> {
    let mut listed: Vec<&Side> = Vec::new();
    let mut todo: Vec<(&Side, &Boxed, &Boxed)> = Vec::new();
    for (side, ok) in column.sides.iter().zip(column.drawable()) {
        match (
            ok,
            placed_box(placed, side.from),
            placed_box(placed, side.to),
        ) {
            (true, Some(from), Some(to)) => todo.push((side, from, to)),
            _ => listed.push(side),
        }
    }
    // Shorter arrows nearer the boxes, so that nested arrows do not cross.
    todo.sort_by_key(|(_, from, to)| from.mid().abs_diff(to.mid()));
    let mut drawn: Vec<(&Side, usize)> = Vec::new();
    for (side, from, to) in todo {
        let slot = drawn.iter().filter(|(s, _)| s.left == side.left).count();
        drawn.push((side, draw_side(canvas, side, from, to, slot)));
    }
    let labelled: Vec<&Side> = drawn
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| s.label.is_some())
        .collect();
    let outer = drawn
        .iter()
        .filter(|(s, _)| !s.left)
        .map(|(_, x)| *x)
        .max()
        .unwrap_or(0);
    let inline = matches!(labelled.as_slice(), [only] if !only.left && side_label(canvas, only, placed, outer));
    if !inline {
        listed.extend(labelled);
    }
    listed
}

/// One arrow down or up the side, in lane `slot` (0 = nearest the boxes); returns its column.
fn draw_side(canvas: &mut Canvas, side: &Side, from: &Boxed, to: &Boxed, slot: usize) -> usize {
    let (y1, y2) = (from.mid(), to.mid());
    if side.left {
        let x = from.x.saturating_sub(3 + 2 * slot);
        canvas.hline(x, from.x, y1, side.stroke, side.part);
        canvas.hline(x, to.x.saturating_sub(1), y2, side.stroke, side.part);
        canvas.vline(x, y1, y2, side.stroke, side.part);
        canvas.head(to.x.saturating_sub(1), y2, Dir::Right, side.part);
        x
    } else {
        let x = from.right() + 3 + 2 * slot;
        canvas.hline(from.right(), x, y1, side.stroke, side.part);
        canvas.hline(to.right() + 1, x, y2, side.stroke, side.part);
        canvas.vline(x, y1, y2, side.stroke, side.part);
        canvas.head(to.right() + 1, y2, Dir::Left, side.part);
        x
    }
}

/// Puts a side arrow's label to the right of the outermost lane, centred along the arrow.
/// Returns false when there is not enough room.
fn side_label(canvas: &mut Canvas, side: &Side, placed: &[Placed], lane_x: usize) -> bool {
    let (Some(label), Some(from), Some(to)) = (
        side.label.as_deref(),
        placed_box(placed, side.from),
        placed_box(placed, side.to),
    ) else {
        return false;
    };
    let x = lane_x + 2;
    let avail = canvas.width().saturating_sub(x);
    if avail < text_width(label).min(10) {
        return false;
    }
    let lines = wrap_balanced(label, avail);
    let (top, bottom) = (from.mid().min(to.mid()), from.mid().max(to.mid()));
    let span = bottom - top + 1;
    let start = top + span.saturating_sub(lines.len()) / 2;
    for (i, line) in lines.iter().enumerate() {
        canvas.text(x, start + i, line, side.part);
    }
    true
}

/// The narrowest form: one (truncated) line per item, ▼ between steps, side arrows as text.
fn draw_column_bare(column: &Column, opts: &DrawOptions) -> Canvas {
    let width = opts.width;
    let mut canvas = Canvas::new(width, opts.ascii);
    let indent = if width >= 12 { 2 } else { 0 };
    let mut y = 0;
    for (i, item) in column.items.iter().enumerate() {
        match item {
            ColItem::Heading(text) => {
                y += usize::from(i > 0);
                canvas.text(0, y, &truncate(text, width, opts.ascii), Part::Text);
                y += 1;
            }
            ColItem::Step(step) => {
                y = bare_step(&mut canvas, step, indent, y);
            }
        }
    }
    draw_legend(
        &mut canvas,
        y + 1,
        &column.legend(&column.sides, opts.ascii),
    );
    canvas
}

fn bare_step(canvas: &mut Canvas, step: &Step, indent: usize, y: usize) -> usize {
    let width = canvas.width();
    let text = if step.selected {
        format!("* {}", step.label)
    } else {
        step.label.clone()
    };
    let x = indent.min(width.saturating_sub(1));
    let shown = truncate(&text, width - x, canvas.ascii());
    canvas.text(x, y, &shown, step.part);
    if !step.chained {
        return y + 1;
    }
    canvas.head(x + 1.min(width - x - 1), y + 1, Dir::Down, Part::Arrow);
    y + 2
}
