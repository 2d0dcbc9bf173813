//! The quiz screens: start, question, feedback with the section to reread, and the end
//! screen with the breakdown. The question's answer widget, its hint and the verdict with
//! the explanation are drawn by `ui::answer`, which the reader's in-text check shares.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::answer;
use super::theme::Theme;
use super::{centered, key_help, key_help_lines, owned_lines, too_small, wrapped_plain};
use crate::app::quiz::{Facet, Item, Mode, Phase, Resumable, Score, Session, Tally, best_so_far};
use crate::content::Course;
use crate::render::{self, Role};

pub const MIN_WIDTH: u16 = 40;

pub const MIN_HEIGHT: u16 = 12;

/// Everything the quiz screen shows, borrowed for one frame.
pub struct QuizView<'a> {
    pub session: &'a Session,
    pub course: &'a Course,
    pub theme: &'a Theme,
    /// The rendered section for the "read it again" overlay, when open.
    pub section: Option<&'a [render::Line]>,
}

impl QuizView<'_> {
    pub fn draw(&self, frame: &mut Frame<'_>) {
        if too_small(frame, MIN_WIDTH, MIN_HEIGHT, self.theme) {
            return;
        }
        let area = frame.area();
        let (lines, mut keys) = self.content(area.width.saturating_sub(4));
        let footer_rows = self.footer_rows(&keys, area.width);
        let [body, footer] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(footer_rows)]).areas(area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border())
            .title(Span::styled(
                format!(" {} ", self.session.title),
                self.theme.title(),
            ))
            .title_top(Line::from(Span::styled(self.status(), self.theme.dim())).right_aligned());
        let inner = block.inner(body);
        frame.render_widget(block, body);
        let inner = inner.inner(ratatui::layout::Margin::new(1, 0));
        let height = lines.len();
        let scroll = self.scroll_for(height, inner.height);
        if self.scrolls_by_keys() && height > usize::from(inner.height) {
            keys.insert(0, ("j/k", "scroll"));
        }
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
        if self.session.phase == Phase::Asking {
            self.draw_text_fields(frame, inner, scroll);
        }
        let mut footer_lines = key_help_lines(&keys, usize::from(footer.width), self.theme);
        footer_lines.splice(0..0, self.notes(footer.width));
        frame.render_widget(Paragraph::new(footer_lines), footer);
        if self.session.confirm_quit {
            self.confirm(frame);
        } else if let (Some(offset), Some(lines)) = (self.session.reading, self.section) {
            self.reading(frame, body, lines, offset);
        }
    }

    fn status(&self) -> String {
        let (answered, total) = self.session.progress();
        let score = self.session.score();
        match self.session.phase {
            Phase::Intro => format!(" {total} questions "),
            Phase::Done => format!(" {}/{} ", score.score, score.max),
            _ => format!(
                " {}/{total} · score {} ",
                (answered + usize::from(self.session.phase == Phase::Asking)).min(total),
                score.score
            ),
        }
    }

    /// Keeps the answer widget in view when a question is taller than the screen.
    /// The screen's lines at `width`, and its keys.
    fn content(&self, width: u16) -> (Vec<Line<'static>>, Vec<(&'static str, &'static str)>) {
        match self.session.phase {
            Phase::Intro => (self.intro(width), self.intro_keys()),
            Phase::Asking => (self.question(width), self.asking_keys()),
            Phase::Feedback => (self.feedback(width), self.feedback_keys()),
            Phase::Done => (self.done(width), self.done_keys()),
        }
    }

    /// Feedback and the end screen scroll by keys; a question keeps its answer in view.
    fn scrolls_by_keys(&self) -> bool {
        matches!(self.session.phase, Phase::Feedback | Phase::Done)
            && self.session.reading.is_none()
    }

    /// How many lines the current screen can scroll in a window of `area`.
    pub fn max_scroll(&self, area: Rect) -> usize {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return 0;
        }
        // The frame's border and margins, and the footer, as `draw` lays them out.
        let (lines, keys) = self.content(area.width.saturating_sub(4));
        let footer = self.footer_rows(&keys, area.width);
        let height = usize::from(area.height.saturating_sub(2 + footer));
        lines.len().saturating_sub(height)
    }

    /// The footer's rows at `width`: its keys (and "j/k scroll" where the screen may
    /// scroll) wrapped whole, as the footer is the only list of the quiz's keys.
    fn footer_rows(&self, keys: &[(&'static str, &'static str)], width: u16) -> u16 {
        let mut measured = keys.to_vec();
        if self.scrolls_by_keys() {
            measured.insert(0, ("j/k", "scroll"));
        }
        let rows = key_help_lines(&measured, usize::from(width), self.theme).len();
        let notes = self.notes(width).len();
        u16::try_from(rows.max(1) + notes).unwrap_or(1)
    }

    /// The end screen's lines above its keys: why a key did nothing (`v` with nothing due
    /// yet), and what the background send to the LRS did (`[lrs] auto`), each wrapped to
    /// the width.
    fn notes(&self, width: u16) -> Vec<Line<'static>> {
        if self.session.phase != Phase::Done {
            return Vec::new();
        }
        [&self.session.notice, &self.session.sync_note]
            .into_iter()
            .flatten()
            .flat_map(|note| wrapped_plain(note, self.theme.dim(), width))
            .collect()
    }

    fn scroll_for(&self, content: usize, height: u16) -> u16 {
        let overflow = content.saturating_sub(usize::from(height));
        let scroll = match self.session.phase {
            Phase::Asking => overflow,
            Phase::Feedback | Phase::Done => self.session.scroll().min(overflow),
            Phase::Intro => 0,
        };
        u16::try_from(scroll).unwrap_or(u16::MAX)
    }

    fn intro(&self, width: u16) -> Vec<Line<'static>> {
        let t = self.theme;
        let s = self.session;
        let mut lines = vec![Line::default()];
        let heading = match s.mode {
            Mode::Full => "Ready to test your understanding?",
            Mode::Retry => "The questions you missed last time",
            Mode::Review => "Spaced review: the questions that are due",
        };
        lines.extend(wrapped_plain(heading, t.title(), width));
        lines.push(Line::default());
        lines.extend(wrapped_plain(
            &format!(
                "{} question(s), one at a time, each with a hint and an explanation.",
                s.items.len()
            ),
            t.text(),
            width,
        ));
        lines.push(Line::default());
        if let Some(best) = s.history.best {
            lines.push(score_line("Best score", best, s.history.best_earlier, t));
        }
        if let Some(last) = s.history.last {
            lines.push(score_line("Last score", last, s.history.last_earlier, t));
        }
        if s.history.attempts == 0 && s.mode == Mode::Full {
            lines.push(Line::from(Span::styled("No attempts yet.", t.dim())));
        }
        if let Some(resumable) = &s.history.resumable {
            lines.push(Line::default());
            lines.extend(resume_offer(resumable, t, width));
        }
        lines
    }

    fn intro_keys(&self) -> Vec<(&'static str, &'static str)> {
        let mut keys = vec![("Enter", "start")];
        if self.session.history.resumable.is_some() {
            keys.push(("r", "resume"));
        }
        if self.session.history.missed_last > 0 {
            keys.push(("w", "retry missed"));
        }
        keys.push(("q", "quit"));
        keys
    }

    fn header(&self, item: &Item, width: u16) -> Vec<Line<'static>> {
        let t = self.theme;
        let (answered, total) = self.session.progress();
        let number = (answered + usize::from(self.session.phase == Phase::Asking)).min(total);
        let kind = answer::kind_label(&item.question.kind);
        let mut lines = vec![Line::from(vec![
            Span::styled(format!("Question {number} of {total}"), t.title()),
            Span::styled(format!(" · {kind}"), t.dim()),
        ])];
        if self.session.mode == Mode::Review {
            lines.push(Line::from(Span::styled(
                format!("Chapter {} · {}", item.chapter.number, item.chapter.title),
                t.dim(),
            )));
        }
        lines.push(Line::default());
        lines.extend(answer::prompt_lines(&item.question, width, t));
        lines
    }

    fn question(&self, width: u16) -> Vec<Line<'static>> {
        let Some(item) = self.session.current() else {
            return Vec::new();
        };
        let mut lines = self.header(item, width);
        lines.push(Line::default());
        if let Some(answering) = &self.session.answering {
            lines.extend(answer::answering_lines(
                answering,
                &item.question,
                width,
                self.theme,
            ));
        }
        lines
    }

    /// Places the text areas of typed answers where `input_lines` left room for them.
    fn draw_text_fields(&self, frame: &mut Frame<'_>, inner: Rect, scroll: u16) {
        let (Some(input), Some(item)) = (self.session.input(), self.session.current()) else {
            return;
        };
        let above = u16::try_from(self.header(item, inner.width).len() + 1).unwrap_or(u16::MAX);
        answer::draw_text_fields(frame, input, inner, (above, scroll), self.theme);
    }

    fn asking_keys(&self) -> Vec<(&'static str, &'static str)> {
        self.session
            .input()
            .map(|input| answer::answering_keys(input, "quit"))
            .unwrap_or_default()
    }

    fn feedback(&self, width: u16) -> Vec<Line<'static>> {
        let (Some(item), Some(outcome)) = (self.session.current(), self.session.last_outcome())
        else {
            return Vec::new();
        };
        let t = self.theme;
        let mut lines = self.header(item, width);
        lines.push(Line::default());
        lines.extend(answer::verdict_lines(&item.question, outcome, width, t));
        lines.push(Line::default());
        let section = self.section_title(item);
        lines.extend(wrapped_plain(
            &format!("From {section}: press r to read it again."),
            t.dim(),
            width,
        ));
        if self.session.awaits_own_grade() {
            lines.push(Line::default());
            lines.extend(wrapped_plain(
                "How well did you know it? 1 again · 2 hard · 3 good · 4 easy (hard, good and easy count as right)",
                t.warn(),
                width,
            ));
        } else if self.session.can_self_grade() {
            lines.push(Line::default());
            lines.extend(wrapped_plain(
                "Right in other words? Grade yourself: 1 again · 2 hard · 3 good · 4 easy",
                t.warn(),
                width,
            ));
        }
        lines
    }

    fn section_title(&self, item: &Item) -> String {
        self.course
            .chapter(&item.chapter.slug)
            .and_then(|c| c.section(&item.question.section))
            .map_or_else(
                || item.question.section.clone(),
                |s| format!("section {} {}", s.number, s.title),
            )
    }

    fn feedback_keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.session.reading.is_some() {
            return vec![("j/k", "scroll"), ("Space/b", "page"), ("Esc", "back")];
        }
        if self.session.awaits_own_grade() {
            return vec![
                ("1-4", "grade yourself"),
                ("r", "read the section"),
                ("q", "quit"),
            ];
        }
        let mut keys = vec![
            ("Enter", "next"),
            ("r", "read the section"),
            ("R", "open in reader"),
        ];
        if self.session.can_self_grade() {
            keys.push(("1-4", "grade yourself"));
        }
        keys.push(("q", "quit"));
        keys
    }

    fn done(&self, width: u16) -> Vec<Line<'static>> {
        let t = self.theme;
        let s = self.session;
        let score = s.score();
        let mut lines = vec![
            Line::default(),
            Line::from(Span::styled("Quiz complete", t.title())),
            Line::default(),
        ];
        lines.push(score_line("Score", score, false, t));
        let self_graded = s.self_graded();
        if self_graded > 0 {
            lines.extend(wrapped_plain(
                &format!(
                    "Self-graded: {self_graded} of {} (your own grade: hard, good and easy count as right)",
                    score.max
                ),
                t.dim(),
                width,
            ));
        }
        if let Some(finished) = s.finished_ms {
            let seconds = (finished - s.started_ms).max(0) / 1000;
            lines.push(Line::from(vec![
                Span::styled("Time: ", t.dim()),
                Span::raw(format!("{}m {:02}s", seconds / 60, seconds % 60)),
            ]));
        }
        if let Some(best) = best_so_far(s.history.best, score, s.mode) {
            // A retry's score never replaces the best; a full attempt's does, even on a tie.
            let this_one = s.mode == Mode::Full && best == score;
            let earlier = s.history.best_earlier && !this_one;
            lines.push(score_line("Best so far", best, earlier, t));
        }
        // What to do next comes before the breakdown, which may run past the screen.
        let missed = s.missed().len();
        if missed > 0 {
            lines.push(Line::default());
            lines.extend(wrapped_plain(
                &format!(
                    "{missed} question(s) missed: press w to retry just those now. They come due in review {}.",
                    come_due(s)
                ),
                t.warn(),
                width,
            ));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("By objective", t.title())));
        for row in s.breakdown(Facet::Objective, self.course) {
            let name = self
                .course
                .chapter(&row.chapter)
                .and_then(|c| c.objective(&row.id))
                .map_or_else(|| row.id.clone(), |o| o.text.clone());
            lines.extend(breakdown_lines(&name, &row, width, t));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("By section", t.title())));
        for row in s.breakdown(Facet::Section, self.course) {
            let name = self
                .course
                .chapter(&row.chapter)
                .and_then(|c| c.section(&row.id))
                .map_or_else(
                    || row.id.clone(),
                    |sec| format!("{} {}", sec.number, sec.title),
                );
            lines.extend(breakdown_lines(&name, &row, width, t));
        }
        lines
    }

    fn done_keys(&self) -> Vec<(&'static str, &'static str)> {
        let mut keys = Vec::new();
        if !self.session.missed().is_empty() {
            keys.push(("w", "retry missed"));
        }
        keys.extend([("v", "review due"), ("q", "quit")]);
        keys
    }

    fn confirm(&self, frame: &mut Frame<'_>) {
        let area = centered(frame.area(), 44, 5);
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.warn())
            .title(" Leave the quiz? ");
        let text = vec![
            Line::from("Your typed answer is not submitted yet."),
            key_help(&[("y", "leave"), ("n", "stay")], self.theme),
        ];
        let inner = block.inner(area).inner(ratatui::layout::Margin::new(1, 0));
        frame.render_widget(block, area);
        frame.render_widget(Paragraph::new(text), inner);
    }

    fn reading(&self, frame: &mut Frame<'_>, body: Rect, lines: &[render::Line], offset: usize) {
        let area = body.inner(ratatui::layout::Margin::new(2, 1));
        frame.render_widget(Clear, area);
        let height = usize::from(area.height.saturating_sub(2));
        let max = lines.len().saturating_sub(height);
        let start = offset.min(max);
        let position = (100 * start)
            .checked_div(max)
            .map_or_else(String::new, |percent| format!(" {percent}% "));
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border())
            .title(Span::styled(
                " Read it again (Esc to go back) ",
                self.theme.title(),
            ))
            .title_bottom(Line::from(Span::styled(position, self.theme.dim())).right_aligned());
        let inner = block.inner(area).inner(ratatui::layout::Margin::new(1, 0));
        frame.render_widget(block, area);
        let visible = &lines[start..lines.len().min(start + usize::from(inner.height))];
        frame.render_widget(Paragraph::new(owned_lines(visible, self.theme)), inner);
    }
}

/// When the missed questions come due in review: the scheduler's local times when the
/// runner reported them, else its rule (answers resumed from an earlier run).
fn come_due(session: &Session) -> String {
    let Some((first, last)) = session.missed_come_due() else {
        let minutes = crate::schedule::RELEARN_DELAY_MS / 60_000;
        return format!("{minutes} minutes after each was answered");
    };
    let clock = |t: chrono::NaiveDateTime| t.format("%H:%M").to_string();
    if clock(first) == clock(last) {
        format!("at {}", clock(first))
    } else {
        format!("from {} to {}", clock(first), clock(last))
    }
}

/// How a score made on an earlier version of the quiz is marked.
pub const EARLIER_VERSION: &str = " (earlier version of the quiz)";

/// The offer to go on with an unfinished attempt, saying what changed in the quiz since
/// it was started on an earlier version.
fn resume_offer(resumable: &Resumable, t: &Theme, width: u16) -> Vec<Line<'static>> {
    let count = resumable.answered.len();
    let offer = match resumable.changes {
        None => format!(
            "You have an unfinished attempt with {count} answer(s) saved: press r to resume it."
        ),
        Some(changes) => format!(
            "{} Press r to resume it (new and changed questions are asked), Enter to start afresh.",
            changes.describe()
        ),
    };
    wrapped_plain(&offer, t.warn(), width)
}

/// "Best score: 6/7 (86%)", marked when it was made on an earlier version of the quiz.
fn score_line(label: &str, score: Score, earlier: bool, t: &Theme) -> Line<'static> {
    let percent = (score.fraction() * 100.0).round();
    let marked = if earlier { EARLIER_VERSION } else { "" };
    Line::from(vec![
        Span::styled(format!("{label}{marked}: "), t.dim()),
        Span::styled(
            format!("{}/{} ({percent}%)", score.score, score.max),
            Style::default(),
        ),
    ])
}

/// "  Explain why ...   3/4", the name wrapped under itself when it is long.
fn breakdown_lines(name: &str, row: &Tally, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let (right, total) = (row.right, row.total);
    let count = format!(" {right}/{total}");
    let room = usize::from(width).saturating_sub(count.len() + 2).max(1);
    let style = if right == total {
        t.good()
    } else if right == 0 {
        t.bad()
    } else {
        t.text()
    };
    let wrapped = render::wrap::wrap(
        &[render::Span::new(name, render::Style::of(Role::Body))],
        room,
    );
    wrapped
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let text = line.plain();
            if i > 0 {
                return Line::from(Span::raw(format!("  {text}")));
            }
            let fill = room.saturating_sub(render::wrap::width_of(&text));
            Line::from(vec![
                Span::raw(format!("  {text}{}", " ".repeat(fill))),
                Span::styled(count.clone(), style),
            ])
        })
        .collect()
}
