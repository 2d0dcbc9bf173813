//! The proportion layout: a framed bar filled in proportion, with a legend of percentages and
//! labels.
//!
//! The bar is made of whole cells; they are shared out so that every part above zero stays
//! visible and the total still matches the bar's width.

use super::canvas::Canvas;
use super::glyphs::{Dir, Stroke};
use super::text::{clean, longest_word, text_width, widest, wrap};
use super::{DrawOptions, Part};
use crate::content::diagram::Proportion;

/// The proportion bar never gets wider than this.
pub(super) const MAX_BAR: usize = 60;

/// The bar (framed when there is room) and, below it, the legend.
pub(super) fn draw_proportion(proportion: &Proportion, opts: &DrawOptions) -> Canvas {
    let width = opts.width;
    let mut canvas = Canvas::new(width, opts.ascii);
    let framed = width >= 6;
    let border = if framed { 1 } else { 0 };
    let bar_w = (width - 2 * border).min(MAX_BAR);
    let bar_h = if width >= 20 { 2 } else { 1 };
    let percents: Vec<f64> = proportion.parts.iter().map(|p| p.percent).collect();
    let cells = allocate(&percents, bar_w);
    if framed {
        canvas.rect(0, 0, bar_w + 2, bar_h + 2, Stroke::Light, Part::Frame);
    }
    let mut x = border;
    for (i, n) in cells.iter().enumerate() {
        for row in 0..bar_h {
            for dx in 0..*n {
                canvas.glyph(x + dx, border + row, fill(i, opts.ascii), Part::Share(i));
            }
        }
        x += n;
    }
    let legend_y = bar_h + 2 * border + 1;
    draw_shares(&mut canvas, proportion, opts, bar_w + 2 * border, legend_y);
    canvas
}

fn fill(i: usize, ascii: bool) -> char {
    const BOX: [char; 4] = ['█', '░', '▓', '▒'];
    const ASCII: [char; 6] = ['#', '.', '=', ':', '%', '+'];
    if ascii {
        ASCII[i % ASCII.len()]
    } else {
        BOX[i % BOX.len()]
    }
}

/// Cells per part out of `total`: proportional, at least one for any part above zero
/// (when there are enough cells), adding up to `total`.
pub(super) fn allocate(percents: &[f64], total: usize) -> Vec<usize> {
    let clean: Vec<f64> = percents
        .iter()
        .map(|p| if p.is_finite() { p.max(0.0) } else { 0.0 })
        .collect();
    let sum: f64 = clean.iter().sum();
    if total == 0 || sum <= 0.0 {
        return vec![0; percents.len()];
    }
    let exact: Vec<f64> = clean.iter().map(|p| p / sum * total as f64).collect();
    let mut cells: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    for (c, p) in cells.iter_mut().zip(&clean) {
        if *p > 0.0 && *c == 0 {
            *c = 1;
        }
    }
    shrink_to(&mut cells, total);
    grow_to(&mut cells, &exact, total);
    cells
}

fn shrink_to(cells: &mut [usize], total: usize) {
    while cells.iter().sum::<usize>() > total {
        let floor = if cells.iter().any(|c| *c > 1) { 1 } else { 0 };
        let Some(i) = (0..cells.len())
            .filter(|i| cells[*i] > floor)
            .max_by_key(|i| cells[*i])
        else {
            break;
        };
        cells[i] -= 1;
    }
}

fn grow_to(cells: &mut [usize], exact: &[f64], total: usize) {
    while cells.iter().sum::<usize>() < total {
        let shortfall = |i: usize| exact[i] - cells[i] as f64;
        let Some(i) = (0..cells.len()).max_by(|a, b| shortfall(*a).total_cmp(&shortfall(*b)))
        else {
            break;
        };
        cells[i] += 1;
    }
}

/// Where the legend's columns go: marker for the selected part, swatch, percentage, label.
struct LegendGeom {
    marker_w: usize,
    swatch_w: usize,
    pct_w: usize,
    block_w: usize,
    /// Labels beside the percentages (else on the lines below them).
    inline: bool,
}

impl LegendGeom {
    fn label_x(&self) -> usize {
        self.marker_w + self.swatch_w + self.pct_w + 2
    }
}

fn legend_geometry(
    labels: &[String],
    percents: &[String],
    selected: bool,
    block_w: usize,
) -> LegendGeom {
    let mut geom = LegendGeom {
        marker_w: if selected && block_w >= 10 { 2 } else { 0 },
        swatch_w: if block_w >= 8 { 3 } else { 0 },
        pct_w: widest(percents),
        block_w,
        inline: false,
    };
    let need = longest_word(labels).clamp(10, 16);
    geom.inline = block_w.saturating_sub(geom.label_x()) >= need;
    geom
}

/// The legend: a swatch, the percentage and the wrapped label of each part.
fn draw_shares(
    canvas: &mut Canvas,
    proportion: &Proportion,
    opts: &DrawOptions,
    block_w: usize,
    y: usize,
) {
    let percents: Vec<String> = proportion
        .parts
        .iter()
        .map(|p| format_percent(p.percent))
        .collect();
    let labels: Vec<String> = proportion
        .parts
        .iter()
        .map(|p| clean(&p.label, opts.ascii))
        .collect();
    let geom = legend_geometry(&labels, &percents, opts.selected.is_some(), block_w);
    let mut y = y;
    for (i, (label, pct)) in labels.iter().zip(&percents).enumerate() {
        let marked = opts.selected == Some(i) && geom.marker_w > 0;
        y = draw_share(canvas, &geom, i, (label, pct), marked, y);
    }
}

/// One legend entry starting at row `y`; returns the row after it.
fn draw_share(
    canvas: &mut Canvas,
    geom: &LegendGeom,
    i: usize,
    (label, pct): (&str, &str),
    marked: bool,
    y: usize,
) -> usize {
    let part = Part::Share(i);
    if marked {
        canvas.head(0, y, Dir::Right, part);
    }
    if geom.swatch_w > 0 {
        let swatch: String = std::iter::repeat_n(fill(i, canvas.ascii()), 2).collect();
        canvas.text(geom.marker_w, y, &swatch, part);
    }
    let pct_x = geom.marker_w + geom.swatch_w + geom.pct_w - text_width(pct);
    canvas.text(pct_x, y, pct, part);
    let (x, first) = if geom.inline {
        (geom.label_x(), y)
    } else {
        (0, y + 1)
    };
    let lines = wrap(label, geom.block_w.saturating_sub(x));
    for (row, line) in lines.iter().enumerate() {
        canvas.text(x, first + row, line, part);
    }
    let after = first + lines.len().max(1);
    if geom.inline { after } else { after + 1 }
}

/// "5%" or "12.5%".
fn format_percent(p: f64) -> String {
    if (p - p.round()).abs() < 0.05 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}
