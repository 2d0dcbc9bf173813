//! The narrative pane: the visible slice of the rendered chapter, with the cursor in the
//! gutter, search matches highlighted and glossary terms underlined. Only the lines on
//! screen are converted and styled; the chapter itself was laid out once per width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::reader::{Focus, Reader};
use crate::app::search::Match;
use crate::app::words::Lowered;
use crate::render;

/// Columns taken by the gutter (the cursor marker).
pub const GUTTER: u16 = 2;

pub fn draw(frame: &mut Frame<'_>, area: Rect, reader: &Reader, terms: &[String], theme: &Theme) {
    let end = (reader.top() + usize::from(area.height)).min(reader.doc().lines.len());
    let start = reader.top().min(end);
    let mut lines = Vec::with_capacity(end - start);
    for index in start..end {
        let line = &reader.doc().lines[index];
        let mut ranges: Vec<(usize, usize, Style)> = term_ranges(line, terms)
            .into_iter()
            .map(|(s, e)| (s, e, Style::default().add_modifier(Modifier::UNDERLINED)))
            .collect();
        ranges.extend(match_ranges(reader, index, theme));
        let gutter = if index == reader.cursor()
            && reader.focus == Focus::Narrative
            && reader.overlay.is_none()
        {
            Span::styled("▌ ", theme.selected())
        } else {
            Span::raw("  ")
        };
        let mut spans = vec![gutter];
        spans.extend(styled_spans(line, &ranges, theme));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Search matches on line `index`: the current one stands out.
fn match_ranges(reader: &Reader, index: usize, theme: &Theme) -> Vec<(usize, usize, Style)> {
    let current = reader
        .search
        .current
        .and_then(|i| reader.search.matches.get(i))
        .copied();
    reader
        .search
        .matches
        .iter()
        .filter(|m| m.line == index)
        .map(|m: &Match| {
            let style = if Some(*m) == current {
                theme.selected().add_modifier(Modifier::REVERSED)
            } else {
                Style::default().add_modifier(Modifier::REVERSED)
            };
            (m.start, m.end, style)
        })
        .collect()
}

/// Where glossary terms occur in a line, as character ranges (whole words, any case).
pub fn term_ranges(line: &render::Line, terms: &[String]) -> Vec<(usize, usize)> {
    let lowered = Lowered::new(&line.plain());
    terms
        .iter()
        .flat_map(|term| lowered.word_ranges(term))
        .collect()
}

/// The line's spans in theme styles, with extra styles patched over character ranges.
fn styled_spans(
    line: &render::Line,
    ranges: &[(usize, usize, Style)],
    theme: &Theme,
) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut position = 0;
    for span in &line.spans {
        let base = theme.render_style(span.style);
        let mut current = String::new();
        let mut current_style = base;
        for c in span.text.chars() {
            let style = ranges
                .iter()
                .filter(|(s, e, _)| (*s..*e).contains(&position))
                .fold(base, |st, (_, _, extra)| st.patch(*extra));
            if style != current_style && !current.is_empty() {
                out.push(Span::styled(std::mem::take(&mut current), current_style));
            }
            current_style = style;
            current.push(c);
            position += 1;
        }
        if !current.is_empty() {
            out.push(Span::styled(current, current_style));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Role, Span as RSpan, Style as RStyle};

    #[test]
    fn terms_are_found_as_whole_words_in_any_case() {
        let line = render::Line::new(vec![RSpan::new(
            "TinyML and tinyml2, not tinymls",
            RStyle::of(Role::Body),
        )]);
        assert_eq!(term_ranges(&line, &["tinyml".to_string()]), vec![(0, 6)]);
    }

    #[test]
    fn patched_ranges_split_spans_at_characters() {
        let line = render::Line::new(vec![RSpan::new("ab€d", RStyle::of(Role::Body))]);
        let theme = Theme::new(crate::ui::theme::ThemeName::Mono);
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let spans = styled_spans(&line, &[(1, 3, bold)], &theme);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["a", "b€", "d"]);
    }
}
