//! The reader as a screen: the `Reader` state, fitted to the window through the view's
//! layout (`ui::reader::viewport`), drawn by `ReaderView`, with the chapter's glossary
//! terms underlined. The mouse wheel scrolls the text when capture is on. Opened on one
//! chapter loaded alone, it loads the rest of the course before the first key that needs it.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::reader::{Effect, Reader};
use crate::content::{Course, CourseOnDemand};
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
    /// Where the rest of the course comes from when `course` is one chapter of it.
    on_demand: Option<&'a CourseOnDemand<'a>>,
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
            on_demand: None,
        }
    }

    /// Opens on what `course` has loaded, and loads the rest from it when a key needs it.
    pub fn on_demand(reader: Reader, course: &'a CourseOnDemand<'a>, theme: &'a Theme) -> Self {
        Self {
            on_demand: Some(course),
            ..Self::new(reader, course.current(), theme)
        }
    }

    /// The course the screen works on now (more of it after a key that needed the rest).
    pub fn course(&self) -> &'a Course {
        self.course
    }

    /// Before a key that reaches beyond the open chapter, moves to the whole course; when
    /// the rest of the course has problems, says so (the chapter stays open and readable).
    fn load_rest_for(&mut self, key: &KeyEvent) -> Option<String> {
        let on_demand = self.on_demand.filter(|c| !c.is_whole())?;
        if !self.reader.reaches_beyond_chapter(key) {
            return None;
        }
        match on_demand.load_whole() {
            Ok(whole) => {
                let slug = &self.reader.chapter(self.course).slug;
                let index = whole.chapters.iter().position(|c| &c.slug == slug)?;
                self.reader.move_to_course(index);
                self.course = whole;
                None
            }
            Err(broken) => Some(broken.to_string()),
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

    fn update(&mut self, input: Input, now: i64) -> Vec<Effect> {
        match input {
            Input::Key(key) => {
                let refused = self.load_rest_for(&key);
                let effects = self.reader.update_at(self.course, key, now);
                if refused.is_some() {
                    self.reader.message = refused;
                }
                effects
            }
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
