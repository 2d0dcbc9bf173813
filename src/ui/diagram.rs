//! The diagram tab (stub: being written).
use ratatui::Frame;
use ratatui::layout::Rect;

use super::theme::Theme;
use crate::app::panes::PaneContext;
use crate::app::panes::diagram::DiagramPane;

pub fn draw(
    _frame: &mut Frame<'_>,
    _area: Rect,
    _pane: &DiagramPane,
    _ctx: &PaneContext<'_>,
    _theme: &Theme,
    _focused: bool,
) {
}
