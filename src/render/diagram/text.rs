//! Label text: cleaning, measuring, wrapping and truncating.
//!
//! Every layout sizes its boxes and legends from display widths (wide CJK characters, emoji
//! sequences, combining marks), never from byte or `char` counts, so this is kept in one place
//! and the layouts only ask "how wide" and "wrap this to that".

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A base character with the zero-width characters that follow or join it.
pub(super) struct Cluster {
    pub(super) text: String,
    pub(super) width: usize,
}

pub(super) fn clusters(s: &str) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    let mut joined = false;
    for ch in s.chars() {
        let ch = if ch.is_control() { ' ' } else { ch };
        let zero = ch.width().unwrap_or(0) == 0;
        match out.last_mut() {
            Some(last) if zero || joined => last.text.push(ch),
            _ if zero => {}
            _ => out.push(Cluster {
                text: ch.to_string(),
                width: 0,
            }),
        }
        joined = ch == '\u{200D}';
    }
    for cluster in &mut out {
        cluster.width = UnicodeWidthStr::width(cluster.text.as_str());
    }
    out.retain(|c| c.width > 0);
    out
}

/// The display width, as unicode-width measures it (`wrap::width_of` agrees with it and
/// skips the table lookups for ASCII, box drawing and other context-free characters).
pub(super) fn text_width(s: &str) -> usize {
    crate::render::wrap::width_of(s)
}

/// A label as drawn: one line, whitespace collapsed, folded to ASCII in ASCII mode.
pub(super) fn clean(s: &str, ascii: bool) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if ascii {
        ascii_fold(&one_line)
    } else {
        one_line
    }
}

const LATIN1_FROM: &str = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ";
const LATIN1_TO: &str = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy";

pub(super) fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch.is_ascii() {
            out.push(if ch.is_ascii_control() { ' ' } else { ch });
        } else if let Some(i) = LATIN1_FROM.chars().position(|c| c == ch) {
            out.extend(LATIN1_TO.chars().nth(i));
        } else {
            out.push_str(ascii_substitute(ch));
        }
    }
    out
}

fn ascii_substitute(ch: char) -> &'static str {
    match ch {
        '‘' | '’' | '′' => "'",
        '“' | '”' | '″' => "\"",
        '–' | '—' | '−' | '‐' => "-",
        '…' => "...",
        '×' => "x",
        '→' => "->",
        '←' => "<-",
        '≤' => "<=",
        '≥' => ">=",
        '≈' => "~",
        'ß' => "ss",
        '\u{a0}' => " ",
        c if c.width().unwrap_or(0) == 0 => "",
        _ => "?",
    }
}

/// Word-wraps `s` to lines of at most `w` columns; words longer than `w` are broken.
pub(super) fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if w == 0 {
        return lines;
    }
    let mut line = String::new();
    let mut line_w = 0;
    for word in s.split_whitespace() {
        let whole = [Cow::Borrowed(word)];
        let pieces = if fits_as_is(word, w) {
            whole.to_vec()
        } else {
            split_word(word, w)
        };
        for piece in pieces {
            let piece_w = text_width(&piece);
            if line_w > 0 && line_w + 1 + piece_w > w {
                lines.push(std::mem::take(&mut line));
                line_w = 0;
            }
            if line_w > 0 {
                line.push(' ');
                line_w += 1;
            }
            line.push_str(&piece);
            line_w += piece_w;
        }
    }
    if line_w > 0 {
        lines.push(line);
    }
    lines
}

/// Like [`wrap`], but as narrow as possible for the same number of lines, so that a short
/// label does not leave one word dangling on its last line.
pub(super) fn wrap_balanced(s: &str, w: usize) -> Vec<String> {
    let mut best = wrap(s, w);
    if best.len() < 2 {
        return best;
    }
    let floor = longest_word([&s.to_string()]).max(1);
    let mut narrower = w;
    while narrower > floor {
        narrower -= 1;
        let lines = wrap(s, narrower);
        if lines.len() != best.len() {
            break;
        }
        best = lines;
    }
    best
}

/// Whether a word can be placed unchanged, as [`split_word`] would return it: it starts
/// with a visible character, has no control characters to clean and is not too wide.
fn fits_as_is(word: &str, w: usize) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.width().unwrap_or(0) > 0)
        && !word.chars().any(char::is_control)
        && text_width(word) <= w
}

fn split_word(word: &str, w: usize) -> Vec<Cow<'_, str>> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut piece_w = 0;
    for cluster in clusters(word) {
        if cluster.width > w {
            continue;
        }
        if piece_w + cluster.width > w {
            pieces.push(Cow::Owned(std::mem::take(&mut piece)));
            piece_w = 0;
        }
        piece.push_str(&cluster.text);
        piece_w += cluster.width;
    }
    if piece_w > 0 {
        pieces.push(Cow::Owned(piece));
    }
    pieces
}

/// Cuts `s` to `w` columns, ending in an ellipsis when something was cut.
pub(super) fn truncate(s: &str, w: usize, ascii: bool) -> String {
    if text_width(s) <= w {
        return s.to_string();
    }
    let ellipsis = if ascii { "." } else { "…" };
    let mut out = String::new();
    let mut used = 0;
    for cluster in clusters(s) {
        if used + cluster.width + 1 > w {
            break;
        }
        out.push_str(&cluster.text);
        used += cluster.width;
    }
    let mut out = out.trim_end().to_string();
    if w > 0 {
        out.push_str(ellipsis);
    }
    out
}

pub(super) fn widest(texts: &[String]) -> usize {
    texts.iter().map(|t| text_width(t)).max().unwrap_or(0)
}

pub(super) fn longest_word<'a>(texts: impl IntoIterator<Item = &'a String>) -> usize {
    texts
        .into_iter()
        .flat_map(|t| t.split_whitespace())
        .map(text_width)
        .max()
        .unwrap_or(0)
}

/// Widths to try wrapping `labels` at, widest first: from the widest label down to its longest
/// word, so that no word has to be broken.
pub(super) fn wrap_widths(labels: &[String]) -> impl Iterator<Item = usize> + use<> {
    let widest = widest(labels);
    let narrowest = longest_word(labels).clamp(1, widest.max(1));
    (narrowest..=widest).rev()
}
