//! The chapter reader as a pure state machine: the narrative's scroll position and cursor,
//! which insights are open, which sections have been read, focus and the side panel, and
//! the overlays (help, jump, search, check, chapter complete). Keys come in with the
//! course; effects (mark read, save position, record a check answer) go out.

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent};

use super::keys::{Action, KeyMap, is_ctrl_c};
use super::panes::diagram::DiagramPane;
use super::panes::glossary::GlossaryPane;
use super::panes::notes::{NotesPane, OrphanMark};
use super::panes::tables::TablesPane;
use super::panes::{PaneContext, PaneOutcome, SideTab};
use super::quiz::{Answering, ChapterRef, Item, Outcome, Score, Shuffle, items_for};
use super::search::Search;
use super::seen::Seen;
use super::words::Lowered;
use crate::content::{Chapter, Course};
use crate::render::chapter::{Rendered, render_chapter_with};
use crate::render::{Insights, Mark, RenderOptions};

/// Which pane takes keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Toc,
    Narrative,
    Side,
}

/// An in-text check being answered in place, through the quiz's own answer step.
#[derive(Debug, Clone)]
pub struct CheckState {
    pub item: Item,
    pub answering: Answering,
    pub outcome: Option<Outcome>,
}

/// What covers the reader, if anything.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The key list, scrolled `top` lines down (it is longer than a small screen).
    Help {
        top: usize,
    },
    /// Jump to a section by typing part of its name.
    Jump {
        query: String,
        selected: usize,
    },
    Bookmarks {
        selected: usize,
    },
    Check(Box<CheckState>),
    /// Every section read and the quiz passed.
    Complete,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    MarkRead(String),
    SavePosition {
        section: String,
        line: usize,
    },
    SaveNote {
        section: String,
        text: String,
    },
    AddBookmark(String),
    RemoveBookmark(String),
    /// Remember an explorable's input positions.
    SaveFigure {
        figure: String,
        positions: Vec<usize>,
    },
    /// Record an in-text check's answer like a quiz answer.
    RecordCheck(Outcome),
    StartQuiz,
    /// Open chapter `.0` (an index into the course) in the reader.
    OpenChapter(usize),
    Quit,
}

/// Where the reader starts: a section and a line offset within it.
#[derive(Debug, Clone, Default)]
pub struct Start {
    pub section: Option<String>,
    pub line: usize,
    pub read: Vec<String>,
    pub bookmarks: Vec<String>,
    pub best: Option<Score>,
    /// Saved input positions of the chapter's explorables, by figure id.
    pub figures: Vec<(String, Vec<usize>)>,
    /// Notes and bookmarks on sections the chapter no longer has.
    pub orphans: Vec<OrphanMark>,
}

/// What the reader must know of the window it is drawn in, as the view lays it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    /// The narrative's text width and height.
    pub width: usize,
    pub height: usize,
    /// Whether the side panel sits beside the text.
    pub docked: bool,
    /// How far the help overlay can scroll: its lines less the rows it has on screen.
    pub help_max_top: usize,
}

/// The share of the quiz that passes a chapter.
pub const PASS: f64 = 0.7;

#[derive(Debug, Clone)]
pub struct Reader {
    pub chapter: usize,
    /// The chapter laid out at `opts`; `top` and `cursor` always lie within it and the
    /// narrative's `height` (kept so by `clamp`, after every move, fit and relayout).
    doc: Rendered,
    opts: RenderOptions,
    height: usize,
    top: usize,
    cursor: usize,
    pub open_insights: Vec<usize>,
    pub read: BTreeSet<String>,
    pub bookmarks: Vec<String>,
    pub best: Option<Score>,
    pub focus: Focus,
    pub tab: SideTab,
    pub side_open: bool,
    /// The side panel sits beside the text (wide screens) rather than over it: set by
    /// `fit`, from the view's layout.
    docked: bool,
    /// How far the help overlay can scroll at the current size: set by `fit`.
    help_max_top: usize,
    pub toc_selected: usize,
    pub overlay: Option<Overlay>,
    pub search: Search,
    pub glossary: GlossaryPane,
    pub tables: TablesPane,
    pub diagram: DiagramPane,
    pub notes: NotesPane,
    pub keys: KeyMap,
    pub message: Option<String>,
    complete_shown: bool,
    /// The lines on screen so far at the current layout: what makes a section read.
    seen: Seen,
    /// When the key being handled came (ms since the epoch, from `update_at`): the in-text
    /// check records how long its answer took.
    now_ms: i64,
}

impl Reader {
    /// Opens chapter number `chapter` (an index into the course) at `start`, with a
    /// narrative of `width` x `height`.
    pub fn new(
        course: &Course,
        chapter: usize,
        start: Start,
        width: usize,
        height: usize,
        keys: KeyMap,
    ) -> Self {
        let opts = RenderOptions {
            width: width.max(1),
            ascii: false,
        };
        let doc = render(course, chapter, &opts, &[]);
        let mut reader = Self {
            chapter,
            doc,
            opts,
            height: height.max(1),
            top: 0,
            cursor: 0,
            open_insights: Vec::new(),
            read: start.read.into_iter().collect(),
            bookmarks: start.bookmarks,
            best: start.best,
            focus: Focus::Narrative,
            tab: SideTab::Glossary,
            side_open: false,
            docked: false,
            help_max_top: 0,
            toc_selected: 0,
            overlay: None,
            search: Search::default(),
            glossary: GlossaryPane::new(),
            tables: TablesPane::new(),
            diagram: DiagramPane::with_settings(start.figures),
            notes: NotesPane::with_orphans(start.orphans),
            keys,
            message: None,
            complete_shown: false,
            now_ms: 0,
            seen: Seen::default(),
        };
        if let Some(section) = &start.section {
            reader.show_section(section, start.line);
        }
        reader.note_shown();
        reader
    }

    pub fn chapter<'c>(&self, course: &'c Course) -> &'c Chapter {
        &course.chapters[self.chapter]
    }

    /// The chapter as laid out at the narrative's width.
    pub fn doc(&self) -> &Rendered {
        &self.doc
    }

    /// The first line on screen.
    pub fn top(&self) -> usize {
        self.top
    }

    /// The line the cursor is on.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The narrative's height in lines.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Whether `key` may need more of the course than the open chapter: the next or
    /// previous chapter, the terms on a line (defined anywhere in the course), the
    /// glossary's whole-course list. The reader opens on one chapter loaded alone
    /// (`content::on_demand`) and the screen loads the rest before such a key; a key
    /// that turns out not to need it (a `w` typed into a filter) only loads it early.
    pub fn reaches_beyond_chapter(&self, key: &KeyEvent) -> bool {
        if self.overlay.is_some() || self.search.editing {
            return false;
        }
        let glossary_focused = self.focus == Focus::Side && self.tab == SideTab::Glossary;
        matches!(
            self.keys.action(key),
            Some(Action::NextChapter | Action::PrevChapter | Action::LookUpTerms)
        ) || (glossary_focused && key.code == KeyCode::Char('w'))
    }

    /// The same chapter in a larger copy of the course, where it has index `chapter`.
    pub fn move_to_course(&mut self, chapter: usize) {
        self.chapter = chapter;
    }

    /// Every section read and the quiz passed.
    pub fn is_complete(&self, course: &Course) -> bool {
        let chapter = self.chapter(course);
        let all_read = chapter.sections.iter().all(|s| self.read.contains(&s.id));
        let passed = self
            .best
            .is_some_and(|b| b.max > 0 && f64::from(b.score) / f64::from(b.max) >= PASS);
        all_read && passed
    }

    /// Whether letters typed now are text (search, a filter, a note, an answer).
    pub fn is_typing(&self) -> bool {
        match &self.overlay {
            Some(Overlay::Jump { .. }) => true,
            Some(Overlay::Check(check)) => check.outcome.is_none() && check.answering.is_typing(),
            Some(_) => false,
            None => self.search.editing || (self.focus == Focus::Side && self.side_pane_typing()),
        }
    }

    fn side_pane_typing(&self) -> bool {
        match self.tab {
            SideTab::Glossary => self.glossary.is_typing(),
            SideTab::Notes => self.notes.is_typing(),
            _ => false,
        }
    }

    /// `update` for a key that came at `now_ms` (ms since the epoch).
    pub fn update_at(&mut self, course: &Course, key: KeyEvent, now_ms: i64) -> Vec<Effect> {
        self.now_ms = now_ms;
        self.update(course, key)
    }

    pub fn update(&mut self, course: &Course, key: KeyEvent) -> Vec<Effect> {
        self.message = None;
        if is_ctrl_c(&key) {
            return self.quit();
        }
        let mut effects = if let Some(overlay) = self.overlay.take() {
            self.overlay_key(overlay, key)
        } else if self.search.editing {
            self.search.edit(key, &self.doc);
            self.follow_match();
            Vec::new()
        } else if self.focus == Focus::Side && self.side_open_or_docked() {
            self.side_key(course, key)
        } else {
            self.command_key(course, key)
        };
        if !matches!(effects.last(), Some(Effect::Quit)) {
            effects.extend(self.mark_visible_read(course));
        }
        effects
    }

    /// Whether the side panel can have focus (docked on wide screens, or opened).
    pub fn side_open_or_docked(&self) -> bool {
        self.side_open || self.docked
    }

    fn command_key(&mut self, course: &Course, key: KeyEvent) -> Vec<Effect> {
        let Some(action) = self.keys.action(&key) else {
            return Vec::new();
        };
        if self.focus == Focus::Toc
            && let Some(effects) = self.toc_action(action)
        {
            return effects;
        }
        self.action(course, action)
    }

    fn page(&self) -> usize {
        self.height.saturating_sub(2).max(1)
    }

    fn action(&mut self, course: &Course, action: Action) -> Vec<Effect> {
        match action {
            Action::ScrollDown => self.move_cursor(true, 1),
            Action::ScrollUp => self.move_cursor(false, 1),
            Action::PageDown => self.scroll(true, self.page()),
            Action::PageUp => self.scroll(false, self.page()),
            Action::HalfPageDown => self.scroll(true, self.height / 2),
            Action::HalfPageUp => self.scroll(false, self.height / 2),
            Action::Top => self.show_line(0),
            Action::Bottom => {
                self.top = self.max_top();
                self.cursor = self.doc.lines.len().saturating_sub(1);
                self.clamp();
            }
            Action::NextSection => self.step_section(true),
            Action::PrevSection => self.step_section(false),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::Search => self.search.start(),
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::JumpToSection => {
                self.overlay = Some(Overlay::Jump {
                    query: String::new(),
                    selected: 0,
                });
            }
            Action::Activate => return self.activate(course),
            Action::ToggleSide => {
                self.side_open = !self.side_open;
                if !self.side_open && self.focus == Focus::Side {
                    self.focus = Focus::Narrative;
                }
            }
            Action::Glossary => self.open_tab(SideTab::Glossary),
            Action::Tables => self.open_tab(SideTab::Tables),
            Action::Diagram => self.open_tab(SideTab::Diagram),
            Action::Notes => self.open_tab(SideTab::Notes),
            Action::LookUpTerms => self.look_up(course),
            Action::Bookmark => {
                return vec![self.toggle_bookmark(self.current_section().to_string())];
            }
            Action::Bookmarks => self.overlay = Some(Overlay::Bookmarks { selected: 0 }),
            Action::StartQuiz => return self.leave(Effect::StartQuiz),
            Action::NextChapter => return self.switch_chapter(course, true),
            Action::PrevChapter => return self.switch_chapter(course, false),
            Action::Help => self.overlay = Some(Overlay::Help { top: 0 }),
            Action::Quit => return self.quit(),
        }
        Vec::new()
    }

    fn toc_action(&mut self, action: Action) -> Option<Vec<Effect>> {
        let count = self.doc.sections.len();
        match action {
            Action::ScrollDown => {
                self.toc_selected = (self.toc_selected + 1).min(count.saturating_sub(1))
            }
            Action::ScrollUp => self.toc_selected = self.toc_selected.saturating_sub(1),
            Action::Activate => {
                if let Some(id) = self
                    .doc
                    .sections
                    .get(self.toc_selected)
                    .map(|s| s.id.clone())
                {
                    self.show_section(&id, 0);
                    self.focus = Focus::Narrative;
                }
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    fn toggle_bookmark(&mut self, section: String) -> Effect {
        if let Some(i) = self.bookmarks.iter().position(|b| *b == section) {
            self.bookmarks.remove(i);
            self.message = Some("bookmark removed".to_string());
            Effect::RemoveBookmark(section)
        } else {
            self.bookmarks.push(section.clone());
            self.message = Some("section bookmarked ( ' lists bookmarks )".to_string());
            Effect::AddBookmark(section)
        }
    }

    fn open_tab(&mut self, tab: SideTab) {
        self.tab = tab;
        self.side_open = true;
        self.focus = Focus::Side;
    }

    fn cycle_focus(&mut self, forward: bool) {
        let order: Vec<Focus> = if self.side_open_or_docked() {
            vec![Focus::Toc, Focus::Narrative, Focus::Side]
        } else {
            vec![Focus::Toc, Focus::Narrative]
        };
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(1);
        let n = order.len();
        self.focus = order[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        if self.focus == Focus::Toc {
            let section = self.current_section().to_string();
            self.toc_selected = self
                .doc
                .sections
                .iter()
                .position(|s| s.id == section)
                .unwrap_or(0);
        }
    }

    fn step_section(&mut self, forward: bool) {
        let here = self.top;
        let target = if forward {
            self.doc.sections.iter().find(|s| s.line > here)
        } else {
            self.doc.sections.iter().rev().find(|s| s.line < here)
        };
        match target {
            Some(mark) => {
                let line = mark.line;
                self.show_line(line);
            }
            None if !forward => self.show_line(0),
            None => {}
        }
    }

    fn step_match(&mut self, forward: bool) {
        if self.search.step(forward, self.cursor) {
            self.follow_match();
        } else if !self.search.query.is_empty() {
            self.message = Some(format!("no match for '{}'", self.search.query));
        }
    }

    /// Brings the current search match on screen.
    fn follow_match(&mut self) {
        if let Some(line) = self.search.current_line() {
            if line < self.top || line >= self.top + self.height {
                self.top = line.saturating_sub(self.height / 3);
                self.clamp();
            }
            self.cursor = line;
        }
    }

    /// The mark (insight, check, table, figure) nearest the cursor: its line or the
    /// first marked line on screen below it.
    fn mark_at_cursor(&self) -> Option<Mark> {
        let end = (self.top + self.height).min(self.doc.lines.len());
        let from = self.cursor.min(end);
        let box_start = (self.top..=from)
            .rev()
            .find(|i| self.doc.lines.get(*i).is_some_and(|l| l.mark.is_some()));
        let candidates = box_start.into_iter().chain(from..end);
        candidates
            .filter_map(|i| self.doc.lines.get(i).and_then(|l| l.mark.clone()))
            .next()
    }

    fn activate(&mut self, course: &Course) -> Vec<Effect> {
        match self.mark_at_cursor() {
            Some(Mark::Insight(n)) => {
                if let Some(i) = self.open_insights.iter().position(|x| *x == n) {
                    self.open_insights.remove(i);
                } else {
                    self.open_insights.push(n);
                }
                self.relayout(course);
            }
            Some(Mark::Check(id)) => self.open_check(course, &id),
            Some(Mark::Table(number)) => {
                self.open_tab(SideTab::Tables);
                let chapter = &course.chapters[self.chapter];
                self.tables.select(&number, chapter);
            }
            Some(Mark::Figure(number)) => {
                self.open_tab(SideTab::Diagram);
                let chapter = &course.chapters[self.chapter];
                self.diagram.select(&number, chapter);
            }
            None => self.scroll(true, self.page()),
        }
        Vec::new()
    }

    fn open_check(&mut self, course: &Course, id: &str) {
        let chapter = self.chapter(course);
        let Some(question) = chapter.quiz.as_ref().and_then(|q| q.question(id)) else {
            return;
        };
        let reference = ChapterRef::of(chapter);
        let seed = crate::content::quiz::stable_hash(id);
        let item = items_for(
            &[(question, reference)],
            Shuffle {
                enabled: true,
                seed,
            },
        )
        .into_iter()
        .next();
        if let Some(item) = item {
            let answering = Answering::new(&item, self.now_ms);
            self.overlay = Some(Overlay::Check(Box::new(CheckState {
                item,
                answering,
                outcome: None,
            })));
        }
    }

    fn look_up(&mut self, course: &Course) {
        let line = self
            .doc
            .lines
            .get(self.cursor)
            .map(crate::render::Line::plain)
            .unwrap_or_default();
        let terms = terms_in(course, self.chapter(course), &line);
        if terms.is_empty() {
            self.message = Some("no glossary term on this line".to_string());
            return;
        }
        self.glossary.look_up(&terms);
        self.open_tab(SideTab::Glossary);
    }

    pub fn pane_context<'a>(&'a self, course: &'a Course) -> PaneContext<'a> {
        PaneContext {
            course,
            chapter: self.chapter(course),
            doc: &self.doc,
            section: self.current_section(),
            bookmarks: &self.bookmarks,
        }
    }

    fn side_key(&mut self, course: &Course, key: KeyEvent) -> Vec<Effect> {
        let section = self.current_section().to_string();
        let ctx = PaneContext {
            course,
            chapter: &course.chapters[self.chapter],
            doc: &self.doc,
            section: &section,
            bookmarks: &self.bookmarks,
        };
        let outcome = match self.tab {
            SideTab::Glossary => self.glossary.key(key, &ctx),
            SideTab::Tables => self.tables.key(key, &ctx),
            SideTab::Diagram => self.diagram.key(key, &ctx),
            SideTab::Notes => self.notes.key(key, &ctx),
        };
        match outcome {
            PaneOutcome::Handled => Vec::new(),
            PaneOutcome::Unused => {
                if key.code == KeyCode::Esc {
                    self.focus = Focus::Narrative;
                    return Vec::new();
                }
                self.command_key(course, key)
            }
            PaneOutcome::JumpToLine(line) => {
                self.show_line(line);
                Vec::new()
            }
            PaneOutcome::JumpToSection(id) => {
                self.show_section(&id, 0);
                Vec::new()
            }
            PaneOutcome::SaveNote { section, text } => vec![Effect::SaveNote { section, text }],
            PaneOutcome::ToggleBookmark(section) => vec![self.toggle_bookmark(section)],
            PaneOutcome::SaveFigure { figure, positions } => {
                vec![Effect::SaveFigure { figure, positions }]
            }
        }
    }

    fn leave(&mut self, last: Effect) -> Vec<Effect> {
        let mut effects = self.closing_effects();
        effects.push(last);
        effects
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.leave(Effect::Quit)
    }

    /// Leaves for the next (or previous) chapter, saving the place here; at either end of
    /// the course says so instead.
    fn switch_chapter(&mut self, course: &Course, forward: bool) -> Vec<Effect> {
        let target = if forward {
            Some(self.chapter + 1).filter(|i| *i < course.chapters.len())
        } else {
            self.chapter.checked_sub(1)
        };
        match target {
            Some(index) => self.leave(Effect::OpenChapter(index)),
            None => {
                self.message = Some(
                    if forward {
                        "This is the last chapter of the course."
                    } else {
                        "This is the first chapter of the course."
                    }
                    .to_string(),
                );
                Vec::new()
            }
        }
    }

    /// What must be saved when the reader closes: the note being edited and the position.
    pub fn closing_effects(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some((section, text)) = self.notes.take_changed() {
            effects.push(Effect::SaveNote { section, text });
        }
        let (section, line) = self.place();
        if !section.is_empty() || line > 0 {
            effects.push(Effect::SavePosition { section, line });
        }
        effects
    }

    /// Percent of the chapter's sections read.
    pub fn percent_read(&self, course: &Course) -> usize {
        let sections = &self.chapter(course).sections;
        if sections.is_empty() {
            return 0;
        }
        100 * sections
            .iter()
            .filter(|s| self.read.contains(&s.id))
            .count()
            / sections.len()
    }
}

fn render(course: &Course, chapter: usize, opts: &RenderOptions, open: &[usize]) -> Rendered {
    render_chapter_with(
        course,
        &course.chapters[chapter],
        opts,
        Insights::Open(open),
    )
}

/// Glossary terms (of the whole course) that occur in a line, case-insensitively.
pub fn terms_in(course: &Course, chapter: &Chapter, line: &str) -> Vec<String> {
    let line = Lowered::new(line);
    let mut found: Vec<String> = Vec::new();
    let entries = course.glossary();
    let own = chapter.glossary();
    for entry in own.iter().chain(entries.iter()) {
        if line.contains_word(entry.term)
            && !found.iter().any(|f| f.eq_ignore_ascii_case(entry.term))
        {
            found.push(entry.term.to_string());
        }
    }
    found
}

#[path = "reader_overlays.rs"]
mod overlays;
#[path = "reader_view.rs"]
mod view;

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
