//! The reader as a screen: the `Reader` state, fitted to the window through the view's
//! layout (`ui::reader::viewport`), drawn by `ReaderView`, with the chapter's glossary
//! terms underlined. The mouse wheel scrolls the text when capture is on.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::reader::{Effect, Reader};
use crate::content::Course;
use crate::tui::{Input, Screen};
use crate::ui::reader::{MIN_HEIGHT, MIN_WIDTH, ReaderView, viewport};
use crate::ui::theme::Theme;

/// How many lines one turn of the mouse wheel scrolls.
const WHEEL_LINES: usize = 3;

pub struct ReaderScreen<'a> {
    pub reader: Reader,
    course: &'a Course,
    theme: &'a Theme,
    /// The chapter's glossary terms, underlined in the text.
    terms: Vec<String>,
    mouse: bool,
}

impl<'a> ReaderScreen<'a> {
    pub fn new(reader: Reader, course: &'a Course, theme: &'a Theme) -> Self {
        let terms = reader
            .chapter(course)
            .glossary()
            .iter()
            .map(|e| e.term.to_string())
            .collect();
        Self {
            reader,
            course,
            theme,
            terms,
            mouse: false,
        }
    }

    /// Captures the mouse wheel (from the config file or `--mouse`).
    #[must_use]
    pub fn with_mouse(mut self, mouse: bool) -> Self {
        self.mouse = mouse;
        self
    }

    pub fn view(&self) -> ReaderView<'_> {
        ReaderView {
            reader: &self.reader,
            course: self.course,
            theme: self.theme,
            terms: &self.terms,
        }
    }
}

impl Screen for ReaderScreen<'_> {
    type Effect = Effect;

    fn min_size(&self) -> (u16, u16) {
        (MIN_WIDTH, MIN_HEIGHT)
    }

    fn mouse(&self) -> bool {
        self.mouse
    }

    fn fit(&mut self, area: Rect) {
        let fitted = viewport(&self.reader, area);
        self.reader.fit(self.course, fitted);
    }

    fn update(&mut self, input: Input, _now: i64) -> Vec<Effect> {
        match input {
            Input::Key(key) => self.reader.update(self.course, key),
            Input::Scroll(down) => self.reader.scroll_lines(self.course, down, WHEEL_LINES),
        }
    }

    fn draw(&self, frame: &mut Frame<'_>) {
        self.view().draw(frame);
    }

    fn closing(&mut self) -> Vec<Effect> {
        self.reader.closing_effects()
    }
}
