//! Boxes, arrows and legends shared by the layouts, and how rows of boxes are spaced.
//!
//! The ring of a cycle, the rows of lanes and the stacked column all draw the same boxed
//! labels joined by the same arrows, and list what they cannot draw under the figure in the
//! same way; those pieces live here so that every layout looks alike.

use super::Part;
use super::canvas::Canvas;
use super::glyphs::{Dir, Stroke};
use super::text::{text_width, truncate, widest, wrap};

/// Space left between two boxes joined by a horizontal arrow, and the most we spread them.
pub(super) const MIN_GAP: usize = 3;
pub(super) const MAX_GAP: usize = 5;
/// Labels are wrapped to at most this many lines before a narrower layout is preferred.
pub(super) const MAX_LABEL_LINES: usize = 2;

/// A stage or step box placed on the canvas; its label lines are centred inside.
#[derive(Debug, Clone)]
pub(super) struct Boxed {
    pub(super) x: usize,
    pub(super) y: usize,
    pub(super) w: usize,
    pub(super) h: usize,
    lines: Vec<String>,
    part: Part,
    selected: bool,
}

impl Boxed {
    pub(super) fn new(lines: Vec<String>, part: Part, selected: bool) -> Self {
        let w = box_width(&lines);
        let h = lines.len() + 2;
        Boxed {
            x: 0,
            y: 0,
            w,
            h,
            lines,
            part,
            selected,
        }
    }

    pub(super) fn right(&self) -> usize {
        self.x + self.w.saturating_sub(1)
    }

    pub(super) fn bottom(&self) -> usize {
        self.y + self.h.saturating_sub(1)
    }

    pub(super) fn center(&self) -> usize {
        self.x + self.w / 2
    }

    pub(super) fn mid(&self) -> usize {
        self.y + self.h / 2
    }
}

/// Width of a box around label lines: a border and a space on each side.
pub(super) fn box_width(lines: &[String]) -> usize {
    widest(lines) + 4
}

pub(super) fn draw_box(canvas: &mut Canvas, b: &Boxed) {
    let stroke = if b.selected {
        Stroke::Double
    } else {
        Stroke::Light
    };
    canvas.rect(b.x, b.y, b.w, b.h, stroke, b.part);
    let inner_h = b.h.saturating_sub(2);
    // Rounded down the box, so that a one-line label sits on the row its arrows leave from.
    let top = b.y + 1 + inner_h.saturating_sub(b.lines.len()).div_ceil(2);
    for (i, line) in b.lines.iter().enumerate() {
        let x = b.x + b.w.saturating_sub(text_width(line)) / 2;
        canvas.text(x, top + i, line, b.part);
    }
}

/// A horizontal arrow from the side of `from` to the side of `to`, on row `y`.
pub(super) fn arrow_across(canvas: &mut Canvas, from: &Boxed, to: &Boxed, y: usize, part: Part) {
    if to.x > from.x {
        let head = to.x.saturating_sub(1);
        canvas.hline(from.right(), head, y, Stroke::Light, part);
        canvas.head(head, y, Dir::Right, part);
    } else {
        let head = to.right() + 1;
        canvas.hline(head, from.x, y, Stroke::Light, part);
        canvas.head(head, y, Dir::Left, part);
    }
}

/// A straight arrow down from the bottom border of `from` to the row above `to`.
pub(super) fn arrow_down(canvas: &mut Canvas, from: &Boxed, to: &Boxed, x: usize, part: Part) {
    let head = to.y.saturating_sub(1);
    canvas.vline(x, from.bottom(), head, Stroke::Light, part);
    canvas.head(x, head, Dir::Down, part);
}

/// "A ─▶ B: label", for arrows that are listed under a figure instead of drawn.
pub(super) fn arrow_text(
    from: &str,
    to: &str,
    label: Option<&str>,
    stroke: Stroke,
    ascii: bool,
) -> String {
    let arrow = match (stroke, ascii) {
        (Stroke::Light, false) => "─▶",
        (_, false) => "━▶",
        (Stroke::Light, true) => "->",
        (_, true) => "=>",
    };
    match label {
        Some(label) => format!("{from} {arrow} {to}: {label}"),
        None => format!("{from} {arrow} {to}"),
    }
}

/// Lines listed under a figure, each wrapped (or, when very narrow, cut) to the width.
pub(super) fn draw_legend(canvas: &mut Canvas, y: usize, entries: &[(String, Part)]) {
    let width = canvas.width();
    let mut y = y;
    for (text, part) in entries {
        let lines = if width >= 8 {
            wrap(text, width)
        } else {
            vec![truncate(text, width, canvas.ascii())]
        };
        for line in lines {
            canvas.text(0, y, &line, *part);
            y += 1;
        }
    }
}

/// The gap between `count` boxes of total width `boxes` so that they fill `width` up to
/// `MAX_GAP`, or `None` when even `MIN_GAP` does not fit.
pub(super) fn spread_gap(width: usize, boxes: usize, count: usize) -> Option<usize> {
    let gaps = count.saturating_sub(1);
    if boxes + gaps * MIN_GAP > width {
        return None;
    }
    if gaps == 0 {
        return Some(MIN_GAP);
    }
    Some(((width - boxes) / gaps).clamp(MIN_GAP, MAX_GAP))
}
