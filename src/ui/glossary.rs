//! The glossary tab (stub: being written).
use ratatui::Frame;
use ratatui::layout::Rect;

use super::theme::Theme;
use crate::app::panes::PaneContext;
use crate::app::panes::glossary::GlossaryPane;

pub fn draw(
    _frame: &mut Frame<'_>,
    _area: Rect,
    _pane: &GlossaryPane,
    _ctx: &PaneContext<'_>,
    _theme: &Theme,
    _focused: bool,
) {
}
