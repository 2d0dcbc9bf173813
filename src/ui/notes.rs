//! The notes tab (stub: being written).
use ratatui::Frame;
use ratatui::layout::Rect;

use super::theme::Theme;
use crate::app::panes::PaneContext;
use crate::app::panes::notes::NotesPane;

pub fn draw(
    _frame: &mut Frame<'_>,
    _area: Rect,
    _pane: &NotesPane,
    _ctx: &PaneContext<'_>,
    _theme: &Theme,
    _focused: bool,
) {
}
