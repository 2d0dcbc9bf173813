//! The notes tab (stub: being written).
use crossterm::event::KeyEvent;

use super::{PaneContext, PaneOutcome};

#[derive(Debug, Clone, Default)]
pub struct NotesPane {
    pub section: String,
}

impl NotesPane {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn key(&mut self, _key: KeyEvent, _ctx: &PaneContext<'_>) -> PaneOutcome {
        PaneOutcome::Unused
    }
    pub fn is_typing(&self) -> bool {
        false
    }
    /// The section whose note is loaded.
    pub fn section(&self) -> &str {
        &self.section
    }
    /// Loads the stored note of `section`.
    pub fn load(&mut self, section: &str, text: &str) {
        let _ = text;
        self.section = section.to_string();
    }
    /// The edited note, if it changed since it was loaded or last taken.
    pub fn take_changed(&mut self) -> Option<(String, String)> {
        None
    }
}
