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
///
/// Every course file goes through here as it loads, so it reads bytes, not characters, and
/// skips a block of bytes at a time when none of them can start a control: in UTF-8 a C0
/// control or DEL is one byte below 0x80 and a C1 control is 0xC2 followed by 0x80..=0x9F
/// (0xC2 only ever leads a character), which is what `is_control` accepts.
pub fn controls(text: &str) -> Vec<(usize, char)> {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (n, block) in bytes.chunks(BLOCK).enumerate() {
        // Without a branch per byte, so the compiler can test a block at once.
        if !block
            .iter()
            .fold(false, |any, &b| any | may_start_control(b))
        {
            continue;
        }
        for at in n * BLOCK..n * BLOCK + block.len() {
            found.extend(control_at(bytes, at).map(|c| (at, c)));
        }
    }
    found
}

/// Whether a control (or a CR, that may be one) can start at byte `b`.
fn may_start_control(b: u8) -> bool {
    // Tab (0x09) and newline (0x0a) are text.
    matches!(b, 0x00..=0x08 | 0x0b..=0x1f | 0x7f | 0xc2)
}

/// The control starting at byte `at` of `bytes`, if one does.
fn control_at(bytes: &[u8], at: usize) -> Option<char> {
    let next = bytes.get(at + 1).copied();
    match bytes[at] {
        b'\r' if next == Some(b'\n') => None,
        b'\t' | b'\n' => None,
        byte @ (0x00..=0x1f | 0x7f) => Some(char::from(byte)),
        0xc2 => next.filter(|n| (0x80..=0x9f).contains(n)).map(char::from),
        _ => None,
    }
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

    /// The byte scan finds what `is_control` says, character by character.
    #[test]
    fn the_byte_scan_agrees_with_is_control_on_every_character() {
        let all = (0..=0x10ffff_u32).filter_map(char::from_u32);
        for c in all.filter(|c| u32::from(*c) < 0x3000 || u32::from(*c) % 97 == 0) {
            let text = format!("é{c}x{c}{}{c}", "-".repeat(40));
            let expected: Vec<(usize, char)> = text
                .char_indices()
                .filter(|(_, c)| is_control(*c))
                .collect();
            assert_eq!(controls(&text), expected, "U+{:04X}", u32::from(c));
        }
        assert_eq!(controls("a\r\nb\r"), vec![(4, '\r')]);
        assert_eq!(controls("\u{c2}\u{9f}"), vec![(2, '\u{9f}')]);
    }
}
