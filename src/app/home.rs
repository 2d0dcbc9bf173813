//! The course home, shown when `mlsys-learn` runs without a command: the roadmap with each
//! chapter's progress, where to continue, and how many reviews are due. This is its state
//! as a pure machine: `update` takes a key and returns `HomeEffect`s (open a chapter,
//! start a quiz, continue, review, show the statistics, quit) for the runner to carry
//! out, so every transition is a plain unit test. `HomeData` is what it shows, gathered by `commands::home`.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent};

use crate::content::Course;

/// How far PageUp/PageDown move the selection, in chapters.
const PAGE: usize = 5;

/// One chapter's progress.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChapterStatus {
    pub sections_read: usize,
    pub sections_total: usize,
    /// Best finished full attempt, as a fraction from 0 to 1.
    pub best_score: Option<f64>,
    /// Quiz attempts started, finished or not.
    pub attempts: usize,
    /// Questions in the chapter's quiz (0: no quiz).
    pub questions: usize,
}

impl ChapterStatus {
    /// Every section read and the quiz (if any) passed.
    pub fn complete(&self) -> bool {
        let read = self.sections_read >= self.sections_total;
        let passed = self.questions == 0
            || self
                .best_score
                .is_some_and(|s| s >= crate::app::reader::PASS);
        read && passed
    }
}

/// A section to name in the "Continue" line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionRef {
    pub id: String,
    /// As shown: "1.3 Embedded ML and TinyML".
    pub label: String,
}

/// Where the student was last: the chapter (index in `course.chapters`) and section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub chapter: usize,
    pub section: Option<SectionRef>,
}

/// One part of the roadmap with its chapters, in the order shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadmapPart {
    /// Index in `course.parts`; `None` gathers chapters whose part is not in the roadmap.
    pub part: Option<usize>,
    /// Indices in `course.chapters`.
    pub chapters: Vec<usize>,
}

/// Everything the home screen shows about the student.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeData {
    /// One per chapter, in the order of `course.chapters`.
    pub chapters: Vec<ChapterStatus>,
    pub roadmap: Vec<RoadmapPart>,
    pub resume: Option<Resume>,
    pub due_reviews: usize,
}

impl HomeData {
    /// A student who has done nothing yet.
    pub fn fresh(course: &Course) -> Self {
        let chapters = course
            .chapters
            .iter()
            .map(|c| ChapterStatus {
                sections_total: c.sections.len(),
                questions: c.question_count(),
                ..ChapterStatus::default()
            })
            .collect();
        Self {
            chapters,
            roadmap: roadmap(course),
            resume: None,
            due_reviews: 0,
        }
    }

    /// Every chapter read to the end and every quiz passed (best score at least
    /// [`crate::app::reader::PASS`]): the moment the home marks.
    pub fn course_complete(&self) -> bool {
        !self.chapters.is_empty() && self.chapters.iter().all(ChapterStatus::complete)
    }

    /// The chapters in the order shown, part by part.
    pub fn chapter_order(&self) -> impl Iterator<Item = usize> + '_ {
        self.roadmap.iter().flat_map(|p| p.chapters.iter().copied())
    }
}

/// The parts in course order, each with its chapters; chapters of unknown parts last.
pub fn roadmap(course: &Course) -> Vec<RoadmapPart> {
    let mut parts: Vec<RoadmapPart> = course
        .parts
        .iter()
        .enumerate()
        .map(|(i, part)| RoadmapPart {
            part: Some(i),
            chapters: chapters_of(course, |c| c == part.id),
        })
        .collect();
    let orphans = chapters_of(course, |c| course.part(c).is_none());
    if !orphans.is_empty() {
        parts.push(RoadmapPart {
            part: None,
            chapters: orphans,
        });
    }
    parts
}

fn chapters_of(course: &Course, belongs: impl Fn(&str) -> bool) -> Vec<usize> {
    course
        .chapters
        .iter()
        .enumerate()
        .filter(|(_, c)| belongs(&c.part))
        .map(|(i, _)| i)
        .collect()
}

/// What the runner should do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeEffect {
    /// Read the chapter with this index in `course.chapters`.
    OpenChapter(usize),
    /// Take the quiz of the chapter with this index.
    Quiz(usize),
    /// Reopen the reader where the student left off (`HomeData::resume`).
    Continue,
    /// Start a spaced review of the due questions.
    Review,
    /// Open the study statistics; going back returns to the home.
    Stats,
    Quit,
}

/// A row the cursor can rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// The "Continue: ..." line.
    Continue,
    /// A chapter, by index in `course.chapters`.
    Chapter(usize),
}

/// The home screen's state.
#[derive(Debug, Clone)]
pub struct Home {
    pub data: HomeData,
    /// Index into `items()`.
    cursor: usize,
    /// Whether the line explaining every key is shown.
    pub help: bool,
    /// A one-off message answering the last key ("No reviews due").
    pub notice: Option<String>,
    /// The first line in view, as last drawn; the drawing keeps the selection in view
    /// and moves it only when the selection would leave it.
    pub scroll: Cell<usize>,
}

impl Home {
    /// Starts on "Continue" when there is something to continue, else on the first chapter.
    pub fn new(data: HomeData) -> Self {
        Self {
            data,
            cursor: 0,
            help: false,
            notice: None,
            scroll: Cell::new(0),
        }
    }

    /// The rows the cursor moves over, top to bottom.
    pub fn items(&self) -> Vec<Selection> {
        let resume = self.data.resume.as_ref().map(|_| Selection::Continue);
        resume
            .into_iter()
            .chain(self.data.chapter_order().map(Selection::Chapter))
            .collect()
    }

    /// The row under the cursor, if there is any row.
    pub fn selection(&self) -> Option<Selection> {
        self.items().get(self.cursor).copied()
    }

    /// The chapter the cursor is on (the one to continue, on the "Continue" line).
    pub fn selected_chapter(&self) -> Option<usize> {
        match self.selection()? {
            Selection::Chapter(index) => Some(index),
            Selection::Continue => self.data.resume.as_ref().map(|r| r.chapter),
        }
    }

    pub fn update(&mut self, key: KeyEvent) -> Vec<HomeEffect> {
        self.notice = None;
        if super::keys::is_ctrl_c(&key) {
            return vec![HomeEffect::Quit];
        }
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.move_by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.move_by(1),
            KeyCode::PageUp => self.move_by(-(PAGE as isize)),
            KeyCode::PageDown => self.move_by(PAGE as isize),
            KeyCode::Home | KeyCode::Char('g') => self.move_to(0),
            KeyCode::End | KeyCode::Char('G') => self.move_to(usize::MAX),
            KeyCode::Enter => return self.open(),
            KeyCode::Char('Q') => return self.quiz(),
            KeyCode::Char('c') => return self.resume(),
            KeyCode::Char('r') => return self.review(),
            KeyCode::Char('s') => return vec![HomeEffect::Stats],
            KeyCode::Char('?') => self.help = !self.help,
            KeyCode::Esc if self.help => self.help = false,
            KeyCode::Char('q') | KeyCode::Esc => return vec![HomeEffect::Quit],
            _ => {}
        }
        Vec::new()
    }

    fn move_by(&mut self, delta: isize) {
        let target = self.cursor.saturating_add_signed(delta);
        self.move_to(target);
    }

    fn move_to(&mut self, target: usize) {
        let last = self.items().len().saturating_sub(1);
        self.cursor = target.min(last);
    }

    fn open(&mut self) -> Vec<HomeEffect> {
        match self.selection() {
            Some(Selection::Continue) => vec![HomeEffect::Continue],
            Some(Selection::Chapter(index)) => vec![HomeEffect::OpenChapter(index)],
            None => Vec::new(),
        }
    }

    fn quiz(&mut self) -> Vec<HomeEffect> {
        let Some(index) = self.selected_chapter() else {
            return Vec::new();
        };
        let has_quiz = self
            .data
            .chapters
            .get(index)
            .is_some_and(|c| c.questions > 0);
        if has_quiz {
            return vec![HomeEffect::Quiz(index)];
        }
        self.notice = Some("This chapter has no quiz yet.".to_string());
        Vec::new()
    }

    fn resume(&mut self) -> Vec<HomeEffect> {
        if self.data.resume.is_some() {
            return vec![HomeEffect::Continue];
        }
        self.notice = Some(
            "Nothing to continue yet: choose a chapter and press Enter to start reading."
                .to_string(),
        );
        Vec::new()
    }

    fn review(&mut self) -> Vec<HomeEffect> {
        if self.data.due_reviews > 0 {
            return vec![HomeEffect::Review];
        }
        self.notice = Some(
            "No reviews due: questions you answer come back here when it is time to review them."
                .to_string(),
        );
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Chapter, Part};
    use crossterm::event::KeyModifiers;

    fn part(id: &str, number: &str) -> Part {
        Part {
            id: id.to_string(),
            number: number.to_string(),
            title: format!("Part {number}"),
            question: format!("What is {id}?"),
        }
    }

    fn chapter(number: u32, part: &str) -> Chapter {
        Chapter {
            number,
            slug: format!("chapter-{number}"),
            title: format!("Chapter {number}"),
            part: part.to_string(),
            part_pos: Default::default(),
            summary: String::new(),
            objectives: Vec::new(),
            intro: Vec::new(),
            sections: Vec::new(),
            path: String::new(),
            quiz: None,
        }
    }

    /// Parts a (chapters 1, 2), b (none), c (chapter 3), and chapter 4 of an unknown part.
    fn course() -> Course {
        Course {
            title: "Test".to_string(),
            description: String::new(),
            parts: vec![part("a", "I"), part("b", "II"), part("c", "III")],
            chapters: vec![
                chapter(1, "a"),
                chapter(2, "a"),
                chapter(3, "c"),
                chapter(4, "zzz"),
            ],
            pass_mark: None,
            folder: None,
        }
    }

    fn data() -> HomeData {
        let mut data = HomeData::fresh(&course());
        for status in &mut data.chapters {
            status.questions = 5;
        }
        data.chapters[1].questions = 0;
        data
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ch(c: char) -> KeyEvent {
        key(KeyCode::Char(c))
    }

    fn with_resume(chapter: usize) -> Home {
        let mut data = data();
        data.resume = Some(Resume {
            chapter,
            section: None,
        });
        Home::new(data)
    }

    #[test]
    fn the_roadmap_keeps_part_order_and_empty_parts() {
        let roadmap = roadmap(&course());
        let shape: Vec<(Option<usize>, Vec<usize>)> =
            roadmap.into_iter().map(|p| (p.part, p.chapters)).collect();
        assert_eq!(
            shape,
            vec![
                (Some(0), vec![0, 1]),
                (Some(1), vec![]),
                (Some(2), vec![2]),
                (None, vec![3]),
            ]
        );
    }

    #[test]
    fn a_fresh_student_starts_on_the_first_chapter() {
        let home = Home::new(data());
        assert_eq!(home.selection(), Some(Selection::Chapter(0)));
        assert_eq!(home.data.chapters[0].sections_read, 0);
    }

    #[test]
    fn a_returning_student_starts_on_continue() {
        let mut home = with_resume(2);
        assert_eq!(home.selection(), Some(Selection::Continue));
        assert_eq!(home.selected_chapter(), Some(2));
        assert_eq!(home.update(key(KeyCode::Enter)), vec![HomeEffect::Continue]);
        assert_eq!(home.update(ch('c')), vec![HomeEffect::Continue]);
        assert_eq!(home.update(ch('Q')), vec![HomeEffect::Quiz(2)]);
    }

    #[test]
    fn arrows_and_jk_move_over_chapters_skipping_empty_parts() {
        let mut home = Home::new(data());
        let mut seen = vec![home.selection()];
        for _ in 0..5 {
            home.update(ch('j'));
            seen.push(home.selection());
        }
        let chapters: Vec<Option<Selection>> = [0, 1, 2, 3, 3, 3]
            .into_iter()
            .map(|i| Some(Selection::Chapter(i)))
            .collect();
        assert_eq!(seen, chapters, "stops at the last chapter");
        home.update(key(KeyCode::Up));
        assert_eq!(home.selection(), Some(Selection::Chapter(2)));
        home.update(ch('k'));
        home.update(ch('k'));
        home.update(ch('k'));
        assert_eq!(
            home.selection(),
            Some(Selection::Chapter(0)),
            "stops at the top"
        );
    }

    #[test]
    fn home_end_and_pages_jump() {
        let mut home = with_resume(0);
        home.update(ch('G'));
        assert_eq!(home.selection(), Some(Selection::Chapter(3)));
        home.update(ch('g'));
        assert_eq!(home.selection(), Some(Selection::Continue));
        home.update(key(KeyCode::PageDown));
        assert_eq!(home.selection(), Some(Selection::Chapter(3)));
        home.update(key(KeyCode::PageUp));
        assert_eq!(home.selection(), Some(Selection::Continue));
        home.update(key(KeyCode::End));
        home.update(key(KeyCode::Home));
        assert_eq!(home.selection(), Some(Selection::Continue));
    }

    #[test]
    fn enter_opens_and_shift_q_quizzes_the_selected_chapter() {
        let mut home = Home::new(data());
        home.update(key(KeyCode::Down));
        home.update(key(KeyCode::Down));
        assert_eq!(
            home.update(key(KeyCode::Enter)),
            vec![HomeEffect::OpenChapter(2)]
        );
        assert_eq!(home.update(ch('Q')), vec![HomeEffect::Quiz(2)]);
    }

    #[test]
    fn a_chapter_without_a_quiz_says_so() {
        let mut home = Home::new(data());
        home.update(ch('j'));
        assert_eq!(home.update(ch('Q')), Vec::new());
        assert!(
            home.notice
                .as_deref()
                .is_some_and(|n| n.contains("no quiz"))
        );
        home.update(ch('k'));
        assert_eq!(home.notice, None, "a notice lasts one key");
    }

    #[test]
    fn continue_and_review_need_something_to_do() {
        let mut home = Home::new(data());
        assert_eq!(home.update(ch('c')), Vec::new());
        assert!(home.notice.is_some());
        assert_eq!(home.update(ch('r')), Vec::new());
        assert!(
            home.notice
                .as_deref()
                .is_some_and(|n| n.contains("No reviews"))
        );
        home.data.due_reviews = 3;
        assert_eq!(home.update(ch('r')), vec![HomeEffect::Review]);
    }

    #[test]
    fn s_opens_the_statistics_even_for_a_new_student() {
        let mut home = Home::new(HomeData::fresh(&Course::default()));
        assert_eq!(home.update(ch('s')), vec![HomeEffect::Stats]);
        assert_eq!(home.notice, None);
    }

    #[test]
    fn help_toggles_and_esc_closes_it_before_quitting() {
        let mut home = Home::new(data());
        home.update(ch('?'));
        assert!(home.help);
        home.update(ch('?'));
        assert!(!home.help);
        home.update(ch('?'));
        assert_eq!(home.update(key(KeyCode::Esc)), Vec::new());
        assert!(!home.help);
        assert_eq!(home.update(key(KeyCode::Esc)), vec![HomeEffect::Quit]);
    }

    #[test]
    fn q_and_ctrl_c_quit() {
        let mut home = Home::new(data());
        assert_eq!(home.update(ch('q')), vec![HomeEffect::Quit]);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(home.update(ctrl_c), vec![HomeEffect::Quit]);
    }

    #[test]
    fn an_empty_course_does_nothing_but_quit() {
        let mut home = Home::new(HomeData::fresh(&Course::default()));
        assert_eq!(home.selection(), None);
        for code in [KeyCode::Down, KeyCode::Up, KeyCode::End, KeyCode::PageDown] {
            assert_eq!(home.update(key(code)), Vec::new());
        }
        assert_eq!(home.update(key(KeyCode::Enter)), Vec::new());
        assert_eq!(home.update(ch('Q')), Vec::new());
        assert_eq!(home.update(ch('q')), vec![HomeEffect::Quit]);
    }
}
