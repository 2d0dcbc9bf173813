//! Draws the tables tab: the chapter's tables by number and caption, and below them a
//! window on the selected table at its natural width. The first column and the header row
//! stay in place while the window scrolls, and a line says so when there is more to see.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::fitted_help;
use super::theme::Theme;
use super::{owned_lines, wrapped};
use crate::app::panes::PaneContext;
use crate::app::panes::tables::{
    TableView, TablesPane, column_stops, first_column_width, natural_lines,
};
use crate::content::{Inline, Table};
use crate::render::wrap::truncate;
use crate::render::{self, Role, Style};

/// The most table captions listed above the table.
const MAX_LIST: usize = 5;

/// Where the parts of the tab go.
struct Parts {
    list: Rect,
    status: Rect,
    table: Rect,
    hint: Rect,
}

/// What is on screen of the selected table.
struct Window {
    lines: Vec<render::Line>,
    wider: bool,
    taller: bool,
    left_more: bool,
    right_more: bool,
    rows_below: bool,
}

pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    pane: &TablesPane,
    ctx: &PaneContext<'_>,
    theme: &Theme,
    focused: bool,
) {
    let tables = ctx.chapter.tables();
    let Some(table) = pane.table(ctx.chapter) else {
        let text = Line::styled("This chapter has no tables.", theme.dim());
        frame.render_widget(Paragraph::new(text), area);
        return;
    };
    let parts = split(area, tables.len());
    draw_list(frame, parts.list, &tables, pane, theme, focused);
    let window = window(table, pane, parts.table);
    let shown = window.lines.len();
    let lines = owned_lines(&window.lines, theme);
    frame.render_widget(Paragraph::new(lines), parts.table);
    draw_caption_below(frame, parts.table, shown, table, theme);
    frame.render_widget(Paragraph::new(status(&window, theme)), parts.status);
    let hint = fitted_help(&hint(&window), parts.hint.width, theme);
    frame.render_widget(Paragraph::new(hint), parts.hint);
}

/// List on top (a third of the height at most), a status line, the table, the key hint.
fn split(area: Rect, tables: usize) -> Parts {
    let hint_h = u16::from(area.height >= 3);
    let body = area.height - hint_h;
    let wanted = u16::try_from(tables.min(MAX_LIST)).unwrap_or(1);
    let list_h = wanted.min(body / 3).max(body.min(1));
    let status_h = u16::from(body > list_h + 1);
    let table_h = body - list_h - status_h;
    let row = |y: u16, height: u16| Rect::new(area.x, area.y + y, area.width, height);
    Parts {
        list: row(0, list_h),
        status: row(list_h, status_h),
        table: row(list_h + status_h, table_h),
        hint: row(body, hint_h),
    }
}

fn draw_list(
    frame: &mut Frame<'_>,
    area: Rect,
    tables: &[&Table],
    pane: &TablesPane,
    theme: &Theme,
    focused: bool,
) {
    let width = usize::from(area.width).saturating_sub(2);
    let items: Vec<ListItem> = tables
        .iter()
        .map(|t| ListItem::new(caption_item(t, width, theme)))
        .collect();
    let highlight = if focused {
        theme.selected()
    } else {
        theme.text()
    };
    let list = List::new(items)
        .highlight_symbol("▸ ")
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(highlight);
    let mut state = ListState::default().with_selected(Some(pane.selected.min(tables.len() - 1)));
    frame.render_stateful_widget(list, area, &mut state);
}

/// "Table 1.2: Resource comparison…", cut to `width`.
fn caption_item(table: &Table, width: usize, theme: &Theme) -> Line<'static> {
    let line = render::Line::new(vec![
        render::Span::new(
            format!("Table {}: ", table.number),
            Style::of(Role::Body).strong(),
        ),
        render::Span::new(Inline::plain(&table.caption), Style::of(Role::Body)),
    ]);
    owned_lines(&[truncate(&line, width)], theme)
        .pop()
        .unwrap_or_default()
}

/// The part of the table that fits `area`, after the scroll offsets (clamped here).
fn window(table: &Table, pane: &TablesPane, area: Rect) -> Window {
    let lines = natural_lines(table);
    let natural = lines.iter().map(render::Line::width).max().unwrap_or(0);
    let (width, height) = (usize::from(area.width), usize::from(area.height));
    let wider = natural > width;
    let taller = lines.len() > height;
    let first = first_column_width(&lines);
    let frozen = if wider && first * 5 <= width * 3 {
        first
    } else {
        0
    };
    let header = header_rows(&lines);
    let top = if taller && header + 2 <= height {
        header
    } else {
        0
    };
    let page = width - frozen;
    let x_max = last_offset(&lines, natural, frozen, page);
    let x = pane.x.fit(x_max);
    let rows = height - top.min(height);
    let y_max = (lines.len() - top).saturating_sub(rows);
    let y = pane.y.fit(y_max);
    pane.view.set(TableView { frozen, page });
    let shown = lines[..top]
        .iter()
        .chain(lines[top + y..].iter().take(rows))
        .map(|line| join(cut(line, 0, frozen), cut(line, frozen + x, page)))
        .collect();
    Window {
        lines: shown,
        wider,
        taller,
        left_more: x > 0,
        right_more: x < x_max,
        rows_below: y < y_max,
    }
}

/// How far the window scrolls: until the table's right edge shows, then on to where the
/// column cut at the left starts, so the window never opens in the middle of a column.
fn last_offset(lines: &[render::Line], natural: usize, frozen: usize, page: usize) -> usize {
    let edge = (natural - frozen.min(natural)).saturating_sub(page);
    if edge == 0 {
        return 0;
    }
    column_stops(lines, frozen)
        .into_iter()
        .find(|stop| *stop >= edge)
        .unwrap_or(edge)
}

/// Lines down to the rule under the header row ("├──┼──┤"), or none without one.
fn header_rows(lines: &[render::Line]) -> usize {
    lines
        .iter()
        .position(|l| l.plain().starts_with('├'))
        .map_or(0, |i| i + 1)
}

/// Display columns `from..from + width` of a line; a wide character cut in half becomes
/// spaces, so the columns stay aligned.
pub fn cut(line: &render::Line, from: usize, width: usize) -> render::Line {
    let end = from + width;
    let mut out = render::Line::default();
    let mut col = 0;
    for span in &line.spans {
        let mut text = String::new();
        for c in span.text.chars() {
            let start = col;
            col += c.width().unwrap_or(0);
            if start == col {
                // Zero width: goes with the character before it, if that one is shown.
                if from < start && start <= end {
                    text.push(c);
                }
            } else if col <= from || start >= end {
                continue;
            } else if start < from || col > end {
                text.push_str(&" ".repeat(col.min(end) - start.max(from)));
            } else {
                text.push(c);
            }
        }
        if !text.is_empty() {
            out.spans.push(render::Span::new(text, span.style));
        }
    }
    out
}

fn join(mut left: render::Line, right: render::Line) -> render::Line {
    left.spans.extend(right.spans);
    left
}

/// The full caption under the table, when the table is whole on screen and there is room.
fn draw_caption_below(
    frame: &mut Frame<'_>,
    area: Rect,
    shown: usize,
    table: &Table,
    theme: &Theme,
) {
    let used = u16::try_from(shown).unwrap_or(u16::MAX).saturating_add(1);
    let caption = caption_lines(table, area.width, theme);
    let needed = u16::try_from(caption.len()).unwrap_or(u16::MAX);
    if area.height < used.saturating_add(needed) || area.width == 0 {
        return;
    }
    let rect = Rect::new(area.x, area.y + used, area.width, needed);
    frame.render_widget(Paragraph::new(caption), rect);
}

fn caption_lines(table: &Table, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut inlines = vec![Inline::Text(
        format!("Table {}: ", table.number),
        crate::content::Emphasis {
            strong: true,
            ..Default::default()
        },
    )];
    inlines.extend(table.caption.iter().cloned());
    wrapped(&inlines, Role::Caption, width, theme)
}

/// "←/→ to scroll", only when the table is wider than the pane; "j/k for more rows" when
/// rows are hidden below.
fn status(window: &Window, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    if window.wider {
        let more = match (window.left_more, window.right_more) {
            (true, true) => " (more on both sides)",
            (true, false) => " (more on the left)",
            _ => " (more on the right)",
        };
        spans.push(Span::styled("←/→", theme.key()));
        spans.push(Span::styled(" to scroll", theme.text()));
        spans.push(Span::styled(more, theme.dim()));
    }
    if window.rows_below {
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled("j/k", theme.key()));
        spans.push(Span::styled(" more rows", theme.dim()));
    }
    Line::from(spans)
}

fn hint(window: &Window) -> Vec<(&'static str, &'static str)> {
    let mut pairs = vec![("↑↓", "table")];
    if window.wider {
        pairs.push(("←→", "scroll"));
    }
    if window.taller {
        pairs.push(("j/k", "rows"));
    }
    pairs.push(("Enter", "show in text"));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> render::Line {
        render::Line::text(text, Style::of(Role::Body))
    }

    #[test]
    fn cut_takes_display_columns() {
        assert_eq!(cut(&line("abcdef"), 2, 3).plain(), "cde");
        assert_eq!(cut(&line("abc"), 2, 5).plain(), "c");
        assert_eq!(cut(&line("abc"), 5, 5).plain(), "");
        assert_eq!(cut(&line("abc"), 0, 0).plain(), "");
    }

    #[test]
    fn cut_turns_half_a_wide_character_into_a_space() {
        // 機 and 械 are two columns each.
        assert_eq!(cut(&line("機械x"), 1, 3).plain(), " 械");
        assert_eq!(cut(&line("機械x"), 0, 3).plain(), "機 ");
        assert_eq!(cut(&line("a機"), 0, 2).plain(), "a ");
    }

    #[test]
    fn cut_keeps_combining_marks_with_their_letter() {
        let text = "ae\u{301}b";
        assert_eq!(cut(&line(text), 1, 1).plain(), "e\u{301}");
        assert_eq!(cut(&line(text), 2, 1).plain(), "b");
    }

    #[test]
    fn cut_keeps_styles() {
        let mut l = line("ab");
        l.spans
            .push(render::Span::new("cd", Style::of(Role::TableHeader)));
        let out = cut(&l, 1, 2);
        assert_eq!(out.spans.len(), 2);
        assert_eq!(out.spans[1].style.role, Role::TableHeader);
    }

    #[test]
    fn the_header_ends_at_its_rule() {
        let lines = [line("┌─┐"), line("│a│"), line("├─┤"), line("│b│")];
        assert_eq!(header_rows(&lines), 3);
        assert_eq!(header_rows(&lines[..2]), 0);
    }

    #[test]
    fn the_window_never_stops_inside_a_column_it_could_start() {
        // Columns start (after a frozen first one of 4) at 6 and 12; the edge is at 9.
        let lines = [line("┌──┬─────┬─────┬────┐")];
        assert_eq!(column_stops(&lines, 4), [6, 12]);
        assert_eq!(last_offset(&lines, 21, 4, 8), 12);
        assert_eq!(last_offset(&lines, 21, 4, 17), 0);
    }
}
