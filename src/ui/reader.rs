//! The reader screen: where each pane goes at the current size (table of contents,
//! narrative, side panel docked at 120 columns and more, overlaid below that), the status
//! line, and the overlays (help, jump to section, bookmarks, an in-text check, chapter
//! complete). `layout` and `viewport` are pure: the reader's screen sizes the narrative from
//! them before drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Tabs};

use super::theme::Theme;
use super::{centered, key_help, too_small, wrapped, wrapped_plain};
use crate::app::keys::{ACTIONS, Action, KeyMap};
use crate::app::panes::SideTab;
use crate::app::reader::{CheckState, Focus, Overlay, Reader, Viewport};
use crate::content::answer::correct_answer;
use crate::content::markdown::parse_inline;
use crate::content::{Course, Inline};
use crate::render::Role;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width the table of contents and the side panel are docked beside the text.
pub const WIDE: u16 = 120;
const TOC_WIDTH: u16 = 26;
const SIDE_WIDTH: u16 = 40;
/// Text wider than this is hard to read: wide screens get margins instead.
const MAX_TEXT: u16 = 100;

/// Where everything goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub toc: Option<Rect>,
    pub narrative: Rect,
    pub side: Option<Rect>,
    pub status: Rect,
    /// Whether the side panel is beside the text (else it is an overlay).
    pub docked: bool,
}

/// The layout for a terminal of `area`, given what the reader has open.
pub fn layout(area: Rect, side_open: bool, focus: Focus) -> Areas {
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if area.width >= WIDE {
        let side_width = (area.width * 3 / 10).clamp(36, 64);
        let toc_width = (area.width / 6).clamp(TOC_WIDTH, 40);
        let [toc, rest, side] = Layout::horizontal([
            Constraint::Length(toc_width),
            Constraint::Min(1),
            Constraint::Length(side_width),
        ])
        .areas(main);
        return Areas {
            toc: Some(toc.inner(Margin::new(1, 0))),
            narrative: text_column(rest),
            side: Some(side),
            status,
            docked: true,
        };
    }
    let narrative = text_column(main);
    let toc = (focus == Focus::Toc)
        .then(|| Rect::new(main.x, main.y, TOC_WIDTH.min(main.width), main.height));
    let side = side_open.then(|| {
        let width = SIDE_WIDTH.max(main.width / 2).min(main.width);
        Rect::new(main.x + main.width - width, main.y, width, main.height)
    });
    Areas {
        toc,
        narrative,
        side,
        status,
        docked: false,
    }
}

/// The text column: at most `MAX_TEXT` wide, centred, one column of margin.
fn text_column(area: Rect) -> Rect {
    let inner = area.inner(Margin::new(1, 0));
    let width = inner.width.min(MAX_TEXT);
    Rect::new(
        inner.x + (inner.width - width) / 2,
        inner.y,
        width,
        inner.height,
    )
}

/// The width and height the narrative's text gets (without the gutter).
pub fn narrative_size(areas: &Areas) -> (usize, usize) {
    (
        usize::from(
            areas
                .narrative
                .width
                .saturating_sub(super::narrative::GUTTER),
        ),
        usize::from(areas.narrative.height),
    )
}

/// What the reader must know of a window of `area`, laid out for its panel and focus:
/// the narrative's size and whether the panel is docked. Pure: the screen hands it to
/// `Reader::fit`, so drawing never writes state.
pub fn viewport(reader: &Reader, area: Rect) -> Viewport {
    let areas = layout(area, reader.side_open, reader.focus);
    let (width, height) = narrative_size(&areas);
    Viewport {
        width,
        height,
        docked: areas.docked,
        help_max_top: help_max_top(&reader.keys, area),
    }
}

/// The help overlay's width (it is narrower on a narrow screen).
const HELP_WIDTH: u16 = 64;
/// The help's key column: wide enough for "PageDown/Space/f", never wider.
const HELP_KEY_COLUMN: usize = 18;

/// The help's text area inside a window of `area`: the popup less its borders and margin.
fn help_inner(area: Rect, lines: usize) -> Rect {
    let height = u16::try_from(lines + 2).unwrap_or(u16::MAX);
    centered(area, HELP_WIDTH, height).inner(Margin::new(2, 1))
}

/// How far the help can scroll in a window of `area`: every line of it can be brought on
/// screen, at any size.
pub fn help_max_top(keys: &KeyMap, area: Rect) -> usize {
    let width = help_inner(area, 0).width;
    let lines = help_lines(keys, width, &Theme::new(super::theme::ThemeName::Mono)).len();
    lines.saturating_sub(usize::from(help_inner(area, lines).height))
}

/// The help's lines at `width`: each key right-aligned in its column and what it does
/// beside it, wrapped under itself; on a screen too narrow for both, the key on a line of
/// its own and what it does indented below.
pub fn help_lines(keys: &KeyMap, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let names: Vec<String> = ACTIONS.iter().map(|(a, _, _)| keys.names(*a)).collect();
    let column = names
        .iter()
        .map(|n| super::text_width(n))
        .max()
        .unwrap_or(0)
        .min(HELP_KEY_COLUMN);
    let beside = width >= column + 2 + 16;
    let mut lines = Vec::new();
    for (name, (_, _, what)) in names.iter().zip(ACTIONS) {
        let (indent, text_width) = if beside {
            (column + 2, width - column - 2)
        } else {
            lines.push(Line::from(Span::styled(name.clone(), t.key())));
            (2, width.saturating_sub(2))
        };
        let wrapped = wrapped_plain(what, t.text(), u16::try_from(text_width).unwrap_or(1));
        for (i, line) in wrapped.into_iter().enumerate() {
            let lead = if beside && i == 0 {
                Span::styled(format!("{name:>column$}  "), t.key())
            } else {
                Span::raw(" ".repeat(indent))
            };
            let mut spans = vec![lead];
            spans.extend(line.spans);
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::default());
    let footer = [
        ("j/k", "scroll"),
        ("?/Esc/q", "close"),
        ("Esc", "in a pane returns to the text"),
    ];
    lines.extend(wrapped_pairs(&footer, width, t));
    lines
}

/// `key action` pairs over as many lines as `width` needs, never cutting one.
fn wrapped_pairs(pairs: &[(&str, &str)], width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<(&str, &str)> = Vec::new();
    for pair in pairs {
        current.push(*pair);
        if current.len() > 1 && key_help(&current, t).width() > width {
            current.pop();
            lines.push(key_help(&current, t));
            current = vec![*pair];
        }
    }
    if !current.is_empty() {
        lines.push(key_help(&current, t));
    }
    lines
}

/// Everything the reader screen shows, borrowed for one frame.
pub struct ReaderView<'a> {
    pub reader: &'a Reader,
    pub course: &'a Course,
    pub theme: &'a Theme,
    /// Glossary terms to underline in the text.
    pub terms: &'a [String],
}

impl ReaderView<'_> {
    pub fn draw(&self, frame: &mut Frame<'_>) {
        if too_small(frame, MIN_WIDTH, MIN_HEIGHT, self.theme) {
            return;
        }
        let r = self.reader;
        let areas = layout(frame.area(), r.side_open, r.focus);
        super::narrative::draw(frame, areas.narrative, r, self.terms, self.theme);
        if let Some(toc) = areas.toc {
            if !areas.docked {
                frame.render_widget(Clear, toc);
            }
            let block = self.pane_block("Contents", r.focus == Focus::Toc && !areas.docked);
            let inner = if areas.docked { toc } else { block.inner(toc) };
            if !areas.docked {
                frame.render_widget(block, toc);
            }
            super::toc::draw(frame, inner, r, self.course, self.theme);
        }
        if let Some(side) = areas.side {
            self.side(frame, side, areas.docked);
        }
        self.status(frame, areas.status);
        self.overlay(frame);
    }

    fn pane_block(&self, title: &str, focused: bool) -> Block<'static> {
        let style = if focused {
            self.theme.selected()
        } else {
            self.theme.border()
        };
        Block::default()
            .borders(Borders::ALL)
            .border_style(style)
            .title(Span::styled(format!(" {title} "), self.theme.title()))
    }

    fn side(&self, frame: &mut Frame<'_>, area: Rect, docked: bool) {
        let r = self.reader;
        if !docked {
            frame.render_widget(Clear, area);
        }
        let focused = r.focus == Focus::Side;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                self.theme.selected()
            } else {
                self.theme.border()
            });
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 2 {
            return;
        }
        let [tabs, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        let numbered = inner.width >= 50;
        let titles: Vec<String> = SideTab::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if numbered {
                    format!("{} {}", i + 1, t.label())
                } else {
                    t.label().to_string()
                }
            })
            .collect();
        let selected = SideTab::ALL.iter().position(|t| *t == r.tab).unwrap_or(0);
        frame.render_widget(
            Tabs::new(titles)
                .select(selected)
                .style(self.theme.dim())
                .highlight_style(self.theme.selected())
                .padding("", "")
                .divider(" │ "),
            tabs,
        );
        let ctx = r.pane_context(self.course);
        match r.tab {
            SideTab::Glossary => {
                super::glossary::draw(frame, body, &r.glossary, &ctx, self.theme, focused)
            }
            SideTab::Tables => {
                super::tables::draw(frame, body, &r.tables, &ctx, self.theme, focused)
            }
            SideTab::Diagram => {
                super::diagram::draw(frame, body, &r.diagram, &ctx, self.theme, focused)
            }
            SideTab::Notes => super::notes::draw(frame, body, &r.notes, &ctx, self.theme, focused),
        }
    }

    fn status(&self, frame: &mut Frame<'_>, area: Rect) {
        let r = self.reader;
        let t = self.theme;
        let chapter = r.chapter(self.course);
        let mut spans = Vec::new();
        if r.search.editing {
            spans.push(Span::styled("/", t.key()));
            spans.push(Span::raw(r.search.query.clone()));
            spans.push(Span::styled("█", t.dim()));
            spans.push(Span::styled(
                format!("  {}  Enter keep · Esc cancel", r.search.status()),
                t.dim(),
            ));
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            return;
        }
        let section = chapter
            .section(r.current_section())
            .map_or_else(String::new, |s| format!(" · {} {}", s.number, s.title));
        spans.push(Span::styled(
            format!(" {} {}{section}", chapter.number, chapter.title),
            t.title(),
        ));
        spans.push(Span::styled(
            format!(" · {}% read", r.percent_read(self.course)),
            t.dim(),
        ));
        if !r.search.query.is_empty() {
            spans.push(Span::styled(
                format!(" · /{} {}", r.search.query, r.search.status()),
                t.dim(),
            ));
        }
        if let Some(message) = &r.message {
            spans.push(Span::styled(format!(" · {message}"), t.warn()));
        }
        spans.push(Span::raw("  "));
        spans.extend(
            key_help(
                &[
                    (&r.keys.names(Action::Help), "help"),
                    (&r.keys.names(Action::Search), "search"),
                    (&r.keys.names(Action::JumpToSection), "go to"),
                    (&r.keys.names(Action::StartQuiz), "quiz"),
                    (&r.keys.names(Action::Quit), "quit"),
                ],
                t,
            )
            .spans,
        );
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn overlay(&self, frame: &mut Frame<'_>) {
        let Some(overlay) = &self.reader.overlay else {
            return;
        };
        match overlay {
            Overlay::Help { top } => self.help(frame, *top),
            Overlay::Jump { query, selected } => self.jump(frame, query, *selected),
            Overlay::Bookmarks { selected } => self.bookmarks(frame, *selected),
            Overlay::Check(check) => self.check(frame, check),
            Overlay::Complete => self.complete(frame),
        }
    }

    fn popup(&self, frame: &mut Frame<'_>, title: &str, width: u16, height: u16) -> Rect {
        let area = centered(frame.area(), width, height);
        frame.render_widget(Clear, area);
        let block = self.pane_block(title, true);
        let inner = block.inner(area).inner(Margin::new(1, 0));
        frame.render_widget(block, area);
        inner
    }

    fn help(&self, frame: &mut Frame<'_>, top: usize) {
        let area = frame.area();
        let width = help_inner(area, 0).width;
        let lines = help_lines(&self.reader.keys, width, self.theme);
        let total = lines.len();
        let height = u16::try_from(total + 2).unwrap_or(u16::MAX);
        let inner = self.popup(frame, "Keys", HELP_WIDTH, height);
        let rows = usize::from(inner.height);
        let top = top.min(total.saturating_sub(rows));
        if let Some(more) = super::more_hint(top, total, rows) {
            let popup = centered(area, HELP_WIDTH, height);
            let room = usize::from(popup.width).saturating_sub(4);
            let with_keys = format!("{}· j/k scroll · q close ", more.trim_start());
            let more = if super::text_width(&with_keys) <= room {
                format!(" {with_keys}")
            } else {
                more.to_string()
            };
            let hint = Line::from(Span::styled(more, self.theme.dim())).right_aligned();
            let bottom = Rect::new(
                popup.x + 1,
                popup.bottom() - 1,
                popup.width.saturating_sub(2),
                1,
            );
            frame.render_widget(Paragraph::new(hint), bottom);
        }
        let scroll = u16::try_from(top).unwrap_or(u16::MAX);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    }

    fn jump(&self, frame: &mut Frame<'_>, query: &str, selected: usize) {
        let t = self.theme;
        let matches = self.reader.jump_matches(query);
        let mut lines = vec![
            Line::from(vec![
                Span::styled("Go to: ", t.key()),
                Span::raw(query.to_string()),
                Span::styled("█", t.dim()),
            ]),
            Line::default(),
        ];
        for (n, i) in matches.iter().enumerate() {
            let mark = &self.reader.doc.sections[*i];
            let style = if n == selected {
                t.selected()
                    .add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                t.text()
            };
            lines.push(Line::from(Span::styled(
                format!("{} {}", mark.number, mark.title),
                style,
            )));
        }
        if matches.is_empty() {
            lines.push(Line::from(Span::styled("no section matches", t.dim())));
        }
        let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let inner = self.popup(
            frame,
            "Jump to a section (Enter go · Esc cancel)",
            60,
            height,
        );
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn bookmarks(&self, frame: &mut Frame<'_>, selected: usize) {
        let t = self.theme;
        let chapter = self.reader.chapter(self.course);
        let mut lines: Vec<Line<'static>> = self
            .reader
            .bookmarks
            .iter()
            .enumerate()
            .map(|(n, id)| {
                let name = chapter
                    .section(id)
                    .map_or(id.clone(), |s| format!("{} {}", s.number, s.title));
                let style = if n == selected {
                    t.selected()
                        .add_modifier(ratatui::style::Modifier::REVERSED)
                } else {
                    t.text()
                };
                Line::from(Span::styled(format!("★ {name}"), style))
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(
                "No bookmarks yet: press m on a section to add one.",
                t.dim(),
            )));
        }
        let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let inner = self.popup(frame, "Bookmarks (Enter go · Esc close)", 60, height);
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn check(&self, frame: &mut Frame<'_>, check: &CheckState) {
        let t = self.theme;
        let area = centered(frame.area(), 76, frame.area().height.saturating_sub(2));
        let width = area.width.saturating_sub(4).max(1);
        let question = &check.item.question;
        let mut lines = vec![
            Line::from(Span::styled(
                super::quiz::kind_label(&question.kind),
                t.dim(),
            )),
            Line::default(),
        ];
        lines.extend(wrapped(
            &parse_inline(&question.prompt),
            Role::Body,
            width,
            t,
        ));
        lines.push(Line::default());
        match &check.outcome {
            None => {
                lines.extend(super::quiz::input_lines(&check.input, width, t));
                lines.extend(typed_text(&check.input, t));
                if check.hint_shown {
                    lines.push(Line::default());
                    let mut hint = vec![Inline::Text(
                        "Hint: ".into(),
                        crate::content::Emphasis {
                            strong: true,
                            ..Default::default()
                        },
                    )];
                    hint.extend(parse_inline(&question.hint));
                    lines.extend(wrapped(&hint, Role::Hint, width, t));
                }
            }
            Some(outcome) => {
                lines.push(if outcome.correct {
                    Line::from(Span::styled("✔ Right.", t.good()))
                } else {
                    Line::from(Span::styled("✘ Not quite.", t.bad()))
                });
                if !outcome.correct {
                    lines.extend(super::quiz::labelled(
                        "The answer: ",
                        &correct_answer(question),
                        width,
                        t,
                    ));
                }
                lines.push(Line::default());
                lines.extend(wrapped(
                    &parse_inline(&question.explanation),
                    Role::Body,
                    width,
                    t,
                ));
            }
        }
        let keys: &[(&str, &str)] = if check.outcome.is_some() {
            &[("Esc", "back to the text")]
        } else if check.input.is_typing() {
            &[("Enter", "submit"), ("F1", "hint"), ("Esc", "close")]
        } else {
            &[("Enter", "submit"), ("h", "hint"), ("Esc", "close")]
        };
        lines.push(Line::default());
        lines.push(key_help(keys, t));
        let height = u16::try_from(lines.len() + 2)
            .unwrap_or(u16::MAX)
            .min(area.height);
        let inner = self.popup(frame, "Check your understanding", area.width, height);
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn complete(&self, frame: &mut Frame<'_>) {
        let t = self.theme;
        let chapter = self.reader.chapter(self.course);
        let width = 68u16.min(frame.area().width).saturating_sub(4);
        let mut lines = vec![
            Line::from(Span::styled(
                format!("Chapter {} complete", chapter.number),
                t.good(),
            )),
            Line::default(),
        ];
        if let Some(best) = self.reader.best {
            lines.extend(wrapped_plain(
                &format!(
                    "Every section read, and your best quiz score is {}/{}.",
                    best.score, best.max
                ),
                t.text(),
                width,
            ));
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled("Key takeaways", t.title())));
        for (i, takeaway) in chapter.takeaways().iter().enumerate() {
            let mut item = vec![Inline::Text(format!("{}. ", i + 1), Default::default())];
            item.extend(takeaway.iter().cloned());
            lines.extend(wrapped(&item, Role::Body, width, t));
        }
        lines.push(Line::default());
        lines.push(key_help(&[("any key", "continue reading")], t));
        let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let inner = self.popup(frame, "Well done", 68, height);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// What is typed in a check's text fields, shown under their labels.
fn typed_text(input: &crate::app::input::Input, t: &Theme) -> Vec<Line<'static>> {
    use crate::app::input::Input;
    let fields: Vec<(usize, String, bool)> = match input {
        Input::Text(area) | Input::Open(area) => vec![(0, area.lines().join(" "), true)],
        Input::Gaps { fields, focus } => fields
            .iter()
            .enumerate()
            .map(|(i, f)| (i, f.lines().join(" "), i == *focus))
            .collect(),
        _ => return Vec::new(),
    };
    fields
        .into_iter()
        .map(|(i, text, focused)| {
            let cursor = if focused { "█" } else { "" };
            Line::from(vec![
                Span::styled(format!("  answer {}: ", i + 1), t.dim()),
                Span::styled(
                    format!("{text}{cursor}"),
                    if focused { t.selected() } else { t.text() },
                ),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_dock_both_panels_and_narrow_ones_overlay() {
        let wide = layout(Rect::new(0, 0, 160, 40), false, Focus::Narrative);
        assert!(wide.docked && wide.toc.is_some() && wide.side.is_some());
        assert!(wide.narrative.width <= MAX_TEXT);
        let narrow = layout(Rect::new(0, 0, 80, 24), false, Focus::Narrative);
        assert!(!narrow.docked && narrow.toc.is_none() && narrow.side.is_none());
        assert_eq!(narrow.narrative.width, 78);
        let open = layout(Rect::new(0, 0, 100, 30), true, Focus::Toc);
        assert!(open.side.is_some() && open.toc.is_some());
    }
}
