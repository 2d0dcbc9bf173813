//! The statistics screen's state as a pure machine: which panel is selected, which period
//! the figures cover (the last 4 weeks, the last 26 weeks, all time) and how far the panels
//! are scrolled. The figures of each period are summed once, when the screen opens, so a
//! key only moves a cursor; `update` takes a key and returns `DashboardEffect`s.
//!
//! A period covers whole calendar weeks (Monday to Sunday, the last one holding today), so
//! the calendar's columns and the period's figures are the same days. Streaks count over
//! the whole history whatever the period, and what is due (forecast, overdue, review
//! states) is the state of today.

use chrono::{Datelike, Duration, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::stats::{CALENDAR_WEEKS, Stats, Zone, compute};
use crate::content::Course;
use crate::store::StudyHistory;

/// How many panels there are.
pub const PANELS: usize = 4;

/// A group of figures drawn together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// The calendar, streaks and the period's totals.
    Activity,
    /// Reviews due per day, overdue, and the spaced-review states.
    Reviews,
    /// Each chapter's scores over time, best, last, and time spent.
    Scores,
    /// Accuracy per objective and per question type, weakest first.
    Accuracy,
}

impl Panel {
    /// In the order shown (top to bottom, or left to right then down).
    pub const ALL: [Self; PANELS] = [Self::Activity, Self::Reviews, Self::Scores, Self::Accuracy];

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Activity => "Activity",
            Self::Reviews => "Reviews",
            Self::Scores => "Scores and time by chapter",
            Self::Accuracy => "Accuracy, weakest first",
        }
    }

    fn step(self, forward: bool) -> Self {
        let i = self.index();
        let next = if forward {
            (i + 1) % PANELS
        } else {
            (i + PANELS - 1) % PANELS
        };
        Self::ALL[next]
    }
}

/// The span of days the figures cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    FourWeeks,
    TwentySixWeeks,
    All,
}

impl Period {
    pub const ALL: [Self; 3] = [Self::FourWeeks, Self::TwentySixWeeks, Self::All];

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::FourWeeks => "last 4 weeks",
            Self::TwentySixWeeks => "last 26 weeks",
            Self::All => "all time",
        }
    }

    /// How many calendar weeks the period covers; `None` is every week since the first.
    pub fn weeks(self) -> Option<usize> {
        match self {
            Self::FourWeeks => Some(4),
            Self::TwentySixWeeks => Some(CALENDAR_WEEKS),
            Self::All => None,
        }
    }

    /// The first day of the period ending `today` (a Monday), `None` for all time.
    pub fn first_day(self, today: NaiveDate) -> Option<NaiveDate> {
        let weeks = i64::try_from(self.weeks()?).ok()?;
        let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        Some(monday - Duration::weeks(weeks - 1))
    }

    fn step(self, forward: bool) -> Self {
        let i = self.index();
        let next = if forward {
            (i + 1).min(Self::ALL.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        Self::ALL[next]
    }
}

/// What the screen asks of the command that runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashboardEffect {
    /// Leave the screen (to the course home, or out of `stats`).
    Back,
}

/// How the view laid the panels out, as much as scrolling needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fitted {
    /// One column scrolled as a whole: the line each panel starts on, the column's length
    /// and the rows in view.
    Stacked {
        tops: [usize; PANELS],
        total: usize,
        height: usize,
    },
    /// Side by side, each panel scrolled on its own: its lines and its rows in view.
    Side {
        lengths: [usize; PANELS],
        heights: [usize; PANELS],
    },
}

impl Default for Fitted {
    fn default() -> Self {
        Self::Stacked {
            tops: [0; PANELS],
            total: 0,
            height: 0,
        }
    }
}

/// The statistics screen's state.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The figures of each period, in the order of `Period::ALL`.
    by_period: Vec<Stats>,
    pub panel: Panel,
    pub period: Period,
    /// Stacked: the first line of the column in view (kept within it by `clamp`).
    offset: usize,
    /// Side by side: the first line in view of each panel (kept within them by `clamp`).
    offsets: [usize; PANELS],
    fitted: Fitted,
}

impl Dashboard {
    /// Sums `history` for each period at `now_ms` in `zone`; opens on the activity of the
    /// last 26 weeks.
    pub fn new(
        user: &str,
        course: &Course,
        history: &StudyHistory,
        now_ms: i64,
        zone: &dyn Zone,
    ) -> Self {
        let all = compute(user, course, history, now_ms, zone);
        let today = zone.date_of(now_ms);
        let by_period = Period::ALL
            .iter()
            .map(|period| match period.first_day(today) {
                None => all.clone(),
                Some(first) => {
                    let within = within(history, first, zone);
                    Stats {
                        streak: all.streak,
                        ..compute(user, course, &within, now_ms, zone)
                    }
                }
            })
            .collect();
        Self {
            by_period,
            panel: Panel::Activity,
            period: Period::TwentySixWeeks,
            offset: 0,
            offsets: [0; PANELS],
            fitted: Fitted::default(),
        }
    }

    /// Marks, in every period, the scores taken on an earlier version of their quiz (see
    /// `app::versions::mark_earlier_scores`).
    pub fn mark_earlier_scores(&mut self, course: &Course, finished: &[(String, i64, String)]) {
        for stats in &mut self.by_period {
            super::versions::mark_earlier_scores(stats, course, finished);
        }
    }

    /// The figures of the chosen period.
    pub fn stats(&self) -> &Stats {
        let i = self.period.index();
        &self.by_period[i.min(self.by_period.len() - 1)]
    }

    /// Stacked: the first line of the column in view.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Side by side: the first line of `panel` in view.
    pub fn panel_offset(&self, panel: Panel) -> usize {
        self.offsets[panel.index()]
    }

    /// Takes the view's layout and keeps every offset within its panel.
    pub fn fit(&mut self, fitted: Fitted) {
        self.fitted = fitted;
        self.clamp();
    }

    pub fn update(&mut self, key: KeyEvent) -> Vec<DashboardEffect> {
        if super::keys::is_ctrl_c(&key) {
            return vec![DashboardEffect::Back];
        }
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return vec![DashboardEffect::Back],
            KeyCode::Tab if shift => self.select(self.panel.step(false)),
            KeyCode::Tab => self.select(self.panel.step(true)),
            KeyCode::BackTab => self.select(self.panel.step(false)),
            KeyCode::Right | KeyCode::Char('l') => self.period = self.period.step(true),
            KeyCode::Left | KeyCode::Char('h') => self.period = self.period.step(false),
            KeyCode::Down | KeyCode::Char('j') => self.scroll_by(1),
            KeyCode::Up | KeyCode::Char('k') => self.scroll_by(-1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll_by(self.page()),
            KeyCode::PageUp | KeyCode::Char('b') => self.scroll_by(-self.page()),
            KeyCode::Home | KeyCode::Char('g') => self.scroll_to(0),
            KeyCode::End | KeyCode::Char('G') => self.scroll_to(usize::MAX),
            _ => {}
        }
        self.clamp();
        Vec::new()
    }

    /// Selects `panel`; stacked, the column scrolls to its first line.
    fn select(&mut self, panel: Panel) {
        self.panel = panel;
        if let Fitted::Stacked { tops, .. } = self.fitted {
            self.offset = tops[panel.index()];
        }
    }

    /// Rows one page moves: the rows in view less one, kept for context.
    fn page(&self) -> isize {
        let rows = match self.fitted {
            Fitted::Stacked { height, .. } => height,
            Fitted::Side { heights, .. } => heights[self.panel.index()],
        };
        isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(1)
    }

    fn scroll_by(&mut self, delta: isize) {
        let now = self.current_offset();
        self.scroll_to(now.saturating_add_signed(delta));
    }

    fn current_offset(&self) -> usize {
        match self.fitted {
            Fitted::Stacked { .. } => self.offset,
            Fitted::Side { .. } => self.offsets[self.panel.index()],
        }
    }

    fn scroll_to(&mut self, line: usize) {
        match self.fitted {
            Fitted::Stacked { .. } => self.offset = line,
            Fitted::Side { .. } => self.offsets[self.panel.index()] = line,
        }
    }

    fn clamp(&mut self) {
        match self.fitted {
            Fitted::Stacked { total, height, .. } => {
                self.offset = self.offset.min(total.saturating_sub(height));
            }
            Fitted::Side { lengths, heights } => {
                for (i, offset) in self.offsets.iter_mut().enumerate() {
                    *offset = (*offset).min(lengths[i].saturating_sub(heights[i]));
                }
            }
        }
    }
}

/// The part of `history` from the local day `first` on; review states are kept whole,
/// since what is due does not depend on the period.
fn within(history: &StudyHistory, first: NaiveDate, zone: &dyn Zone) -> StudyHistory {
    let keep = |at: i64| zone.date_of(at) >= first;
    StudyHistory {
        answers: history.answers.since(zone.start_of(first)),
        reads: history
            .reads
            .iter()
            .filter(|r| keep(r.read_at))
            .cloned()
            .collect(),
        attempts: history
            .attempts
            .iter()
            .filter(|a| keep(a.finished_at))
            .cloned()
            .collect(),
        reviews: history.reviews.clone(),
    }
}

/// The instants the periods other than all time begin at `now_ms`: what
/// `Store::study_history` needs to sum each period exactly.
pub fn period_starts(now_ms: i64, zone: &dyn Zone) -> Vec<i64> {
    let today = zone.date_of(now_ms);
    Period::ALL
        .iter()
        .filter_map(|period| period.first_day(today))
        .map(|first| zone.start_of(first))
        .collect()
}

#[cfg(test)]
#[path = "dashboard_tests.rs"]
mod tests;
