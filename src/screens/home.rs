//! The course home as a screen: the `Home` state drawn by `ui::home`. It needs no fitting:
//! its layout holds no state.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::home::{Home, HomeEffect};
use crate::content::Course;
use crate::tui::{Input, Screen};
use crate::ui::home::{MIN_HEIGHT, MIN_WIDTH, draw};
use crate::ui::theme::Theme;

pub struct HomeScreen<'a> {
    pub home: Home,
    course: &'a Course,
    theme: &'a Theme,
}

impl<'a> HomeScreen<'a> {
    pub fn new(home: Home, course: &'a Course, theme: &'a Theme) -> Self {
        Self {
            home,
            course,
            theme,
        }
    }
}

impl Screen for HomeScreen<'_> {
    type Effect = HomeEffect;

    fn min_size(&self) -> (u16, u16) {
        (MIN_WIDTH, MIN_HEIGHT)
    }

    fn fit(&mut self, _area: Rect) {}

    fn update(&mut self, input: Input, _now: i64) -> Vec<HomeEffect> {
        match input {
            Input::Key(key) => self.home.update(key),
            Input::Scroll(_) => Vec::new(),
        }
    }

    fn draw(&self, frame: &mut Frame<'_>) {
        draw(frame, &self.home, self.course, self.theme);
    }
}
