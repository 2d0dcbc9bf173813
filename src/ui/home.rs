//! The course home screen: the course title, where to continue, the reviews due, and the
//! roadmap part by part with each chapter's reading progress bar and best quiz score.
//! The page scrolls to keep the selected row (and its part's heading) in view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use super::{cut, fit, more_hint, ranked_help, text_width, too_small, wrapped_plain};
use crate::app::home::{ChapterStatus, Home, HomeData, RoadmapPart, Selection};
use crate::content::Course;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;

const FOOTER: &[(&str, &str)] = &[
    ("↑↓", "move"),
    ("Enter", "open"),
    ("Q", "quiz"),
    ("c", "resume"),
    ("r", "review"),
    ("s", "stats"),
    ("?", "keys"),
    ("q", "quit"),
];

/// Which footer hints a narrow screen keeps longest: the help key (it lists the rest),
/// quit, open and move before the others.
const FOOTER_RANKS: [usize; 8] = [3, 2, 4, 5, 6, 7, 0, 1];

/// The help: every key of the home, each pair kept whole when it wraps (five lines at the
/// smallest width, which is all the room there is at 40x8).
const HELP: &[(&str, &str)] = &[
    ("j/k ↑/↓", "choose a chapter"),
    ("Enter", "read it"),
    ("g/G", "first/last"),
    ("Q", "its quiz"),
    ("c", "continue where you stopped"),
    ("r", "review what is due"),
    ("s", "statistics"),
    ("?", "hide this help"),
    ("q/Esc", "quit"),
];

/// Draws the home screen for `home`, whose data belongs to `course`.
pub fn draw(frame: &mut Frame<'_>, home: &Home, course: &Course, theme: &Theme) {
    if too_small(frame, MIN_WIDTH, MIN_HEIGHT, theme) {
        return;
    }
    let area = frame.area();
    let below = below_lines(home, area.width, area.height, theme);
    // The help lists every key: the footer gives way to it.
    let footer_rows = u16::from(!home.help);
    let [body, extra, footer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::try_from(below.len()).unwrap_or(0)),
        Constraint::Length(footer_rows),
    ])
    .areas(area);
    let inner = Block::default().borders(Borders::ALL).inner(body);
    let inner = inner.inner(Margin::new(1, 0));
    let page = page(home, course, theme, usize::from(inner.width));
    let offset = scroll_offset(
        home.scroll.get(),
        page.focus,
        page.lines.len(),
        usize::from(inner.height),
    );
    home.scroll.set(offset);
    let more = more_hint(offset, page.lines.len(), usize::from(inner.height));
    frame.render_widget(frame_block(home, course, theme, body, more), body);
    let scroll = u16::try_from(offset).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(page.lines).scroll((scroll, 0)), inner);
    frame.render_widget(Paragraph::new(below), extra);
    frame.render_widget(
        Paragraph::new(ranked_help(FOOTER, &FOOTER_RANKS, footer.width, theme)),
        footer,
    );
}

/// The border with the course title, the overall reading progress and a scroll hint.
fn frame_block(
    home: &Home,
    course: &Course,
    theme: &Theme,
    area: Rect,
    more: Option<&'static str>,
) -> Block<'static> {
    let title = format!(" {} ", course.title);
    let summary = summary(&home.data);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title.clone(), theme.title()));
    let room = usize::from(area.width).saturating_sub(4);
    if text_width(&title) + text_width(&summary) < room {
        block = block.title_top(Line::from(Span::styled(summary, theme.dim())).right_aligned());
    }
    if let Some(more) = more {
        block = block.title_bottom(Line::from(Span::styled(more, theme.dim())).right_aligned());
    }
    block
}

/// " 3 of 5 sections read ".
fn summary(data: &HomeData) -> String {
    let read: usize = data.chapters.iter().map(|c| c.sections_read).sum();
    let total: usize = data.chapters.iter().map(|c| c.sections_total).sum();
    format!(" {read} of {total} sections read ")
}

/// The notice or the key help shown above the footer, if any. A notice takes at most a
/// third of the screen; the help takes what it needs (in place of the footer), leaving the
/// roadmap three rows so the selection stays in view, and drops the notice first on a
/// screen too short for both.
fn below_lines(home: &Home, width: u16, height: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut notice = home
        .notice
        .as_ref()
        .map(|n| wrapped_plain(n, theme.warn(), width))
        .unwrap_or_default();
    let help = if home.help {
        super::key_help_lines(HELP, usize::from(width), theme)
    } else {
        Vec::new()
    };
    let room = usize::from(height.saturating_sub(3 + u16::from(!home.help)));
    let notice_room = usize::from(height / 3).min(room.saturating_sub(help.len()));
    notice.truncate(notice_room);
    notice.extend(help);
    notice.truncate(room);
    notice
}

/// The scrollable page: its lines and what must stay in view.
struct Page {
    lines: Vec<Line<'static>>,
    /// (first line to keep in view, the selected line).
    focus: Option<(usize, usize)>,
}

impl Page {
    fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    fn next_line(&self) -> usize {
        self.lines.len()
    }
}

fn page(home: &Home, course: &Course, theme: &Theme, width: usize) -> Page {
    let mut page = Page {
        lines: Vec::new(),
        focus: None,
    };
    let selected = home.selection();
    top_lines(&mut page, home, course, theme, width);
    page.push(Line::default());
    if home.data.roadmap.is_empty() {
        page.push(Line::from(Span::styled(
            "This course has no chapters yet.",
            theme.dim(),
        )));
    }
    let columns = Columns::for_width(width);
    for part in &home.data.roadmap {
        let heading = page.next_line();
        part_heading(&mut page, part, course, theme, width);
        if part.chapters.is_empty() {
            let indent = " ".repeat(6.min(width));
            page.push(Line::from(Span::styled(
                format!("{indent}no chapters yet"),
                theme.dim(),
            )));
        }
        for (i, &index) in part.chapters.iter().enumerate() {
            let is_selected = selected == Some(Selection::Chapter(index));
            if is_selected {
                let top = if i == 0 { heading } else { page.next_line() };
                page.focus = Some((top, page.next_line()));
            }
            let row = ChapterRow {
                number: course.chapters.get(index).map_or(0, |c| c.number),
                title: course.chapters.get(index).map_or("", |c| c.title.as_str()),
                status: home.data.chapters.get(index),
                selected: is_selected,
            };
            page.push(row.line(&columns, theme));
        }
        page.push(Line::default());
    }
    page
}

/// The "Continue" (or "Start with") line and the reviews line.
fn top_lines(page: &mut Page, home: &Home, course: &Course, theme: &Theme, width: usize) {
    let data = &home.data;
    if data.course_complete() {
        let text = format!(
            "  ★ Course complete: all {} chapters read, every quiz passed.",
            data.chapters.len()
        );
        page.push(Line::from(Span::styled(fit(&text, width), theme.title())));
    }
    if let Some(resume) = &data.resume {
        let selected = home.selection() == Some(Selection::Continue);
        if selected {
            page.focus = Some((0, page.next_line()));
        }
        let chapter = course.chapters.get(resume.chapter);
        let place = match (&resume.section, chapter) {
            (Some(section), Some(c)) => format!("Chapter {} · {}", c.number, section.label),
            (None, Some(c)) => format!("Chapter {} · {}", c.number, c.title),
            (_, None) => "where you left off".to_string(),
        };
        page.push(continue_line(&place, selected, theme, width));
    } else if let Some(first) = data
        .chapter_order()
        .next()
        .and_then(|i| course.chapters.get(i))
    {
        let text = format!(
            "New here? Start with Chapter {} · {}: select it and press Enter.",
            first.number, first.title
        );
        page.push(Line::from(Span::styled(
            fit(&format!("  {text}"), width),
            theme.text(),
        )));
    }
    page.push(reviews_line(data.due_reviews, theme, width));
}

fn continue_line(place: &str, selected: bool, theme: &Theme, width: usize) -> Line<'static> {
    let marker = if selected { "▸ " } else { "  " };
    let keys = " (Enter/c)";
    let room = width.saturating_sub(text_width(marker) + text_width(keys));
    let style = if selected {
        theme.selected()
    } else {
        theme.text()
    };
    let text = cut(&format!("Continue: {place}"), room);
    let rest = width.saturating_sub(text_width(marker) + text_width(&text));
    Line::from(vec![
        Span::styled(marker, theme.selected()),
        Span::styled(text, style),
        Span::styled(cut(keys, rest), theme.key()),
    ])
}

fn reviews_line(due: usize, theme: &Theme, width: usize) -> Line<'static> {
    if due == 0 {
        return Line::from(Span::styled(fit("  No reviews due", width), theme.dim()));
    }
    let text = if due == 1 {
        "  1 review due".to_string()
    } else {
        format!("  {due} reviews due")
    };
    let shown = cut(&text, width.saturating_sub(4));
    let rest = width.saturating_sub(text_width(&shown));
    Line::from(vec![
        Span::styled(shown, theme.warn()),
        Span::styled(cut(" (r)", rest), theme.key()),
    ])
}

/// "Part I · Foundations" and its core question, wrapped.
fn part_heading(page: &mut Page, part: &RoadmapPart, course: &Course, theme: &Theme, width: usize) {
    let info = part.part.and_then(|i| course.parts.get(i));
    let title = info.map_or_else(
        || "Other chapters".to_string(),
        |p| format!("Part {} · {}", p.number, p.title),
    );
    page.push(Line::from(Span::styled(cut(&title, width), theme.title())));
    if let Some(p) = info.filter(|p| !p.question.is_empty()) {
        let width = u16::try_from(width).unwrap_or(u16::MAX);
        page.lines
            .extend(wrapped_plain(&p.question, theme.dim(), width));
    }
}

/// How wide each part of a chapter row is at a given width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    title: usize,
    /// Cells of the progress bar (0: no bar).
    bar: usize,
    /// Width of the score text (0: no score).
    score: usize,
    /// Whether the score names the number of attempts too.
    wide: bool,
}

/// Marker ("▸ ") and number ("12  ").
const LEAD: usize = 6;
/// "12/14" after the bar.
const COUNT: usize = 5;
const GAP: usize = 2;

impl Columns {
    fn for_width(width: usize) -> Self {
        let wide = width >= 90;
        let score = if wide { 18 } else { 9 };
        let bar = if width >= 100 { 20 } else { 10 };
        let with_bar = LEAD + GAP + bar + 1 + COUNT + GAP + score;
        if width >= with_bar + 12 {
            return Self {
                title: width - with_bar,
                bar,
                score,
                wide,
            };
        }
        let with_score = LEAD + GAP + COUNT + GAP + score;
        if width >= with_score + 10 {
            return Self {
                title: width - with_score,
                bar: 0,
                score,
                wide,
            };
        }
        Self {
            title: width.saturating_sub(LEAD + GAP + COUNT),
            bar: 0,
            score: 0,
            wide,
        }
    }
}

/// One chapter on the roadmap.
struct ChapterRow<'a> {
    number: u32,
    title: &'a str,
    status: Option<&'a ChapterStatus>,
    selected: bool,
}

impl ChapterRow<'_> {
    fn line(&self, columns: &Columns, theme: &Theme) -> Line<'static> {
        let fallback = ChapterStatus::default();
        let status = self.status.unwrap_or(&fallback);
        let (marker, title_style) = if self.selected {
            ("▸ ", theme.selected())
        } else {
            ("  ", theme.text())
        };
        let mut spans = vec![
            Span::styled(marker, theme.selected()),
            Span::styled(format!("{:>2}  ", self.number), title_style),
            Span::styled(fit(self.title, columns.title), title_style),
            Span::raw(" ".repeat(GAP)),
        ];
        if columns.bar > 0 {
            spans.extend(bar(status, columns.bar, theme));
            spans.push(Span::raw(" "));
        }
        let count = format!("{}/{}", status.sections_read, status.sections_total);
        spans.push(Span::styled(format!("{count:>COUNT$}"), theme.text()));
        if columns.score > 0 {
            spans.push(Span::raw(" ".repeat(GAP)));
            let (text, style) = score(status, columns.wide, theme);
            spans.push(Span::styled(fit(&text, columns.score), style));
        }
        Line::from(spans)
    }
}

/// `██████░░░░`: the share of sections read; any progress shows, only all shows full.
fn bar(status: &ChapterStatus, cells: usize, theme: &Theme) -> [Span<'static>; 2] {
    let filled = filled_cells(status.sections_read, status.sections_total, cells);
    [
        Span::styled("█".repeat(filled), theme.good()),
        Span::styled("░".repeat(cells - filled), theme.dim()),
    ]
}

fn filled_cells(read: usize, total: usize, cells: usize) -> usize {
    if total == 0 || read == 0 {
        return 0;
    }
    if read >= total {
        return cells;
    }
    (read * cells / total).clamp(1, cells.saturating_sub(1))
}

/// The best quiz score, or why there is none.
fn score(status: &ChapterStatus, wide: bool, theme: &Theme) -> (String, Style) {
    if status.questions == 0 {
        return ("no quiz".to_string(), theme.dim());
    }
    let tries = match status.attempts {
        1 => " (1 try)".to_string(),
        n => format!(" ({n} tries)"),
    };
    match (status.best_score, wide) {
        (Some(best), _) => {
            let percent = (best.clamp(0.0, 1.0) * 100.0).round();
            let style = if percent >= 80.0 {
                theme.good()
            } else {
                theme.text()
            };
            let text = if wide {
                format!("best {percent:.0}%{tries}")
            } else {
                format!("quiz {percent:.0}%")
            };
            (text, style)
        }
        (None, true) if status.attempts == 0 => ("quiz not taken".to_string(), theme.dim()),
        (None, true) => (format!("unfinished{tries}"), theme.dim()),
        (None, false) => ("quiz –".to_string(), theme.dim()),
    }
}

/// Keeps `(top, line)` in view, moving the previous offset as little as possible.
fn scroll_offset(
    previous: usize,
    focus: Option<(usize, usize)>,
    total: usize,
    height: usize,
) -> usize {
    let max = total.saturating_sub(height);
    let mut offset = previous.min(max);
    if let Some((top, line)) = focus {
        offset = offset.min(top);
        if height > 0 && line >= offset + height {
            offset = line + 1 - height;
        }
    }
    offset.min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_and_fit_respect_the_width() {
        assert_eq!(cut("Introduction", 5), "Intr…");
        assert_eq!(cut("Intro", 5), "Intro");
        assert_eq!(cut("Intro", 0), "");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(text_width(&fit("日本語テキスト", 5)), 5);
    }

    #[test]
    fn the_bar_shows_any_progress_and_only_all_as_full() {
        assert_eq!(filled_cells(0, 5, 10), 0);
        assert_eq!(filled_cells(1, 50, 10), 1);
        assert_eq!(filled_cells(3, 5, 10), 6);
        assert_eq!(filled_cells(49, 50, 10), 9);
        assert_eq!(filled_cells(5, 5, 10), 10);
        assert_eq!(filled_cells(0, 0, 10), 0);
    }

    #[test]
    fn scrolling_moves_only_to_keep_the_focus_in_view() {
        assert_eq!(scroll_offset(0, Some((0, 1)), 50, 10), 0);
        assert_eq!(scroll_offset(0, Some((12, 14)), 50, 10), 5);
        assert_eq!(scroll_offset(5, Some((8, 8)), 50, 10), 5, "in view: stays");
        assert_eq!(
            scroll_offset(5, Some((2, 4)), 50, 10),
            2,
            "heading above: back up"
        );
        assert_eq!(scroll_offset(40, None, 50, 10), 40);
        assert_eq!(scroll_offset(45, None, 50, 10), 40, "never past the end");
        assert_eq!(scroll_offset(3, Some((1, 30)), 50, 10), 21, "the line wins");
        assert_eq!(scroll_offset(3, Some((1, 2)), 50, 0), 1);
    }

    #[test]
    fn columns_shrink_with_the_width() {
        let narrow = Columns::for_width(36);
        assert_eq!((narrow.bar, narrow.score), (0, 9));
        let normal = Columns::for_width(76);
        assert_eq!((normal.bar, normal.score, normal.title), (10, 9, 41));
        let tiny = Columns::for_width(20);
        assert_eq!((tiny.bar, tiny.score), (0, 0));
        assert_eq!(Columns::for_width(0).title, 0);
    }
}
