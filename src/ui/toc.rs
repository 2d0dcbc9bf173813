//! The table of contents: the chapter's sections with read marks and bookmarks, the
//! section being read highlighted, and the chapter's progress bar at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::wrapped_plain;
use crate::app::reader::{Focus, Reader};
use crate::content::Course;

pub fn draw(frame: &mut Frame<'_>, area: Rect, reader: &Reader, course: &Course, theme: &Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let [list, bar] = Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(area);
    let chapter = reader.chapter(course);
    let current = reader.current_section();
    let width = list.width;
    let mut lines = vec![Line::from(Span::styled(
        format!("Chapter {}", chapter.number),
        theme.dim(),
    ))];
    lines.extend(wrapped_plain(&chapter.title, theme.title(), width));
    lines.push(Line::default());
    for (i, mark) in reader.doc().sections.iter().enumerate() {
        let read = if reader.read.contains(&mark.id) {
            "✓"
        } else {
            " "
        };
        let star = if reader.bookmarks.contains(&mark.id) {
            "★"
        } else {
            " "
        };
        let style = if reader.focus == Focus::Toc && i == reader.toc_selected {
            theme
                .selected()
                .add_modifier(ratatui::style::Modifier::REVERSED)
        } else if mark.id == current {
            theme.selected()
        } else {
            theme.text()
        };
        let label = format!("{read}{star}{} {}", mark.number, mark.title);
        let room = usize::from(width);
        let text = crate::render::wrap::truncate(
            &crate::render::Line::text(label, crate::render::Style::of(crate::render::Role::Body)),
            room,
        )
        .plain();
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), list);
    let percent = reader.percent_read(course);
    frame.render_widget(
        Paragraph::new(vec![
            Line::default(),
            progress_bar(percent, bar.width, theme),
        ]),
        bar,
    );
}

/// "█████░░░░░ 50% read", fitted to the width.
pub fn progress_bar(percent: usize, width: u16, theme: &Theme) -> Line<'static> {
    let label = format!(" {percent}% read");
    let cells = usize::from(width).saturating_sub(label.len()).min(20);
    let filled = cells * percent.min(100) / 100;
    Line::from(vec![
        Span::styled("█".repeat(filled), theme.good()),
        Span::styled("░".repeat(cells - filled), theme.dim()),
        Span::styled(label, theme.dim()),
    ])
}
