//! Content to styled lines at a given width. The plain-text output (`read --plain`) and
//! the reader TUI both draw from these lines, so wrapping, tables, math and diagrams are
//! laid out once, here, and every surface shows the same thing.

pub mod ansi;
pub mod chapter;
pub mod command;
pub mod diagram;
pub mod table;
pub mod wrap;

use crate::content::CalloutKind;
use diagram::Part;

/// What a piece of text is, so each surface can style it (colour, bold, nothing at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Title,
    Heading,
    Subheading,
    Code,
    Math,
    Term,
    /// Box-drawing and rules.
    Frame,
    Label(CalloutKind),
    CheckLabel,
    Caption,
    Hint,
    Dim,
    TableHeader,
    Diagram(Part),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub role: Role,
    pub emph: bool,
    pub strong: bool,
    pub link: bool,
    pub strike: bool,
}

impl Style {
    pub const fn of(role: Role) -> Self {
        Self {
            role,
            emph: false,
            strong: false,
            link: false,
            strike: false,
        }
    }

    pub const fn strong(mut self) -> Self {
        self.strong = true;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

impl Span {
    pub fn new(text: impl Into<String>, style: Style) -> Self {
        Self {
            text: text.into(),
            style,
        }
    }

    pub fn width(&self) -> usize {
        wrap::width_of(&self.text)
    }
}

/// What starts on a line, for the reader to act on (open an insight, answer a check, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// The first line of the n-th "Deeper insight" of the chapter.
    Insight(usize),
    /// The first line of an in-text check naming this question.
    Check(String),
    /// The first line of table "1.2".
    Table(String),
    /// The first line of figure "1.1".
    Figure(String),
}

/// One line of output: styled spans whose total width never exceeds the render width.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub spans: Vec<Span>,
    pub mark: Option<Mark>,
}

impl Line {
    pub fn new(spans: Vec<Span>) -> Self {
        Self { spans, mark: None }
    }

    pub fn marked(mut self, mark: Mark) -> Self {
        self.mark = Some(mark);
        self
    }

    pub fn blank() -> Self {
        Self::default()
    }

    pub fn text(text: impl Into<String>, style: Style) -> Self {
        Self::new(vec![Span::new(text, style)])
    }

    pub fn width(&self) -> usize {
        self.spans.iter().map(Span::width).sum()
    }

    /// The line's text without styling.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    pub width: usize,
    /// Only ASCII for frames, bullets and diagrams.
    pub ascii: bool,
}

/// Which "Deeper insight" boxes are open, for the reader (plain text opens them all).
#[derive(Debug, Clone, Copy)]
pub enum Insights<'a> {
    AllOpen,
    /// Collapsed to their key fact, except those whose numbers are listed.
    Open(&'a [usize]),
}

/// The box-drawing characters in use.
#[derive(Debug, Clone, Copy)]
pub struct Glyphs {
    pub h: &'static str,
    pub v: &'static str,
    pub tl: &'static str,
    pub tr: &'static str,
    pub bl: &'static str,
    pub br: &'static str,
    pub cross: &'static str,
    pub t_down: &'static str,
    pub t_up: &'static str,
    pub t_right: &'static str,
    pub t_left: &'static str,
    pub bullet: &'static str,
    pub heavy: &'static str,
    pub term: &'static str,
}

pub const UNICODE: Glyphs = Glyphs {
    h: "─",
    v: "│",
    tl: "┌",
    tr: "┐",
    bl: "└",
    br: "┘",
    cross: "┼",
    t_down: "┬",
    t_up: "┴",
    t_right: "├",
    t_left: "┤",
    bullet: "•",
    heavy: "━",
    term: "◆",
};

pub const ASCII: Glyphs = Glyphs {
    h: "-",
    v: "|",
    tl: "+",
    tr: "+",
    bl: "+",
    br: "+",
    cross: "+",
    t_down: "+",
    t_up: "+",
    t_right: "+",
    t_left: "+",
    bullet: "*",
    heavy: "=",
    term: "*",
};

impl RenderOptions {
    pub fn glyphs(&self) -> &'static Glyphs {
        if self.ascii { &ASCII } else { &UNICODE }
    }
}
