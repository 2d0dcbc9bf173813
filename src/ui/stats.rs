//! The statistics as text: an activity calendar of shaded cells, bars for the review
//! forecast, a sparkline of each chapter's scores, accuracy tables weakest first. `stats`
//! prints these lines when piped or with `--plain`; they use only the shade and block
//! characters (or ASCII with `--ascii`), never colour, so they read the same in a file.

use chrono::{Datelike, NaiveDate};

use crate::app::stats::{Accuracy, CALENDAR_WEEKS, Stats};

/// Shades for 0, 1-4, 5-9, 10-19 and 20+ answers in a day.
const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];
const ASCII_SHADES: [char; 5] = ['.', ':', '+', '#', '@'];
const LEVELS: [usize; 4] = [1, 5, 10, 20];
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_SPARKS: [char; 8] = ['_', '_', '.', '-', '-', '=', '#', '#'];

/// Which shade a day with `answers` answers gets.
pub fn shade(answers: usize, ascii: bool) -> char {
    let level = LEVELS.iter().filter(|l| answers >= **l).count();
    if ascii {
        ASCII_SHADES[level]
    } else {
        SHADES[level]
    }
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
    lines.extend(accuracy_rows(&stats.objectives, 10, |a| {
        format!(
            "{}.{} {}",
            a.chapter.unwrap_or(0),
            a.id,
            a.text
                .as_deref()
                .map_or(String::new(), |t| format!("· {t}"))
        )
    }));
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

fn days(n: usize) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// Seven rows (Monday to Sunday) of one cell per day over the last 26 weeks, a legend, and
/// the month names above the week they start in.
fn calendar(stats: &Stats, ascii: bool) -> Vec<String> {
    let dates: Vec<(NaiveDate, usize)> = stats
        .days
        .iter()
        .filter_map(|d| {
            Some((
                NaiveDate::parse_from_str(&d.date, "%Y-%m-%d").ok()?,
                d.answers,
            ))
        })
        .collect();
    let Some(&(today, _)) = dates.last() else {
        return Vec::new();
    };
    // Start on the Monday CALENDAR_WEEKS - 1 weeks before this week's Monday.
    let monday = today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let start = monday - chrono::Duration::weeks(CALENDAR_WEEKS as i64 - 1);
    let answers_on = |date: NaiveDate| {
        dates
            .binary_search_by_key(&date, |(d, _)| *d)
            .map_or(0, |i| dates[i].1)
    };
    let mut header = String::from("    ");
    let mut last_month = 0;
    for week in 0..CALENDAR_WEEKS {
        let day = start + chrono::Duration::weeks(week as i64);
        if day.month() != last_month && header.chars().count() <= 4 + week {
            last_month = day.month();
            let name = day.format("%b").to_string();
            while header.chars().count() < 4 + week {
                header.push(' ');
            }
            header.push_str(&name);
        }
    }
    let mut lines = vec![
        format!("Activity, last {CALENDAR_WEEKS} weeks (answers per day)"),
        header.trim_end().to_string(),
    ];
    for (row, name) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .enumerate()
    {
        let mut line = format!("{name} ");
        for week in 0..CALENDAR_WEEKS {
            let day = start + chrono::Duration::days(week as i64 * 7 + row as i64);
            if day > today {
                break;
            }
            line.push(shade(answers_on(day), ascii));
        }
        lines.push(line);
    }
    let s = |i: usize| shade([0, 1, 5, 10, 20][i], ascii);
    lines.push(format!(
        "    {} none  {} 1-4  {} 5-9  {} 10-19  {} 20+   (today is the last cell)",
        s(0),
        s(1),
        s(2),
        s(3),
        s(4)
    ));
    lines
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
        let width = (day.due * 30).div_ceil(most);
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
    let mut lines = vec!["Scores by chapter (finished full attempts, oldest first)".to_string()];
    for chapter in stats.chapters.iter().filter(|c| !c.scores.is_empty()) {
        let sparks = if ascii { ASCII_SPARKS } else { SPARKS };
        let line: String = chapter
            .scores
            .iter()
            .map(|s| sparks[((s.score.clamp(0.0, 1.0) * 7.0).round()) as usize])
            .collect();
        let percent =
            |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{:.0}%", v * 100.0));
        lines.push(format!(
            "  {:>2} {:<32} {line}  best {}  last {}",
            chapter.number,
            cut(&chapter.title, 32),
            percent(chapter.best),
            percent(chapter.last)
        ));
    }
    if lines.len() == 1 {
        lines.push("  no finished quiz yet".to_string());
    }
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

fn minutes(seconds: u64) -> String {
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

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}
