//! The reader's view of the chapter: laying it out for the window's size, where the top of
//! the screen and the cursor are (kept within the text by `clamp`), moving and scrolling,
//! and which lines have been on screen, from which sections count as read. Apart from
//! reader.rs so the keys and their effects read in one sitting.

use super::{Effect, Overlay, Reader, Viewport, render};
use crate::app::seen::Seen;
use crate::content::Course;

impl Reader {
    /// Fits the reader to the window the view measured: notes whether the side panel is
    /// docked and re-wraps the text to the narrative's size.
    pub fn fit(&mut self, course: &Course, viewport: Viewport) {
        self.docked = viewport.docked;
        self.help_max_top = viewport.help_max_top;
        if let Some(Overlay::Help { top }) = &mut self.overlay {
            *top = (*top).min(viewport.help_max_top);
        }
        self.resize(course, viewport.width, viewport.height);
        self.note_shown();
    }

    /// The narrative's size changed: lay it out again, keeping the same text at the top.
    pub fn resize(&mut self, course: &Course, width: usize, height: usize) {
        self.height = height.max(1);
        if width.max(1) != self.opts.width {
            self.opts.width = width.max(1);
            self.relayout(course);
        }
        self.clamp();
    }

    /// Renders again (new width or an insight opened), keeping the reading place.
    pub(super) fn relayout(&mut self, course: &Course) {
        let (section, offset) = self.place();
        let cursor = self.cursor.saturating_sub(self.top);
        // Line numbers change: of what was seen, keep the section at the top read from
        // its start down to here (the reading under way), in the new lines; the new
        // layout is drawn next.
        let read_down_to_here = self.seen.covers(self.top - offset, self.top);
        self.doc = render(course, self.chapter, &self.opts, &self.open_insights);
        self.show_section(&section, offset);
        self.seen = Seen::default();
        if read_down_to_here {
            self.seen.show(self.top.saturating_sub(offset), self.top);
        }
        self.note_shown();
        self.cursor = self.top + cursor;
        self.clamp();
        self.search.refresh(&self.doc);
    }

    pub(super) fn max_top(&self) -> usize {
        self.doc.lines.len().saturating_sub(self.height)
    }

    pub(super) fn clamp(&mut self) {
        self.top = self.top.min(self.max_top());
        let last = self.doc.lines.len().saturating_sub(1);
        self.cursor = self.cursor.clamp(
            self.top,
            (self.top + self.height - 1).min(last).max(self.top),
        );
    }

    /// The section at the top of the screen and how far into it the top is.
    pub fn place(&self) -> (String, usize) {
        let mark = self.doc.sections.iter().rev().find(|s| s.line <= self.top);
        match mark {
            Some(m) => (m.id.clone(), self.top - m.line),
            None => (String::new(), self.top),
        }
    }

    /// The id of the section the cursor is in ("" before the first).
    pub fn current_section(&self) -> &str {
        self.doc
            .sections
            .iter()
            .rev()
            .find(|s| s.line <= self.cursor.max(self.top))
            .map_or("", |s| s.id.as_str())
    }

    pub(super) fn show_section(&mut self, id: &str, offset: usize) {
        let base = self
            .doc
            .sections
            .iter()
            .find(|s| s.id == id)
            .map_or(0, |s| s.line);
        self.top = base + offset;
        self.cursor = self.top;
        self.clamp();
    }

    pub(super) fn show_line(&mut self, line: usize) {
        self.top = line;
        self.cursor = line;
        self.clamp();
        self.cursor = line.min(self.doc.lines.len().saturating_sub(1));
    }

    /// Moves the cursor, scrolling to keep it on screen.
    pub(super) fn move_cursor(&mut self, down: bool, by: usize) {
        let last = self.doc.lines.len().saturating_sub(1);
        self.cursor = if down {
            (self.cursor + by).min(last)
        } else {
            self.cursor.saturating_sub(by)
        };
        if self.cursor < self.top {
            self.top = self.cursor;
        } else if self.cursor >= self.top + self.height {
            self.top = self.cursor + 1 - self.height;
        }
        self.clamp();
    }

    /// Scrolls the page, taking the cursor along.
    pub(super) fn scroll(&mut self, down: bool, by: usize) {
        let offset = self.cursor.saturating_sub(self.top);
        self.top = if down {
            self.top + by
        } else {
            self.top.saturating_sub(by)
        };
        self.clamp();
        self.cursor = self.top + offset;
        self.clamp();
    }

    /// Scrolls by mouse wheel: `by` lines down or up.
    pub fn scroll_lines(&mut self, course: &Course, down: bool, by: usize) -> Vec<Effect> {
        if self.overlay.is_none() {
            self.scroll(down, by);
        }
        self.mark_visible_read(course)
    }

    /// The lines on screen now have been seen.
    pub(super) fn note_shown(&mut self) {
        let bottom = (self.top + self.height).min(self.doc.lines.len());
        self.seen.show(self.top, bottom);
    }

    /// Sections whose every line has been on screen become read (not those jumped over).
    pub(super) fn mark_visible_read(&mut self, course: &Course) -> Vec<Effect> {
        self.note_shown();
        let total = self.doc.lines.len();
        let mut effects = Vec::new();
        for (i, mark) in self.doc.sections.iter().enumerate() {
            let end = self.doc.sections.get(i + 1).map_or(total, |next| next.line);
            if self.seen.covers(mark.line, end) && !self.read.contains(&mark.id) {
                self.read.insert(mark.id.clone());
                effects.push(Effect::MarkRead(mark.id.clone()));
            }
        }
        if !effects.is_empty() && !self.complete_shown && self.is_complete(course) {
            self.complete_shown = true;
            self.overlay = Some(Overlay::Complete);
        }
        effects
    }
}
