//! A quiz session as a pure state machine: start screen, one question at a time, feedback,
//! end screen. `update` takes a key and the time and returns `Effect`s (record this
//! answer, finish the attempt, quit); only the command running the screen carries them out
//! against the store, so every transition here is a plain unit test. The answer step of
//! one question (`Answering`: the hint key, leaving, submitting, grading into an `Outcome`)
//! lives here too and is the one the reader's in-text check answers through. How questions
//! and choices are ordered is in quiz_present.rs, the end screen's breakdown in
//! quiz_breakdown.rs.

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::input::{Input, KeyResult};
use super::keys::is_ctrl_c;
pub use super::versions::QuizChanges;
use crate::content::Chapter;
use crate::content::answer::{Response, is_correct, is_typed, self_grade_is_right};
use crate::content::quiz::{Question, QuestionKind};
use crate::schedule::Grade;

/// Why the questions are being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The chapter's whole quiz.
    Full,
    /// Only the questions missed last time.
    Retry,
    /// Spaced review of due questions, across chapters.
    Review,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Retry => "retry",
            Self::Review => "review",
        }
    }
}

/// Which chapter a question belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterRef {
    pub number: u32,
    pub slug: String,
    pub title: String,
}

impl ChapterRef {
    /// The reference to `chapter`, the one way one is made.
    pub fn of(chapter: &Chapter) -> Self {
        Self {
            number: chapter.number,
            slug: chapter.slug.clone(),
            title: chapter.title.clone(),
        }
    }
}

/// A question as presented in this attempt: its options in their shown order.
#[derive(Debug, Clone)]
pub struct Item {
    pub question: Question,
    pub chapter: ChapterRef,
    pub options: Vec<String>,
}

/// One answered question.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub question_id: String,
    pub chapter: String,
    pub section: String,
    pub objective: String,
    pub response: Response,
    pub correct: bool,
    pub hint_used: bool,
    pub elapsed_ms: i64,
}

/// How an answer was given: whether the hint was shown, and how long it took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answered {
    pub hint_used: bool,
    pub elapsed_ms: i64,
}

impl Outcome {
    /// The answer `response` to `question` of the chapter with slug `chapter`, graded
    /// `correct`: the one place an outcome is made, whether just answered or read back
    /// from the store.
    pub fn new(
        question: &Question,
        chapter: &str,
        response: Response,
        correct: bool,
        how: Answered,
    ) -> Self {
        Self {
            question_id: question.id.clone(),
            chapter: chapter.to_string(),
            section: question.section.clone(),
            objective: question.objective.clone(),
            response,
            correct,
            hint_used: how.hint_used,
            elapsed_ms: how.elapsed_ms,
        }
    }
}

/// One question being answered: its answer widget, whether the hint is shown, whether a
/// typed number could be read, and when it was asked. The quiz and the reader's in-text
/// check both answer through it, so the hint key, leaving, submitting and grading are
/// written once.
#[derive(Debug, Clone)]
pub struct Answering {
    pub input: Input,
    pub hint_shown: bool,
    /// The typed number could not be read: say so, and do not count the try.
    pub unreadable_number: bool,
    asked_ms: i64,
}

/// What a key did to a question being answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The answer was submitted and graded.
    Answered(Outcome),
    /// The key was taken: typing, moving, the hint, an unreadable number.
    Taken,
    /// Esc, or `q` while not typing: the caller leaves (or asks first).
    Leave,
    /// The key means nothing while answering.
    Unused,
}

/// The hint key: F1 always, `h` unless it is being typed (then Alt+h).
fn is_hint_key(key: KeyEvent, typing: bool) -> bool {
    key.code == KeyCode::F(1)
        || (key.code == KeyCode::Char('h')
            && (!typing || key.modifiers.contains(KeyModifiers::ALT)))
}

/// The key that leaves a question: Esc always, `q` unless it is being typed.
fn is_leave_key(key: KeyEvent, typing: bool) -> bool {
    key.code == KeyCode::Esc || (!typing && key.code == KeyCode::Char('q'))
}

impl Answering {
    /// `item` asked at `now_ms`, nothing answered yet.
    pub fn new(item: &Item, now_ms: i64) -> Self {
        Self {
            input: Input::new(&item.question, &item.options),
            hint_shown: false,
            unreadable_number: false,
            asked_ms: now_ms,
        }
    }

    /// Whether letters typed now are text.
    pub fn is_typing(&self) -> bool {
        self.input.is_typing()
    }

    /// Takes `key` while `item` is being answered.
    pub fn key(&mut self, item: &Item, key: KeyEvent, now_ms: i64) -> Step {
        let typing = self.input.is_typing();
        match self.input.key(key) {
            KeyResult::Submit => self.submit(item, now_ms),
            KeyResult::Handled => Step::Taken,
            KeyResult::Unused if is_hint_key(key, typing) => {
                self.hint_shown = true;
                Step::Taken
            }
            KeyResult::Unused if is_leave_key(key, typing) => Step::Leave,
            KeyResult::Unused => Step::Unused,
        }
    }

    /// Grades the answer; a number that cannot be read is said and not counted.
    fn submit(&mut self, item: &Item, now_ms: i64) -> Step {
        let Some(response) = self.input.response(&item.question) else {
            return Step::Taken;
        };
        self.unreadable_number = is_unreadable_number(&item.question, &response);
        if self.unreadable_number {
            return Step::Taken;
        }
        let correct = is_correct(&item.question, &response);
        let how = Answered {
            hint_used: self.hint_shown,
            elapsed_ms: (now_ms - self.asked_ms).max(0),
        };
        Step::Answered(Outcome::new(
            &item.question,
            &item.chapter.slug,
            response,
            correct,
            how,
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub score: u32,
    pub max: u32,
}

impl Score {
    /// The share right, 0 for an empty quiz.
    pub fn fraction(self) -> f64 {
        if self.max == 0 {
            0.0
        } else {
            f64::from(self.score) / f64::from(self.max)
        }
    }
}

/// The one definition of a chapter's best score, used by the end screen, `progress`, the
/// home, `stats` and their JSON (the store's `best_attempt` orders its query the same way):
/// of finished *full* attempts with questions, the highest fraction right, then the highest
/// score. A retry or a review covers only some questions and never counts.
pub fn best_score(scores: impl IntoIterator<Item = Score>) -> Option<Score> {
    scores.into_iter().filter(|s| s.max > 0).max_by(|a, b| {
        a.fraction()
            .total_cmp(&b.fraction())
            .then(a.score.cmp(&b.score))
    })
}

/// What "Best so far" shows when a session ends: the earlier best, or this attempt's score
/// when it is a full attempt that beats it.
pub fn best_so_far(earlier: Option<Score>, this: Score, mode: Mode) -> Option<Score> {
    let this = (mode == Mode::Full).then_some(this);
    best_score(earlier.into_iter().chain(this))
}

/// What the store knows of earlier attempts, for the start screen.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Every attempt at the chapter's quiz, finished or not, on any version.
    pub attempts: usize,
    pub best: Option<Score>,
    /// The best score was made on an earlier version of the quiz.
    pub best_earlier: bool,
    pub last: Option<Score>,
    /// The last score was made on an earlier version of the quiz.
    pub last_earlier: bool,
    /// An unfinished attempt of this quiz and its answers that still count.
    pub resumable: Option<Resumable>,
    /// How many questions the last finished attempt missed.
    pub missed_last: usize,
}

/// An unfinished attempt the student may go on with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resumable {
    /// The attempt's id in the store.
    pub id: i64,
    /// Its answers that still count on the quiz as it is now.
    pub answered: Vec<Outcome>,
    /// What changed when the attempt was started on an earlier version of the quiz.
    pub changes: Option<QuizChanges>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Begin a new attempt in the store; the runner reports its id with `attempt_started`.
    StartAttempt,
    /// Continue the unfinished attempt with this id.
    ResumeAttempt(i64),
    /// Commit an answer now, before its feedback is shown.
    RecordAnswer(Outcome),
    SelfGraded {
        question_id: String,
        grade: Grade,
    },
    FinishAttempt(Score),
    /// Start another session: the missed questions, or the review.
    Restart(Mode),
    /// Open this section in the reader, then return to the quiz.
    OpenReader(String),
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Intro,
    Asking,
    Feedback,
    Done,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub title: String,
    pub mode: Mode,
    pub items: Vec<Item>,
    pub index: usize,
    pub phase: Phase,
    /// The current question while it is being answered.
    pub answering: Option<Answering>,
    /// Answers of this attempt, resumed ones first.
    pub outcomes: Vec<Outcome>,
    pub resumed: usize,
    pub confirm_quit: bool,
    /// Scroll offset of the "read the section" overlay, when open.
    pub reading: Option<usize>,
    /// How far a feedback or end screen taller than the window is scrolled, in lines
    /// (kept within the screen by [`Session::clamp_scroll`]).
    scroll: usize,
    /// The student's own grade of a missed typed answer, in review.
    pub self_grade: Option<Grade>,
    pub history: History,
    pub attempt: Option<i64>,
    pub started_ms: i64,
    pub finished_ms: Option<i64>,
    /// When review next asks each question answered in this session, as the scheduler set
    /// it, in local time: ((chapter, question), due).
    pub comes_due: Vec<((String, String), NaiveDateTime)>,
    /// What the background send to the LRS did (`[lrs] auto`), for the end screen's
    /// footer; the runner reports it.
    pub sync_note: Option<String>,
    /// Why a key of the end screen did nothing (`v` with nothing due yet), for its footer;
    /// the runner reports it.
    pub notice: Option<String>,
}

impl Session {
    pub fn new(title: String, mode: Mode, items: Vec<Item>, history: History, now_ms: i64) -> Self {
        Self {
            title,
            mode,
            items,
            index: 0,
            phase: Phase::Intro,
            answering: None,
            outcomes: Vec::new(),
            resumed: 0,
            confirm_quit: false,
            reading: None,
            scroll: 0,
            self_grade: None,
            history,
            attempt: None,
            started_ms: now_ms,
            finished_ms: None,
            comes_due: Vec::new(),
            sync_note: None,
            notice: None,
        }
    }

    /// The runner reports why the end screen stays (a review asked with nothing due).
    pub fn notice(&mut self, line: String) {
        self.notice = Some(line);
    }

    /// The runner reports what the background send to the LRS did.
    pub fn sync_reported(&mut self, line: String) {
        self.sync_note = Some(line);
    }

    /// The runner reports the id of the attempt the store created.
    pub fn attempt_started(&mut self, id: i64) {
        self.attempt = Some(id);
    }

    /// The runner reports when the scheduler will next ask a question answered in this
    /// session (local time); a later report for the same question replaces the earlier.
    pub fn scheduled(&mut self, chapter: &str, question: &str, due: NaiveDateTime) {
        let key = (chapter.to_string(), question.to_string());
        self.comes_due.retain(|(k, _)| *k != key);
        self.comes_due.push((key, due));
    }

    /// The earliest and the latest time a missed question comes due in review, when the
    /// scheduler's times are known for all of them.
    pub fn missed_come_due(&self) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let mut times = Vec::new();
        for outcome in self.outcomes.iter().filter(|o| !o.correct) {
            let (_, due) = self.comes_due.iter().find(|((chapter, question), _)| {
                *chapter == outcome.chapter && *question == outcome.question_id
            })?;
            times.push(*due);
        }
        Some((*times.iter().min()?, *times.iter().max()?))
    }

    pub fn current(&self) -> Option<&Item> {
        self.items.get(self.index)
    }

    /// The answer widget of the question being answered.
    pub fn input(&self) -> Option<&Input> {
        self.answering.as_ref().map(|a| &a.input)
    }

    /// Whether the hint of the question being answered is shown.
    pub fn hint_shown(&self) -> bool {
        self.answering.as_ref().is_some_and(|a| a.hint_shown)
    }

    /// Whether the number just typed could not be read.
    pub fn unreadable_number(&self) -> bool {
        self.answering.as_ref().is_some_and(|a| a.unreadable_number)
    }

    /// (answered so far, questions in the attempt).
    pub fn progress(&self) -> (usize, usize) {
        (self.outcomes.len(), self.resumed + self.items.len())
    }

    pub fn score(&self) -> Score {
        let correct = self.outcomes.iter().filter(|o| o.correct).count();
        Score {
            score: u32::try_from(correct).unwrap_or(u32::MAX),
            max: u32::try_from(self.progress().1).unwrap_or(u32::MAX),
        }
    }

    pub fn last_outcome(&self) -> Option<&Outcome> {
        self.outcomes.last()
    }

    /// Questions of this attempt answered wrong, by id.
    pub fn missed(&self) -> Vec<String> {
        self.outcomes
            .iter()
            .filter(|o| !o.correct)
            .map(|o| o.question_id.clone())
            .collect()
    }

    pub fn update(&mut self, key: KeyEvent, now_ms: i64) -> Vec<Effect> {
        if is_ctrl_c(&key) {
            return vec![Effect::Quit];
        }
        if self.confirm_quit {
            return self.confirm_key(key);
        }
        match self.phase {
            Phase::Intro => self.intro_key(key, now_ms),
            Phase::Asking => self.asking_key(key, now_ms),
            Phase::Feedback => self.feedback_key(key, now_ms),
            Phase::Done => self.done_key(key),
        }
    }

    fn confirm_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => vec![Effect::Quit],
            _ => {
                self.confirm_quit = false;
                Vec::new()
            }
        }
    }

    fn intro_key(&mut self, key: KeyEvent, now_ms: i64) -> Vec<Effect> {
        match key.code {
            KeyCode::Enter | KeyCode::Char(' ' | 's') => {
                if self.items.is_empty() {
                    return Vec::new();
                }
                self.ask(0, now_ms);
                vec![Effect::StartAttempt]
            }
            KeyCode::Char('r') => self.resume(now_ms),
            KeyCode::Char('w') if self.history.missed_last > 0 => {
                vec![Effect::Restart(Mode::Retry)]
            }
            KeyCode::Char('q') | KeyCode::Esc => vec![Effect::Quit],
            _ => Vec::new(),
        }
    }

    /// Continues the unfinished attempt: its answers count, its open questions are asked.
    fn resume(&mut self, now_ms: i64) -> Vec<Effect> {
        let Some(Resumable { id, answered, .. }) = self.history.resumable.take() else {
            return Vec::new();
        };
        self.items
            .retain(|item| !answered.iter().any(|o| o.question_id == item.question.id));
        self.resumed = answered.len();
        self.outcomes = answered;
        self.attempt = Some(id);
        if self.items.is_empty() {
            self.finish(now_ms);
            return vec![
                Effect::ResumeAttempt(id),
                Effect::FinishAttempt(self.score()),
            ];
        }
        self.ask(0, now_ms);
        vec![Effect::ResumeAttempt(id)]
    }

    fn ask(&mut self, index: usize, now_ms: i64) {
        self.index = index;
        self.phase = Phase::Asking;
        self.reading = None;
        self.scroll = 0;
        self.self_grade = None;
        self.answering = self
            .items
            .get(index)
            .map(|item| Answering::new(item, now_ms));
    }

    fn asking_key(&mut self, key: KeyEvent, now_ms: i64) -> Vec<Effect> {
        let (Some(item), Some(answering)) = (self.items.get(self.index), self.answering.as_mut())
        else {
            return Vec::new();
        };
        match answering.key(item, key, now_ms) {
            Step::Answered(outcome) => self.answered(outcome),
            Step::Taken | Step::Unused => Vec::new(),
            Step::Leave if answering.input.has_typed_text() => {
                self.confirm_quit = true;
                Vec::new()
            }
            Step::Leave => vec![Effect::Quit],
        }
    }

    /// Shows the feedback of `outcome` and records it (an `open` one once self-graded).
    fn answered(&mut self, outcome: Outcome) -> Vec<Effect> {
        self.outcomes.push(outcome.clone());
        self.phase = Phase::Feedback;
        if self.awaits_own_grade() {
            // Recorded once the student has graded it against the model answer.
            return Vec::new();
        }
        vec![Effect::RecordAnswer(outcome)]
    }

    /// Whether the last answer is an `open` one the student has not graded yet: the
    /// feedback then shows the model answer and waits for a grade before moving on.
    pub fn awaits_own_grade(&self) -> bool {
        self.phase == Phase::Feedback
            && self.last_outcome().is_some_and(
                |o| matches!(&o.response, Response::Open(open) if open.grade.is_none()),
            )
    }

    /// The student's grade of their `open` answer: it decides whether the answer counts
    /// as right, and the answer is recorded with it.
    fn grade_own_answer(&mut self, grade: Grade) -> Vec<Effect> {
        let Some(outcome) = self.outcomes.last_mut() else {
            return Vec::new();
        };
        if let Response::Open(open) = &mut outcome.response {
            open.grade = Some(grade);
        }
        outcome.correct = self_grade_is_right(grade);
        vec![Effect::RecordAnswer(outcome.clone())]
    }

    /// How many answers of this attempt the student graded themselves.
    pub fn self_graded(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.response.self_grade().is_some())
            .count()
    }

    /// Whether the student may grade the last answer themselves (review of typed answers).
    pub fn can_self_grade(&self) -> bool {
        self.mode == Mode::Review
            && self.phase == Phase::Feedback
            && self.self_grade.is_none()
            && self.current().is_some_and(|i| is_typed(&i.question))
            && self.last_outcome().is_some_and(|o| !o.correct)
    }

    fn feedback_key(&mut self, key: KeyEvent, now_ms: i64) -> Vec<Effect> {
        if let Some(scroll) = self.reading {
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => self.reading = Some(scroll + 1),
                KeyCode::Char('k') | KeyCode::Up => self.reading = Some(scroll.saturating_sub(1)),
                KeyCode::PageDown | KeyCode::Char(' ') => self.reading = Some(scroll + 10),
                KeyCode::PageUp | KeyCode::Char('b') => {
                    self.reading = Some(scroll.saturating_sub(10))
                }
                KeyCode::Char('g') | KeyCode::Home => self.reading = Some(0),
                _ => self.reading = None,
            }
            return Vec::new();
        }
        if self.awaits_own_grade() {
            return match self_grade_key(key) {
                Some(grade) => self.grade_own_answer(grade),
                None => self.ungraded_feedback_key(key),
            };
        }
        if self.can_self_grade()
            && let Some(grade) = self_grade_key(key)
        {
            self.self_grade = Some(grade);
            let question_id = self
                .last_outcome()
                .map(|o| o.question_id.clone())
                .unwrap_or_default();
            return vec![Effect::SelfGraded { question_id, grade }];
        }
        if self.scroll_key(key) {
            return Vec::new();
        }
        match key.code {
            KeyCode::Enter | KeyCode::Char(' ' | 'n') | KeyCode::Right => self.next(now_ms),
            KeyCode::Char('r') => {
                self.reading = Some(0);
                Vec::new()
            }
            KeyCode::Char('R') => self
                .current()
                .map(|item| vec![Effect::OpenReader(item.question.section.clone())])
                .unwrap_or_default(),
            KeyCode::Char('q') | KeyCode::Esc => vec![Effect::Quit],
            _ => Vec::new(),
        }
    }

    /// Before an `open` answer is graded, reading and quitting work but moving on does not.
    fn ungraded_feedback_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.scroll_key(key) {
            return Vec::new();
        }
        match key.code {
            KeyCode::Char('r') => {
                self.reading = Some(0);
                Vec::new()
            }
            KeyCode::Char('q') | KeyCode::Esc => vec![Effect::Quit],
            _ => Vec::new(),
        }
    }

    fn next(&mut self, now_ms: i64) -> Vec<Effect> {
        if self.index + 1 < self.items.len() {
            self.ask(self.index + 1, now_ms);
            return Vec::new();
        }
        self.finish(now_ms);
        vec![Effect::FinishAttempt(self.score())]
    }

    fn finish(&mut self, now_ms: i64) {
        self.phase = Phase::Done;
        self.answering = None;
        self.finished_ms = Some(now_ms);
        self.scroll = 0;
    }

    /// Lines, arrows and pages scroll a feedback or end screen; true when `key` did.
    fn scroll_key(&mut self, key: KeyEvent) -> bool {
        self.scroll = match key.code {
            KeyCode::Char('j') | KeyCode::Down => self.scroll + 1,
            KeyCode::Char('k') | KeyCode::Up => self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll + 10,
            KeyCode::PageUp => self.scroll.saturating_sub(10),
            KeyCode::Home => 0,
            _ => return false,
        };
        true
    }

    /// How far a feedback or end screen is scrolled, in lines.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Keeps the scroll within what the screen can scroll (`max` lines, from the view).
    pub fn clamp_scroll(&mut self, max: usize) {
        self.scroll = self.scroll.min(max);
    }

    fn done_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.scroll_key(key) {
            return Vec::new();
        }
        match key.code {
            KeyCode::Char('w') if !self.missed().is_empty() => vec![Effect::Restart(Mode::Retry)],
            KeyCode::Char('v') => vec![Effect::Restart(Mode::Review)],
            KeyCode::Char('q') | KeyCode::Esc | KeyCode::Enter => vec![Effect::Quit],
            _ => Vec::new(),
        }
    }
}

fn self_grade_key(key: KeyEvent) -> Option<Grade> {
    match key.code {
        KeyCode::Char('1') => Some(Grade::Again),
        KeyCode::Char('2') => Some(Grade::Hard),
        KeyCode::Char('3') => Some(Grade::Good),
        KeyCode::Char('4') => Some(Grade::Easy),
        _ => None,
    }
}

/// A numeric answer in which no number can be read ("five", "about"): not a wrong answer,
/// a typing problem the student is told about.
fn is_unreadable_number(question: &Question, response: &Response) -> bool {
    match (&question.kind, response) {
        (QuestionKind::Numeric { unit, .. }, Response::Numeric(typed)) => {
            crate::content::answer::parse_number(typed.as_str(), unit.as_deref()).is_none()
        }
        _ => false,
    }
}

#[path = "quiz_breakdown.rs"]
mod breakdown;
#[path = "quiz_present.rs"]
mod present;

pub use breakdown::{Facet, Tally};
pub use present::{Shuffle, items_for, present};

#[cfg(test)]
#[path = "quiz_tests.rs"]
mod tests;
