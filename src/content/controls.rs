//! Content is data, never commands to the terminal.
//!
//! A chapter, a quiz or a course title from someone else's folder (`--content DIR`, a
//! converted question bank) could hold `ESC ] 0 ; title BEL` or a C1 `CSI`, and a plain
//! render would write those bytes straight to the student's terminal: retitle the window,
//! clear the screen, or worse. Every control character other than tab and newline (C0, DEL
//! and C1) is therefore reported by `check` and replaced, as the course loads, by a visible
//! escape such as `\u{1b}`, so even a folder nobody checked cannot drive the terminal.
//! Error messages that quote what a student typed go through the same escaping.

use std::borrow::Cow;

/// Whether `c` is a control the terminal might act on (tab and newline are text; a carriage
/// return is let through only as part of a CRLF line ending, see [`controls`]).
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// Byte offset and character of every control in `text`, CRLF line endings excepted.
pub fn controls(text: &str) -> Vec<(usize, char)> {
    let mut found = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let crlf = c == '\r' && chars.peek().is_some_and(|(_, next)| *next == '\n');
        if is_control(c) && !crlf {
            found.push((at, c));
        }
    }
    found
}

/// `text` with every control (but CRLF line endings) written as a visible `\u{..}` escape.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let crlf = c == '\r' && chars.peek() == Some(&'\n');
        if is_control(c) && !crlf {
            out.push_str(&escape(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `\u{1b}` for ESC: how a control is shown instead of being sent.
pub fn escape(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_c0_del_and_c1_but_keeps_tab_newline_and_crlf() {
        let text = "a\u{1b}]0;title\u{7}b\tc\r\nd\u{9b}2J\u{7f}e\rf";
        assert_eq!(
            visible(text),
            "a\\u{1b}]0;title\\u{7}b\tc\r\nd\\u{9b}2J\\u{7f}e\\u{d}f"
        );
        let found: Vec<char> = controls(text).into_iter().map(|(_, c)| c).collect();
        assert_eq!(found, vec!['\u{1b}', '\u{7}', '\u{9b}', '\u{7f}', '\r']);
        assert!(matches!(visible("plain text, é, 中"), Cow::Borrowed(_)));
    }
}
