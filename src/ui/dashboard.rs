//! The statistics screen: a header with the period, four panels (activity calendar and
//! streaks; reviews coming due and review states; scores and time by chapter; accuracy
//! weakest first) and the keys. Below `SIDE_WIDTH` x `SIDE_HEIGHT` the panels stack in one
//! scrolled column; from there they sit two by two, each scrolled on its own.
//!
//! The calendar shades each day by answers given: shade characters coloured by the theme,
//! ASCII shades with `--ascii`, and plain digits (the shade level, 0 to 4) when the theme
//! is monochrome, so it reads without colour. `layout` tells the state how the panels fall
//! (the same lines `draw` draws), so scrolling stays within them.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::stats::{
    Calendar, LEGEND, WEEKDAYS, bar_cells, days, earlier_version_note, level, marked_percent,
    minutes, objective_label, shade_of_level, sparkline,
};
use super::theme::{Theme, ThemeName};
use super::{cut, fit, more_hint, ranked_help, text_width, too_small};
use crate::app::dashboard::{Dashboard, Fitted, PANELS, Panel, Period};
use crate::app::stats::{Accuracy, ChapterScores, Stats};

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this size on the panels sit side by side.
pub const SIDE_WIDTH: u16 = 150;
pub const SIDE_HEIGHT: u16 = 36;

const FOOTER: &[(&str, &str)] = &[
    ("Tab", "panel"),
    ("←→", "period"),
    ("j/k PgUp/PgDn", "scroll"),
    ("q", "back"),
];

/// Rows of the review forecast's bars.
const CHART_ROWS: usize = 5;
/// Columns of row names before the calendar and the chart.
const LEAD: usize = 4;
/// The most scores a chapter's sparkline shows (the latest).
const SPARK_POINTS: usize = 16;
/// Columns of "  best 90%   last 80%    64 min" after a sparkline.
const SCORE_COLUMNS: usize = 31;
const EIGHTHS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The statistics screen as drawn: the state, the theme, and whether to use ASCII only.
pub struct DashboardView<'a> {
    pub board: &'a Dashboard,
    pub theme: &'a Theme,
    pub ascii: bool,
}

/// Where the parts of the screen go.
struct Areas {
    header: Rect,
    footer: Rect,
    /// Stacked: one area; side by side: one per panel.
    panels: Vec<Rect>,
}

impl DashboardView<'_> {
    /// How the panels fall in a window of `area`, for the state's scrolling.
    pub fn layout(&self, area: Rect) -> Fitted {
        let areas = self.areas(area);
        let stats = self.board.stats();
        match areas.panels.as_slice() {
            [column] => {
                let inner = content_area(*column);
                let (lines, tops) = self.column(stats, usize::from(inner.width));
                Fitted::Stacked {
                    tops,
                    total: lines.len(),
                    height: usize::from(inner.height),
                }
            }
            panels => {
                let mut lengths = [0; PANELS];
                let mut heights = [0; PANELS];
                for (i, rect) in panels.iter().enumerate().take(PANELS) {
                    let inner = content_area(*rect);
                    lengths[i] = self
                        .panel_lines(Panel::ALL[i], stats, usize::from(inner.width))
                        .len();
                    heights[i] = usize::from(inner.height);
                }
                Fitted::Side { lengths, heights }
            }
        }
    }

    pub fn draw(&self, frame: &mut Frame<'_>) {
        if too_small(frame, MIN_WIDTH, MIN_HEIGHT, self.theme) {
            return;
        }
        let areas = self.areas(frame.area());
        frame.render_widget(
            Paragraph::new(self.header(areas.header.width)),
            areas.header,
        );
        let stats = self.board.stats();
        match areas.panels.as_slice() {
            [column] => self.draw_column(frame, stats, *column),
            panels => {
                for (panel, rect) in Panel::ALL.iter().zip(panels) {
                    self.draw_panel(frame, stats, *panel, *rect);
                }
            }
        }
        let footer = ranked_help(FOOTER, &[1, 2, 3, 0], areas.footer.width, self.theme);
        frame.render_widget(Paragraph::new(footer), areas.footer);
    }

    fn areas(&self, area: Rect) -> Areas {
        let header_rows = u16::try_from(self.header(area.width).len()).unwrap_or(1);
        let [header, body, footer] = Layout::vertical([
            Constraint::Length(header_rows),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let panels = if side_by_side(area) {
            let [top, bottom] =
                Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(body);
            let halves = |row: Rect| -> [Rect; 2] {
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(row)
            };
            let [a, b] = halves(top);
            let [c, d] = halves(bottom);
            vec![a, b, c, d]
        } else {
            vec![body]
        };
        Areas {
            header,
            footer,
            panels,
        }
    }

    /// "Study statistics · ana · today 2026-12-05" and the periods, on one line when
    /// they fit, else on two.
    fn header(&self, width: u16) -> Vec<Line<'static>> {
        let stats = self.board.stats();
        let title = format!(" Study statistics · {} · today {}", stats.user, stats.today);
        let mut tabs = vec![Span::styled(" Period (←→): ", self.theme.dim())];
        for (i, period) in Period::ALL.iter().enumerate() {
            if i > 0 {
                tabs.push(Span::styled(" · ", self.theme.dim()));
            }
            let style = if *period == self.board.period {
                self.theme.selected()
            } else {
                self.theme.text()
            };
            tabs.push(Span::styled(period.label(), style));
        }
        let tabs_width: usize = tabs.iter().map(|s| text_width(&s.content)).sum();
        let width = usize::from(width);
        let title_span = Span::styled(cut(&title, width), self.theme.title());
        if text_width(&title) + 2 + tabs_width <= width {
            let gap = width - text_width(&title) - tabs_width;
            let mut spans = vec![title_span, Span::raw(" ".repeat(gap))];
            spans.extend(tabs);
            return vec![Line::from(spans)];
        }
        vec![Line::from(title_span), Line::from(tabs)]
    }

    /// Every panel in one column, each under its heading: the lines and where each starts.
    fn column(&self, stats: &Stats, width: usize) -> (Vec<Line<'static>>, [usize; PANELS]) {
        let mut lines = Vec::new();
        let mut tops = [0; PANELS];
        for (i, panel) in Panel::ALL.iter().enumerate() {
            if i > 0 {
                lines.push(Line::default());
            }
            tops[i] = lines.len();
            let selected = *panel == self.board.panel;
            let (marker, style) = if selected {
                ("▸ ", self.theme.selected())
            } else {
                ("  ", self.theme.title())
            };
            lines.push(Line::from(vec![
                Span::styled(marker, self.theme.selected()),
                Span::styled(panel.title(), style),
            ]));
            lines.extend(self.panel_lines(*panel, stats, width));
        }
        (lines, tops)
    }

    fn draw_column(&self, frame: &mut Frame<'_>, stats: &Stats, area: Rect) {
        let inner = content_area(area);
        let (lines, _) = self.column(stats, usize::from(inner.width));
        let block = self.block(None, false, self.board.offset(), lines.len(), inner.height);
        frame.render_widget(block, area);
        let scroll = u16::try_from(self.board.offset()).unwrap_or(u16::MAX);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    }

    fn draw_panel(&self, frame: &mut Frame<'_>, stats: &Stats, panel: Panel, area: Rect) {
        let inner = content_area(area);
        let lines = self.panel_lines(panel, stats, usize::from(inner.width));
        let offset = self.board.panel_offset(panel);
        let selected = panel == self.board.panel;
        let block = self.block(Some(panel), selected, offset, lines.len(), inner.height);
        frame.render_widget(block, area);
        let scroll = u16::try_from(offset).unwrap_or(u16::MAX);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    }

    /// A panel's frame: its title (marked when selected) and a hint when more lines lie
    /// above or below.
    fn block(
        &self,
        panel: Option<Panel>,
        selected: bool,
        offset: usize,
        total: usize,
        height: u16,
    ) -> Block<'static> {
        let border = if selected {
            self.theme.selected()
        } else {
            self.theme.border()
        };
        let mut block = Block::default().borders(Borders::ALL).border_style(border);
        if let Some(panel) = panel {
            let marker = if selected { "▸ " } else { " " };
            let style = if selected {
                self.theme.selected()
            } else {
                self.theme.title()
            };
            block = block.title(Span::styled(format!("{marker}{} ", panel.title()), style));
        }
        if let Some(more) = more_hint(offset, total, usize::from(height)) {
            block = block
                .title_bottom(Line::from(Span::styled(more, self.theme.dim())).right_aligned());
        }
        block
    }

    fn panel_lines(&self, panel: Panel, stats: &Stats, width: usize) -> Vec<Line<'static>> {
        match panel {
            Panel::Activity => self.activity(stats, width),
            Panel::Reviews => self.reviews(stats, width),
            Panel::Scores => self.scores(stats, width),
            Panel::Accuracy => self.accuracy(stats, width),
        }
    }

    /// Streaks, the period's totals, and the calendar.
    fn activity(&self, stats: &Stats, width: usize) -> Vec<Line<'static>> {
        let theme = self.theme;
        let period = self.board.period;
        let first = period
            .first_day(parse_date(&stats.today).unwrap_or_default())
            .map(|d| d.to_string());
        let in_period: Vec<_> = stats
            .days
            .iter()
            .filter(|d| first.as_ref().is_none_or(|f| d.date >= *f))
            .collect();
        let answers: usize = in_period.iter().map(|d| d.answers).sum();
        let correct: usize = in_period.iter().map(|d| d.correct).sum();
        let read: usize = in_period.iter().map(|d| d.sections_read).sum();
        let active = in_period
            .iter()
            .filter(|d| d.answers > 0 || d.sections_read > 0)
            .count();
        let today = stats.days.last();
        let mut lines = vec![
            Line::from(vec![
                Span::styled("Streak ", theme.text()),
                Span::styled(days(stats.streak.current), theme.good()),
                Span::styled(
                    format!(" · longest {}", days(stats.streak.longest)),
                    theme.text(),
                ),
            ]),
            plain(
                format!(
                    "Today: {} · {} read",
                    count(today.map_or(0, |d| d.answers), "answer"),
                    count(today.map_or(0, |d| d.sections_read), "section"),
                ),
                theme,
            ),
            plain(
                format!(
                    "{}: {} ({} right) · {} read · {} active",
                    capitalised(period.label()),
                    count(answers, "answer"),
                    correct,
                    count(read, "section"),
                    days(active),
                ),
                theme,
            ),
            Line::default(),
        ];
        lines.extend(self.calendar(stats, width));
        lines
    }

    /// The calendar of the period: month names, a row per weekday, today marked under
    /// its column, and the legend.
    fn calendar(&self, stats: &Stats, width: usize) -> Vec<Line<'static>> {
        let Some(grid) = Calendar::new(&stats.days, self.board.period.weeks()) else {
            return Vec::new();
        };
        let room = width.saturating_sub(LEAD);
        let cell = if grid.weeks * 2 <= room { 2 } else { 1 };
        let shown = grid.weeks.min(room / cell).max(1);
        let cut_off = shown < grid.weeks;
        let grid = grid.last(shown);
        let mono = self.theme.name == ThemeName::Mono;
        let mut lines = vec![Line::from(Span::styled(
            grid.months(LEAD, cell),
            self.theme.dim(),
        ))];
        for (row, name) in WEEKDAYS.iter().enumerate() {
            let mut spans = vec![Span::styled(format!("{name} "), self.theme.dim())];
            for week in 0..grid.weeks {
                let Some(day) = grid.day(week, row) else {
                    break;
                };
                spans.push(self.day_cell(grid.answers_on(day), day == grid.today, mono));
                if cell == 2 {
                    spans.push(Span::raw(" "));
                }
            }
            lines.push(Line::from(spans));
        }
        let today_column = LEAD + (grid.weeks - 1) * cell;
        let arrow = if self.ascii { "^" } else { "▲" };
        let mark = format!("{}{arrow} today", " ".repeat(today_column));
        lines.push(Line::from(Span::styled(mark, self.theme.dim())));
        lines.push(self.legend(mono));
        if cut_off {
            lines.push(plain(
                format!("(the last {shown} weeks; wider windows show more)"),
                self.theme,
            ));
        }
        lines
    }

    fn day_cell(&self, answers: usize, today: bool, mono: bool) -> Span<'static> {
        let level = level(answers);
        let (glyph, style) = if mono {
            (
                char::from_digit(level as u32, 10).unwrap_or('?'),
                Style::default(),
            )
        } else {
            (shade_of_level(level, self.ascii), self.theme.heat(level))
        };
        let style = if today {
            style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            style
        };
        Span::styled(glyph.to_string(), style)
    }

    fn legend(&self, mono: bool) -> Line<'static> {
        let mut spans = vec![Span::raw(" ".repeat(LEAD))];
        for (level, range) in LEGEND.iter().enumerate() {
            let (glyph, style) = if mono {
                (
                    char::from_digit(level as u32, 10).unwrap_or('?'),
                    Style::default(),
                )
            } else {
                (shade_of_level(level, self.ascii), self.theme.heat(level))
            };
            spans.push(Span::styled(glyph.to_string(), style));
            spans.push(Span::styled(format!(" {range}  "), self.theme.dim()));
        }
        spans.push(Span::styled("answers a day", self.theme.dim()));
        Line::from(spans)
    }

    /// Overdue now, the bars of the next 30 days, and the review states.
    fn reviews(&self, stats: &Stats, width: usize) -> Vec<Line<'static>> {
        let theme = self.theme;
        let overdue_style = if stats.overdue > 0 {
            theme.warn()
        } else {
            theme.text()
        };
        let total: usize = stats.forecast.iter().map(|d| d.due).sum();
        let mut lines = vec![
            Line::from(Span::styled(
                format!("Overdue now: {}", stats.overdue),
                overdue_style,
            )),
            plain(
                format!("Due in the next {} days: {total}", stats.forecast.len()),
                theme,
            ),
        ];
        if total > 0 {
            lines.extend(self.forecast_chart(stats, width));
        }
        lines.push(Line::default());
        lines.push(plain("Spaced review".to_string(), theme));
        let r = &stats.review_states;
        let states = [
            ("new", r.new, "never answered"),
            ("learning", r.learning, "next in under a day"),
            ("young", r.young, "under 3 weeks"),
            ("mature", r.mature, "3 weeks or more"),
        ];
        let most = states.iter().map(|s| s.1).max().unwrap_or(0);
        let bar = if self.ascii { "#" } else { "█" };
        for (name, n, meaning) in states {
            let cells = bar_cells(n, most, 20);
            lines.push(Line::from(vec![
                Span::styled(format!("  {name:<9}{n:>5} "), theme.text()),
                Span::styled(bar.repeat(cells), theme.good()),
                Span::styled(format!(" {meaning}"), theme.dim()),
            ]));
        }
        lines
    }

    /// One bar per day, today first, scaled to the busiest day.
    fn forecast_chart(&self, stats: &Stats, width: usize) -> Vec<Line<'static>> {
        let days = stats.forecast.len();
        let cell = if days * 2 <= width.saturating_sub(LEAD) {
            2
        } else {
            1
        };
        let most = stats.forecast.iter().map(|d| d.due).max().unwrap_or(0);
        // No taller than the busiest day, so one review is one row when few are due.
        let rows = most.clamp(1, CHART_ROWS);
        let units: Vec<usize> = stats
            .forecast
            .iter()
            .map(|d| {
                if self.ascii {
                    bar_cells(d.due, most, rows) * 8
                } else {
                    bar_cells(d.due, most, rows * 8)
                }
            })
            .collect();
        let mut lines = Vec::new();
        for row in (0..rows).rev() {
            let label = if row + 1 == rows {
                format!("{most:>3} ")
            } else {
                " ".repeat(LEAD)
            };
            let mut bars = String::new();
            for u in &units {
                let fill = u.saturating_sub(row * 8).min(8);
                let glyph = match (self.ascii, fill) {
                    (_, 0) => ' ',
                    (true, _) => '#',
                    (false, f) => EIGHTHS[f],
                };
                bars.push(glyph);
                if cell == 2 {
                    bars.push(' ');
                }
            }
            lines.push(Line::from(vec![
                Span::styled(label, self.theme.dim()),
                Span::styled(bars, self.theme.good()),
            ]));
        }
        let axis = if self.ascii { "-" } else { "─" };
        let span = days * cell;
        let last = stats.forecast.last().map_or(String::new(), |d| {
            d.date.get(5..).unwrap_or(&d.date).to_string()
        });
        let gap = span.saturating_sub(5 + text_width(&last));
        lines.push(plain(
            format!("{}{}", " ".repeat(LEAD), axis.repeat(span)),
            self.theme,
        ));
        lines.push(Line::from(Span::styled(
            format!("{}today{}{last}", " ".repeat(LEAD), " ".repeat(gap)),
            self.theme.dim(),
        )));
        lines
    }

    /// Each chapter with scores or time in the period: its sparkline, best, last, time.
    fn scores(&self, stats: &Stats, width: usize) -> Vec<Line<'static>> {
        let shown: Vec<&ChapterScores> = stats
            .chapters
            .iter()
            .filter(|c| !c.scores.is_empty() || c.seconds > 0)
            .collect();
        if shown.is_empty() {
            return vec![plain(
                "No quiz finished and no time answering in this period.".to_string(),
                self.theme,
            )];
        }
        // "12 " + title + "  " + sparks + "  best 100% last 100%  999 min"
        let tail = 2 + SPARK_POINTS + SCORE_COLUMNS;
        let title = width.saturating_sub(3 + tail).clamp(8, 40);
        let mut lines = vec![Line::from(Span::styled(
            format!(
                "{}  {}{:>SCORE_COLUMNS$}",
                " ".repeat(3 + title),
                fit("recent scores", SPARK_POINTS),
                "time"
            ),
            self.theme.dim(),
        ))];
        for chapter in shown {
            let recent = chapter.scores.len().saturating_sub(SPARK_POINTS);
            let sparks = sparkline(&chapter.scores[recent..], self.ascii);
            lines.push(Line::from(vec![
                Span::styled(format!("{:>2} ", chapter.number), self.theme.text()),
                Span::styled(fit(&chapter.title, title), self.theme.text()),
                Span::raw("  "),
                Span::styled(fit(&sparks, SPARK_POINTS), self.theme.good()),
                Span::styled(
                    format!(
                        "  best {:<5} last {:<5} {:>7}",
                        marked_percent(chapter.best, chapter.best_earlier_version),
                        marked_percent(chapter.last, chapter.last_earlier_version),
                        minutes(chapter.seconds)
                    ),
                    self.theme.text(),
                ),
            ]));
        }
        if let Some(note) = earlier_version_note(stats) {
            lines.push(Line::from(Span::styled(note, self.theme.dim())));
        }
        lines
    }

    /// Objectives then question types, weakest first.
    fn accuracy(&self, stats: &Stats, width: usize) -> Vec<Line<'static>> {
        if stats.types.is_empty() {
            return vec![plain(
                "Nothing answered in this period.".to_string(),
                self.theme,
            )];
        }
        let mut lines = vec![Line::from(Span::styled("By objective", self.theme.title()))];
        for a in &stats.objectives {
            lines.push(self.accuracy_row(a, &objective_label(a), width));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "By question type",
            self.theme.title(),
        )));
        for a in &stats.types {
            lines.push(self.accuracy_row(a, &a.id, width));
        }
        lines
    }

    fn accuracy_row(&self, a: &Accuracy, name: &str, width: usize) -> Line<'static> {
        let share = a.share();
        let style = if share < 0.5 {
            self.theme.bad()
        } else if share >= 0.8 {
            self.theme.good()
        } else {
            self.theme.text()
        };
        let cells = bar_cells(a.correct, a.answered, 10);
        let (full, empty) = if self.ascii {
            ("#", ".")
        } else {
            ("█", "░")
        };
        let lead = format!("{:>4.0}% ", share * 100.0);
        let counts = format!(" {:>4}/{:<4} ", a.correct, a.answered);
        let room = width.saturating_sub(text_width(&lead) + 10 + text_width(&counts));
        Line::from(vec![
            Span::styled(lead, style),
            Span::styled(full.repeat(cells), style),
            Span::styled(empty.repeat(10 - cells.min(10)), self.theme.dim()),
            Span::styled(counts, self.theme.text()),
            Span::styled(cut(name, room), self.theme.text()),
        ])
    }
}

/// Whether a window of `area` sets the panels side by side.
pub fn side_by_side(area: Rect) -> bool {
    area.width >= SIDE_WIDTH && area.height >= SIDE_HEIGHT
}

/// Inside a panel's border, with a column of margin each side.
fn content_area(area: Rect) -> Rect {
    Block::default()
        .borders(Borders::ALL)
        .inner(area)
        .inner(Margin::new(1, 0))
}

fn plain(text: String, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(text, theme.text()))
}

fn parse_date(date: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// "1 answer", "3 answers".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
