//! Tables drawn with box-drawing characters, fitted to the width: columns keep their
//! natural width when they can, shrink and wrap their cells when they must, and below the
//! narrowest sensible grid the table turns into one labelled record per row.

use super::wrap::{fit, inline_spans, pad, wrap};
use super::{Glyphs, Line, RenderOptions, Role, Span, Style};
use crate::content::{Align, Table};

/// The widest a column's minimum is allowed to be, so one long word cannot starve the rest.
const MAX_MIN_COLUMN: usize = 14;
/// The narrowest a column may become before the record layout is used instead.
const MIN_COLUMN: usize = 4;

/// Draws a table (without its caption) in at most `opts.width` columns.
pub fn table_lines(table: &Table, opts: &RenderOptions) -> Vec<Line> {
    let header: Vec<Vec<Span>> = table
        .header
        .iter()
        .map(|c| inline_spans(c, Role::TableHeader))
        .collect();
    let rows: Vec<Vec<Vec<Span>>> = table
        .rows
        .iter()
        .map(|row| row.iter().map(|c| inline_spans(c, Role::Body)).collect())
        .collect();
    let columns = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return Vec::new();
    }
    let lines = match column_widths(&header, &rows, columns, opts.width) {
        Some(widths) => grid(&header, &rows, &widths, &table.align, opts.glyphs()),
        None => records(&header, &rows, opts),
    };
    lines.into_iter().map(|l| fit(l, opts.width)).collect()
}

fn cell_width(cell: &[Span]) -> usize {
    cell.iter().map(Span::width).sum()
}

fn longest_word(cell: &[Span]) -> usize {
    let text: String = cell.iter().map(|s| s.text.as_str()).collect();
    text.split_whitespace()
        .map(super::wrap::width_of)
        .max()
        .unwrap_or(0)
}

/// Column widths (content only) that fit `width`, or `None` when no grid fits.
fn column_widths(
    header: &[Vec<Span>],
    rows: &[Vec<Vec<Span>>],
    columns: usize,
    width: usize,
) -> Option<Vec<usize>> {
    let all_rows = || std::iter::once(header).chain(rows.iter().map(Vec::as_slice));
    let natural: Vec<usize> = (0..columns)
        .map(|i| {
            all_rows()
                .filter_map(|r| r.get(i))
                .map(|c| cell_width(c))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let minimum: Vec<usize> = (0..columns)
        .map(|i| {
            let word = all_rows()
                .filter_map(|r| r.get(i))
                .map(|c| longest_word(c))
                .max()
                .unwrap_or(1);
            word.clamp(MIN_COLUMN, MAX_MIN_COLUMN).min(natural[i])
        })
        .collect();
    let frame = 3 * columns + 1;
    let available = width.checked_sub(frame)?;
    if natural.iter().sum::<usize>() <= available {
        return Some(natural);
    }
    if minimum.iter().sum::<usize>() > available {
        return None;
    }
    let grid: Vec<&[Vec<Span>]> = all_rows().collect();
    let fit = Fitting {
        rows: &grid,
        minimum: &minimum,
        natural: &natural,
        available,
    };
    Some(fit.settle())
}

/// What sharing the width out between a table's columns works from.
struct Fitting<'a> {
    rows: &'a [&'a [Vec<Span>]],
    minimum: &'a [usize],
    natural: &'a [usize],
    available: usize,
}

impl Fitting<'_> {
    /// Shares the width out, then gives the width a wrapped column does not use ("tens
    /// of" in 9 columns of 10) to the columns still wrapping, until nothing moves.
    fn settle(&self) -> Vec<usize> {
        let mut widths = share_out(self.minimum, self.natural, self.available);
        // A column whose width did not move since the last round is not wrapped again.
        let mut known: Vec<Option<(usize, usize)>> = vec![None; widths.len()];
        for _ in 0..self.natural.len() {
            let used: Vec<usize> = (0..widths.len())
                .map(|i| match known[i] {
                    Some((width, used)) if width == widths[i] => used,
                    _ => {
                        let used = self.used(i, widths[i]);
                        known[i] = Some((widths[i], used));
                        used
                    }
                })
                .collect();
            let next = share_out(&used, self.natural, self.available);
            if used == widths || next == widths {
                break;
            }
            widths = next;
        }
        widths
    }

    /// The widest line of column `i` wrapped at `width`.
    fn used(&self, i: usize, width: usize) -> usize {
        self.rows
            .iter()
            .filter_map(|r| r.get(i))
            .flat_map(|c| wrap(c, width))
            .map(|l| l.width())
            .max()
            .unwrap_or(0)
            .clamp(self.minimum[i], width)
    }
}

/// Widths from `floor` up to `natural` sharing out `available`: the columns that want
/// least get all they want first (so "256 KB – 1 MB" stays whole beside a long column
/// that wraps anyway), the rest share what is left in proportion to what they want.
fn share_out(floor: &[usize], natural: &[usize], available: usize) -> Vec<usize> {
    let mut widths = floor.to_vec();
    let mut spare = available.saturating_sub(floor.iter().sum());
    let mut order: Vec<usize> = (0..floor.len())
        .filter(|&i| natural[i] > floor[i])
        .collect();
    order.sort_by_key(|&i| natural[i] - floor[i]);
    let mut waiting = order.len();
    let mut hungry = Vec::new();
    for &i in &order {
        let want = natural[i] - floor[i];
        if hungry.is_empty() && want <= spare / waiting.max(1) {
            widths[i] = natural[i];
            spare -= want;
        } else {
            hungry.push(i);
        }
        waiting -= 1;
    }
    let total_want: usize = hungry
        .iter()
        .map(|&i| natural[i] - floor[i])
        .sum::<usize>()
        .max(1);
    let mut left = spare;
    for &i in &hungry {
        let more = spare * (natural[i] - floor[i]) / total_want;
        widths[i] += more;
        left -= more;
    }
    for &i in &hungry {
        if left == 0 {
            break;
        }
        if widths[i] < natural[i] {
            widths[i] += 1;
            left -= 1;
        }
    }
    widths
}

fn border(widths: &[usize], g: &Glyphs, left: &str, mid: &str, right: &str) -> Line {
    let mut text = String::from(left);
    for (i, w) in widths.iter().enumerate() {
        text.push_str(&g.h.repeat(w + 2));
        text.push_str(if i + 1 == widths.len() { right } else { mid });
    }
    Line::text(text, Style::of(Role::Frame))
}

fn aligned(line: Line, width: usize, align: Align) -> Line {
    let used = line.width();
    let room = width.saturating_sub(used);
    let before = match align {
        Align::Left => 0,
        Align::Right => room,
        Align::Center => room / 2,
    };
    let mut spans = Vec::with_capacity(line.spans.len() + 2);
    if before > 0 {
        spans.push(Span::new(" ".repeat(before), Style::of(Role::Body)));
    }
    spans.extend(line.spans);
    pad(Line::new(spans), width, Style::of(Role::Body))
}

/// The lines of one row: each cell wrapped to its column, side by side.
fn row_lines(cells: &[Vec<Span>], widths: &[usize], align: &[Align], g: &Glyphs) -> Vec<Line> {
    let mut wrapped: Vec<Vec<Line>> = widths
        .iter()
        .enumerate()
        .map(|(i, w)| wrap(cells.get(i).map_or(&[][..], Vec::as_slice), *w))
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    let frame = Style::of(Role::Frame);
    let (left, between, right) = (
        format!("{} ", g.v),
        format!(" {} ", g.v),
        format!(" {}", g.v),
    );
    (0..height)
        .map(|row| {
            let mut spans = vec![Span::new(left.as_str(), frame)];
            for (i, w) in widths.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::new(between.as_str(), frame));
                }
                let cell = wrapped[i]
                    .get_mut(row)
                    .map(std::mem::take)
                    .unwrap_or_default();
                let a = align.get(i).copied().unwrap_or(Align::Left);
                spans.extend(aligned(cell, *w, a).spans);
            }
            spans.push(Span::new(right.as_str(), frame));
            Line::new(spans)
        })
        .collect()
}

fn grid(
    header: &[Vec<Span>],
    rows: &[Vec<Vec<Span>>],
    widths: &[usize],
    align: &[Align],
    g: &Glyphs,
) -> Vec<Line> {
    let mut lines = vec![border(widths, g, g.tl, g.t_down, g.tr)];
    lines.extend(row_lines(header, widths, align, g));
    lines.push(border(widths, g, g.t_right, g.cross, g.t_left));
    for row in rows {
        lines.extend(row_lines(row, widths, align, g));
    }
    lines.push(border(widths, g, g.bl, g.t_up, g.br));
    lines
}

/// The narrow layout: each row as a titled record of "Header: value" lines.
fn records(header: &[Vec<Span>], rows: &[Vec<Vec<Span>>], opts: &RenderOptions) -> Vec<Line> {
    let g = opts.glyphs();
    let mut lines = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            lines.push(Line::blank());
        }
        let mut title = vec![Span::new(format!("{} ", g.bullet), Style::of(Role::Frame))];
        title.extend(
            row.first()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut s| {
                    s.style.strong = true;
                    s
                }),
        );
        lines.extend(wrap(&title, opts.width));
        for (i, cell) in row.iter().enumerate().skip(1) {
            let mut spans: Vec<Span> = header.get(i).cloned().unwrap_or_default();
            spans.push(Span::new(": ", Style::of(Role::TableHeader)));
            spans.extend(cell.iter().cloned());
            let body = wrap(&spans, opts.width.saturating_sub(2).max(1));
            lines.extend(super::wrap::indent(
                body,
                &[Span::new("  ", Style::of(Role::Body))],
                &[Span::new("  ", Style::of(Role::Body))],
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Emphasis, Inline, Pos};

    fn cell(text: &str) -> Vec<Inline> {
        vec![Inline::Text(text.to_string(), Emphasis::default())]
    }

    fn sample() -> Table {
        Table {
            number: "1.1".into(),
            id: None,
            caption: Vec::new(),
            align: vec![Align::Left, Align::Left],
            header: vec![cell("Resource"), cell("TinyML")],
            rows: vec![
                vec![cell("Memory"), cell("256 KB – 1 MB")],
                vec![cell("Power"), cell("1–100 mW on a battery for months")],
            ],
            pos: Pos::default(),
        }
    }

    fn render(width: usize) -> Vec<String> {
        table_lines(
            &sample(),
            &RenderOptions {
                width,
                ascii: false,
            },
        )
        .iter()
        .map(Line::plain)
        .collect()
    }

    #[test]
    fn natural_width_when_it_fits() {
        let lines = render(80);
        assert_eq!(lines[0], "┌──────────┬──────────────────────────────────┐");
        assert_eq!(lines[1], "│ Resource │ TinyML                           │");
        assert_eq!(lines.len(), 6);
    }

    #[test]
    fn shrinks_and_wraps_cells_to_fit() {
        let lines = render(30);
        assert!(lines.len() > 6);
        for line in &lines {
            assert_eq!(
                unicode_width::UnicodeWidthStr::width(line.as_str()),
                30,
                "{line}"
            );
        }
    }

    /// A short column beside a long one that wraps whatever it is given.
    fn short_beside_long() -> Table {
        let mut table = sample();
        table.align.push(Align::Left);
        table.header.push(cell("Notes"));
        table.rows[0].push(cell(
            "enough for a keyword spotter's weights and activations, not for a vision model",
        ));
        table.rows[1] = vec![
            cell("Power"),
            cell("1–100 mW"),
            cell("a coin cell lasts months when the part sleeps"),
        ];
        table
    }

    #[test]
    fn a_short_cell_gets_its_width_before_a_long_column_that_wraps_anyway() {
        for width in [50, 60, 70] {
            let opts = RenderOptions {
                width,
                ascii: false,
            };
            let lines: Vec<String> = table_lines(&short_beside_long(), &opts)
                .iter()
                .map(Line::plain)
                .collect();
            assert!(
                lines.iter().any(|l| l.contains("│ 256 KB – 1 MB │")),
                "{width}: {lines:#?}"
            );
        }
    }

    #[test]
    fn very_narrow_tables_become_records() {
        let lines = render(12);
        assert_eq!(lines[0], "• Memory");
        assert!(
            lines
                .iter()
                .all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) <= 12)
        );
    }

    #[test]
    fn never_wider_than_asked() {
        for width in 0..120 {
            for line in render(width) {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line.as_str()) <= width.max(1),
                    "{width}: {line}"
                );
            }
        }
    }
}
