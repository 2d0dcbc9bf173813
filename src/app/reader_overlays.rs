//! The reader's overlays and their keys: help (scrolled by the movement keys), jump to a
//! section by number or title, the bookmark list, and the in-text check answered in place.
//! Apart from reader.rs so the narrative's state machine reads in one sitting; an open
//! overlay takes every key (`Reader::overlay_key`).

use crossterm::event::{KeyCode, KeyEvent};

use super::{CheckState, Effect, Overlay, Reader};
use crate::app::keys::Action;
use crate::app::quiz::Step;

impl Reader {
    pub(super) fn overlay_key(&mut self, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
        match overlay {
            Overlay::Help { top } => {
                self.help_key(top, key);
                Vec::new()
            }
            Overlay::Complete => Vec::new(),
            Overlay::Jump { query, selected } => {
                self.jump_key(query, selected, key);
                Vec::new()
            }
            Overlay::Bookmarks { selected } => {
                self.bookmarks_key(selected, key);
                Vec::new()
            }
            Overlay::Check(check) => self.check_key(*check, key),
        }
    }

    /// Keys in the help overlay: the reader's movement keys scroll it, `?`, `Esc` and `q`
    /// (or whatever help and quit are bound to) close it, and any other key is ignored so
    /// that a student reading the list does not lose it by accident.
    fn help_key(&mut self, top: usize, key: KeyEvent) {
        let rows = self.help_rows();
        let top = match self.keys.action(&key) {
            Some(Action::Help | Action::Quit) => return,
            _ if matches!(key.code, KeyCode::Esc | KeyCode::Char('q')) => return,
            Some(Action::ScrollDown) => top + 1,
            Some(Action::ScrollUp) => top.saturating_sub(1),
            Some(Action::PageDown | Action::Activate) => top + rows,
            Some(Action::PageUp) => top.saturating_sub(rows),
            Some(Action::HalfPageDown) => top + rows / 2,
            Some(Action::HalfPageUp) => top.saturating_sub(rows / 2),
            Some(Action::Top) => 0,
            Some(Action::Bottom) => self.help_max_top,
            _ => top,
        };
        self.overlay = Some(Overlay::Help {
            top: top.min(self.help_max_top),
        });
    }

    /// A page of the help overlay: about the narrative's height, less a line of context.
    fn help_rows(&self) -> usize {
        self.height.saturating_sub(3).max(1)
    }

    /// Sections whose number or title contains the query (case-insensitive).
    pub fn jump_matches(&self, query: &str) -> Vec<usize> {
        let query = query.to_lowercase();
        self.doc
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                format!("{} {}", s.number, s.title)
                    .to_lowercase()
                    .contains(&query)
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn jump_key(&mut self, mut query: String, mut selected: usize, key: KeyEvent) {
        match key.code {
            KeyCode::Esc => return,
            KeyCode::Enter => {
                let matches = self.jump_matches(&query);
                if let Some(id) = matches
                    .get(selected)
                    .and_then(|i| self.doc.sections.get(*i))
                    .map(|s| s.id.clone())
                {
                    self.show_section(&id, 0);
                }
                return;
            }
            KeyCode::Down | KeyCode::Tab => selected += 1,
            KeyCode::Up | KeyCode::BackTab => selected = selected.saturating_sub(1),
            KeyCode::Backspace => {
                query.pop();
                selected = 0;
            }
            KeyCode::Char(c) => {
                query.push(c);
                selected = 0;
            }
            _ => {}
        }
        let count = self.jump_matches(&query).len();
        selected = selected.min(count.saturating_sub(1));
        self.overlay = Some(Overlay::Jump { query, selected });
    }

    fn bookmarks_key(&mut self, mut selected: usize, key: KeyEvent) {
        let count = self.bookmarks.len();
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                selected = (selected + 1).min(count.saturating_sub(1))
            }
            KeyCode::Up | KeyCode::Char('k') => selected = selected.saturating_sub(1),
            KeyCode::Enter => {
                // A bookmark on a section the course no longer has stays listed (it says so)
                // and goes nowhere: the overlay stays open rather than jump to the top.
                match self.bookmarks.get(selected).cloned() {
                    Some(id) if self.doc.sections.iter().any(|s| s.id == id) => {
                        self.show_section(&id, 0);
                        return;
                    }
                    Some(_) => {}
                    None => return,
                }
            }
            _ => return,
        }
        self.overlay = Some(Overlay::Bookmarks { selected });
    }

    fn check_key(&mut self, mut check: CheckState, key: KeyEvent) -> Vec<Effect> {
        if check.outcome.is_some() {
            return Vec::new();
        }
        let effects = match check.answering.key(&check.item, key, self.now_ms) {
            Step::Answered(outcome) => {
                check.outcome = Some(outcome.clone());
                vec![Effect::RecordCheck(outcome)]
            }
            Step::Taken | Step::Unused => Vec::new(),
            Step::Leave => return Vec::new(),
        };
        self.overlay = Some(Overlay::Check(Box::new(check)));
        effects
    }
}
