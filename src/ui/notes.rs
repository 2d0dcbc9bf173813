//! Draws the notes tab: which section the note belongs to, the note in its editor (framed,
//! with a cursor while it is being written), the chapter's bookmarked sections, and the
//! notes and bookmarks kept from sections no longer in the course.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style as TuiStyle;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, HighlightSpacing, List, ListItem, ListState, Padding, Paragraph,
};

use super::fitted_help;
use super::glossary::split_hint;
use super::theme::Theme;
use super::{owned_lines, wrapped_plain};
use crate::app::panes::PaneContext;
use crate::app::panes::notes::{NotesPane, OrphanMark, bookmarked_sections};
use crate::content::controls::visible;
use crate::render::wrap::truncate;
use crate::render::{self, Role, Style};

/// Rows of the parts of the tab, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub header: usize,
    pub editor: usize,
    /// Blank row between the editor and the bookmarks.
    pub gap: usize,
    pub bookmarks: usize,
}

pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    pane: &NotesPane,
    ctx: &PaneContext<'_>,
    theme: &Theme,
    focused: bool,
) {
    let (body, hint_area) = split_hint(area);
    let marks = bookmarked_sections(ctx.chapter, ctx.bookmarks);
    let plan = plan(
        usize::from(body.height),
        marks.len() + orphan_rows(pane.orphans()),
    );
    let [header, editor, bookmarks] = rows(body, &plan);
    frame.render_widget(
        Paragraph::new(header_line(pane, ctx, header.width, theme)),
        header,
    );
    draw_editor(frame, editor, pane, theme, focused);
    draw_bookmarks(frame, bookmarks, pane, &marks, ctx, theme, focused);
    let pairs = hint(pane.is_typing(), !marks.is_empty());
    let hint = fitted_help(&pairs, hint_area.width, theme);
    frame.render_widget(Paragraph::new(hint), hint_area);
}

/// One header row, the bookmarks (their title and one row each, at most half of what is
/// left, dropped when fewer than two rows), and the editor in between.
pub fn plan(height: usize, bookmarks: usize) -> Plan {
    let header = height.min(1);
    let rest = height - header;
    let wanted = 1 + bookmarks.max(1);
    let marks = wanted.min(rest / 2);
    let marks = if marks < 2 { 0 } else { marks };
    let gap = usize::from(marks > 0 && rest - marks > 3);
    Plan {
        header,
        editor: rest - marks - gap,
        gap,
        bookmarks: marks,
    }
}

fn rows(body: Rect, plan: &Plan) -> [Rect; 3] {
    let at = |y: usize, h: usize| {
        Rect::new(
            body.x,
            body.y + u16::try_from(y).unwrap_or(0),
            body.width,
            u16::try_from(h).unwrap_or(0),
        )
    };
    [
        at(0, plan.header),
        at(plan.header, plan.editor),
        at(plan.header + plan.editor + plan.gap, plan.bookmarks),
    ]
}

/// "Note on 1.2 The ML Lifecycle", cut to the width.
fn header_line(
    pane: &NotesPane,
    ctx: &PaneContext<'_>,
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    let id = pane.section();
    if id.is_empty() {
        return Line::styled("Scroll into a section to take notes on it.", theme.dim());
    }
    let name = ctx
        .chapter
        .section(id)
        .map_or_else(|| id.to_string(), |s| format!("{} {}", s.number, s.title));
    let line = render::Line::new(vec![
        render::Span::new("Note on ", Style::of(Role::Title)),
        render::Span::new(name, Style::of(Role::Body).strong()),
    ]);
    owned_lines(&[truncate(&line, usize::from(width))], theme)
        .pop()
        .unwrap_or_default()
}

/// The note: in the text editor while it is being written, else as wrapped text.
fn draw_editor(frame: &mut Frame<'_>, area: Rect, pane: &NotesPane, theme: &Theme, focused: bool) {
    if area.height == 0 || area.width == 0 || pane.section().is_empty() {
        return;
    }
    let editing = pane.is_typing();
    let framed = area.height >= 3 && area.width >= 6;
    let block = framed.then(|| editor_block(editing, focused, theme));
    if !editing {
        let inner = block.as_ref().map_or(area, |b| b.inner(area));
        if let Some(block) = block {
            frame.render_widget(block, area);
        }
        let mut lines = note_lines(pane, inner.width, theme);
        if lines.len() > usize::from(inner.height) {
            lines.truncate(usize::from(inner.height).saturating_sub(1));
            lines.push(Line::styled("… Enter to read and edit it all", theme.dim()));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let mut editor = pane.editor().clone();
    editor.set_style(theme.text());
    editor.set_cursor_line_style(TuiStyle::default());
    if !focused {
        editor.set_cursor_style(TuiStyle::default());
    }
    editor.set_placeholder_style(theme.dim());
    editor.set_placeholder_text("Type your note. Esc saves it.");
    if let Some(block) = block {
        editor.set_block(block);
    }
    frame.render_widget(&editor, area);
}

/// The saved note wrapped to `width`, or how to start one.
fn note_lines(pane: &NotesPane, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let text = pane.text();
    if text.trim().is_empty() {
        return wrapped_plain("No note yet. Press Enter to write one.", theme.dim(), width);
    }
    text.split('\n')
        .flat_map(|line| {
            if line.is_empty() {
                vec![Line::default()]
            } else {
                wrapped_plain(line, theme.text(), width)
            }
        })
        .collect()
}

fn editor_block(editing: bool, focused: bool, theme: &Theme) -> Block<'static> {
    let style = if editing && focused {
        theme.selected()
    } else {
        theme.border()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .padding(Padding::horizontal(1));
    if editing {
        block.title(Span::styled(" editing · Esc saves ", theme.dim()))
    } else {
        block
    }
}

fn draw_bookmarks(
    frame: &mut Frame<'_>,
    area: Rect,
    pane: &NotesPane,
    marks: &[(String, String)],
    ctx: &PaneContext<'_>,
    theme: &Theme,
    focused: bool,
) {
    if area.height == 0 {
        return;
    }
    let orphans = pane.orphans();
    let (area, orphan_area) = split_orphans(area, marks.len(), orphans);
    draw_orphans(frame, orphan_area, orphans, theme);
    let title = Rect::new(area.x, area.y, area.width, 1);
    frame.render_widget(
        Paragraph::new(Line::styled("Bookmarks", theme.title())),
        title,
    );
    let rest = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    if marks.is_empty() {
        let text = Line::styled("None yet: m bookmarks this section.", theme.dim());
        frame.render_widget(Paragraph::new(text), rest);
        return;
    }
    let width = usize::from(area.width).saturating_sub(2);
    let items: Vec<ListItem> = marks
        .iter()
        .map(|(id, label)| ListItem::new(bookmark_item(label, id == ctx.section, width, theme)))
        .collect();
    let highlight = if focused && !pane.is_typing() {
        theme.selected()
    } else {
        theme.text()
    };
    let list = List::new(items)
        .highlight_symbol("▸ ")
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(highlight);
    let selected = pane.selected().min(marks.len() - 1);
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(list, rest, &mut state);
}

/// Rows the kept marks ask for: a title and one row each (none without marks).
fn orphan_rows(orphans: &[OrphanMark]) -> usize {
    if orphans.is_empty() {
        0
    } else {
        1 + orphans.len()
    }
}

/// The bookmarks' rows (their title and at least one row) and, below, what is left for the
/// marks kept from removed sections.
fn split_orphans(area: Rect, marks: usize, orphans: &[OrphanMark]) -> (Rect, Rect) {
    let wanted = if orphans.is_empty() {
        area.height
    } else {
        u16::try_from(1 + marks.max(1)).unwrap_or(u16::MAX)
    };
    let top = area.height.min(wanted);
    let marks_area = Rect::new(area.x, area.y, area.width, top);
    let rest = Rect::new(area.x, area.y + top, area.width, area.height - top);
    (marks_area, rest)
}

/// "From sections no longer in the course", then one row per section: its id, whether it
/// was bookmarked and the note's first line.
fn draw_orphans(frame: &mut Frame<'_>, area: Rect, orphans: &[OrphanMark], theme: &Theme) {
    if area.height == 0 || orphans.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let mut lines = vec![Line::styled(
        "From sections no longer in the course",
        theme.title(),
    )];
    lines.extend(orphans.iter().map(|o| orphan_item(o, width, theme)));
    frame.render_widget(Paragraph::new(lines), area);
}

/// "old-section · bookmark · first line of the note", cut to `width`, controls escaped.
fn orphan_item(orphan: &OrphanMark, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = vec![render::Span::new(
        visible(&orphan.section),
        Style::of(Role::Body),
    )];
    if orphan.bookmarked {
        spans.push(render::Span::new(" · bookmark", Style::of(Role::Dim)));
    }
    if let Some(note) = &orphan.note {
        let first = note.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        spans.push(render::Span::new(" · ", Style::of(Role::Dim)));
        spans.push(render::Span::new(
            visible(first.trim()),
            Style::of(Role::Body),
        ));
    }
    owned_lines(&[truncate(&render::Line::new(spans), width)], theme)
        .pop()
        .unwrap_or_default()
}

/// "1.2 The ML Lifecycle", marked when the reader is in that section, cut to `width`.
fn bookmark_item(label: &str, here: bool, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = vec![render::Span::new(label, Style::of(Role::Body))];
    if here {
        spans.push(render::Span::new(" · you are here", Style::of(Role::Dim)));
    }
    owned_lines(&[truncate(&render::Line::new(spans), width)], theme)
        .pop()
        .unwrap_or_default()
}

fn hint(editing: bool, has_bookmarks: bool) -> Vec<(&'static str, &'static str)> {
    if editing {
        return vec![("Esc", "save and stop"), ("Enter", "new line")];
    }
    let mut pairs = vec![("Enter", "write"), ("m", "bookmark")];
    if has_bookmarks {
        pairs.push(("↑↓ g", "go to"));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_gets_what_the_bookmarks_leave() {
        assert_eq!(
            plan(21, 2),
            Plan {
                header: 1,
                editor: 16,
                gap: 1,
                bookmarks: 3
            }
        );
        assert_eq!(plan(21, 0).bookmarks, 2);
        assert_eq!(plan(21, 40).bookmarks, 10);
        assert_eq!(plan(3, 2).bookmarks, 0);
        assert_eq!(
            plan(0, 2),
            Plan {
                header: 0,
                editor: 0,
                gap: 0,
                bookmarks: 0
            }
        );
        for height in 0..40 {
            let p = plan(height, 5);
            assert_eq!(p.header + p.editor + p.gap + p.bookmarks, height);
        }
    }
}
