//! What the panes' tests share: the shipped course, Chapter 1 rendered, a pane context
//! on it, and key presses. One copy, so the four test files test panes, not set-up.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::PaneContext;
use crate::content::{Course, load_course};
use crate::render::RenderOptions;
use crate::render::chapter::{Rendered, render_chapter};

pub fn course() -> Course {
    load_course(None).expect("the built-in course loads").course
}

/// Chapter 1 rendered at `width` columns.
pub fn doc_at(course: &Course, width: usize) -> Rendered {
    let opts = RenderOptions {
        width,
        ascii: false,
    };
    render_chapter(course, &course.chapters[0], &opts)
}

/// Chapter 1 rendered at 80 columns.
pub fn doc(course: &Course) -> Rendered {
    doc_at(course, 80)
}

/// A context on Chapter 1, section 1.2, with these bookmarks.
pub fn ctx_with<'a>(
    course: &'a Course,
    doc: &'a Rendered,
    bookmarks: &'a [String],
) -> PaneContext<'a> {
    PaneContext {
        course,
        chapter: &course.chapters[0],
        doc,
        section: "ml-lifecycle",
        bookmarks,
    }
}

/// A context on Chapter 1, section 1.2, without bookmarks.
pub fn ctx<'a>(course: &'a Course, doc: &'a Rendered) -> PaneContext<'a> {
    ctx_with(course, doc, &[])
}

pub fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}
