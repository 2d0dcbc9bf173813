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

/// Writes lines in one go (stdout is line-buffered: one write per line would be a system
/// call per line); a closed pipe ends the output quietly.
pub fn write_lines(out: &mut dyn Write, lines: &[Line], colour: bool) -> io::Result<()> {
    let mut text = String::with_capacity(lines.len() * 64);
    for line in lines {
        push_line(&mut text, line, colour);
        text.push('\n');
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
}
