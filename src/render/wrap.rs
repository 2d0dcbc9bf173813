//! Word wrapping of styled text by display width (unicode-width), so CJK and emoji take
//! their two columns and a line never overflows. Wide characters may break anywhere, as
//! CJK text does; a word longer than the line is split at character boundaries.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Line, Role, Span, Style};
use crate::content::Inline;
use crate::math::to_unicode_lossy;

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

/// The text cut into (approximate) grapheme clusters: a character with the zero-width
/// ones after it (combining marks, variation selectors, joiners), the character after a
/// zero-width joiner (emoji sequences such as 👩‍💻), and regional indicators in pairs
/// (flags). A line or a table cell never splits one, and each is measured as a whole, as
/// ratatui and `width_of` measure it.
pub(crate) fn clusters(text: &str) -> Clusters<'_> {
    Clusters { rest: text }
}

/// The iterator behind [`clusters`]: borrows, never allocates.
pub(crate) struct Clusters<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Clusters<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest;
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let mut end = first.len_utf8();
        let next_is_plain_ascii = |at: usize| {
            rest.as_bytes()
                .get(at)
                .is_some_and(|b| (0x20..0x7f).contains(b))
        };
        if first == '\u{200D}' || !next_is_plain_ascii(end) {
            let mut previous = first;
            let mut lone_regional = is_regional(first);
            for (i, c) in chars {
                let joins = c.width() == Some(0)
                    || previous == '\u{200D}'
                    || (lone_regional && is_regional(c));
                if !joins {
                    break;
                }
                lone_regional = is_regional(c) && !lone_regional;
                previous = c;
                end = i + c.len_utf8();
            }
        }
        self.rest = &rest[end..];
        Some(&rest[..end])
    }
}

fn is_regional(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Wraps styled text to `width` columns.
pub fn wrap(spans: &[Span], width: usize) -> Vec<Line> {
    let mut wrapper = Wrapper::new(spans, width.max(1));
    for (index, span) in spans.iter().enumerate() {
        if span.text == "\n" {
            wrapper.finish_word();
            wrapper.pending_break = true;
            wrapper.pending_space = false;
        } else if is_printable_ascii(&span.text) {
            wrapper.add_ascii(index, &span.text);
        } else {
            wrapper.add_clusters(index, &span.text);
        }
    }
    wrapper.finish()
}

pub(crate) fn is_printable_ascii(text: &str) -> bool {
    let mut words = text.as_bytes().chunks_exact(8);
    let whole = words.all(|word| {
        let bytes: [u8; 8] = word.try_into().unwrap_or([0; 8]);
        word_is_printable_ascii(u64::from_le_bytes(bytes))
    });
    whole && words.remainder().iter().all(|b| (0x20..0x7f).contains(b))
}

/// Eight bytes tested at once (SWAR): none at or above 0x80, none below 0x20, none 0x7F.
/// A subtraction borrows into the next byte only from a byte that already failed, so
/// the answer is exact.
fn word_is_printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let non_ascii = word & HIGH;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let del = word ^ (ONES * 0x7f);
    let is_del = del.wrapping_sub(ONES) & !del & HIGH;
    (non_ascii | below_space | is_del) == 0
}

/// A unit that is never split across lines unless it alone is too wide: pieces of the
/// input spans, as byte ranges, so wrapping copies text once, into the lines it builds.
struct Wrapper<'s> {
    spans: &'s [Span],
    width: usize,
    lines: Vec<Line>,
    line: Line,
    /// Columns used on `line`.
    used: usize,
    /// The word being gathered: (span index, byte range) pieces.
    word: Vec<(usize, std::ops::Range<usize>)>,
    word_width: usize,
    /// Whether a space separates the word from the one before.
    space_before: bool,
    /// A forced line break before the word.
    break_before: bool,
    pending_space: bool,
    pending_break: bool,
}

impl<'s> Wrapper<'s> {
    fn new(spans: &'s [Span], width: usize) -> Self {
        Self {
            spans,
            width,
            lines: Vec::new(),
            line: Line::blank(),
            used: 0,
            word: Vec::new(),
            word_width: 0,
            space_before: false,
            break_before: false,
            pending_space: false,
            pending_break: false,
        }
    }

    fn add_to_word(&mut self, span: usize, range: std::ops::Range<usize>, width: usize) {
        if self.word.is_empty() {
            self.space_before = self.pending_space;
            self.break_before = self.pending_break;
            self.pending_space = false;
            self.pending_break = false;
        }
        self.word_width += width;
        match self.word.last_mut() {
            Some((last, r)) if *last == span && r.end == range.start => r.end = range.end,
            _ => self.word.push((span, range)),
        }
    }

    /// Printable ASCII: every character one column, only ' ' separates words.
    fn add_ascii(&mut self, index: usize, text: &str) {
        let mut start = 0;
        for (i, byte) in text.bytes().enumerate() {
            if byte == b' ' {
                if i > start {
                    self.add_to_word(index, start..i, i - start);
                }
                self.space();
                start = i + 1;
            }
        }
        if text.len() > start {
            self.add_to_word(index, start..text.len(), text.len() - start);
        }
    }

    /// Any text, a grapheme cluster at a time; wide characters may break anywhere.
    fn add_clusters(&mut self, index: usize, text: &str) {
        let mut offset = 0;
        for cluster in clusters(text) {
            let start = offset;
            offset += cluster.len();
            if cluster.starts_with(char::is_whitespace) {
                self.space();
                continue;
            }
            let w = width_of(cluster);
            if w >= 2 {
                self.finish_word();
            }
            self.add_to_word(index, start..offset, w);
            if w >= 2 {
                self.finish_word();
            }
        }
    }

    fn space(&mut self) {
        self.finish_word();
        self.pending_space = true;
    }

    fn piece(&self, (span, range): &(usize, std::ops::Range<usize>)) -> (&'s str, Style) {
        let span = &self.spans[*span];
        (&span.text[range.clone()], span.style)
    }

    /// Adds text to the line; a new span gets room for a whole line at once, so a line
    /// is not reallocated word after word.
    fn push(&mut self, text: &str, style: Style) {
        match self.line.spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => {
                let mut owned = String::with_capacity(text.len().max(self.width.min(256)));
                owned.push_str(text);
                self.line.spans.push(Span { text: owned, style });
            }
        }
    }

    fn new_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
        self.used = 0;
    }

    /// Places the gathered word on the current line, or the next, or splits it.
    fn finish_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let gap = usize::from(self.space_before && self.used > 0);
        if self.break_before || (self.used > 0 && self.used + gap + self.word_width > self.width) {
            self.new_line();
        } else if gap == 1 {
            let (_, style) = self.piece(&self.word[0]);
            self.push(" ", style);
            self.used += 1;
        }
        let word = std::mem::take(&mut self.word);
        if self.word_width <= self.width - self.used {
            self.used += self.word_width;
            for piece in &word {
                let (text, style) = self.piece(piece);
                self.push(text, style);
            }
        } else {
            for piece in &word {
                let (text, style) = self.piece(piece);
                self.split_across_lines(text, style);
            }
        }
        self.word = word;
        self.word.clear();
        self.word_width = 0;
    }

    /// A word too wide for any line, broken between clusters.
    fn split_across_lines(&mut self, text: &str, style: Style) {
        for cluster in clusters(text) {
            let w = width_of(cluster);
            if self.used + w > self.width && self.used > 0 {
                self.new_line();
            }
            if w <= self.width {
                self.push(cluster, style);
                self.used += w;
            }
        }
    }

    fn finish(mut self) -> Vec<Line> {
        self.finish_word();
        if !self.line.spans.is_empty() || self.lines.is_empty() {
            self.lines.push(self.line);
        }
        self.lines
    }
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

/// The line as it is when it fits in `width` columns, else cut by [`truncate`].
pub fn fit(line: Line, width: usize) -> Line {
    if fits(&line, width) {
        line
    } else {
        truncate(&line, width)
    }
}

/// Whether the line is at most `width` columns wide. Text is never wider than its UTF-8
/// bytes (a test holds unicode-width to that), so a line of at most `width` bytes fits
/// without being measured.
fn fits(line: &Line, width: usize) -> bool {
    let bytes: usize = line.spans.iter().map(|span| span.text.len()).sum();
    bytes <= width || line.width() <= width
}

/// Cuts a line to `width` columns, ending with '…' when something was cut.
pub fn truncate(line: &Line, width: usize) -> Line {
    if fits(line, width) {
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
            let w = width_of(cluster);
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

/// A line of exactly `width` columns: padded with spaces when shorter, cut by
/// [`truncate`] (and then padded) when wider.
pub fn pad(mut line: Line, width: usize, style: Style) -> Line {
    let mut used = line.width();
    if used > width {
        line = truncate(&line, width);
        used = line.width();
    }
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
        let w = width_of(cluster);
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
    if is_printable_ascii(text) {
        text.len()
    } else {
        simple_width(text).unwrap_or_else(|| text.width())
    }
}

/// The width of text made only of characters whose width never depends on their
/// neighbours (Latin, punctuation, arrows, mathematical operators, box drawing and
/// shapes), as the sum of their widths; `None` for anything else (emoji, joiners,
/// variation selectors, combining marks, scripts with ligatures), which is measured as a
/// whole string.
fn simple_width(text: &str) -> Option<usize> {
    text.chars().try_fold(0, |total, c| {
        if matches!(c, '\u{20}'..='\u{7e}' | '\u{2500}'..='\u{259f}') {
            return Some(total + 1); // ASCII, box drawing and block elements
        }
        let independent = matches!(c,
            '\u{20}'..='\u{7e}'
            | '\u{a0}'..='\u{2ff}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205e}'
            | '\u{2070}'..='\u{20cf}'
            | '\u{2100}'..='\u{2319}'
            | '\u{2500}'..='\u{25ff}');
        if independent {
            c.width().map(|w| total + w)
        } else {
            None
        }
    })
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
    fn width_of_agrees_with_unicode_width_on_every_fast_path_character() {
        let ranges = [
            '\u{0}'..='\u{7f}',
            '\u{a0}'..='\u{36f}',
            '\u{2000}'..='\u{20cf}',
            '\u{2100}'..='\u{2600}',
            '\u{fe00}'..='\u{fe0f}',
        ];
        let tricky = ["\u{200D}", "\u{FE0F}", "\u{301}", "💻", "🇯", "字", "\r\n"];
        for c in ranges.into_iter().flatten() {
            for text in [c.to_string(), format!("a{c}b"), format!("─{c}─{c}")]
                .into_iter()
                .chain(tricky.iter().map(|t| format!("{c}{t}")))
            {
                assert_eq!(width_of(&text), text.width(), "{text:?}");
            }
        }
        for text in [
            "☕\u{FE0F}",
            "👩\u{200D}💻",
            "🇯🇵",
            "e\u{301}",
            "│ ½ → ≤ ─┼─ “x”",
        ] {
            assert_eq!(width_of(text), text.width(), "{text:?}");
        }
    }

    #[test]
    fn printable_ascii_eight_bytes_at_a_time_agrees_with_a_byte_at_a_time() {
        let reference = |bytes: &[u8]| bytes.iter().all(|b| (0x20..0x7f).contains(b));
        for len in [7, 8, 9, 16, 17, 23] {
            for at in 0..len {
                for odd in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = odd;
                    if at + 1 < len {
                        bytes[at + 1] = odd.wrapping_add(1);
                    }
                    if let Ok(text) = std::str::from_utf8(&bytes) {
                        assert_eq!(is_printable_ascii(text), reference(&bytes), "{bytes:?}");
                    }
                }
            }
        }
        assert!(is_printable_ascii(" ~ ~ ~ ~ ~ ~ ~ ~ ~"));
        assert!(!is_printable_ascii("twelve bytes\u{7f}"));
        assert!(!is_printable_ascii("caf\u{e9} au lait"));
    }

    #[test]
    fn no_text_is_wider_than_its_bytes() {
        let joiners = [
            "",
            "\u{FE0F}",
            "\u{FE0E}",
            "\u{200D}",
            "\u{301}",
            "\u{1F3FB}",
        ];
        let mut text = String::new();
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert!(c.width().unwrap_or(0) <= c.len_utf8(), "{c:?}");
            for joiner in joiners {
                text.clear();
                text.push(c);
                text.push_str(joiner);
                assert!(text.width() <= text.len(), "{text:?}");
            }
        }
        for text in [
            "🇯🇵",
            "👩\u{200D}💻",
            "\u{1100}\u{1161}\u{11A8}",
            "\u{644}\u{627}",
            "\r\n",
        ] {
            assert!(text.width() <= text.len(), "{text:?}");
        }
    }

    /// The reference: every span a grapheme cluster at a time, never the ASCII shortcut.
    fn wrap_by_clusters(spans: &[Span], width: usize) -> Vec<Line> {
        let mut wrapper = Wrapper::new(spans, width.max(1));
        for (index, span) in spans.iter().enumerate() {
            wrapper.add_clusters(index, &span.text);
        }
        wrapper.finish()
    }

    #[test]
    fn the_ascii_shortcut_wraps_exactly_as_clusters_do() {
        let mut seed: u32 = 7;
        let mut next = move |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % n
        };
        let alphabet = b"ab cd  efghij-klmnop.";
        for _ in 0..500 {
            let spans: Vec<Span> = (0..=next(4))
                .map(|i| {
                    let text: String = (0..next(40))
                        .map(|_| char::from(alphabet[next(alphabet.len() as u32) as usize]))
                        .collect();
                    let style = if i % 2 == 0 {
                        Style::of(Role::Body)
                    } else {
                        Style::of(Role::Body).strong()
                    };
                    Span::new(text, style)
                })
                .collect();
            let width = 1 + next(30) as usize;
            assert_eq!(
                wrap(&spans, width),
                wrap_by_clusters(&spans, width),
                "{spans:?} at {width}"
            );
        }
    }

    #[test]
    fn clusters_keep_every_byte_in_order() {
        assert_eq!(
            clusters("\u{200D}ab").collect::<Vec<_>>(),
            ["\u{200D}a", "b"]
        );
        let text = "a👩\u{200D}💻e\u{301} 🇯🇵🇰🇷字\u{FE0F}x";
        let pieces: Vec<&str> = clusters(text).collect();
        assert_eq!(pieces.concat(), text);
        assert_eq!(
            pieces,
            [
                "a",
                "👩\u{200D}💻",
                "e\u{301}",
                " ",
                "🇯🇵",
                "🇰🇷",
                "字\u{FE0F}",
                "x"
            ]
        );
    }

    #[test]
    fn pad_cuts_what_is_too_wide() {
        let line = pad(
            Line::text("abcdef", Style::of(Role::Body)),
            4,
            Style::of(Role::Body),
        );
        assert_eq!(line.plain(), "abc…");
        let line = pad(
            Line::text("ab", Style::of(Role::Body)),
            4,
            Style::of(Role::Body),
        );
        assert_eq!(line.plain(), "ab  ");
    }

    #[test]
    fn width_zero_never_panics() {
        assert_eq!(wrap(&body("a b"), 0).len(), 2);
    }
}
