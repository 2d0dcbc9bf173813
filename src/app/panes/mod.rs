//! The reader's side panel: Glossary, Tables, Diagram and Notes, each a small state of its
//! own that takes keys while it has focus. A pane never scrolls the narrative or writes to
//! the store itself; it answers with a `PaneOutcome` and the reader does the rest.

pub mod diagram;
pub mod glossary;
pub mod notes;
pub mod tables;
#[cfg(test)]
mod test_support;

use crate::content::{Chapter, Course};
use crate::render::chapter::Rendered;

/// The tabs of the side panel, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SideTab {
    #[default]
    Glossary,
    Tables,
    Diagram,
    Notes,
}

impl SideTab {
    pub const ALL: [SideTab; 4] = [
        SideTab::Glossary,
        SideTab::Tables,
        SideTab::Diagram,
        SideTab::Notes,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Glossary => "Glossary",
            Self::Tables => "Tables",
            Self::Diagram => "Diagram",
            Self::Notes => "Notes",
        }
    }

    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|t| *t == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    pub fn previous(self) -> Self {
        let i = Self::ALL.iter().position(|t| *t == self).unwrap_or(0);
        Self::ALL[(i + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// What a key pressed in a pane asks of the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaneOutcome {
    /// The pane used the key.
    Handled,
    /// The key means nothing to the pane; the reader may use it.
    Unused,
    /// Show this line of the narrative at the top (e.g. where a term is defined).
    JumpToLine(usize),
    /// Show this section of the narrative.
    JumpToSection(String),
    /// Save this note text for this section.
    SaveNote { section: String, text: String },
    /// Add or remove the bookmark on this section.
    ToggleBookmark(String),
    /// Remember where the student left this explorable's inputs.
    SaveFigure {
        figure: String,
        positions: Vec<usize>,
    },
}

/// What a pane may read while handling a key or being drawn.
#[derive(Debug, Clone, Copy)]
pub struct PaneContext<'a> {
    pub course: &'a Course,
    pub chapter: &'a Chapter,
    /// The narrative as currently rendered (to find where things are).
    pub doc: &'a Rendered,
    /// The id of the section at the top of the narrative.
    pub section: &'a str,
    /// Bookmarked section ids of this chapter.
    pub bookmarks: &'a [String],
}
