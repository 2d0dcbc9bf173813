//! Source files and the problems found in them. Every message about content names the file
//! and a `line:col` position, so this module owns the mapping from byte offsets to positions
//! and the `Diagnostic` type that the loader and the validator both report.

use std::fmt;

use super::model::Pos;

/// Files larger than this are refused: a chapter is tens of kilobytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// One file of a course, as loaded from disk or from the binary.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the course folder, as shown in messages ("chapters/01-intro.md").
    pub path: String,
    pub text: String,
}

/// A problem in the content, at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let visible = super::controls::visible;
        write!(
            f,
            "{}:{}:{}: {}",
            visible(&self.path),
            self.pos.line,
            self.pos.col,
            visible(&self.message)
        )
    }
}

/// Maps byte offsets of one text to 1-based line and column (in characters).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, line_starts }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Pos {
            line: line + 1,
            col: col + 1,
        }
    }
}

/// Collects diagnostics for one file.
#[derive(Debug)]
pub struct Reporter<'a> {
    pub path: &'a str,
    index: LineIndex<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        Self {
            path,
            index: LineIndex::new(text),
            diagnostics: Vec::new(),
        }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        self.index.pos(offset)
    }

    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        let pos = self.pos(offset);
        self.error_at(pos, message);
    }

    pub fn error_at(&mut self, pos: Pos, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            path: self.path.to_string(),
            pos,
            message: message.into(),
        });
    }
}

/// The first line of a TOML error message, lowercased at its start, without position noise.
pub fn toml_message(error: &toml::de::Error) -> String {
    let message = error.message().trim();
    let first = message
        .lines()
        .next()
        .unwrap_or("invalid toml")
        .replace('`', "'");
    let mut chars = first.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "invalid toml".to_string(),
    }
}

/// Ids are lowercase letters, digits and single dashes: `why-ml-matters`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let index = LineIndex::new("ab\nçd\n\nx");
        assert_eq!(index.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(index.pos(3), Pos { line: 2, col: 1 });
        assert_eq!(index.pos(5), Pos { line: 2, col: 2 });
        assert_eq!(index.pos(8), Pos { line: 4, col: 1 });
        assert_eq!(index.pos(999), Pos { line: 4, col: 2 });
    }

    #[test]
    fn ids_are_kebab_case() {
        assert!(is_valid_id("ml-lifecycle"));
        assert!(is_valid_id("intro-2"));
        assert!(!is_valid_id("ML"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id(""));
    }
}
