//! `stats`: the student's study history summed up (calendar, streaks, reviews coming due,
//! scores over time, weakest objectives and question types): on a terminal the statistics
//! screen, piped or with `--plain` as text, with `--json` as JSON.

use super::Settings;
use super::study::Study;
use super::{emit, emit_json};
use crate::app::dashboard::{Dashboard, DashboardEffect, period_starts};
use crate::app::stats::{LocalZone, compute};
use crate::app::versions::{mark_earlier_scores, reviews_follow_course};
use crate::cli::{Cli, Failure};
use crate::content::Course;
use crate::screens::stats::StatsScreen;
use crate::store::now_ms;
use crate::tui::{self, Step};

/// Prints the statistics: JSON with `json`, else the plain text (ASCII shades with `ascii`).
pub fn stats(cli: &Cli, course: &Course, json: bool, ascii: bool) -> Result<(), Failure> {
    let study = Study::open(cli)?;
    let now = now_ms();
    let mut history = study.store.study_history(&study.user, &[])?;
    reviews_follow_course(&mut history, course, now);
    let mut stats = compute(&study.user, course, &history, now, &LocalZone);
    let finished = study.store.finished_versions(&study.user)?;
    mark_earlier_scores(&mut stats, course, &finished);
    if json {
        return emit_json(&stats);
    }
    let lines = crate::ui::stats::plain_lines(&stats, ascii);
    emit(|out| {
        for line in &lines {
            writeln!(out, "{line}")?;
        }
        Ok(())
    })
}

/// Shows the statistics screen until the student goes back (q or Esc).
pub fn show(cli: &Cli, course: &Course, settings: &Settings, ascii: bool) -> Result<(), Failure> {
    let study = Study::open(cli)?;
    let now = now_ms();
    let mut history = study
        .store
        .study_history(&study.user, &period_starts(now, &LocalZone))?;
    reviews_follow_course(&mut history, course, now);
    let mut board = Dashboard::new(&study.user, course, &history, now, &LocalZone);
    board.mark_earlier_scores(course, &study.store.finished_versions(&study.user)?);
    let mut screen = StatsScreen::new(board, &settings.theme, ascii, settings.mouse);
    tui::run(&mut screen, |_, effects| {
        Ok(if effects.contains(&DashboardEffect::Back) {
            Step::Exit(())
        } else {
            Step::Continue
        })
    })
}
