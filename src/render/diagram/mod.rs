//! Terminal drawing of course figures (`crate::content::diagram`).
//!
//! Chapters describe figures as small specs rather than fixed ASCII art, so that the reader can
//! draw them to fit whatever width the terminal has: a ring of boxes when there is room, a
//! vertical stack when there is less, bare truncated labels when there is almost none. The
//! output is lines of text segments tagged with the [`Part`] they belong to, so the UI can
//! colour them and highlight a selected stage without this module knowing about colours or the
//! terminal library. No line is ever wider than the width asked for.
//!
//! This file holds the public API and dispatches on the kind of figure. The work is split by
//! concern:
//! - `text`: cleaning, measuring, wrapping and truncating labels;
//! - `glyphs`: strokes and the box-drawing / ASCII characters that draw them;
//! - `canvas`: the clipping grid that layouts draw on, and its assembly into lines;
//! - `boxes`: boxes, arrows and legends shared by the layouts;
//! - `cycle`, `lanes`, `proportion`, `explore`: one layout per kind of figure;
//! - `column`: the vertical fallback the cycle and the lanes share when rows do not fit.

mod boxes;
mod canvas;
mod column;
mod cycle;
mod explore;
mod glyphs;
mod lanes;
mod proportion;
mod text;

#[cfg(test)]
mod tests;

use crate::content::diagram::{Diagram, DiagramKind};

/// What a piece of drawn text belongs to, so a UI can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Box-drawing lines that are not a stage (e.g. the frame around a bar).
    Frame,
    /// Other labels: lane names, link labels, legends.
    Text,
    /// Flow arrows between stages or steps.
    Arrow,
    /// The feedback arrow of a cycle and its label.
    Feedback,
    /// The box and label of stage `i` (cycle) or of step `i` counted over all lanes in order.
    Stage(usize),
    /// The bar segment and legend of proportion part `i`.
    Share(usize),
}

/// How to draw: the width available, ASCII-only output, and an optional stage to mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawOptions {
    pub width: usize,
    pub ascii: bool,
    pub selected: Option<usize>,
}

/// A run of text and what it belongs to.
pub type Segment = (String, Part);

/// Draws `diagram` into lines no wider than `opts.width` (the caption is left to the caller).
pub fn draw(diagram: &Diagram, opts: &DrawOptions) -> Vec<Vec<Segment>> {
    if opts.width == 0 {
        return Vec::new();
    }
    let canvas = match &diagram.kind {
        DiagramKind::Cycle(cycle) => cycle::draw_cycle(cycle, opts),
        DiagramKind::Lanes(lanes) => lanes::draw_lanes(lanes, opts),
        DiagramKind::Proportion(proportion) => proportion::draw_proportion(proportion, opts),
        DiagramKind::Explore(e) => explore::draw_explore(e, &e.defaults(), opts),
    };
    canvas.into_lines()
}

/// Draws an explore figure with its inputs at `positions` (other kinds as [`draw`] does).
pub fn draw_at(diagram: &Diagram, positions: &[usize], opts: &DrawOptions) -> Vec<Vec<Segment>> {
    match &diagram.kind {
        DiagramKind::Explore(e) if opts.width > 0 => {
            explore::draw_explore(e, positions, opts).into_lines()
        }
        _ => draw(diagram, opts),
    }
}

/// Whether the student can drive the figure in the Diagram tab (plain output says so).
pub fn is_interactive(diagram: &Diagram) -> bool {
    matches!(
        diagram.kind,
        DiagramKind::Cycle(_) | DiagramKind::Explore(_)
    )
}

/// Where each of a run of items starts when laid end to end: the running sum of `sizes`
/// (box widths plus gap, or step counts of lanes).
fn starts(sizes: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut next = 0;
    sizes
        .into_iter()
        .map(|size| {
            let start = next;
            next += size;
            start
        })
        .collect()
}
