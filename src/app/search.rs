//! Search inside the rendered chapter: `/` starts typing a query, every match is found in
//! the lines already laid out (no re-rendering), `n`/`N` step through them, and the
//! narrative highlights them. Matching ignores case.

use crossterm::event::{KeyCode, KeyEvent};

use crate::render::chapter::Rendered;

/// One match: a line and the character range within its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    /// Start and end, in characters of the line's plain text.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The query is being typed.
    pub editing: bool,
    pub query: String,
    pub matches: Vec<Match>,
    pub current: Option<usize>,
}

impl Search {
    pub fn start(&mut self) {
        self.editing = true;
        self.query.clear();
        self.matches.clear();
        self.current = None;
    }

    /// A key while typing the query: letters extend it, Enter keeps it, Esc drops it.
    pub fn edit(&mut self, key: KeyEvent, doc: &Rendered) {
        match key.code {
            KeyCode::Enter => self.editing = false,
            KeyCode::Esc => {
                self.editing = false;
                self.query.clear();
                self.matches.clear();
                self.current = None;
            }
            KeyCode::Backspace => {
                self.query.pop();
                self.refresh(doc);
            }
            KeyCode::Char(c) => {
                self.query.push(c);
                self.refresh(doc);
            }
            _ => {}
        }
    }

    /// Finds the matches again (the query changed or the chapter was laid out again).
    pub fn refresh(&mut self, doc: &Rendered) {
        self.matches = find(doc, &self.query);
        self.current = if self.matches.is_empty() {
            None
        } else {
            Some(0)
        };
    }

    /// Moves to the next (or previous) match after line `from`; false if there is none.
    pub fn step(&mut self, forward: bool, from: usize) -> bool {
        if self.matches.is_empty() {
            return false;
        }
        let index = if forward {
            self.matches.iter().position(|m| m.line > from).unwrap_or(0)
        } else {
            self.matches
                .iter()
                .rposition(|m| m.line < from)
                .unwrap_or(self.matches.len() - 1)
        };
        self.current = Some(index);
        true
    }

    pub fn current_line(&self) -> Option<usize> {
        self.current
            .and_then(|i| self.matches.get(i))
            .map(|m| m.line)
    }

    /// "3/12" for the status line.
    pub fn status(&self) -> String {
        match self.current {
            Some(i) => format!("{}/{}", i + 1, self.matches.len()),
            None if self.query.is_empty() => String::new(),
            None => "no match".to_string(),
        }
    }
}

/// Every case-insensitive occurrence of `query` in the lines' text.
pub fn find(doc: &Rendered, query: &str) -> Vec<Match> {
    if query.is_empty() {
        return Vec::new();
    }
    let needle: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    let mut out = Vec::new();
    for (line, rendered) in doc.lines.iter().enumerate() {
        let hay: Vec<char> = rendered.plain().chars().collect();
        let lower: Vec<char> = hay
            .iter()
            .map(|c| c.to_lowercase().next().unwrap_or(*c))
            .collect();
        let mut start = 0;
        while start + needle.len() <= lower.len() {
            if lower[start..start + needle.len()] == needle[..] {
                out.push(Match {
                    line,
                    start,
                    end: start + needle.len(),
                });
                start += needle.len().max(1);
            } else {
                start += 1;
            }
        }
    }
    out
}
