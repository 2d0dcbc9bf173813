//! The diagram tab: the chapter's figures, the lifecycle first. A cycle figure is
//! interactive: the student steps round its stages and reads, under the drawing, what the
//! chapter's details table says about the stage in focus, and whether the feedback loop
//! starts or ends there. An explore figure is driven: ↑/↓ choose an input, ←/→ move it one
//! step along its grid (Shift: ten), `r` puts every input back to its default; each change
//! asks the reader to remember the positions. Every word shown comes from the chapter.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tables::{Scroll, caption_line};
use super::{PaneContext, PaneOutcome};
use crate::content::diagram::{Cycle, DiagramKind};
use crate::content::explore::Explore;
use crate::content::{Chapter, Figure, Inline};
use crate::render::Mark;
use crate::render::diagram::{DrawOptions, draw};

#[derive(Debug, Clone, Default)]
pub struct DiagramPane {
    /// The selected stage of a cycle figure.
    pub stage: usize,
    /// Index into `Chapter::figures`; `None` until chosen: the first cycle figure.
    figure: Option<usize>,
    /// Scroll of the drawing when it is taller than the pane.
    pub scroll: Scroll,
    /// The student scrolled by hand; otherwise the drawing follows the selected stage.
    pub manual: bool,
    /// The selected input of an explore figure.
    input: usize,
    /// Input positions of explore figures the student has moved or had saved, by figure id.
    positions: HashMap<String, Vec<usize>>,
}

/// How far Shift+←/→ moves an input.
pub const BIG_STEP: usize = 10;

/// One line of a stage's details: a column header of the details table and the cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub header: String,
    pub value: String,
}

impl DiagramPane {
    pub fn new() -> Self {
        Self::default()
    }

    /// A pane that opens each explorable where the student left it.
    pub fn with_settings(saved: Vec<(String, Vec<usize>)>) -> Self {
        Self {
            positions: saved.into_iter().collect(),
            ..Self::default()
        }
    }

    pub fn key(&mut self, key: KeyEvent, ctx: &PaneContext<'_>) -> PaneOutcome {
        let figures = ctx.chapter.figures();
        let current = self.figure_index(ctx.chapter);
        if let Some(figure) = current.and_then(|i| figures.get(i).copied())
            && let Some(explore) = explore_of(figure)
            && let Some(outcome) = self.explore_key(key, figure, explore)
        {
            return outcome;
        }
        let stages = current
            .and_then(|i| figures.get(i))
            .and_then(|f| cycle_of(f))
            .map_or(0, |c| c.stages.len());
        match key.code {
            KeyCode::Left | KeyCode::Char('h') => self.step_stage(stages, false),
            KeyCode::Right | KeyCode::Char('l') => self.step_stage(stages, true),
            KeyCode::Up | KeyCode::Char('[') => {
                self.choose(current.map_or(0, |i| i.saturating_sub(1)))
            }
            KeyCode::Down | KeyCode::Char(']') => {
                let last = figures.len().saturating_sub(1);
                self.choose(current.map_or(0, |i| (i + 1).min(last)));
            }
            KeyCode::Char('k') => self.scroll_by(-1),
            KeyCode::Char('j') => self.scroll_by(1),
            KeyCode::PageUp => self.scroll_by(-10),
            KeyCode::PageDown => self.scroll_by(10),
            KeyCode::Enter => {
                let figure = current.and_then(|i| figures.get(i).copied());
                return figure.map_or(PaneOutcome::Handled, |f| show_in_text(f, ctx));
            }
            _ => return PaneOutcome::Unused,
        }
        PaneOutcome::Handled
    }

    /// Selects the figure numbered `number` ("1.1").
    pub fn select(&mut self, number: &str, chapter: &Chapter) {
        if let Some(i) = chapter.figures().iter().position(|f| f.number == number) {
            self.choose(i);
        }
    }

    /// The figure shown: the one chosen, else the chapter's first cycle, else its first.
    pub fn figure_index(&self, chapter: &Chapter) -> Option<usize> {
        let figures = chapter.figures();
        let last = figures.len().checked_sub(1)?;
        Some(match self.figure {
            Some(i) => i.min(last),
            None => figures
                .iter()
                .position(|f| cycle_of(f).is_some())
                .unwrap_or(0),
        })
    }

    /// The figure shown, if the chapter has any.
    pub fn figure<'a>(&self, chapter: &'a Chapter) -> Option<&'a Figure> {
        let i = self.figure_index(chapter)?;
        chapter.figures().get(i).copied()
    }

    /// The selected stage, kept inside a cycle of `stages` stages.
    pub fn stage_in(&self, stages: usize) -> usize {
        if stages == 0 { 0 } else { self.stage % stages }
    }

    /// The selected input of an explore figure with `inputs` inputs.
    pub fn input_in(&self, inputs: usize) -> usize {
        self.input.min(inputs.saturating_sub(1))
    }

    /// Where `explore`'s inputs stand: as the student left them, else at the defaults.
    pub fn positions(&self, figure: &Figure, explore: &Explore) -> Vec<usize> {
        let saved = figure
            .diagram
            .id
            .as_ref()
            .and_then(|id| self.positions.get(id));
        explore.clamp(saved.map_or(&[][..], Vec::as_slice))
    }

    /// Keys an explore figure takes; `None` for the keys it leaves to the tab.
    fn explore_key(
        &mut self,
        key: KeyEvent,
        figure: &Figure,
        explore: &Explore,
    ) -> Option<PaneOutcome> {
        let inputs = explore.inputs.len();
        let selected = self.input_in(inputs);
        let by = if key.modifiers.contains(KeyModifiers::SHIFT) {
            BIG_STEP
        } else {
            1
        };
        let mut positions = self.positions(figure, explore);
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => {
                self.input = selected.saturating_sub(1);
                return Some(PaneOutcome::Handled);
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.input = (selected + 1).min(inputs.saturating_sub(1));
                return Some(PaneOutcome::Handled);
            }
            KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('H') => {
                positions[selected] = positions[selected].saturating_sub(by);
            }
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Char('L') => {
                let last = explore.inputs[selected].grid.len().saturating_sub(1);
                positions[selected] = (positions[selected] + by).min(last);
            }
            KeyCode::Char('r') => positions = explore.defaults(),
            _ => return None,
        }
        let id = figure.diagram.id.clone()?;
        if self.positions(figure, explore) == positions {
            return Some(PaneOutcome::Handled);
        }
        self.positions.insert(id.clone(), positions.clone());
        Some(PaneOutcome::SaveFigure {
            figure: id,
            positions,
        })
    }

    fn choose(&mut self, index: usize) {
        if self.figure != Some(index) {
            self.stage = 0;
            self.input = 0;
            self.scroll.reset();
        }
        self.figure = Some(index);
        self.manual = false;
    }

    /// Steps round the cycle, wrapping at both ends.
    fn step_stage(&mut self, stages: usize, forward: bool) {
        if stages == 0 {
            return;
        }
        let stage = self.stage_in(stages);
        self.stage = if forward {
            (stage + 1) % stages
        } else {
            (stage + stages - 1) % stages
        };
        self.manual = false;
    }

    fn scroll_by(&mut self, delta: isize) {
        self.manual = true;
        self.scroll.by(delta);
    }
}

/// The cycle of a cycle figure.
pub fn cycle_of(figure: &Figure) -> Option<&Cycle> {
    match &figure.diagram.kind {
        DiagramKind::Cycle(cycle) => Some(cycle),
        _ => None,
    }
}

/// The explorable of an explore figure.
pub fn explore_of(figure: &Figure) -> Option<&Explore> {
    match &figure.diagram.kind {
        DiagramKind::Explore(explore) => Some(explore),
        _ => None,
    }
}

/// What the chapter's details table says about stage `stage`: the cells of the row whose
/// first cell names the stage (ignoring case), each under its column header.
pub fn stage_details(chapter: &Chapter, cycle: &Cycle, stage: usize) -> Vec<Detail> {
    let (Some(name), Some(id)) = (cycle.stages.get(stage), cycle.details.as_deref()) else {
        return Vec::new();
    };
    let Some(table) = chapter.table_by_id(id) else {
        return Vec::new();
    };
    let row = table.rows.iter().find(|row| {
        row.first()
            .is_some_and(|cell| Inline::plain(cell).trim().eq_ignore_ascii_case(name.trim()))
    });
    let Some(row) = row else {
        return Vec::new();
    };
    row.iter()
        .enumerate()
        .skip(1)
        .map(|(i, cell)| Detail {
            header: table
                .header
                .get(i)
                .map(|h| Inline::plain(h).trim().to_string())
                .unwrap_or_default(),
            value: Inline::plain(cell).trim().to_string(),
        })
        .filter(|d| !d.value.is_empty())
        .collect()
}

/// "Feedback: Monitoring → Data Collection: <label>" when the feedback loop starts or ends
/// at stage `stage`.
pub fn feedback_note(cycle: &Cycle, stage: usize) -> Option<String> {
    let feedback = cycle.feedback.as_ref()?;
    let name = cycle.stages.get(stage)?;
    if *name != feedback.from && *name != feedback.to {
        return None;
    }
    let label = feedback
        .label
        .as_deref()
        .map_or_else(String::new, |l| format!(": {l}"));
    Some(format!(
        "Feedback: {} → {}{label}",
        feedback.from, feedback.to
    ))
}

/// Jumps to the figure's first line in the narrative.
fn show_in_text(figure: &Figure, ctx: &PaneContext<'_>) -> PaneOutcome {
    let mark = Mark::Figure(figure.number.clone());
    let height = || {
        let opts = DrawOptions {
            width: ctx.doc.width,
            ascii: false,
            selected: None,
        };
        draw(&figure.diagram, &opts).len()
    };
    ctx.doc
        .lines
        .iter()
        .position(|l| l.mark.as_ref() == Some(&mark))
        .or_else(|| caption_line(ctx.doc, "Figure", &figure.number)?.checked_sub(height()))
        .map_or(PaneOutcome::Handled, PaneOutcome::JumpToLine)
}

#[cfg(test)]
#[path = "diagram_tests.rs"]
mod tests;
