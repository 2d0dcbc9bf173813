//! The tables tab (stub: being written).
use crossterm::event::KeyEvent;

use super::{PaneContext, PaneOutcome};

#[derive(Debug, Clone, Default)]
pub struct TablesPane {
    pub selected: usize,
}

impl TablesPane {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn key(&mut self, _key: KeyEvent, _ctx: &PaneContext<'_>) -> PaneOutcome {
        PaneOutcome::Unused
    }
    /// Selects the table numbered `number` ("1.2").
    pub fn select(&mut self, _number: &str, _chapter: &crate::content::Chapter) {}
}
