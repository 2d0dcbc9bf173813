//! The course as plain data: what a chapter and a quiz *are*, independent of how they were
//! written (Markdown, TOML) and of how they are shown (terminal, plain text). Everything
//! downstream — the renderer, the validator, the quiz and reader state — reads these types.

use super::diagram::Diagram;
use super::quiz::Quiz;

/// A position in a source file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// A whole course: its roadmap and its chapters, in order of their numbers.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Course {
    pub title: String,
    pub description: String,
    pub parts: Vec<Part>,
    pub chapters: Vec<Chapter>,
    /// The fraction of a quiz's points that passes it (`pass_mark` in course.toml).
    pub pass_mark: Option<f64>,
    /// The folder it was read from (`--content DIR`); `None` for the built-in course.
    pub folder: Option<std::path::PathBuf>,
}

/// One part of the course roadmap ("Part I: Foundations").
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    pub id: String,
    pub number: String,
    pub title: String,
    pub question: String,
}

/// A learning objective, cited by quiz questions through its id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Objective {
    pub id: String,
    pub text: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Chapter {
    pub number: u32,
    pub slug: String,
    pub title: String,
    pub part: String,
    pub part_pos: Pos,
    pub summary: String,
    pub objectives: Vec<Objective>,
    /// Blocks before the first section.
    pub intro: Vec<Block>,
    pub sections: Vec<Section>,
    /// Where the chapter came from, as shown in messages.
    pub path: String,
    pub quiz: Option<Quiz>,
}

/// A numbered section (a `##` heading with an id) and everything up to the next one.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub id: String,
    /// "1.2" for the second section of chapter 1.
    pub number: String,
    pub title: String,
    pub blocks: Vec<Block>,
    pub pos: Pos,
}

/// How a run of inline text is emphasised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Emphasis {
    pub emph: bool,
    pub strong: bool,
    pub code: bool,
    pub link: bool,
    pub strike: bool,
}

/// Inline content: runs of text with emphasis, inline math, and line breaks.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Inline {
    Text(String, Emphasis),
    /// LaTeX source of `$...$`.
    Math(String),
    /// A line break in the source that reads as a space.
    SoftBreak,
    /// A forced line break.
    HardBreak,
}

/// The kinds of boxed asides a chapter can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
    /// A plain blockquote without a marker.
    Quote,
    Insight,
    Analogy,
    Example,
    Takeaways,
}

impl CalloutKind {
    /// The marker word authors write as `[!WORD]`, for the kinds that are not checks.
    pub fn from_marker(word: &str) -> Option<Self> {
        Some(match word.to_ascii_uppercase().as_str() {
            "NOTE" => Self::Note,
            "TIP" => Self::Tip,
            "IMPORTANT" => Self::Important,
            "WARNING" => Self::Warning,
            "CAUTION" => Self::Caution,
            "INSIGHT" => Self::Insight,
            "ANALOGY" => Self::Analogy,
            "EXAMPLE" => Self::Example,
            "TAKEAWAYS" => Self::Takeaways,
            _ => return None,
        })
    }

    /// The label a reader sees on the box.
    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "Note",
            Self::Tip => "Tip",
            Self::Important => "Important",
            Self::Warning => "Warning",
            Self::Caution => "Caution",
            Self::Quote => "Quote",
            Self::Insight => "Deeper insight",
            Self::Analogy => "Think of it like...",
            Self::Example => "Worked example",
            Self::Takeaways => "Key takeaways",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Table {
    /// "1.2" for the second table of chapter 1.
    pub number: String,
    pub id: Option<String>,
    pub caption: Vec<Inline>,
    pub align: Vec<Align>,
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    /// "1.1" for the first figure of chapter 1.
    pub number: String,
    pub diagram: Diagram,
    pub pos: Pos,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// A subsection heading (`###` and deeper) inside a section.
    Heading {
        level: u8,
        text: Vec<Inline>,
        id: Option<String>,
    },
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Code {
        lang: String,
        text: String,
    },
    /// Display math, numbered like "1.1".
    Math {
        number: String,
        tex: String,
    },
    /// A key concept; feeds the glossary.
    Definition {
        term: String,
        body: Vec<Block>,
        pos: Pos,
    },
    Callout {
        kind: CalloutKind,
        title: Vec<Inline>,
        body: Vec<Block>,
    },
    /// A check-your-understanding question in the text, answered through the quiz question it names.
    Check {
        question: String,
        prompt: Vec<Block>,
        hint: Option<Vec<Inline>>,
        pos: Pos,
    },
    Table(Table),
    Figure(Figure),
    Rule,
}

/// A glossary entry: a definition and where it lives.
#[derive(Debug, Clone, Copy)]
pub struct GlossaryEntry<'a> {
    pub term: &'a str,
    pub body: &'a [Block],
    pub chapter: &'a Chapter,
    pub section: Option<&'a Section>,
}

impl Inline {
    /// The text a reader sees, without styling; math stays as its source.
    pub fn plain(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            match inline {
                Inline::Text(text, _) => out.push_str(text),
                Inline::Math(tex) => out.push_str(tex),
                Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            }
        }
        out
    }
}

/// Visits every block, depth first, including those nested in lists, callouts and definitions.
pub fn walk_blocks<'a>(blocks: &'a [Block], visit: &mut dyn FnMut(&'a Block)) {
    let mut stack: Vec<&'a Block> = blocks.iter().rev().collect();
    while let Some(block) = stack.pop() {
        visit(block);
        let children: &[Block] = match block {
            Block::Callout { body, .. } | Block::Definition { body, .. } => body,
            Block::Check { prompt, .. } => prompt,
            Block::List { items, .. } => {
                for item in items.iter().rev() {
                    stack.extend(item.iter().rev());
                }
                &[]
            }
            _ => &[],
        };
        stack.extend(children.iter().rev());
    }
}

impl Chapter {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id == id)
    }

    /// The chapter's definitions in order, each with the section that holds it.
    pub fn glossary(&self) -> Vec<GlossaryEntry<'_>> {
        let mut entries = Vec::new();
        let parts = std::iter::once((&self.intro, None))
            .chain(self.sections.iter().map(|s| (&s.blocks, Some(s))));
        for (blocks, section) in parts {
            walk_blocks(blocks, &mut |block| {
                if let Block::Definition { term, body, .. } = block {
                    entries.push(GlossaryEntry {
                        term,
                        body,
                        chapter: self,
                        section,
                    });
                }
            });
        }
        entries
    }

    /// Every table of the chapter, in order.
    pub fn tables(&self) -> Vec<&Table> {
        let mut tables = Vec::new();
        self.visit_all(&mut |block| {
            if let Block::Table(table) = block {
                tables.push(table);
            }
        });
        tables
    }

    /// Every figure of the chapter, in order.
    pub fn figures(&self) -> Vec<&Figure> {
        let mut figures = Vec::new();
        self.visit_all(&mut |block| {
            if let Block::Figure(figure) = block {
                figures.push(figure);
            }
        });
        figures
    }

    /// The items of the chapter's key-takeaways callout, as inline text.
    pub fn takeaways(&self) -> Vec<Vec<Inline>> {
        let mut items = Vec::new();
        self.visit_all(&mut |block| {
            if let Block::Callout {
                kind: CalloutKind::Takeaways,
                body,
                ..
            } = block
            {
                for inner in body {
                    if let Block::List { items: list, .. } = inner {
                        items.extend(list.iter().map(|item| first_inlines(item)));
                    }
                }
            }
        });
        items
    }

    pub fn table_by_id(&self, id: &str) -> Option<&Table> {
        self.tables()
            .into_iter()
            .find(|t| t.id.as_deref() == Some(id))
    }

    /// Visits every block of the chapter, depth first (see [`walk_blocks`]).
    pub fn visit_all<'a>(&'a self, visit: &mut dyn FnMut(&'a Block)) {
        walk_blocks(&self.intro, visit);
        for section in &self.sections {
            walk_blocks(&section.blocks, visit);
        }
    }

    pub fn question_count(&self) -> usize {
        self.quiz.as_ref().map_or(0, |q| q.questions.len())
    }
}

/// The inline text of an item's first paragraph (lists of one-line items).
fn first_inlines(item: &[Block]) -> Vec<Inline> {
    item.iter()
        .find_map(|block| match block {
            Block::Paragraph(inlines) => Some(inlines.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

impl Course {
    /// The fraction of a quiz's points that passes it: course.toml's, else 70%.
    pub fn pass_mark(&self) -> f64 {
        self.pass_mark.unwrap_or(0.7)
    }

    /// Finds a chapter by its number ("1") or its slug ("introduction").
    pub fn chapter(&self, key: &str) -> Option<&Chapter> {
        let key = key.trim();
        match key.parse::<u32>() {
            Ok(n) => self.chapters.iter().find(|c| c.number == n),
            Err(_) => self
                .chapters
                .iter()
                .find(|c| c.slug.eq_ignore_ascii_case(key)),
        }
    }

    pub fn part(&self, id: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.id == id)
    }

    /// The course-wide glossary, sorted by term (case-insensitive).
    pub fn glossary(&self) -> Vec<GlossaryEntry<'_>> {
        let mut entries: Vec<_> = self.chapters.iter().flat_map(Chapter::glossary).collect();
        entries.sort_by_key(|e| e.term.to_lowercase());
        entries
    }

    /// "1 introduction, 2 ml-systems" — for messages that list what exists.
    pub fn chapter_list(&self) -> String {
        self.chapters
            .iter()
            .map(|c| format!("{} {}", c.number, c.slug))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
