//! The glossary tab: the chapter's terms (or the whole course's), narrowed as the student
//! types, each opening to its definition and to where the text defines it. Looking up the
//! terms of the reader's current line lands here too, showing just those terms.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tables::Scroll;
use super::{PaneContext, PaneOutcome};
use crate::content::GlossaryEntry;
use crate::render::chapter::Rendered;
use crate::render::{ASCII, Role, UNICODE};

#[derive(Debug, Clone, Default)]
pub struct GlossaryPane {
    /// Shows only terms containing this (case-insensitive).
    pub filter: String,
    typing: bool,
    /// Index into `entries`.
    selected: usize,
    whole_course: bool,
    /// The terms of a look-up, shown instead of the filtered list.
    looked_up: Option<Vec<String>>,
    /// The selected term's definition is shown.
    open: bool,
    /// Scroll of the open definition.
    pub scroll: Scroll,
}

impl GlossaryPane {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn key(&mut self, key: KeyEvent, ctx: &PaneContext<'_>) -> PaneOutcome {
        let count = self.entries(ctx).len();
        self.selected = self.selected.min(count.saturating_sub(1));
        if self.typing {
            self.typing_key(key, count)
        } else if self.open {
            self.definition_key(key, ctx)
        } else {
            self.list_key(key, ctx, count)
        }
    }

    /// Whether letters go to the filter.
    pub fn is_typing(&self) -> bool {
        self.typing
    }

    /// Whether a definition is shown (rather than the list).
    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn whole_course(&self) -> bool {
        self.whole_course
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The terms of the last look-up, while they are shown.
    pub fn looked_up(&self) -> Option<&[String]> {
        self.looked_up.as_deref()
    }

    /// Shows these terms (the ones on the reader's current line); one term opens at once.
    pub fn look_up(&mut self, terms: &[String]) {
        self.looked_up = Some(terms.to_vec());
        self.filter.clear();
        self.typing = false;
        self.selected = 0;
        self.open = terms.len() == 1;
        self.scroll.reset();
    }

    /// The terms listed: those looked up, or the chapter's or the course's matching the
    /// filter, alphabetically.
    pub fn entries<'a>(&self, ctx: &PaneContext<'a>) -> Vec<GlossaryEntry<'a>> {
        if let Some(terms) = &self.looked_up {
            return looked_up_entries(terms, ctx);
        }
        let mut entries = if self.whole_course {
            ctx.course.glossary()
        } else {
            ctx.chapter.glossary()
        };
        entries.sort_by_key(|e| e.term.to_lowercase());
        let filter = self.filter.to_lowercase();
        entries.retain(|e| e.term.to_lowercase().contains(&filter));
        entries
    }

    /// The entry under the cursor.
    pub fn current<'a>(&self, ctx: &PaneContext<'a>) -> Option<GlossaryEntry<'a>> {
        self.entries(ctx).get(self.selected).copied()
    }

    fn typing_key(&mut self, key: KeyEvent, count: usize) -> PaneOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                self.typing = false;
                self.set_filter(String::new());
            }
            KeyCode::Enter => {
                self.typing = false;
                self.open_selected(count);
            }
            KeyCode::Backspace => {
                let mut filter = self.filter.clone();
                filter.pop();
                self.set_filter(filter);
            }
            KeyCode::Char('u') if ctrl => self.set_filter(String::new()),
            KeyCode::Up => self.move_by(-1, count),
            KeyCode::Down => self.move_by(1, count),
            KeyCode::Tab | KeyCode::BackTab => return PaneOutcome::Unused,
            KeyCode::Char(_) if ctrl || key.modifiers.contains(KeyModifiers::ALT) => {
                return PaneOutcome::Unused;
            }
            KeyCode::Char(c) => self.set_filter(format!("{}{c}", self.filter)),
            _ => {}
        }
        PaneOutcome::Handled
    }

    fn list_key(&mut self, key: KeyEvent, ctx: &PaneContext<'_>, count: usize) -> PaneOutcome {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return PaneOutcome::Unused;
        }
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.move_by(-1, count),
            KeyCode::Down | KeyCode::Char('j') => self.move_by(1, count),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = count.saturating_sub(1),
            KeyCode::Enter => self.open_selected(count),
            KeyCode::Char('g') => return self.jump(ctx),
            KeyCode::Char('w') => self.toggle_whole_course(),
            KeyCode::Char('/') => self.start_typing(None),
            KeyCode::Char(c) if c.is_alphabetic() => self.start_typing(Some(c)),
            KeyCode::Backspace if !self.filter.is_empty() => {
                self.start_typing(None);
                return self.typing_key(key, count);
            }
            KeyCode::Esc if self.looked_up.is_some() => self.looked_up = None,
            KeyCode::Esc if !self.filter.is_empty() => self.set_filter(String::new()),
            _ => return PaneOutcome::Unused,
        }
        PaneOutcome::Handled
    }

    fn definition_key(&mut self, key: KeyEvent, ctx: &PaneContext<'_>) -> PaneOutcome {
        match key.code {
            KeyCode::Esc | KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') => {
                self.open = false;
            }
            KeyCode::Enter | KeyCode::Char('g') => return self.jump(ctx),
            KeyCode::Up | KeyCode::Char('k') => self.scroll.by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.scroll.by(1),
            KeyCode::PageUp => self.scroll.by(-10),
            KeyCode::PageDown => self.scroll.by(10),
            KeyCode::Char('/') => {
                self.open = false;
                self.start_typing(None);
            }
            _ => return PaneOutcome::Unused,
        }
        PaneOutcome::Handled
    }

    /// Starts editing the filter: afresh with a first letter, or where it was with `/`.
    fn start_typing(&mut self, first: Option<char>) {
        self.typing = true;
        self.looked_up = None;
        if let Some(c) = first {
            self.set_filter(c.to_string());
        }
    }

    fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.selected = 0;
    }

    fn move_by(&mut self, delta: isize, count: usize) {
        let last = count.saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Opens the selected term's definition at its top, if there is a term.
    fn open_selected(&mut self, count: usize) {
        if count > 0 {
            self.open = true;
            self.scroll.reset();
        }
    }

    fn toggle_whole_course(&mut self) {
        self.whole_course = !self.whole_course;
        self.looked_up = None;
        self.selected = 0;
    }

    /// Shows where the selected term is defined: its line in this chapter's narrative, or,
    /// for a term of another chapter, just its definition.
    fn jump(&mut self, ctx: &PaneContext<'_>) -> PaneOutcome {
        let Some(entry) = self.current(ctx) else {
            return PaneOutcome::Handled;
        };
        let here = entry.chapter.number == ctx.chapter.number;
        match definition_line(ctx.doc, entry.term).filter(|_| here) {
            Some(line) => PaneOutcome::JumpToLine(line),
            None if self.open => PaneOutcome::Handled,
            None => {
                self.open_selected(1);
                PaneOutcome::Handled
            }
        }
    }
}

/// Whether the selected term can be shown in the narrative (it is defined in this chapter).
pub fn in_this_chapter(entry: &GlossaryEntry<'_>, ctx: &PaneContext<'_>) -> bool {
    entry.chapter.number == ctx.chapter.number && definition_line(ctx.doc, entry.term).is_some()
}

/// "Chapter 1, section 1.3 Embedded ML and TinyML": where a term is defined.
pub fn location(entry: &GlossaryEntry<'_>) -> String {
    match entry.section {
        Some(s) => format!(
            "Chapter {}, section {} {}",
            entry.chapter.number, s.number, s.title
        ),
        None => format!("Chapter {}, before the first section", entry.chapter.number),
    }
}

/// Entries for looked-up terms, in the order given, this chapter's definition first.
fn looked_up_entries<'a>(terms: &[String], ctx: &PaneContext<'a>) -> Vec<GlossaryEntry<'a>> {
    let all = ctx.course.glossary();
    let mut out = Vec::new();
    for term in terms {
        let mut matching: Vec<_> = all
            .iter()
            .filter(|e| e.term.eq_ignore_ascii_case(term))
            .copied()
            .collect();
        matching.sort_by_key(|e| e.chapter.number != ctx.chapter.number);
        out.extend(matching);
    }
    out
}

/// The narrative line where `term` is defined: a line that reads "◆ {term}" (inside any
/// frame or indent), or, when the term wrapped, the line where it starts.
pub fn definition_line(doc: &Rendered, term: &str) -> Option<usize> {
    let rest_of = |i: usize| {
        let line = &doc.lines[i];
        if !line.spans.iter().any(|s| s.style.role == Role::Term) {
            return None;
        }
        let plain = line.plain();
        let lead = plain.trim_start_matches(|c: char| c.is_whitespace() || c == '│' || c == '|');
        let rest = lead
            .strip_prefix(UNICODE.term)
            .or_else(|| lead.strip_prefix(ASCII.term))?;
        Some(rest.trim().to_string())
    };
    let candidates: Vec<(usize, String)> = (0..doc.lines.len())
        .filter_map(|i| rest_of(i).map(|rest| (i, rest)))
        .collect();
    candidates
        .iter()
        .find(|(_, rest)| rest == term)
        .or_else(|| {
            candidates
                .iter()
                .find(|(_, rest)| !rest.is_empty() && term.starts_with(rest.as_str()))
        })
        .map(|(i, _)| *i)
}

#[cfg(test)]
#[path = "glossary_tests.rs"]
mod tests;
