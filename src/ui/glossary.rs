//! Draws the glossary tab: a header saying what is listed (the chapter's terms, the whole
//! course's, a filter being typed, or the terms looked up), the list of terms, and, when one
//! is opened, its definition as the narrative draws it and where the text defines it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, List, ListItem, ListState, Paragraph};

use super::theme::Theme;
use super::{fitted_help, owned_lines, wrapped_plain};
use crate::app::panes::PaneContext;
use crate::app::panes::glossary::{GlossaryPane, in_this_chapter, location};
use crate::content::GlossaryEntry;
use crate::render::RenderOptions;
use crate::render::chapter::definition_lines;
use crate::render::wrap::truncate;

pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    pane: &GlossaryPane,
    ctx: &PaneContext<'_>,
    theme: &Theme,
    focused: bool,
) {
    let (body, hint_area) = split_hint(area);
    let entries = pane.entries(ctx);
    let open = entries.get(pane.selected()).filter(|_| pane.is_open());
    let pairs = match open {
        Some(entry) => {
            let overflow = draw_definition(frame, body, pane, entry, theme);
            definition_hint(in_this_chapter(entry, ctx), overflow)
        }
        None => {
            draw_list(frame, body, pane, &entries, ctx, theme, focused);
            list_hint(pane)
        }
    };
    let hint = fitted_help(&pairs, hint_area.width, theme);
    frame.render_widget(Paragraph::new(hint), hint_area);
}

/// The pane without its last row, and that row for the key hint when the pane has room
/// (shared by the side panel's tabs).
pub(crate) fn split_hint(area: Rect) -> (Rect, Rect) {
    let hint_h = u16::from(area.height >= 3);
    let body = Rect::new(area.x, area.y, area.width, area.height - hint_h);
    let hint = Rect::new(area.x, area.y + body.height, area.width, hint_h);
    (body, hint)
}

fn draw_list(
    frame: &mut Frame<'_>,
    area: Rect,
    pane: &GlossaryPane,
    entries: &[GlossaryEntry<'_>],
    ctx: &PaneContext<'_>,
    theme: &Theme,
    focused: bool,
) {
    if area.height == 0 {
        return;
    }
    let header = Rect::new(area.x, area.y, area.width, 1);
    frame.render_widget(
        Paragraph::new(header_line(pane, entries.len(), ctx, theme, focused)),
        header,
    );
    let rest = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    if entries.is_empty() {
        let text = empty_text(pane);
        let lines = wrapped_plain(&text, theme.dim(), rest.width);
        frame.render_widget(Paragraph::new(lines), rest);
        return;
    }
    let selected = pane.selected().min(entries.len() - 1);
    let preview = definition(&entries[selected], rest.width, theme);
    let (list_h, preview_h) = share(usize::from(rest.height), entries.len(), preview.len());
    let width = usize::from(area.width).saturating_sub(2);
    let items: Vec<ListItem> = entries
        .iter()
        .map(|e| ListItem::new(term_item(e, ctx, width, theme)))
        .collect();
    let highlight = if focused {
        theme.selected()
    } else {
        theme.text().add_modifier(Modifier::BOLD)
    };
    let list = List::new(items)
        .highlight_symbol("▸ ")
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(highlight);
    let mut state = ListState::default().with_selected(Some(selected));
    let list_area = Rect::new(rest.x, rest.y, rest.width, to_u16(list_h));
    frame.render_stateful_widget(list, list_area, &mut state);
    if preview_h > 0 {
        let y = rest.y + to_u16(list_h + 1);
        let area = Rect::new(rest.x, y, rest.width, to_u16(preview_h));
        frame.render_widget(Paragraph::new(cut_preview(preview, preview_h, theme)), area);
    }
}

/// Rows for the list and for the preview of the selected definition below it (a blank row
/// between): the list keeps at least half, the preview is dropped under three rows.
pub fn share(rows: usize, entries: usize, preview: usize) -> (usize, usize) {
    let list = entries
        .min(rows.saturating_sub(preview + 1).max(rows / 2))
        .min(rows);
    let left = rows - list;
    if left < 4 {
        return (list, 0);
    }
    (list, (left - 1).min(preview))
}

/// The first `rows` lines of the preview, the last saying there is more when it is cut.
fn cut_preview(mut lines: Vec<Line<'static>>, rows: usize, theme: &Theme) -> Vec<Line<'static>> {
    if lines.len() > rows {
        lines.truncate(rows.saturating_sub(1));
        lines.push(Line::styled("… Enter to read it all", theme.dim()));
    }
    lines
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// What the list shows: the filter being typed, the looked-up terms, or the scope.
fn header_line(
    pane: &GlossaryPane,
    count: usize,
    ctx: &PaneContext<'_>,
    theme: &Theme,
    focused: bool,
) -> Line<'static> {
    let plural = if count == 1 { "" } else { "s" };
    if pane.looked_up().is_some() {
        return Line::from(vec![
            Span::styled("On this line", theme.title()),
            Span::styled(format!(" · {count} term{plural}"), theme.dim()),
        ]);
    }
    if pane.is_typing() || !pane.filter.is_empty() {
        let mut spans = vec![
            Span::styled("/", theme.key()),
            Span::styled(pane.filter.clone(), theme.text()),
        ];
        if pane.is_typing() && focused {
            spans.push(Span::styled("█", theme.dim()));
        }
        let matches = if count == 1 { "match" } else { "matches" };
        spans.push(Span::styled(format!("  {count} {matches}"), theme.dim()));
        return Line::from(spans);
    }
    let scope = if pane.whole_course() {
        "Whole course".to_string()
    } else {
        format!("Chapter {}", ctx.chapter.number)
    };
    Line::from(vec![
        Span::styled(scope, theme.title()),
        Span::styled(format!(" · {count} term{plural}"), theme.dim()),
    ])
}

fn empty_text(pane: &GlossaryPane) -> String {
    if !pane.filter.is_empty() {
        format!(
            "No term contains \"{}\". Esc clears the filter.",
            pane.filter
        )
    } else if pane.whole_course() {
        "The course defines no terms.".to_string()
    } else {
        "This chapter defines no terms. Press w for the whole course.".to_string()
    }
}

/// A term, and its chapter when it is not this one, cut to `width`.
fn term_item(
    entry: &GlossaryEntry<'_>,
    ctx: &PaneContext<'_>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    use crate::render::{Line as RLine, Role, Span as RSpan, Style};
    let mut spans = vec![RSpan::new(entry.term, Style::of(Role::Body))];
    if entry.chapter.number != ctx.chapter.number {
        spans.push(RSpan::new(
            format!("  ch. {}", entry.chapter.number),
            Style::of(Role::Dim),
        ));
    }
    owned_lines(&[truncate(&RLine::new(spans), width)], theme)
        .pop()
        .unwrap_or_default()
}

/// The definition and where it is, scrolled; returns whether it is taller than the pane.
fn draw_definition(
    frame: &mut Frame<'_>,
    area: Rect,
    pane: &GlossaryPane,
    entry: &GlossaryEntry<'_>,
    theme: &Theme,
) -> bool {
    let mut lines = definition(entry, area.width, theme);
    lines.push(Line::default());
    let place = format!("Defined in {}", location(entry));
    let style = theme.dim().add_modifier(Modifier::ITALIC);
    lines.extend(wrapped_plain(&place, style, area.width));
    let height = usize::from(area.height);
    let max = lines.len().saturating_sub(height);
    let offset = pane.scroll.fit(max);
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(shown), area);
    max > 0
}

/// The definition as the narrative draws it, at `width`.
fn definition(entry: &GlossaryEntry<'_>, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let opts = RenderOptions {
        width: usize::from(width),
        ascii: false,
    };
    owned_lines(
        &definition_lines(entry.term, entry.body, entry.chapter, &opts),
        theme,
    )
}

fn list_hint(pane: &GlossaryPane) -> Vec<(&'static str, &'static str)> {
    if pane.is_typing() {
        return vec![("Enter", "open"), ("Esc", "clear"), ("↑↓", "move")];
    }
    let mut pairs = vec![("↑↓", "move"), ("Enter", "open")];
    if pane.looked_up().is_some() {
        pairs.push(("Esc", "all terms"));
    } else if !pane.filter.is_empty() {
        pairs.push(("Esc", "clear"));
    } else {
        pairs.push(("a-z", "filter"));
    }
    let scope = if pane.whole_course() {
        "this chapter"
    } else {
        "all chapters"
    };
    pairs.push(("w", scope));
    pairs
}

fn definition_hint(jumpable: bool, overflow: bool) -> Vec<(&'static str, &'static str)> {
    let mut pairs = Vec::new();
    if jumpable {
        pairs.push(("Enter", "show in text"));
    }
    pairs.push(("Esc", "back"));
    if overflow {
        pairs.push(("j/k", "scroll"));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::ThemeName;

    #[test]
    fn the_list_keeps_half_and_the_preview_needs_four_rows() {
        assert_eq!(share(20, 8, 9), (8, 9));
        assert_eq!(share(20, 30, 9), (10, 9));
        assert_eq!(share(20, 1, 40), (1, 18));
        assert_eq!(share(6, 8, 9), (3, 0));
        assert_eq!(share(0, 8, 9), (0, 0));
        assert_eq!(share(3, 0, 9), (0, 0));
    }

    #[test]
    fn hints_drop_whole_pairs_from_the_end() {
        let theme = Theme::new(ThemeName::Dark);
        let pairs = [("↑↓", "move"), ("Enter", "open"), ("w", "all chapters")];
        let text = |w| {
            fitted_help(&pairs, w, &theme)
                .spans
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
        };
        assert_eq!(text(80), "↑↓ move · Enter open · w all chapters");
        assert_eq!(text(30), "↑↓ move · Enter open");
        assert_eq!(text(3), "");
    }
}
