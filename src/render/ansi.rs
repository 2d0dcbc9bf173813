//! Styled lines as terminal text: with SGR escape codes when colour is wanted, as bare
//! text otherwise (piped output, NO_COLOR, TERM=dumb). Trailing spaces are trimmed so
//! piped text stays clean.

use std::io::{self, Write};

use super::diagram::Part;
use super::{Line, Role, Style};
use crate::content::CalloutKind;

/// The SGR parameters for a style (empty for plain body text).
fn sgr(style: Style) -> String {
    let mut codes: Vec<&str> = Vec::new();
    let colour = match style.role {
        Role::Title => Some("1;36"),
        Role::Heading => Some("1;34"),
        Role::Subheading => Some("1"),
        Role::Code => Some("32"),
        Role::Math => Some("35"),
        Role::Term => Some("33"),
        Role::Frame | Role::Dim => Some("2"),
        Role::Caption => Some("3"),
        Role::Hint => Some("3"),
        Role::CheckLabel => Some("35"),
        Role::TableHeader => Some("1"),
        Role::Label(kind) => Some(label_colour(kind)),
        Role::Diagram(part) => diagram_colour(part),
        Role::Body => None,
    };
    codes.extend(colour);
    if style.strong {
        codes.push("1");
    }
    if style.emph {
        codes.push("3");
    }
    if style.link {
        codes.push("4");
    }
    if style.strike {
        codes.push("9");
    }
    codes.join(";")
}

fn label_colour(kind: CalloutKind) -> &'static str {
    match kind {
        CalloutKind::Tip => "32",
        CalloutKind::Warning => "33",
        CalloutKind::Caution => "31",
        CalloutKind::Important | CalloutKind::Takeaways => "35",
        CalloutKind::Insight | CalloutKind::Note => "34",
        CalloutKind::Example | CalloutKind::Analogy => "36",
        CalloutKind::Quote => "2",
    }
}

fn diagram_colour(part: Part) -> Option<&'static str> {
    match part {
        Part::Frame => Some("2"),
        Part::Arrow => Some("36"),
        Part::Feedback => Some("33"),
        Part::Stage(_) | Part::Share(_) => Some("1"),
        Part::Text => None,
    }
}

/// One line as text, with escape codes when `colour` is on.
pub fn line_to_string(line: &Line, colour: bool) -> String {
    let mut out = String::new();
    push_line(&mut out, line, colour);
    out
}

/// Appends one line's text to `out`, with escape codes when `colour` is on; without them
/// trailing spaces are dropped.
fn push_line(out: &mut String, line: &Line, colour: bool) {
    let start = out.len();
    for span in &line.spans {
        let codes = if colour {
            sgr(span.style)
        } else {
            String::new()
        };
        if codes.is_empty() {
            out.push_str(&span.text);
        } else {
            out.push_str("\x1b[");
            out.push_str(&codes);
            out.push('m');
            out.push_str(&span.text);
            out.push_str("\x1b[0m");
        }
    }
    if !colour {
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
    }
}

/// How much text `write_lines` gathers before each write.
const WRITE_CHUNK: usize = 16 * 1024;

/// Writes lines in chunks of about `WRITE_CHUNK` bytes: stdout is line-buffered, so one
/// write per line would be a system call per line, and the whole text at once would be one
/// more copy of the chapter in memory (docs/performance.md: each page of it is a page
/// fault). A closed pipe ends the output quietly.
pub fn write_lines(out: &mut dyn Write, lines: &[Line], colour: bool) -> io::Result<()> {
    let mut text = String::with_capacity(WRITE_CHUNK + 1024);
    for line in lines {
        push_line(&mut text, line, colour);
        text.push('\n');
        if text.len() >= WRITE_CHUNK {
            out.write_all(text.as_bytes())?;
            text.clear();
        }
    }
    out.write_all(text.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Span;

    #[test]
    fn plain_output_has_no_escape_codes() {
        let line = Line::new(vec![
            Span::new("Title", Style::of(Role::Title)),
            Span::new("   ", Style::of(Role::Body)),
        ]);
        assert_eq!(line_to_string(&line, false), "Title");
        assert_eq!(line_to_string(&line, true), "\x1b[1;36mTitle\x1b[0m   ");
    }

    /// Counts the writes it is given and keeps their bytes.
    #[derive(Default)]
    struct Writes {
        bytes: Vec<u8>,
        calls: usize,
    }

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.calls += 1;
            self.bytes.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn long_output_goes_out_in_chunks_with_every_byte_in_order() {
        let lines: Vec<Line> = (0..2000)
            .map(|i| {
                Line::new(vec![Span::new(
                    format!("line {i} é"),
                    Style::of(Role::Body),
                )])
            })
            .collect();
        for colour in [false, true] {
            let mut out = Writes::default();
            write_lines(&mut out, &lines, colour).expect("writes");
            let expected: String = lines
                .iter()
                .map(|l| line_to_string(l, colour) + "\n")
                .collect();
            assert_eq!(String::from_utf8(out.bytes).expect("utf-8"), expected);
            let chunks = expected.len().div_ceil(WRITE_CHUNK);
            assert!(
                out.calls >= 2 && out.calls <= chunks + 1,
                "{} writes",
                out.calls
            );
        }
    }
}
