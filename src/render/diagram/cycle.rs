//! The cycle layout: stages that go round, with an optional feedback arrow.
//!
//! When the width allows, the stages are drawn as a ring of two rows of boxes that reads
//! clockwise, the arrow from the last stage back to the first closing the loop on the left.
//! Otherwise the cycle becomes a [`Column`] with the loop and the feedback drawn up its side.

use super::boxes::{
    Boxed, MAX_LABEL_LINES, arrow_across, arrow_down, box_width, draw_box, spread_gap,
};
use super::canvas::Canvas;
use super::column::{ColItem, Column, Side, Step, draw_column};
use super::glyphs::{Dir, Stroke};
use super::text::{clean, text_width, wrap, wrap_balanced, wrap_widths};
use super::{DrawOptions, Part, starts};
use crate::content::diagram::{Cycle, Link};

/// The feedback arrow, as stage indexes.
struct Back {
    from: usize,
    to: usize,
    label: Option<String>,
}

/// A ring when it fits (and the feedback, if any, closes the loop), else a column.
pub(super) fn draw_cycle(cycle: &Cycle, opts: &DrawOptions) -> Canvas {
    let labels: Vec<String> = cycle.stages.iter().map(|s| clean(s, opts.ascii)).collect();
    let back = cycle
        .feedback
        .as_ref()
        .and_then(|f| resolve_back(cycle, f, opts.ascii));
    if let Some(ring) = plan_ring(&labels, back.as_ref(), opts.width) {
        return draw_ring(&ring, &labels, back.as_ref(), opts);
    }
    draw_column(&cycle_column(&labels, back.as_ref(), opts), opts)
}

fn resolve_back(cycle: &Cycle, link: &Link, ascii: bool) -> Option<Back> {
    let from = cycle.stages.iter().position(|s| *s == link.from)?;
    let to = cycle.stages.iter().position(|s| *s == link.to)?;
    let label = link.label.as_deref().map(|l| clean(l, ascii));
    (from != to).then_some(Back { from, to, label })
}

/// Two rows of boxes: stages 0..k left to right on top, the rest right to left below, so the
/// stages go round clockwise and the arrow from the last stage back to the first closes the
/// loop on the left.
struct Ring {
    k: usize,
    lines: Vec<Vec<String>>,
    col_x: Vec<usize>,
    col_w: Vec<usize>,
    note: Vec<String>,
}

impl Ring {
    fn column_of(&self, stage: usize) -> usize {
        if stage < self.k {
            stage
        } else {
            (2 * self.k - 1).saturating_sub(stage)
        }
    }

    fn row_height(&self, stages: std::ops::Range<usize>) -> usize {
        stages.map(|s| self.lines[s].len()).max().unwrap_or(1) + 2
    }
}

fn plan_ring(labels: &[String], back: Option<&Back>, width: usize) -> Option<Ring> {
    let n = labels.len();
    let closes_loop = back.is_none_or(|b| b.from + 1 == n && b.to == 0);
    if n < 3 || !closes_loop {
        return None;
    }
    let note = back.and_then(|b| b.label.as_deref());
    wrap_widths(labels).find_map(|m| ring_at(labels, note, width, m))
}

fn ring_at(labels: &[String], note: Option<&str>, width: usize, m: usize) -> Option<Ring> {
    let n = labels.len();
    let k = n.div_ceil(2);
    let lines: Vec<Vec<String>> = labels.iter().map(|l| wrap(l, m)).collect();
    if lines.iter().any(|l| l.len() > MAX_LABEL_LINES) {
        return None;
    }
    let col_w: Vec<usize> = (0..k)
        .map(|c| {
            let bottom = (2 * k - 1 - c < n).then(|| box_width(&lines[2 * k - 1 - c]));
            box_width(&lines[c]).max(bottom.unwrap_or(0))
        })
        .collect();
    let gap = ring_gap(&col_w, note, width)?;
    let col_x = column_starts(&col_w, gap);
    let area = note_area(&col_w, gap);
    let note = match note {
        Some(text) if area < text_width(text).min(12) => return None,
        Some(text) => wrap_balanced(text, area),
        None => Vec::new(),
    };
    (note.len() <= 3).then_some(Ring {
        k,
        lines,
        col_x,
        col_w,
        note,
    })
}

/// Room for the feedback label between the arrows on the left and right of a ring.
fn note_area(col_w: &[usize], gap: usize) -> usize {
    let starts = column_starts(col_w, gap);
    let (Some(first), Some(last), Some(start)) = (col_w.first(), col_w.last(), starts.last())
    else {
        return 0;
    };
    (start + last / 2).saturating_sub(first / 2 + 3)
}

/// The ring's gap: spread out up to `MAX_GAP`, or wider if that puts the feedback label on a
/// single line.
fn ring_gap(col_w: &[usize], note: Option<&str>, width: usize) -> Option<usize> {
    let boxes: usize = col_w.iter().sum();
    let gap = spread_gap(width, boxes, col_w.len())?;
    let widest_gap = (width - boxes) / col_w.len().saturating_sub(1).max(1);
    let one_line =
        note.and_then(|text| (gap..=widest_gap).find(|g| note_area(col_w, *g) >= text_width(text)));
    Some(one_line.unwrap_or(gap))
}

/// Left edges of columns of `widths` with `gap` between them.
fn column_starts(widths: &[usize], gap: usize) -> Vec<usize> {
    starts(widths.iter().map(|w| w + gap))
}

fn draw_ring(ring: &Ring, labels: &[String], back: Option<&Back>, opts: &DrawOptions) -> Canvas {
    let mut canvas = Canvas::new(opts.width, opts.ascii);
    let boxes = ring_boxes(ring, labels.len(), opts.selected);
    for b in &boxes {
        draw_box(&mut canvas, b);
    }
    for i in 0..boxes.len().saturating_sub(1) {
        ring_flow(&mut canvas, ring, &boxes, i);
    }
    ring_closure(&mut canvas, ring, &boxes, back.is_some());
    canvas
}

fn ring_boxes(ring: &Ring, n: usize, selected: Option<usize>) -> Vec<Boxed> {
    let top_h = ring.row_height(0..ring.k);
    let bottom_y = top_h + ring.note.len().max(2);
    let bottom_h = ring.row_height(ring.k..n);
    (0..n)
        .map(|s| {
            let c = ring.column_of(s);
            let mut b = Boxed::new(ring.lines[s].clone(), Part::Stage(s), selected == Some(s));
            b.x = ring.col_x[c];
            b.w = ring.col_w[c];
            (b.y, b.h) = if s < ring.k {
                (0, top_h)
            } else {
                (bottom_y, bottom_h)
            };
            b
        })
        .collect()
}

/// The arrow from stage `i` to stage `i + 1`: right along the top, down at the right end,
/// left along the bottom.
fn ring_flow(canvas: &mut Canvas, ring: &Ring, boxes: &[Boxed], i: usize) {
    let (from, to) = (&boxes[i], &boxes[i + 1]);
    if i + 1 == ring.k {
        arrow_down(canvas, from, to, from.center(), Part::Arrow);
    } else {
        arrow_across(canvas, from, to, from.mid(), Part::Arrow);
    }
}

/// The arrow from the last stage up to the first, on the left; the feedback arrow when the
/// cycle has one (heavy, with its label beside it).
fn ring_closure(canvas: &mut Canvas, ring: &Ring, boxes: &[Boxed], is_feedback: bool) {
    let (Some(first), Some(last)) = (boxes.first(), boxes.last()) else {
        return;
    };
    let (stroke, part) = if is_feedback {
        (Stroke::Heavy, Part::Feedback)
    } else {
        (Stroke::Light, Part::Arrow)
    };
    let x = first.center();
    let head = first.bottom() + 1;
    if last.x == first.x {
        canvas.vline(x, head, last.y, stroke, part);
    } else {
        canvas.hline(x, last.x, last.mid(), stroke, part);
        canvas.vline(x, head, last.mid(), stroke, part);
    }
    canvas.head(x, head, Dir::Up, part);
    for (i, line) in ring.note.iter().enumerate() {
        canvas.text(x + 2, head + i, line, part);
    }
}

fn cycle_column(labels: &[String], back: Option<&Back>, opts: &DrawOptions) -> Column {
    let n = labels.len();
    let items = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            ColItem::Step(Step {
                label: label.clone(),
                part: Part::Stage(i),
                selected: opts.selected == Some(i),
                chained: i + 1 < n,
            })
        })
        .collect();
    let mut sides = Vec::new();
    if let Some(b) = back {
        sides.push(Side {
            from: b.from,
            to: b.to,
            stroke: Stroke::Heavy,
            part: Part::Feedback,
            label: b.label.clone(),
            left: false,
        });
    }
    let closes_loop = back.is_some_and(|b| b.from + 1 == n && b.to == 0);
    if !closes_loop && n > 1 {
        sides.push(Side {
            from: n - 1,
            to: 0,
            stroke: Stroke::Light,
            part: Part::Arrow,
            label: None,
            left: back.is_some(),
        });
    }
    Column { items, sides }
}
