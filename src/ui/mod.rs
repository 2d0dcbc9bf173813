//! Drawing: one file per screen or pane, each turning app state into widgets on a frame.
//! Nothing here changes state; shared pieces (the key-help footer, the "terminal too
//! small" notice, wrapped text, the one conversion of rendered lines to ratatui) live in
//! this module, and the answer step shared by the quiz and the reader's check in answer.rs.

pub mod answer;
pub mod dashboard;
pub mod diagram;
pub mod glossary;
pub mod home;
pub mod narrative;
pub mod notes;
pub mod quiz;
pub mod reader;
pub mod stats;
pub mod tables;
pub mod theme;
pub mod toc;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use unicode_width::UnicodeWidthChar;

use crate::content::Inline;
use crate::render::{self, Role};
use theme::Theme;

/// Wraps styled inline content to `width` as ratatui lines.
pub fn wrapped(inlines: &[Inline], role: Role, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let spans = render::wrap::inline_spans(inlines, role);
    owned_lines(
        &render::wrap::wrap(&spans, usize::from(width.max(1))),
        theme,
    )
}

/// Wraps plain text in one style.
pub fn wrapped_plain(text: &str, style: Style, width: u16) -> Vec<Line<'static>> {
    let spans = [render::Span::new(text, render::Style::of(Role::Body))];
    render::wrap::wrap(&spans, usize::from(width.max(1)))
        .into_iter()
        .map(|l| Line::from(Span::styled(l.plain(), style)))
        .collect()
}

/// Rendered lines as owned ratatui lines: the one conversion from `render` to ratatui
/// (the narrative adds its highlights span by span, in narrative.rs; the reader bench
/// prepares its bare-paragraph floor with this too).
pub fn owned_lines(lines: &[render::Line], theme: &Theme) -> Vec<Line<'static>> {
    lines
        .iter()
        .map(|line| {
            Line::from(
                line.spans
                    .iter()
                    .map(|s| Span::styled(s.text.clone(), theme.render_style(s.style)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

/// A footer of `key action` pairs, cut to the width.
pub fn key_help(pairs: &[(&str, &str)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, action)) in pairs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled((*key).to_string(), theme.key()));
        spans.push(Span::styled(format!(" {action}"), theme.dim()));
    }
    Line::from(spans)
}

/// `key action` pairs over as many lines as `width` needs, never cutting one: for a
/// footer that is the only place its keys are listed.
pub fn key_help_lines(pairs: &[(&str, &str)], width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<(&str, &str)> = Vec::new();
    for pair in pairs {
        current.push(*pair);
        if current.len() > 1 && key_help(&current, t).width() > width {
            current.pop();
            lines.push(key_help(&current, t));
            current = vec![*pair];
        }
    }
    if !current.is_empty() {
        lines.push(key_help(&current, t));
    }
    lines
}

/// The key hint with as many of `pairs` as fit in `width`, the last ones dropped first.
pub fn fitted_help(pairs: &[(&str, &str)], width: u16, theme: &Theme) -> Line<'static> {
    let ranks: Vec<usize> = (0..pairs.len()).collect();
    ranked_help(pairs, &ranks, width, theme)
}

/// The key hint with as many of `pairs` as fit in `width`, in their order, whole: the pair
/// of the highest rank is dropped first (rank 0 is kept longest), so a status line never
/// cuts a hint in the middle ("Q quiz · q/E").
pub fn ranked_help(
    pairs: &[(&str, &str)],
    ranks: &[usize],
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    let mut kept: Vec<bool> = vec![true; pairs.len()];
    let mut by_rank: Vec<usize> = (0..pairs.len()).collect();
    by_rank.sort_by_key(|i| std::cmp::Reverse(ranks.get(*i).copied().unwrap_or(usize::MAX)));
    let line_of = |kept: &[bool]| {
        let shown: Vec<(&str, &str)> = pairs
            .iter()
            .zip(kept)
            .filter(|(_, k)| **k)
            .map(|(p, _)| *p)
            .collect();
        key_help(&shown, theme)
    };
    let mut line = line_of(&kept);
    for i in by_rank {
        if line.width() <= usize::from(width) {
            break;
        }
        kept[i] = false;
        line = line_of(&kept);
    }
    line
}

/// Says the terminal is too small, if it is; returns whether it was.
pub fn too_small(frame: &mut Frame<'_>, min_width: u16, min_height: u16, theme: &Theme) -> bool {
    let area = frame.area();
    if area.width >= min_width && area.height >= min_height {
        return false;
    }
    let text = format!(
        "Terminal too small: {}x{}. This screen needs at least {min_width}x{min_height}; make the window bigger (Ctrl+C leaves).",
        area.width, area.height
    );
    let paragraph = Paragraph::new(Line::from(Span::styled(text, theme.warn())))
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    let y = area.height / 3;
    let rect = Rect::new(area.x, area.y + y, area.width, area.height - y);
    frame.render_widget(paragraph, rect);
    true
}

/// A rectangle of at most `width` x `height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Display columns of `text`.
pub fn text_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` cut to `width` columns, ending in "…" when cut.
pub fn cut(text: &str, width: usize) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` cut or padded to exactly `width` columns.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = cut(text, width);
    let pad = width.saturating_sub(text_width(&out));
    out.push_str(&" ".repeat(pad));
    out
}

/// The hint at the foot of a scrolled pane: whether more lines lie above, below or both.
pub fn more_hint(offset: usize, total: usize, height: usize) -> Option<&'static str> {
    match (offset > 0, offset + height < total) {
        (true, true) => Some(" ↑↓ more "),
        (true, false) => Some(" ↑ more "),
        (false, true) => Some(" ↓ more "),
        (false, false) => None,
    }
}
