//! The tables tab: every table of the chapter by number and caption, and the selected one
//! at its natural width. The narrative squeezes a wide table into the text column (wrapped
//! cells, or one record per row); here the student sees the grid as written and moves a
//! window over it. The first column and the header row stay put while the rest scrolls, so a
//! cell is never read without its row and column names.
//!
//! This file also holds [`Scroll`], the scroll offset all the panes use.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent};

use super::{PaneContext, PaneOutcome};
use crate::content::{Chapter, Table};
use crate::render::chapter::Rendered;
use crate::render::table::table_lines;
use crate::render::{Line, Mark, RenderOptions, Role};

/// Wide enough for any table's natural width: `table_lines` never squeezes below it.
pub const NATURAL_WIDTH: usize = 1000;

/// A scroll offset. Panes learn their size only when drawn, so the draw reports the largest
/// useful offset back (through a `Cell`, as the draw only borrows the pane) and key presses
/// are clamped to it; before the first draw nothing is clamped.
#[derive(Debug, Clone, Default)]
pub struct Scroll {
    offset: Cell<usize>,
    max: Cell<Option<usize>>,
}

impl Scroll {
    pub fn offset(&self) -> usize {
        self.offset.get()
    }

    /// Moves by `delta`, within `0..=max` as last drawn.
    pub fn by(&mut self, delta: isize) {
        let next = self.offset.get().saturating_add_signed(delta);
        self.offset.set(self.clamped(next));
    }

    /// Moves to `offset`, within `0..=max` as last drawn.
    pub fn set(&mut self, offset: usize) {
        self.offset.set(self.clamped(offset));
    }

    pub fn reset(&mut self) {
        self.offset.set(0);
    }

    /// Draw time: records the largest useful offset and returns the offset clamped to it.
    pub fn fit(&self, max: usize) -> usize {
        self.max.set(Some(max));
        let offset = self.offset.get().min(max);
        self.offset.set(offset);
        offset
    }

    /// Draw time: moves to `offset` (the pane chose what to show), clamped to `max`.
    pub fn place(&self, offset: usize, max: usize) -> usize {
        self.offset.set(offset);
        self.fit(max)
    }

    fn clamped(&self, offset: usize) -> usize {
        self.max.get().map_or(offset, |max| offset.min(max))
    }
}

/// How the table window was last drawn: what the keys need to scroll by whole columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableView {
    /// Columns on the left that do not scroll (the first table column), 0 if none.
    pub frozen: usize,
    /// Columns of the scrolling part on screen.
    pub page: usize,
}

#[derive(Debug, Clone, Default)]
pub struct TablesPane {
    /// Index into `Chapter::tables`.
    pub selected: usize,
    /// Columns scrolled, counted from the end of the frozen part.
    pub x: Scroll,
    /// Rows scrolled, counted below the frozen header.
    pub y: Scroll,
    /// Set by the draw.
    pub view: Cell<TableView>,
}

impl TablesPane {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn key(&mut self, key: KeyEvent, ctx: &PaneContext<'_>) -> PaneOutcome {
        let tables = ctx.chapter.tables();
        let count = tables.len();
        let table = tables.get(self.selected.min(count.saturating_sub(1)));
        match key.code {
            KeyCode::Up | KeyCode::Char('[') => self.choose(self.selected.saturating_sub(1)),
            KeyCode::Down | KeyCode::Char(']') => {
                self.choose((self.selected + 1).min(count.saturating_sub(1)))
            }
            KeyCode::Left | KeyCode::Char('h') => self.scroll_columns(table.copied(), false),
            KeyCode::Right | KeyCode::Char('l') => self.scroll_columns(table.copied(), true),
            KeyCode::Char('k') => self.y.by(-1),
            KeyCode::Char('j') => self.y.by(1),
            KeyCode::PageUp => self.y.by(-10),
            KeyCode::PageDown => self.y.by(10),
            KeyCode::Home => {
                self.x.reset();
                self.y.reset();
            }
            KeyCode::End => self.x.set(usize::MAX),
            KeyCode::Enter => return table.map_or(PaneOutcome::Handled, |t| show_in_text(t, ctx)),
            _ => return PaneOutcome::Unused,
        }
        PaneOutcome::Handled
    }

    /// Selects the table numbered `number` ("1.2").
    pub fn select(&mut self, number: &str, chapter: &Chapter) {
        if let Some(i) = chapter.tables().iter().position(|t| t.number == number) {
            self.choose(i);
        }
    }

    /// The selected table, if the chapter has any.
    pub fn table<'a>(&self, chapter: &'a Chapter) -> Option<&'a Table> {
        let tables = chapter.tables();
        let last = tables.len().checked_sub(1)?;
        tables.get(self.selected.min(last)).copied()
    }

    fn choose(&mut self, index: usize) {
        if index != self.selected {
            self.x.reset();
            self.y.reset();
        }
        self.selected = index;
    }

    /// One step sideways: to where the next (or previous) column starts, or by a page
    /// within a column wider than the window.
    fn scroll_columns(&mut self, table: Option<&Table>, right: bool) {
        let Some(table) = table else { return };
        let view = self.view.get();
        let page = view.page.max(1);
        let here = self.x.offset();
        let stops = column_stops(&natural_lines(table), view.frozen);
        let target = if right {
            match stops.iter().copied().find(|s| *s > here) {
                Some(next) if next - here <= page + COLUMN_GAP => next,
                _ => here + page,
            }
        } else {
            let previous = stops.iter().rev().copied().find(|s| *s < here);
            match previous.or((here > 0).then_some(0)) {
                Some(previous) if here - previous <= page + COLUMN_GAP => previous,
                Some(previous) => previous.max(here - page),
                None => 0,
            }
        };
        self.x.set(target);
    }
}

/// What a column adds to its text: a space each side and a border. A column no wider than
/// the window plus this is taken in one step.
const COLUMN_GAP: usize = 3;

/// The table drawn at its natural width.
pub fn natural_lines(table: &Table) -> Vec<Line> {
    table_lines(
        table,
        &RenderOptions {
            width: NATURAL_WIDTH,
            ascii: false,
        },
    )
}

/// Display columns of the inner column borders, read off the top border ("┌──┬──┐").
pub fn column_borders(lines: &[Line]) -> Vec<usize> {
    let Some(top) = lines.first() else {
        return Vec::new();
    };
    let mut borders = Vec::new();
    let mut at = 0;
    for c in top.plain().chars() {
        if c == '┬' {
            borders.push(at);
        }
        at += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    borders
}

/// The width of the first column with both its borders, the part that stays on screen.
pub fn first_column_width(lines: &[Line]) -> usize {
    column_borders(lines).first().map_or(0, |b| b + 1)
}

/// Offsets of the scrolling part at which a column starts: just after a border when the first
/// column is frozen (it ends with a border), on the border otherwise.
pub fn column_stops(lines: &[Line], frozen: usize) -> Vec<usize> {
    column_borders(lines)
        .into_iter()
        .filter_map(|b| {
            if frozen > 0 {
                (b + 1).checked_sub(frozen)
            } else {
                Some(b)
            }
        })
        .filter(|s| *s > 0)
        .collect()
}

/// Jumps to the table's first line in the narrative.
fn show_in_text(table: &Table, ctx: &PaneContext<'_>) -> PaneOutcome {
    let mark = Mark::Table(table.number.clone());
    let height = || {
        let opts = RenderOptions {
            width: ctx.doc.width,
            ascii: false,
        };
        table_lines(table, &opts).len()
    };
    ctx.doc
        .lines
        .iter()
        .position(|l| l.mark.as_ref() == Some(&mark))
        .or_else(|| caption_line(ctx.doc, "Table", &table.number)?.checked_sub(height()))
        .map_or(PaneOutcome::Handled, PaneOutcome::JumpToLine)
}

/// The line of the narrative where the caption "Table 1.2: ..." (or "Figure ...") starts.
pub fn caption_line(doc: &Rendered, label: &str, number: &str) -> Option<usize> {
    let start = format!("{label} {number}: ");
    doc.lines.iter().position(|line| {
        line.spans
            .first()
            .is_some_and(|s| s.style.role == Role::Caption)
            && line.plain().starts_with(&start)
    })
}

#[cfg(test)]
#[path = "tables_tests.rs"]
mod tests;
