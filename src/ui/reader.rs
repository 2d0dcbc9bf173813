//! The reader screen: where each pane goes at the current size (table of contents,
//! narrative, side panel docked at 120 columns and more, overlaid below that), the status
//! line, and the overlays (help, jump to section, bookmarks, an in-text check drawn as the
//! quiz draws a question through `ui::answer`, chapter complete). `layout` and `viewport` are pure: the reader's screen sizes the narrative from
//! them before drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Tabs};

use super::theme::Theme;
use super::{answer, centered, key_help, key_help_lines, too_small, wrapped, wrapped_plain};
use crate::app::keys::{ACTIONS, Action, KeyMap};
use crate::app::panes::SideTab;
use crate::app::reader::{CheckState, Focus, Overlay, Reader, Viewport};
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
    lines.extend(super::key_help_lines(&footer, width, t));
    lines
}

/// Which status hints (help, search, go to, quiz, quit) a narrow screen keeps longest:
/// help first (it lists the rest), then quit, quiz, search, go to.
const STATUS_RANKS: [usize; 5] = [0, 3, 4, 2, 1];

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
        let (titles, divider) = tab_titles(usize::from(inner.width));
        let selected = SideTab::ALL.iter().position(|t| *t == r.tab).unwrap_or(0);
        frame.render_widget(
            Tabs::new(titles)
                .select(selected)
                .style(self.theme.dim())
                .highlight_style(self.theme.selected())
                .padding("", "")
                .divider(divider),
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
        let mut left = vec![
            (
                format!(" {} {}{section}", chapter.number, chapter.title),
                t.title(),
            ),
            (format!(" · {}% read", r.percent_read(self.course)), t.dim()),
        ];
        if !r.search.query.is_empty() {
            left.push((
                format!(" · {} /{}", r.search.status(), r.search.query),
                t.dim(),
            ));
        }
        if let Some(message) = &r.message {
            left.push((format!(" · {message}"), t.warn()));
        }
        let names = |action| r.keys.names(action);
        let hints = [
            (names(Action::Help), "help"),
            (names(Action::Search), "search"),
            (names(Action::JumpToSection), "go to"),
            (names(Action::StartQuiz), "quiz"),
            (names(Action::Quit), "quit"),
        ];
        let pairs: Vec<(&str, &str)> = hints.iter().map(|(k, a)| (k.as_str(), *a)).collect();
        let line = status_line(left, &pairs, &STATUS_RANKS, area.width, t);
        frame.render_widget(Paragraph::new(line), area);
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
            let mark = &self.reader.doc().sections[*i];
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
                let (name, style) = match chapter.section(id) {
                    Some(s) => (format!("{} {}", s.number, s.title), t.text()),
                    None => (
                        format!(
                            "{} (no longer in the course)",
                            crate::content::controls::visible(id)
                        ),
                        t.dim(),
                    ),
                };
                let style = if n == selected {
                    t.selected()
                        .add_modifier(ratatui::style::Modifier::REVERSED)
                } else {
                    style
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
            Line::from(Span::styled(answer::kind_label(&question.kind), t.dim())),
            Line::default(),
        ];
        lines.extend(answer::prompt_lines(question, width, t));
        lines.push(Line::default());
        let above = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let keys = match &check.outcome {
            None => {
                lines.extend(answer::answering_lines(
                    &check.answering,
                    question,
                    width,
                    t,
                ));
                answer::answering_keys(&check.answering.input, "close")
            }
            Some(outcome) => {
                lines.extend(answer::verdict_lines(question, outcome, width, t));
                vec![("Esc", "back to the text")]
            }
        };
        lines.push(Line::default());
        lines.extend(key_help_lines(&keys, usize::from(width), t));
        let height = u16::try_from(lines.len() + 2)
            .unwrap_or(u16::MAX)
            .min(area.height);
        let inner = self.popup(frame, "Check your understanding", area.width, height);
        frame.render_widget(Paragraph::new(lines), inner);
        if check.outcome.is_none() {
            answer::draw_text_fields(frame, &check.answering.input, inner, (above, 0), t);
        }
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

/// The side panel's tab labels and divider for a row of `width`: numbered when there is
/// room, else plain, else with a narrower divider, else the numbers alone; never a label
/// cut short ("Note" at 120 columns).
pub fn tab_titles(width: usize) -> (Vec<String>, &'static str) {
    #[derive(Clone, Copy)]
    enum Form {
        Numbered,
        Plain,
        Number,
    }
    let build = |form: Form| -> Vec<String> {
        SideTab::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| match form {
                Form::Numbered => format!("{} {}", i + 1, t.label()),
                Form::Plain => t.label().to_string(),
                Form::Number => (i + 1).to_string(),
            })
            .collect()
    };
    let fits = |titles: &[String], divider: &str| {
        let labels: usize = titles.iter().map(|t| super::text_width(t)).sum();
        labels + super::text_width(divider) * titles.len().saturating_sub(1) <= width
    };
    [
        (Form::Numbered, " │ "),
        (Form::Plain, " │ "),
        (Form::Plain, "  "),
        (Form::Plain, "│"),
        (Form::Number, " │ "),
    ]
    .into_iter()
    .map(|(form, divider)| (build(form), divider))
    .find(|(titles, divider)| fits(titles, divider))
    .unwrap_or_else(|| (build(Form::Number), "│"))
}

/// A status line: `left` (cut with "…" only to leave room for the first hint), two spaces,
/// then as many whole key hints as fit, dropped by rank.
fn status_line(
    left: Vec<(String, ratatui::style::Style)>,
    pairs: &[(&str, &str)],
    ranks: &[usize],
    width: u16,
    t: &Theme,
) -> Line<'static> {
    let width = usize::from(width);
    let first = ranks
        .iter()
        .position(|r| *r == 0)
        .and_then(|i| pairs.get(i))
        .map_or(0, |p| key_help(&[*p], t).width());
    let mut room = width.saturating_sub(first + 2);
    let mut spans = Vec::new();
    for (text, style) in left {
        if room == 0 {
            break;
        }
        let shown = super::cut(&text, room);
        room = room.saturating_sub(super::text_width(&shown));
        spans.push(Span::styled(shown, style));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    spans.push(Span::raw("  "));
    let hints = super::ranked_help(
        pairs,
        ranks,
        u16::try_from(width.saturating_sub(used + 2)).unwrap_or(0),
        t,
    );
    spans.extend(hints.spans);
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_labels_are_never_cut() {
        for width in 12..=80 {
            let (titles, divider) = tab_titles(width);
            let used: usize = titles
                .iter()
                .map(|t| crate::ui::text_width(t))
                .sum::<usize>()
                + crate::ui::text_width(divider) * (titles.len() - 1);
            assert!(used <= width, "{width}: {titles:?} need {used}");
            for (i, (title, tab)) in titles.iter().zip(SideTab::ALL).enumerate() {
                let number = (i + 1).to_string();
                assert!(
                    title.ends_with(tab.label()) || *title == number,
                    "{width}: '{title}' is a cut label"
                );
            }
        }
        // The docked panel at 120 columns has 34: every label whole ("Note" before).
        assert!(tab_titles(34).0.iter().any(|t| t == "Notes"));
    }

    #[test]
    fn the_status_line_drops_whole_hints_and_keeps_help_longest() {
        let t = Theme::new(crate::ui::theme::ThemeName::Mono);
        let pairs = [
            ("?/F1", "help"),
            ("/", "search"),
            ("o", "go to"),
            ("Q", "quiz"),
            ("q/Esc", "quit"),
        ];
        let whole: Vec<String> = pairs.iter().map(|(k, a)| format!("{k} {a}")).collect();
        let left = || {
            vec![(
                " 1 Introduction · 1.1 Why ML Systems Matter".to_string(),
                t.title(),
            )]
        };
        for width in 12..=140u16 {
            let line = status_line(left(), &pairs, &[0, 3, 4, 2, 1], width, &t);
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            assert!(line.width() <= usize::from(width), "{width}: {text:?}");
            let hints = text.rsplit_once("  ").map_or("", |(_, h)| h);
            for hint in hints.split(" · ").filter(|h| !h.is_empty()) {
                assert!(
                    whole.iter().any(|w| w == hint),
                    "{width}: cut hint {hint:?}"
                );
            }
            if width >= 14 {
                assert!(hints.starts_with("?/F1 help"), "{width}: {text:?}");
            }
        }
        let at_80 = status_line(left(), &pairs, &[0, 3, 4, 2, 1], 80, &t);
        let text: String = at_80.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(
            text.ends_with("?/F1 help · Q quiz · q/Esc quit"),
            "{text:?}"
        );
    }

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
