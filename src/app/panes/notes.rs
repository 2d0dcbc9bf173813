//! The notes tab: the student's note on the current section, in a small text editor, and
//! the chapter's bookmarked sections. A note is saved when the student stops editing (Esc)
//! and, if still being edited, when the reader closes (`take_changed`). While a note is being
//! written it stays tied to its section, even if the reader moves on. Notes and bookmarks
//! on sections the course no longer has (an author removed them) are never dropped: the
//! tab lists them under "from sections no longer in the course".

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::{PaneContext, PaneOutcome};
use crate::content::Chapter;
use crate::store::{Bookmark, Note};

/// A note or bookmark of this chapter on a section the chapter no longer has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrphanMark {
    /// The section's id when the mark was made.
    pub section: String,
    pub bookmarked: bool,
    /// The note's text, if there is one.
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NotesPane {
    /// The section whose note is loaded.
    pub section: String,
    editor: TextArea<'static>,
    editing: bool,
    /// The note as loaded or last saved.
    saved: String,
    /// A section and note the reader loaded while another note was being written.
    deferred: Option<(String, String)>,
    /// Index into the chapter's bookmarks, in chapter order.
    selected: usize,
    /// Marks on sections no longer in the chapter, by section id.
    orphans: Vec<OrphanMark>,
}

impl Default for NotesPane {
    fn default() -> Self {
        Self {
            section: String::new(),
            editor: editor(""),
            editing: false,
            saved: String::new(),
            deferred: None,
            selected: 0,
            orphans: Vec::new(),
        }
    }
}

impl NotesPane {
    pub fn new() -> Self {
        Self::default()
    }

    /// A pane that also lists `orphans` (see [`orphaned_marks`]).
    pub fn with_orphans(orphans: Vec<OrphanMark>) -> Self {
        Self {
            orphans,
            ..Self::default()
        }
    }

    /// Notes and bookmarks on sections no longer in the chapter.
    pub fn orphans(&self) -> &[OrphanMark] {
        &self.orphans
    }

    pub fn key(&mut self, key: KeyEvent, ctx: &PaneContext<'_>) -> PaneOutcome {
        if self.editing {
            self.editing_key(key)
        } else {
            self.browsing_key(key, ctx)
        }
    }

    /// Whether keys go to the editor.
    pub fn is_typing(&self) -> bool {
        self.editing
    }

    /// The section whose note is loaded.
    pub fn section(&self) -> &str {
        &self.section
    }

    /// The note as it stands in the editor.
    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    pub fn editor(&self) -> &TextArea<'static> {
        &self.editor
    }

    /// Index of the selected bookmark.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Loads the stored note of `section`. While a note is being written, the load waits
    /// until the student stops (the note being written keeps its section).
    pub fn load(&mut self, section: &str, text: &str) {
        if self.editing {
            self.deferred = Some((section.to_string(), text.to_string()));
            return;
        }
        self.section = section.to_string();
        self.saved = text.to_string();
        self.editor = editor(text);
    }

    /// The edited note, if it changed since it was loaded or last taken.
    pub fn take_changed(&mut self) -> Option<(String, String)> {
        let text = self.text();
        if text == self.saved || self.section.is_empty() {
            return None;
        }
        self.saved = text.clone();
        Some((self.section.clone(), text))
    }

    fn editing_key(&mut self, key: KeyEvent) -> PaneOutcome {
        match key.code {
            KeyCode::Esc => self.stop_editing(),
            KeyCode::Tab | KeyCode::BackTab => PaneOutcome::Unused,
            _ if crate::app::keys::is_ctrl_c(&key) => PaneOutcome::Unused,
            _ => {
                self.editor.input(key);
                PaneOutcome::Handled
            }
        }
    }

    fn browsing_key(&mut self, key: KeyEvent, ctx: &PaneContext<'_>) -> PaneOutcome {
        let count = bookmarked_sections(ctx.chapter, ctx.bookmarks).len();
        self.selected = self.selected.min(count.saturating_sub(1));
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return PaneOutcome::Unused;
        }
        match key.code {
            KeyCode::Enter => self.start_editing(),
            KeyCode::Char('m') if !ctx.section.is_empty() => {
                return PaneOutcome::ToggleBookmark(ctx.section.to_string());
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
            }
            KeyCode::Char('g') => {
                let sections = bookmarked_sections(ctx.chapter, ctx.bookmarks);
                return sections
                    .get(self.selected)
                    .map_or(PaneOutcome::Handled, |(id, _)| {
                        PaneOutcome::JumpToSection(id.clone())
                    });
            }
            _ => return PaneOutcome::Unused,
        }
        PaneOutcome::Handled
    }

    /// Starts writing, the cursor at the end of the note (there is no note outside a section).
    fn start_editing(&mut self) {
        if self.section.is_empty() {
            return;
        }
        self.editing = true;
        self.editor.move_cursor(CursorMove::Bottom);
        self.editor.move_cursor(CursorMove::End);
    }

    /// Stops writing: saves a changed note, then loads what the reader asked for meanwhile.
    fn stop_editing(&mut self) -> PaneOutcome {
        self.editing = false;
        let outcome = match self.take_changed() {
            Some((section, text)) => PaneOutcome::SaveNote { section, text },
            None => PaneOutcome::Handled,
        };
        if let Some((section, text)) = self.deferred.take()
            && section != self.section
        {
            self.load(&section, &text);
        }
        outcome
    }
}

/// The editor, holding `text`, soft-wrapping at the pane's width.
fn editor(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_max_histories(100);
    area
}

/// The bookmarked sections of `chapter` in chapter order, as (id, "1.2 The ML Lifecycle").
pub fn bookmarked_sections(chapter: &Chapter, bookmarks: &[String]) -> Vec<(String, String)> {
    chapter
        .sections
        .iter()
        .filter(|s| bookmarks.contains(&s.id))
        .map(|s| (s.id.clone(), format!("{} {}", s.number, s.title)))
        .collect()
}

/// The notes and bookmarks of `chapter` whose section it no longer has (a section whose
/// title changed but whose id did not keeps its marks and is not listed), by section id.
pub fn orphaned_marks(
    chapter: &Chapter,
    notes: &[Note],
    bookmarks: &[Bookmark],
) -> Vec<OrphanMark> {
    let gone = |ch: &str, section: &str| {
        ch == chapter.slug && !chapter.sections.iter().any(|s| s.id == section)
    };
    let mut orphans: Vec<OrphanMark> = notes
        .iter()
        .filter(|n| gone(&n.chapter, &n.section))
        .map(|n| OrphanMark {
            section: n.section.clone(),
            bookmarked: false,
            note: Some(n.text.clone()),
        })
        .collect();
    for bookmark in bookmarks.iter().filter(|b| gone(&b.chapter, &b.section)) {
        match orphans.iter_mut().find(|o| o.section == bookmark.section) {
            Some(orphan) => orphan.bookmarked = true,
            None => orphans.push(OrphanMark {
                section: bookmark.section.clone(),
                bookmarked: true,
                note: None,
            }),
        }
    }
    orphans.sort_by(|a, b| a.section.cmp(&b.section));
    orphans
}

#[cfg(test)]
#[path = "notes_tests.rs"]
mod tests;
