//! The statistics screen: the `Dashboard` state fitted to the window through the view's
//! layout (`DashboardView::layout`) and drawn by it. The mouse wheel scrolls like j/k.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::dashboard::{Dashboard, DashboardEffect};
use crate::tui::{Input, Screen};
use crate::ui::dashboard::{DashboardView, MIN_HEIGHT, MIN_WIDTH};
use crate::ui::theme::Theme;

pub struct StatsScreen<'a> {
    pub board: Dashboard,
    theme: &'a Theme,
    ascii: bool,
    mouse: bool,
}

impl<'a> StatsScreen<'a> {
    /// The screen for `board`, in ASCII only with `ascii`, taking the wheel with `mouse`.
    pub fn new(board: Dashboard, theme: &'a Theme, ascii: bool, mouse: bool) -> Self {
        Self {
            board,
            theme,
            ascii,
            mouse,
        }
    }

    pub fn view(&self) -> DashboardView<'_> {
        DashboardView {
            board: &self.board,
            theme: self.theme,
            ascii: self.ascii,
        }
    }
}

impl Screen for StatsScreen<'_> {
    type Effect = DashboardEffect;

    fn min_size(&self) -> (u16, u16) {
        (MIN_WIDTH, MIN_HEIGHT)
    }

    fn mouse(&self) -> bool {
        self.mouse
    }

    fn fit(&mut self, area: Rect) {
        let fitted = self.view().layout(area);
        self.board.fit(fitted);
    }

    fn update(&mut self, input: Input, _now: i64) -> Vec<DashboardEffect> {
        let key = match input {
            Input::Key(key) => key,
            Input::Scroll(true) => KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
            Input::Scroll(false) => KeyEvent::new(KeyCode::Up, KeyModifiers::NONE),
        };
        self.board.update(key)
    }

    fn draw(&self, frame: &mut Frame<'_>) {
        self.view().draw(frame);
    }
}
