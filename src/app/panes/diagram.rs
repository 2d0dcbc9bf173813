//! The diagram tab (stub: being written).
use crossterm::event::KeyEvent;

use super::{PaneContext, PaneOutcome};

#[derive(Debug, Clone, Default)]
pub struct DiagramPane {
    pub stage: usize,
}

impl DiagramPane {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn key(&mut self, _key: KeyEvent, _ctx: &PaneContext<'_>) -> PaneOutcome {
        PaneOutcome::Unused
    }
    /// Selects the figure numbered `number` ("1.1").
    pub fn select(&mut self, _number: &str, _chapter: &crate::content::Chapter) {}
}
