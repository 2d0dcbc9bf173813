//! The statistics as text: an activity calendar of shaded cells, bars for the review
//! forecast, a sparkline of each chapter's scores, accuracy tables weakest first. `stats`
//! prints these lines when piped or with `--plain`; they use only the shade and block
//! characters (or ASCII with `--ascii`), never colour, so they read the same in a file.

use chrono::{Datelike, Duration, NaiveDate};

use super::cut;
use crate::app::stats::{Accuracy, CALENDAR_WEEKS, Day, ScorePoint, Stats};

/// Shades for 0, 1-4, 5-9, 10-19 and 20+ answers in a day.
const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];
const ASCII_SHADES: [char; 5] = ['.', ':', '+', '#', '@'];
const LEVELS: [usize; 4] = [1, 5, 10, 20];
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_SPARKS: [char; 8] = ['_', '_', '.', '-', '-', '=', '#', '#'];

/// Which shade a day with `answers` answers gets.
pub fn shade(answers: usize, ascii: bool) -> char {
    shade_of_level(level(answers), ascii)
}

/// Every line of the plain statistics.
pub fn plain_lines(stats: &Stats, ascii: bool) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Study statistics for {} (today {})",
            stats.user, stats.today
        ),
        format!(
            "Streak: {} (longest {})",
            days(stats.streak.current),
            days(stats.streak.longest)
        ),
        String::new(),
    ];
    lines.extend(calendar(stats, ascii));
    lines.push(String::new());
    lines.extend(forecast(stats, ascii));
    lines.push(String::new());
    lines.extend(scores(stats, ascii));
    lines.push(String::new());
    lines.push("Weakest objectives (share right)".to_string());
    lines.extend(accuracy_rows(&stats.objectives, 10, objective_label));
    lines.push(String::new());
    lines.push("By question type (share right)".to_string());
    lines.extend(accuracy_rows(&stats.types, 8, |a| a.id.clone()));
    lines.push(String::new());
    let r = &stats.review_states;
    lines.push(format!(
        "Spaced review: {} new · {} learning · {} young · {} mature",
        r.new, r.learning, r.young, r.mature
    ));
    lines
}

/// An objective as "1.hidden-debt · Articulate what ...": chapter, id and text.
pub fn objective_label(a: &Accuracy) -> String {
    let text = a
        .text
        .as_deref()
        .map_or(String::new(), |t| format!(" · {t}"));
    format!("{}.{}{text}", a.chapter.unwrap_or(0), a.id)
}

/// "1 day", "3 days".
pub fn days(n: usize) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// Seven rows (Monday to Sunday) of one cell per day over the last 26 weeks, a legend, and
/// the month names above the week they start in.
fn calendar(stats: &Stats, ascii: bool) -> Vec<String> {
    let Some(grid) = Calendar::new(&stats.days, Some(CALENDAR_WEEKS)) else {
        return Vec::new();
    };
    let mut lines = vec![
        format!("Activity, last {CALENDAR_WEEKS} weeks (answers per day)"),
        grid.months(4, 1).trim_end().to_string(),
    ];
    for (row, name) in WEEKDAYS.iter().enumerate() {
        let mut line = format!("{name} ");
        for week in 0..grid.weeks {
            let Some(day) = grid.day(week, row) else {
                break;
            };
            line.push(shade(grid.answers_on(day), ascii));
        }
        lines.push(line);
    }
    let legend: Vec<String> = LEGEND
        .iter()
        .enumerate()
        .map(|(level, range)| format!("{} {range}", shade_of_level(level, ascii)))
        .collect();
    lines.push(format!(
        "    {}   (today is the last cell)",
        legend.join("  ")
    ));
    lines
}

/// Row names of the calendar, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// What each shade level means, in answers per day.
pub const LEGEND: [&str; 5] = ["none", "1-4", "5-9", "10-19", "20+"];

/// How dark a day with `answers` answers is drawn: 0 (none) to 4 (20 or more).
pub fn level(answers: usize) -> usize {
    LEVELS.iter().filter(|l| answers >= **l).count()
}

/// The shade character of `level` (0 to 4).
pub fn shade_of_level(level: usize, ascii: bool) -> char {
    let shades = if ascii { ASCII_SHADES } else { SHADES };
    shades[level.min(shades.len() - 1)]
}

/// The activity calendar as a grid: one column per week (Monday to Sunday), the last
/// column holding today, with each day's answers at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The Monday of the first column.
    pub start: NaiveDate,
    pub weeks: usize,
    pub today: NaiveDate,
    /// (date, answers), in date order, as the statistics list them.
    answers: Vec<(NaiveDate, usize)>,
}

impl Calendar {
    /// The last `weeks` weeks up to the last of `days` (today), or with `None` every week
    /// from the first of `days`; `None` when there are no days.
    pub fn new(days: &[Day], weeks: Option<usize>) -> Option<Self> {
        let answers: Vec<(NaiveDate, usize)> = days
            .iter()
            .filter_map(|d| {
                Some((
                    NaiveDate::parse_from_str(&d.date, "%Y-%m-%d").ok()?,
                    d.answers,
                ))
            })
            .collect();
        let today = answers.last()?.0;
        let this_monday = monday_of(today);
        let weeks = weeks
            .unwrap_or_else(|| {
                let first = monday_of(answers[0].0);
                usize::try_from((this_monday - first).num_weeks()).unwrap_or(0) + 1
            })
            .max(1);
        let start = this_monday - Duration::weeks(i64::try_from(weeks - 1).unwrap_or(0));
        Some(Self {
            start,
            weeks,
            today,
            answers,
        })
    }

    /// Only the last `weeks` columns (at least one).
    #[must_use]
    pub fn last(mut self, weeks: usize) -> Self {
        let weeks = weeks.max(1);
        if weeks < self.weeks {
            self.start += Duration::weeks(i64::try_from(self.weeks - weeks).unwrap_or(0));
            self.weeks = weeks;
        }
        self
    }

    pub fn answers_on(&self, date: NaiveDate) -> usize {
        self.answers
            .binary_search_by_key(&date, |(d, _)| *d)
            .map_or(0, |i| self.answers[i].1)
    }

    /// The day in column `week`, row `weekday` (0 is Monday); `None` after today.
    pub fn day(&self, week: usize, weekday: usize) -> Option<NaiveDate> {
        let offset = i64::try_from(week * 7 + weekday).ok()?;
        Some(self.start + Duration::days(offset)).filter(|d| *d <= self.today)
    }

    /// The month names above the first column of each month, after `lead` columns of row
    /// names, with `cell` columns per week; a name that would run into the previous one
    /// is left out.
    pub fn months(&self, lead: usize, cell: usize) -> String {
        let mut header = " ".repeat(lead);
        let mut last_month = 0;
        for week in 0..self.weeks {
            let day = self.start + Duration::weeks(i64::try_from(week).unwrap_or(0));
            let column = lead + week * cell;
            if day.month() != last_month && header.chars().count() <= column {
                last_month = day.month();
                while header.chars().count() < column {
                    header.push(' ');
                }
                header.push_str(&day.format("%b").to_string());
            }
        }
        header
    }
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// One bar per day for the next 30 days.
fn forecast(stats: &Stats, ascii: bool) -> Vec<String> {
    let most = stats
        .forecast
        .iter()
        .map(|d| d.due)
        .max()
        .unwrap_or(0)
        .max(1);
    let block = if ascii { '#' } else { '█' };
    let mut lines = vec![format!(
        "Reviews due, next {} days ({} overdue now)",
        stats.forecast.len(),
        stats.overdue
    )];
    for day in stats.forecast.iter().filter(|d| d.due > 0) {
        let width = bar_cells(day.due, most, 30);
        lines.push(format!(
            "  {} {} {}",
            day.date.get(5..).unwrap_or(&day.date),
            block.to_string().repeat(width),
            day.due
        ));
    }
    if lines.len() == 1 {
        lines.push("  none".to_string());
    }
    lines
}

/// Each chapter with finished attempts: a sparkline of its scores, best and last.
fn scores(stats: &Stats, ascii: bool) -> Vec<String> {
    let mut lines = vec![format!(
        "Scores by chapter (finished full attempts, oldest first, the last {RECENT_SCORES})"
    )];
    for chapter in stats.chapters.iter().filter(|c| !c.scores.is_empty()) {
        let line = recent_sparkline(&chapter.scores, ascii);
        lines.push(format!(
            "  {:>2} {:<32} {line}  best {}  last {}",
            chapter.number,
            cut(&chapter.title, 32),
            marked_percent(chapter.best, chapter.best_earlier_version),
            marked_percent(chapter.last, chapter.last_earlier_version)
        ));
    }
    if lines.len() == 1 {
        lines.push("  no finished quiz yet".to_string());
    }
    lines.extend(earlier_version_note(stats));
    lines.push("Time answering per chapter".to_string());
    let timed: Vec<String> = stats
        .chapters
        .iter()
        .filter(|c| c.seconds > 0)
        .map(|c| {
            format!(
                "  {:>2} {:<32} {}",
                c.number,
                cut(&c.title, 32),
                minutes(c.seconds)
            )
        })
        .collect();
    if timed.is_empty() {
        lines.push("  none yet".to_string());
    }
    lines.extend(timed);
    lines
}

/// How many scores a chapter's line of text shows at most.
const RECENT_SCORES: usize = 30;

/// The sparkline of the last `RECENT_SCORES` scores, marked when older ones are left out
/// (a student with a thousand attempts gets a line, not a page).
fn recent_sparkline(scores: &[ScorePoint], ascii: bool) -> String {
    let recent = &scores[scores.len().saturating_sub(RECENT_SCORES)..];
    let older = if recent.len() < scores.len() {
        if ascii { "<" } else { "…" }
    } else {
        ""
    };
    format!("{older}{}", sparkline(recent, ascii))
}

/// One character per score, oldest first, higher for better scores.
pub fn sparkline(scores: &[ScorePoint], ascii: bool) -> String {
    let sparks = if ascii { ASCII_SPARKS } else { SPARKS };
    scores
        .iter()
        .map(|s| sparks[((s.score.clamp(0.0, 1.0) * 7.0).round()) as usize])
        .collect()
}

/// A score as "80%", or "–" when there is none.
pub fn percent(score: Option<f64>) -> String {
    score.map_or("–".to_string(), |v| format!("{:.0}%", v * 100.0))
}

/// A score as `percent` gives it, with `*` when taken on an earlier version of the quiz.
pub fn marked_percent(score: Option<f64>, earlier: bool) -> String {
    let star = if earlier && score.is_some() { "*" } else { "" };
    format!("{}{star}", percent(score))
}

/// The footnote for `*`, when a best or last score shown is from an earlier version.
pub fn earlier_version_note(stats: &Stats) -> Option<String> {
    let marked = stats
        .chapters
        .iter()
        .any(|c| c.best_earlier_version || c.last_earlier_version);
    marked.then(|| "  * on an earlier version of the chapter's quiz".to_string())
}

/// Cells of a bar for `value` when `most` fills `cells`: any value above zero shows.
pub fn bar_cells(value: usize, most: usize, cells: usize) -> usize {
    (value * cells).div_ceil(most.max(1))
}

/// Time spent, as "45 s" or "12 min".
pub fn minutes(seconds: u64) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{} min", seconds.div_ceil(60))
    }
}

fn accuracy_rows(
    list: &[Accuracy],
    most: usize,
    name: impl Fn(&Accuracy) -> String,
) -> Vec<String> {
    if list.is_empty() {
        return vec!["  nothing answered yet".to_string()];
    }
    list.iter()
        .take(most)
        .map(|a| {
            format!(
                "  {:>4.0}%  {:>3}/{:<3} {}",
                a.share() * 100.0,
                a.correct,
                a.answered,
                cut(&name(a), 60)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(n: usize) -> Vec<ScorePoint> {
        (0..n)
            .map(|i| ScorePoint {
                finished_at: i as i64,
                score: if i % 2 == 0 { 1.0 } else { 0.0 },
                earlier_version: false,
            })
            .collect()
    }

    #[test]
    fn a_chapters_line_shows_its_last_thirty_scores_and_says_when_there_were_more() {
        assert_eq!(recent_sparkline(&points(3), false).chars().count(), 3);
        let many = recent_sparkline(&points(1_000), false);
        assert_eq!(many.chars().count(), RECENT_SCORES + 1);
        assert!(many.starts_with('…'), "{many}");
        let ascii = recent_sparkline(&points(1_000), true);
        assert!(ascii.starts_with('<') && ascii.is_ascii(), "{ascii}");
    }
}
