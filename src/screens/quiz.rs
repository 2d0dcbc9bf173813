//! A quiz or review session as a screen: the `Session` drawn by `QuizView`. Fitting keeps
//! the scroll within what the window shows and renders the question's chapter at the
//! window's width for the "read it again" overlay (once per chapter and width). With
//! `[lrs] auto`, the screen watches the background send and hands its news to the session.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::quiz::{Effect, Session};
use crate::content::Course;
use crate::render::chapter::{Rendered, render_chapter};
use crate::render::{Line, RenderOptions};
use crate::sync::auto::Watch;
use crate::tui::{Input, Screen};
use crate::ui::quiz::{MIN_HEIGHT, MIN_WIDTH, QuizView};
use crate::ui::theme::Theme;

/// The "read it again" overlay's border and margins, taken from the window's width.
const OVERLAY_MARGIN: u16 = 8;

pub struct QuizScreen<'a> {
    pub session: Session,
    course: &'a Course,
    theme: &'a Theme,
    /// The chapter rendered for the "read it again" overlay: (slug, width, lines).
    rendered: Option<(String, usize, Rendered)>,
    /// The background send to the LRS, when `[lrs] auto` is on.
    sync: Option<Watch>,
}

impl<'a> QuizScreen<'a> {
    pub fn new(session: Session, course: &'a Course, theme: &'a Theme) -> Self {
        Self {
            session,
            course,
            theme,
            rendered: None,
            sync: None,
        }
    }

    /// Shows what background sends to the LRS do on the end screen.
    pub fn watch_sync(&mut self, watch: Watch) {
        self.sync = Some(watch);
    }

    /// Works on `course` from now on: more of the course than the quiz opened with (a
    /// review started from a one-chapter quiz's end loads the rest).
    pub fn use_course(&mut self, course: &'a Course) {
        self.course = course;
    }

    pub fn view(&self) -> QuizView<'_> {
        QuizView {
            session: &self.session,
            course: self.course,
            theme: self.theme,
            section: self.section_lines(),
        }
    }

    /// Renders the current question's chapter at `width` when its section is open.
    fn prepare_section(&mut self, width: usize) {
        let Some(item) = self
            .session
            .current()
            .filter(|_| self.session.reading.is_some())
        else {
            return;
        };
        let fresh = self
            .rendered
            .as_ref()
            .is_some_and(|(slug, w, _)| *slug == item.chapter.slug && *w == width);
        if fresh {
            return;
        }
        if let Some(chapter) = self.course.chapter(&item.chapter.slug) {
            let opts = RenderOptions {
                width: width.max(1),
                ascii: false,
            };
            self.rendered = Some((
                chapter.slug.clone(),
                width,
                render_chapter(self.course, chapter, &opts),
            ));
        }
    }

    fn section_lines(&self) -> Option<&[Line]> {
        let item = self.session.current()?;
        let (_, _, rendered) = self.rendered.as_ref()?;
        Some(rendered.section(&item.question.section))
    }
}

impl Screen for QuizScreen<'_> {
    type Effect = Effect;

    fn min_size(&self) -> (u16, u16) {
        (MIN_WIDTH, MIN_HEIGHT)
    }

    fn fit(&mut self, area: Rect) {
        self.prepare_section(usize::from(area.width.saturating_sub(OVERLAY_MARGIN)));
        let max_scroll = self.view().max_scroll(area);
        self.session.clamp_scroll(max_scroll);
    }

    fn update(&mut self, input: Input, now: i64) -> Vec<Effect> {
        match input {
            Input::Key(key) => self.session.update(key, now),
            Input::Scroll(_) => Vec::new(),
        }
    }

    fn draw(&self, frame: &mut Frame<'_>) {
        self.view().draw(frame);
    }

    fn refresh(&mut self) -> bool {
        let Some(line) = self.sync.as_mut().and_then(Watch::news) else {
            return false;
        };
        self.session.sync_reported(line);
        true
    }
}
