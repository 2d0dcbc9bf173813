//! The explore layout: the inputs with their current values, the outputs computed from them,
//! and a chart of outputs against one input with a cursor at its current value.
//!
//! The same drawing serves the reader's Diagram tab (inputs at the student's positions, the
//! selected input marked) and plain output (inputs at their defaults). Input rows are tagged
//! `Part::Stage(i)` so the UI highlights the selected one as it does a cycle's stage; chart
//! series are `Part::Share(i)`, coloured like the parts of a proportion; the cursor is
//! `Part::Feedback`.

use super::canvas::Canvas;
use super::glyphs::Stroke;
use super::text::{clean, text_width, truncate};
use super::{DrawOptions, Part};
use crate::content::explore::{Explore, Format};

/// Rows of the chart's plotting area.
const CHART_ROWS: usize = 8;
/// The plotting area is never wider than this.
const MAX_PLOT: usize = 60;
/// Narrower than this, the chart is left out (the table still says everything).
const MIN_CHART_WIDTH: usize = 24;

/// The explorable at input `positions`, with `opts.selected` marking an input.
pub(super) fn draw_explore(explore: &Explore, positions: &[usize], opts: &DrawOptions) -> Canvas {
    let mut canvas = Canvas::new(opts.width, opts.ascii);
    let slots = explore.evaluate(positions);
    let rows = value_rows(explore, &slots, opts);
    let label_w = rows.iter().map(|r| text_width(&r.label)).max().unwrap_or(0);
    let value_w = rows.iter().map(|r| text_width(&r.value)).max().unwrap_or(0);
    let mut y = 0;
    for (i, row) in rows.iter().enumerate() {
        if i == explore.inputs.len() {
            let rule = (label_w + value_w + 4).min(opts.width);
            canvas.hline(0, rule.saturating_sub(1), y, Stroke::Light, Part::Frame);
            y += 1;
        }
        y = draw_row(&mut canvas, row, label_w, y, opts);
    }
    if let Some(chart) = &explore.chart
        && opts.width >= MIN_CHART_WIDTH
    {
        draw_chart(&mut canvas, explore, chart, positions, y + 1, opts);
    }
    canvas
}

/// One line of the table: a marker, a label and a value with its unit.
struct Row {
    marker: &'static str,
    label: String,
    value: String,
    part: Part,
}

fn value_rows(explore: &Explore, slots: &[f64], opts: &DrawOptions) -> Vec<Row> {
    let pointer = if opts.ascii { ">" } else { "▸" };
    let inputs = explore.inputs.iter().enumerate().map(|(i, input)| Row {
        marker: if opts.selected == Some(i) {
            pointer
        } else {
            " "
        },
        label: clean(&input.label, opts.ascii),
        value: with_unit(
            input.format.show(slots[i]),
            input.unit.as_deref(),
            opts.ascii,
        ),
        part: Part::Stage(i),
    });
    let outputs = explore.outputs.iter().enumerate().map(|(i, output)| Row {
        marker: "=",
        label: clean(&output.label, opts.ascii),
        value: with_unit(
            output.format.show(slots[explore.inputs.len() + i]),
            output.unit.as_deref(),
            opts.ascii,
        ),
        part: Part::Text,
    });
    inputs.chain(outputs).collect()
}

fn with_unit(value: String, unit: Option<&str>, ascii: bool) -> String {
    let value = clean(&value, ascii);
    match unit {
        Some("%") => format!("{value}%"),
        Some(unit) => format!("{value} {}", clean(unit, ascii)),
        None => value,
    }
}

/// Draws `row` at `y`: on one line when label and value fit side by side, else the value on
/// a line of its own under the label. Returns the next free row.
fn draw_row(canvas: &mut Canvas, row: &Row, label_w: usize, y: usize, opts: &DrawOptions) -> usize {
    let width = opts.width;
    canvas.text(0, y, row.marker, row.part);
    let value_w = text_width(&row.value);
    if 2 + label_w + 2 + value_w <= width {
        canvas.text(2, y, &row.label, row.part);
        canvas.text(2 + label_w + 2, y, &row.value, row.part);
        return y + 1;
    }
    canvas.text(
        2,
        y,
        &truncate(&row.label, width.saturating_sub(2), opts.ascii),
        row.part,
    );
    canvas.text(
        4,
        y + 1,
        &truncate(&row.value, width.saturating_sub(4), opts.ascii),
        row.part,
    );
    y + 2
}

fn marker(series: usize, ascii: bool) -> char {
    const BOX: [char; 3] = ['●', '◆', '▲'];
    const ASCII: [char; 3] = ['*', 'o', '+'];
    if ascii {
        ASCII[series % ASCII.len()]
    } else {
        BOX[series % BOX.len()]
    }
}

/// The chart: y labels on the left, the plot, the x axis with its range, a legend.
fn draw_chart(
    canvas: &mut Canvas,
    explore: &Explore,
    chart: &crate::content::explore::Chart,
    positions: &[usize],
    top: usize,
    opts: &DrawOptions,
) {
    let x_input = &explore.inputs[chart.x];
    let points = x_input.grid.len();
    let cursor = positions
        .get(chart.x)
        .copied()
        .unwrap_or(x_input.default)
        .min(points - 1);
    let format = chart
        .y
        .first()
        .map_or(Format::Auto, |&o| explore.outputs[o].format);
    // The y labels' width depends on the range, which depends on the columns sampled: sample
    // at the widest plot first, then narrow the plot to what the labels leave.
    let widest = opts.width.min(MAX_PLOT).min(points.max(2) * 4);
    let (lo, hi) = y_range(&sample_series(
        explore,
        chart,
        positions,
        &columns(points, widest),
    ));
    let (hi_label, lo_label) = (format.show(hi), format.show(lo));
    let axis_x = text_width(&hi_label).max(text_width(&lo_label)) + 1;
    let plot_w = widest.min(opts.width.saturating_sub(axis_x + 1));
    if plot_w < 8 {
        return;
    }
    let sampled = columns(points, plot_w);
    let series = sample_series(explore, chart, positions, &sampled);
    let row_of = |v: f64| {
        let t = if hi > lo {
            ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
        } else {
            0.5
        };
        CHART_ROWS - 1 - ((t * (CHART_ROWS - 1) as f64).round() as usize).min(CHART_ROWS - 1)
    };
    canvas.text(
        axis_x - 1 - text_width(&hi_label),
        top,
        &hi_label,
        Part::Text,
    );
    canvas.text(
        axis_x - 1 - text_width(&lo_label),
        top + CHART_ROWS - 1,
        &lo_label,
        Part::Text,
    );
    canvas.vline(axis_x, top, top + CHART_ROWS, Stroke::Light, Part::Frame);
    canvas.hline(
        axis_x,
        axis_x + plot_w,
        top + CHART_ROWS,
        Stroke::Light,
        Part::Frame,
    );
    let cursor_col = axis_x + 1 + cursor * (plot_w - 1) / (points - 1).max(1);
    canvas.vline(
        cursor_col,
        top,
        top + CHART_ROWS - 1,
        Stroke::Light,
        Part::Feedback,
    );
    for (column, _) in sampled.iter().enumerate() {
        for (s, values) in series.iter().enumerate() {
            if values[column].is_finite() {
                canvas.glyph(
                    axis_x + 1 + column,
                    top + row_of(values[column]),
                    dot(opts.ascii),
                    Part::Share(s),
                );
            }
        }
    }
    let now = sample_series(explore, chart, positions, &[cursor]);
    for (s, values) in now.iter().enumerate() {
        if values[0].is_finite() {
            canvas.glyph(
                cursor_col,
                top + row_of(values[0]),
                marker(s, opts.ascii),
                Part::Share(s),
            );
        }
    }
    let axis_y = top + CHART_ROWS + 1;
    let first = with_unit(
        x_input.format.show(x_input.grid.value(0)),
        x_input.unit.as_deref(),
        opts.ascii,
    );
    let last = with_unit(
        x_input.format.show(x_input.grid.value(points - 1)),
        x_input.unit.as_deref(),
        opts.ascii,
    );
    canvas.text(axis_x + 1, axis_y, &first, Part::Text);
    let last_x = (axis_x + 1 + plot_w).saturating_sub(text_width(&last));
    if last_x > axis_x + 1 + text_width(&first) {
        canvas.text(last_x, axis_y, &last, Part::Text);
    }
    let x_label = format!("→ {}", clean(&x_input.label, opts.ascii));
    canvas.text(
        axis_x + 1,
        axis_y + 1,
        &truncate(&x_label, plot_w, opts.ascii),
        Part::Text,
    );
    draw_legend(canvas, explore, chart, axis_y + 2, opts);
}

fn dot(ascii: bool) -> char {
    if ascii { '.' } else { '·' }
}

fn draw_legend(
    canvas: &mut Canvas,
    explore: &Explore,
    chart: &crate::content::explore::Chart,
    y: usize,
    opts: &DrawOptions,
) {
    for (s, &o) in chart.y.iter().enumerate() {
        let label = clean(&explore.outputs[o].label, opts.ascii);
        canvas.glyph(0, y + s, marker(s, opts.ascii), Part::Share(s));
        canvas.text(
            2,
            y + s,
            &truncate(&label, opts.width.saturating_sub(2), opts.ascii),
            Part::Text,
        );
    }
}

/// The grid position shown in each of `width` columns (the nearest point of `points`).
fn columns(points: usize, width: usize) -> Vec<usize> {
    let span = width.saturating_sub(1).max(1);
    (0..width)
        .map(|c| ((c * (points - 1) + span / 2) / span).min(points - 1))
        .collect()
}

/// Each plotted output at the grid positions `at_x` of the x input, the other inputs held
/// where they are.
fn sample_series(
    explore: &Explore,
    chart: &crate::content::explore::Chart,
    positions: &[usize],
    at_x: &[usize],
) -> Vec<Vec<f64>> {
    let mut at = explore.clamp(positions);
    let mut series = vec![Vec::with_capacity(at_x.len()); chart.y.len()];
    let mut slots = Vec::new();
    for &p in at_x {
        at[chart.x] = p;
        explore.evaluate_into(&at, &mut slots);
        for (s, &o) in chart.y.iter().enumerate() {
            series[s].push(slots[explore.inputs.len() + o]);
        }
    }
    series
}

/// The y range: from the smallest value (or 0 when all are positive) to the largest.
fn y_range(series: &[Vec<f64>]) -> (f64, f64) {
    let finite = series.iter().flatten().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    (lo.min(0.0), hi)
}
