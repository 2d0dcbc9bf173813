//! The lanes layout: one row of boxes per lane, stacked, with links routed between rows.
//!
//! Links between adjacent lanes are drawn in the space between their rows, with their labels
//! beside them; links that skip a lane, or that find no room, are listed under the figure.
//! When the rows do not fit the width, the lanes become a [`Column`] with a heading per lane.

use super::boxes::{
    Boxed, MAX_GAP, MAX_LABEL_LINES, arrow_across, arrow_text, box_width, draw_box, draw_legend,
    spread_gap,
};
use super::canvas::Canvas;
use super::column::{ColItem, Column, Side, Step, draw_column};
use super::glyphs::{Dir, Stroke};
use super::text::{clean, text_width, truncate, widest, wrap, wrap_balanced, wrap_widths};
use super::{DrawOptions, Part, starts};
use crate::content::diagram::{Lane, Lanes, Link};

/// A link between two steps, as (lane, step) positions.
struct Route {
    from: (usize, usize),
    to: (usize, usize),
    label: Option<String>,
}

/// Rows of boxes when every lane fits the width, else a column.
pub(super) fn draw_lanes(lanes: &Lanes, opts: &DrawOptions) -> Canvas {
    let names: Vec<String> = lanes
        .lanes
        .iter()
        .map(|l| clean(&l.name, opts.ascii))
        .collect();
    let labels: Vec<Vec<String>> = lanes
        .lanes
        .iter()
        .map(|l| l.steps.iter().map(|s| clean(s, opts.ascii)).collect())
        .collect();
    let routes: Vec<Route> = lanes
        .links
        .iter()
        .filter_map(|link| resolve_route(&lanes.lanes, link, opts.ascii))
        .collect();
    if let Some(canvas) = draw_lane_rows(&names, &labels, &routes, opts) {
        return canvas;
    }
    draw_column(&lanes_column(&names, &labels, &routes, opts), opts)
}

/// Finds the steps a link joins; a name found in several lanes means, for `to`, the first
/// lane other than the one `from` is in.
fn resolve_route(lanes: &[Lane], link: &Link, ascii: bool) -> Option<Route> {
    let find = |name: &str, skip: Option<usize>| {
        lanes.iter().enumerate().find_map(|(li, lane)| {
            let si = lane.steps.iter().position(|s| s == name)?;
            (Some(li) != skip).then_some((li, si))
        })
    };
    let from = find(&link.from, None)?;
    let to = find(&link.to, Some(from.0)).or_else(|| find(&link.to, None))?;
    let label = link.label.as_deref().map(|l| clean(l, ascii));
    (from.0 != to.0).then_some(Route { from, to, label })
}

fn lanes_column(
    names: &[String],
    labels: &[Vec<String>],
    routes: &[Route],
    opts: &DrawOptions,
) -> Column {
    // Global step number (over all lanes in order) of each lane's first step.
    let offsets = starts(labels.iter().map(Vec::len));
    let mut items = Vec::new();
    let mut index_of = Vec::with_capacity(labels.len());
    for (li, lane) in labels.iter().enumerate() {
        items.push(ColItem::Heading(names[li].clone()));
        index_of.push(items.len());
        for (si, label) in lane.iter().enumerate() {
            let global = offsets[li] + si;
            items.push(ColItem::Step(Step {
                label: label.clone(),
                part: Part::Stage(global),
                selected: opts.selected == Some(global),
                chained: si + 1 < lane.len(),
            }));
        }
    }
    let sides = routes
        .iter()
        .map(|r| Side {
            from: index_of[r.from.0] + r.from.1,
            to: index_of[r.to.0] + r.to.1,
            stroke: Stroke::Light,
            part: Part::Arrow,
            label: r.label.clone(),
            left: false,
        })
        .collect();
    Column { items, sides }
}

/// Lanes as rows of boxes: the boxes of each lane, positioned.
struct Rows {
    boxes: Vec<Vec<Boxed>>,
    heading_y: Vec<usize>,
}

/// How a link between adjacent rows is routed: down (or up) from the source box, along a
/// "jog" row to above (or below) the target box, then into it.
struct Path {
    from: (usize, usize),
    to: (usize, usize),
    /// Columns of the vertical line at the source and at the target.
    sx: usize,
    tx: usize,
    jog: usize,
    label: Vec<String>,
    label_at: (usize, usize),
}

fn draw_lane_rows(
    names: &[String],
    labels: &[Vec<String>],
    routes: &[Route],
    opts: &DrawOptions,
) -> Option<Canvas> {
    let (wrapped, gap) = fit_lane_rows(labels, opts.width)?;
    let mut rows = Rows {
        boxes: lane_boxes(&wrapped, gap, opts.selected),
        heading_y: Vec::new(),
    };
    let (paths, unrouted) = stack_rows(&mut rows, routes, opts.width);
    let mut canvas = Canvas::new(opts.width, opts.ascii);
    draw_rows(&mut canvas, &rows);
    for path in &paths {
        draw_path(&mut canvas, &rows, path);
    }
    draw_headings(&mut canvas, &rows, names, &paths);
    let entries: Vec<(String, Part)> = unrouted
        .iter()
        .map(|r| (route_text(r, labels, opts.ascii), Part::Arrow))
        .collect();
    let legend_y = canvas.height() + 1;
    draw_legend(&mut canvas, legend_y, &entries);
    Some(canvas)
}

fn route_text(route: &Route, labels: &[Vec<String>], ascii: bool) -> String {
    let name = |(li, si): (usize, usize)| labels[li][si].as_str();
    arrow_text(
        name(route.from),
        name(route.to),
        route.label.as_deref(),
        Stroke::Light,
        ascii,
    )
}

/// The widest label wrap (at most `MAX_LABEL_LINES` lines) at which every lane fits the
/// width, and the gap between boxes.
fn fit_lane_rows(labels: &[Vec<String>], width: usize) -> Option<(Vec<Vec<Vec<String>>>, usize)> {
    let all: Vec<String> = labels.iter().flatten().cloned().collect();
    wrap_widths(&all).find_map(|m| {
        let wrapped: Vec<Vec<Vec<String>>> = labels
            .iter()
            .map(|lane| lane.iter().map(|l| wrap(l, m)).collect())
            .collect();
        let too_tall = wrapped.iter().flatten().any(|l| l.len() > MAX_LABEL_LINES);
        let gap = lanes_gap(&wrapped, width)?;
        (!too_tall).then_some((wrapped, gap))
    })
}

/// The largest gap (up to `MAX_GAP`) with which every lane fits, if `MIN_GAP` fits at all.
fn lanes_gap(wrapped: &[Vec<Vec<String>>], width: usize) -> Option<usize> {
    wrapped
        .iter()
        .map(|lane| {
            let boxes: usize = lane.iter().map(|l| box_width(l)).sum();
            spread_gap(width, boxes, lane.len())
        })
        .try_fold(MAX_GAP, |gap, lane_gap| lane_gap.map(|g| gap.min(g)))
}

fn lane_boxes(
    wrapped: &[Vec<Vec<String>>],
    gap: usize,
    selected: Option<usize>,
) -> Vec<Vec<Boxed>> {
    let mut global = 0;
    wrapped
        .iter()
        .map(|lane| {
            let h = lane.iter().map(Vec::len).max().unwrap_or(1) + 2;
            let mut x = 0;
            lane.iter()
                .map(|lines| {
                    let mut b =
                        Boxed::new(lines.clone(), Part::Stage(global), selected == Some(global));
                    (b.x, b.h) = (x, h);
                    x += b.w + gap;
                    global += 1;
                    b
                })
                .collect()
        })
        .collect()
}

/// Gives every row its vertical place, routing links between adjacent rows in the space
/// between them. Returns the routed paths and the links that could not be drawn.
fn stack_rows<'a>(
    rows: &mut Rows,
    routes: &'a [Route],
    width: usize,
) -> (Vec<Path>, Vec<&'a Route>) {
    let mut paths = Vec::new();
    let mut unrouted = Vec::new();
    let mut y = 0;
    for li in 0..rows.boxes.len() {
        if li > 0 {
            let zone = y;
            for route in routes.iter().filter(|r| joins(r, li - 1, li)) {
                match plan_path(rows, route, zone, y, width) {
                    Some((path, next)) => {
                        paths.push(path);
                        y = next;
                    }
                    None => unrouted.push(route),
                }
            }
            y = y.max(zone) + 1;
        }
        rows.heading_y.push(y);
        y += 1;
        for b in &mut rows.boxes[li] {
            b.y = y;
        }
        y += rows.boxes[li].first().map_or(3, |b| b.h);
    }
    unrouted.extend(routes.iter().filter(|r| r.from.0.abs_diff(r.to.0) != 1));
    (paths, unrouted)
}

fn joins(route: &Route, upper: usize, lower: usize) -> bool {
    (route.from.0 == upper && route.to.0 == lower) || (route.from.0 == lower && route.to.0 == upper)
}

/// Plans a path in the zone between two rows that starts at row `zone`; `y` is the first row
/// still free. Returns the path and the next free row.
fn plan_path(
    rows: &Rows,
    route: &Route,
    zone: usize,
    y: usize,
    width: usize,
) -> Option<(Path, usize)> {
    let source = &rows.boxes[route.from.0][route.from.1];
    let target = &rows.boxes[route.to.0][route.to.1];
    let (sx, tx) = path_columns(source, target);
    let (label, label_x) = place_link_label(route.label.as_deref(), sx, width)?;
    let down = route.from.0 < route.to.0;
    let (jog, label_y, next) = if down {
        (y + label.len(), y, y + label.len() + 1)
    } else {
        let jog = y.max(zone + 1);
        (jog, jog + 1, jog + 1 + label.len())
    };
    let path = Path {
        from: route.from,
        to: route.to,
        sx,
        tx,
        jog,
        label,
        label_at: (label_x, label_y),
    };
    Some((path, next))
}

/// Where a link leaves its source and enters its target: straight down (or up) where the two
/// boxes overlap, else from centre to centre with a jog.
fn path_columns(source: &Boxed, target: &Boxed) -> (usize, usize) {
    let lo = source.x.max(target.x) + 1;
    let hi = source.right().min(target.right()).saturating_sub(1);
    if lo > hi {
        return (source.center(), target.center());
    }
    let x = [source.center(), target.center()]
        .into_iter()
        .find(|x| (lo..=hi).contains(x))
        .unwrap_or((lo + hi) / 2);
    (x, x)
}

/// A link label beside the vertical line at column `x`: right of it if it fits, else left,
/// else wrapped on the roomier side. `None` when there is no sensible room.
fn place_link_label(label: Option<&str>, x: usize, width: usize) -> Option<(Vec<String>, usize)> {
    let Some(label) = label else {
        return Some((Vec::new(), 0));
    };
    let w = text_width(label);
    let right = width.saturating_sub(x + 2);
    let left = x.saturating_sub(1);
    if w <= right {
        return Some((vec![label.to_string()], x + 2));
    }
    if w <= left {
        return Some((vec![label.to_string()], x - 1 - w));
    }
    let avail = right.max(left);
    if avail < 6 {
        return None;
    }
    let lines = wrap_balanced(label, avail);
    let lx = if right >= left {
        x + 2
    } else {
        x.saturating_sub(1 + widest(&lines))
    };
    Some((lines, lx))
}

fn draw_rows(canvas: &mut Canvas, rows: &Rows) {
    for lane in &rows.boxes {
        for b in lane {
            draw_box(canvas, b);
        }
        for pair in lane.windows(2) {
            arrow_across(canvas, &pair[0], &pair[1], pair[0].mid(), Part::Arrow);
        }
    }
}

fn draw_path(canvas: &mut Canvas, rows: &Rows, path: &Path) {
    let source = &rows.boxes[path.from.0][path.from.1];
    let target = &rows.boxes[path.to.0][path.to.1];
    let (sx, tx) = (path.sx, path.tx);
    let part = Part::Arrow;
    if path.from.0 < path.to.0 {
        let head = target.y.saturating_sub(1);
        canvas.vline(sx, source.bottom(), path.jog, Stroke::Light, part);
        canvas.vline(tx, path.jog, head, Stroke::Light, part);
        canvas.hline(sx, tx, path.jog, Stroke::Light, part);
        canvas.head(tx, head, Dir::Down, part);
    } else {
        let head = target.bottom() + 1;
        canvas.vline(sx, source.y, path.jog, Stroke::Light, part);
        canvas.vline(tx, head, path.jog, Stroke::Light, part);
        canvas.hline(sx, tx, path.jog, Stroke::Light, part);
        canvas.head(tx, head, Dir::Up, part);
    }
    let (lx, ly) = path.label_at;
    for (i, line) in path.label.iter().enumerate() {
        canvas.text(lx, ly + i, line, Part::Text);
    }
}

/// Lane names above their rows, moved right past any link line that crosses their row.
fn draw_headings(canvas: &mut Canvas, rows: &Rows, names: &[String], paths: &[Path]) {
    let headings: Vec<(String, Vec<usize>)> = names
        .iter()
        .enumerate()
        .map(|(li, name)| {
            let name = truncate(name, canvas.width(), canvas.ascii());
            let mut crossings: Vec<usize> = paths.iter().filter_map(|p| crossing(p, li)).collect();
            crossings.sort_unstable();
            (name, crossings)
        })
        .collect();
    let shared = shared_heading_x(&headings, canvas.width());
    for (li, (name, crossings)) in headings.iter().enumerate() {
        let Some(&y) = rows.heading_y.get(li) else {
            continue;
        };
        let w = text_width(name);
        let x = shared.unwrap_or_else(|| heading_x(w, crossings, canvas.width()));
        canvas.text(x, y, name, Part::Text);
    }
}

/// One column where every lane's heading fits clear of the arrows crossing its row, so
/// the headings line up: the leftmost that works, if one does within the left quarter
/// (further right a heading would sit far from the boxes it names; each lane's heading
/// then finds its own place).
fn shared_heading_x(headings: &[(String, Vec<usize>)], width: usize) -> Option<usize> {
    let clear = |x: usize| {
        headings.iter().all(|(name, crossings)| {
            let w = text_width(name);
            x + w <= width && crossings.iter().all(|&c| c < x || c > x + w)
        })
    };
    let mut candidates: Vec<usize> = std::iter::once(0)
        .chain(headings.iter().flat_map(|(_, c)| c.iter().map(|c| c + 2)))
        .collect();
    candidates.sort_unstable();
    candidates
        .into_iter()
        .find(|&x| clear(x))
        .filter(|&x| x <= width / 4)
}

/// The column where `path` crosses the heading row of lane `li`, if it does.
fn crossing(path: &Path, li: usize) -> Option<usize> {
    let down = path.from.0 < path.to.0;
    if down && path.to.0 == li {
        Some(path.tx)
    } else if !down && path.from.0 == li {
        Some(path.sx)
    } else {
        None
    }
}

fn heading_x(w: usize, crossings: &[usize], width: usize) -> usize {
    let mut x = 0;
    for &c in crossings {
        if c >= x && c <= x + w {
            x = c + 2;
        }
    }
    if x + w > width { 0 } else { x }
}
