//! Word wrapping of styled text by display width (unicode-width), so CJK and emoji take
//! their two columns and a line never overflows. Wide characters may break anywhere, as
//! CJK text does; a word longer than the line is split at character boundaries.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::math::to_unicode_lossy;
use super::{Line, Role, Span, Style};
use crate::content::Inline;

/// Styled spans for inline content; math is turned into Unicode here.
pub fn inline_spans(inlines: &[Inline], role: Role) -> Vec<Span> {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(text, emphasis) => Span::new(
                text.clone(),
                Style {
                    role: if emphasis.code { Role::Code } else { role },
                    emph: emphasis.emph,
                    strong: emphasis.strong,
                    link: emphasis.link,
                    strike: emphasis.strike,
                },
            ),
            Inline::Math(tex) => Span::new(to_unicode_lossy(tex), Style::of(Role::Math)),
            Inline::SoftBreak => Span::new(" ", Style::of(role)),
            Inline::HardBreak => Span::new("\n", Style::of(role)),
        })
        .collect()
}

/// A unit that is never split across lines unless it alone is too wide.
#[derive(Debug, Default)]
struct Word {
    pieces: Vec<Span>,
    width: usize,
    /// Whether a space separates it from the word before.
    space_before: bool,
    /// A forced line break before this word.
    break_before: bool,
}

impl Word {
    fn push(&mut self, cluster: &str, style: Style) {
        self.width += cluster.width();
        match self.pieces.last_mut() {
            Some(last) if last.style == style => last.text.push_str(cluster),
            _ => self.pieces.push(Span::new(cluster, style)),
        }
    }
}

/// The text cut into (approximate) grapheme clusters: a character with the zero-width
/// ones after it (combining marks, variation selectors, joiners), the character after a
/// zero-width joiner (emoji sequences such as 👩‍💻), and regional indicators in pairs
/// (flags). A line or a table cell never splits one, and each is measured as a whole, as
/// ratatui and `width_of` measure it.
fn clusters(text: &str) -> Vec<&str> {
    let regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    let mut lone_regional = false;
    for (i, c) in text.char_indices() {
        let joins =
            c.width() == Some(0) || previous == Some('\u{200D}') || (regional(c) && lone_regional);
        if i > start && !joins {
            out.push(&text[start..i]);
            start = i;
        }
        lone_regional = regional(c) && !(lone_regional && i > start);
        previous = Some(c);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn words(spans: &[Span]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current = Word::default();
    let mut space = false;
    let mut hard = false;
    let finish = |current: &mut Word, words: &mut Vec<Word>| {
        if !current.pieces.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    for span in spans {
        for cluster in clusters(&span.text) {
            let c = cluster.chars().next().unwrap_or(' ');
            if c == '\n' && span.text == "\n" {
                finish(&mut current, &mut words);
                hard = true;
                space = false;
                continue;
            }
            if c.is_whitespace() {
                finish(&mut current, &mut words);
                space = true;
                continue;
            }
            let wide = cluster.width() >= 2;
            if wide {
                finish(&mut current, &mut words);
            }
            if current.pieces.is_empty() {
                current.space_before = space;
                current.break_before = hard;
                space = false;
                hard = false;
            }
            current.push(cluster, span.style);
            if wide {
                finish(&mut current, &mut words);
            }
        }
    }
    finish(&mut current, &mut words);
    words
}

/// Wraps styled text to `width` columns.
pub fn wrap(spans: &[Span], width: usize) -> Vec<Line> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = Line::blank();
    let mut used = 0;
    for word in words(spans) {
        let gap = usize::from(word.space_before && used > 0);
        if word.break_before || (used > 0 && used + gap + word.width > width) {
            lines.push(std::mem::take(&mut line));
            used = 0;
        } else if gap == 1 {
            push_text(&mut line, " ", word.pieces[0].style);
            used += 1;
        }
        if word.width <= width - used {
            used += word.width;
            for piece in word.pieces {
                push_text(&mut line, &piece.text, piece.style);
            }
            continue;
        }
        for piece in word.pieces {
            for cluster in clusters(&piece.text) {
                let w = cluster.width();
                if used + w > width && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                if w <= width {
                    push_text(&mut line, cluster, piece.style);
                    used += w;
                }
            }
        }
    }
    if !line.spans.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn push_text(line: &mut Line, text: &str, style: Style) {
    match line.spans.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => line.spans.push(Span::new(text, style)),
    }
}

/// Prefixes the first line with `first` and the rest with `rest`.
pub fn indent(lines: Vec<Line>, first: &[Span], rest: &[Span]) -> Vec<Line> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let mut spans = if i == 0 {
                first.to_vec()
            } else {
                rest.to_vec()
            };
            spans.extend(line.spans);
            Line {
                spans,
                mark: line.mark,
            }
        })
        .collect()
}

/// Cuts a line to `width` columns, ending with '…' when something was cut.
pub fn truncate(line: &Line, width: usize) -> Line {
    if line.width() <= width {
        return line.clone();
    }
    let mut out = Line {
        spans: Vec::new(),
        mark: line.mark.clone(),
    };
    let mut used = 0;
    let budget = width.saturating_sub(1);
    'spans: for span in &line.spans {
        for cluster in clusters(&span.text) {
            let w = cluster.width();
            if used + w > budget {
                break 'spans;
            }
            push_text(&mut out, cluster, span.style);
            used += w;
        }
    }
    if width > 0 {
        let style = line.spans.last().map_or(Style::of(Role::Body), |s| s.style);
        push_text(&mut out, "…", style);
    }
    out
}

/// Pads a line with spaces to exactly `width` columns (if shorter).
pub fn pad(mut line: Line, width: usize, style: Style) -> Line {
    let used = line.width();
    if used < width {
        line.spans.push(Span::new(" ".repeat(width - used), style));
    }
    line
}

/// Breaks one line of preformatted text (code) into lines of at most `width` columns,
/// keeping every space as written and never splitting a grapheme cluster.
pub fn hard_wrap(text: &str, style: Style, width: usize) -> Vec<Line> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    for cluster in clusters(text) {
        let w = cluster.width();
        if used + w > width && used > 0 {
            lines.push(Line::text(std::mem::take(&mut current), style));
            used = 0;
        }
        current.push_str(cluster);
        used += w;
    }
    lines.push(Line::text(current, style));
    lines
}

/// The display width of a string.
pub fn width_of(text: &str) -> usize {
    text.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<Span> {
        vec![Span::new(text, Style::of(Role::Body))]
    }

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::plain).collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let lines = wrap(&body("the quick brown fox jumps"), 10);
        assert_eq!(plain(&lines), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn long_words_are_split() {
        let lines = wrap(&body("abcdefghij"), 4);
        assert_eq!(plain(&lines), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_characters_count_two_and_break_anywhere() {
        let lines = wrap(&body("機械学習システム"), 6);
        assert_eq!(plain(&lines), ["機械学", "習シス", "テム"]);
        for line in &lines {
            assert!(line.width() <= 6);
        }
    }

    #[test]
    fn styles_survive_and_no_space_is_invented_between_pieces() {
        let spans = vec![
            Span::new("only ", Style::of(Role::Body)),
            Span::new("5", Style::of(Role::Body).strong()),
            Span::new("% of it", Style::of(Role::Body)),
        ];
        let lines = wrap(&spans, 80);
        assert_eq!(plain(&lines), ["only 5% of it"]);
        assert_eq!(lines[0].spans.len(), 3);
    }

    #[test]
    fn hard_breaks_force_a_new_line() {
        let spans = vec![
            Span::new("a", Style::of(Role::Body)),
            Span::new("\n", Style::of(Role::Body)),
            Span::new("b", Style::of(Role::Body)),
        ];
        assert_eq!(plain(&wrap(&spans, 80)), ["a", "b"]);
    }

    #[test]
    fn hard_wrap_keeps_indentation_and_inner_spaces() {
        let style = Style::of(Role::Code);
        let lines = hard_wrap("    let  x = 1;", style, 80);
        assert_eq!(plain(&lines), ["    let  x = 1;"]);
        let lines = hard_wrap("  abcdef", style, 4);
        assert_eq!(plain(&lines), ["  ab", "cdef"]);
        assert_eq!(plain(&hard_wrap("", style, 4)), [""]);
    }

    #[test]
    fn truncate_marks_the_cut() {
        let line = Line::text("abcdef", Style::of(Role::Body));
        assert_eq!(truncate(&line, 4).plain(), "abc…");
        assert_eq!(truncate(&line, 0).plain(), "");
    }

    #[test]
    fn joined_and_combined_characters_stay_whole() {
        // 👩‍💻 is two columns; a cell two columns wide must not split it.
        assert_eq!(plain(&wrap(&body("👩\u{200D}💻👩\u{200D}💻"), 2)).len(), 2);
        assert_eq!(
            plain(&wrap(&body("👩\u{200D}💻 🇯🇵🇰🇷"), 2)),
            ["👩\u{200D}💻", "🇯🇵", "🇰🇷"]
        );
        assert_eq!(
            plain(&wrap(&body("e\u{301}e\u{301}e\u{301}"), 2)),
            ["e\u{301}e\u{301}", "e\u{301}"]
        );
        assert_eq!(plain(&wrap(&body("漢\u{308}字"), 2)), ["漢\u{308}", "字"]);
    }

    #[test]
    fn width_zero_never_panics() {
        assert_eq!(wrap(&body("a b"), 0).len(), 2);
    }
}
