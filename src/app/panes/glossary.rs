//! The glossary tab (stub: being written).
use crossterm::event::KeyEvent;

use super::{PaneContext, PaneOutcome};

#[derive(Debug, Clone, Default)]
pub struct GlossaryPane {
    pub filter: String,
}

impl GlossaryPane {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn key(&mut self, _key: KeyEvent, _ctx: &PaneContext<'_>) -> PaneOutcome {
        PaneOutcome::Unused
    }
    pub fn is_typing(&self) -> bool {
        false
    }
    /// Shows these terms (the ones on the reader's current line).
    pub fn look_up(&mut self, terms: &[String]) {
        self.filter = terms.first().cloned().unwrap_or_default();
    }
}
