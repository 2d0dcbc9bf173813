//! `quiz` and `review`: build a quiz session from the course and the store, run it in the
//! terminal, and carry out its effects. An answer is written to the store the moment it is
//! submitted, before its feedback is drawn, so killing the program loses at most the
//! answer being typed.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use super::Settings;
use super::study::Study;
use crate::app::quiz::{
    Answered, ChapterRef, Effect, History, Item, Mode, Outcome, Resumable, Score, Session, Shuffle,
    items_for,
};
use crate::app::versions::{added_since, carry, due_for_review, question_keys, reworded_since};
use crate::cli::{Cli, Failure};
use crate::content::answer::{Response, grading_key};
use crate::content::{Chapter, Course, CourseOnDemand};
use crate::schedule::{Grade, ReviewState};
use crate::screens::quiz::QuizScreen;
use crate::store::{Attempt, AttemptId, AttemptMode, QuestionKey, database_path, now_ms};
use crate::sync::auto::{AutoSync, Job};
use crate::sync::settings::process_env;
use crate::tui::{self, Step, is_interactive};

/// How the questions are chosen and ordered.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuizOptions {
    pub no_shuffle: bool,
    pub seed: Option<u64>,
    pub retry_wrong: bool,
}

/// An answer as the store keeps it: the response with the grading key of the question it
/// answered, so a later version of the quiz can tell whether the answer still counts.
pub fn stored_response(chapter: &Chapter, outcome: &Outcome) -> String {
    match question_key(chapter, &outcome.question_id) {
        Some(key) => outcome.response.to_keyed_json(&key),
        None => outcome.response.to_json(),
    }
}

/// The grading key of question `id` of `chapter`'s quiz as it is now.
pub fn question_key(chapter: &Chapter, id: &str) -> Option<String> {
    let question = chapter.quiz.as_ref()?.question(id)?;
    Some(grading_key(question))
}

fn store_mode(mode: Mode) -> AttemptMode {
    match mode {
        Mode::Full => AttemptMode::Full,
        Mode::Retry => AttemptMode::Retry,
        Mode::Review => AttemptMode::Review,
    }
}

fn need_terminal(what: &str) -> Result<(), Failure> {
    if is_interactive() {
        Ok(())
    } else {
        Err(Failure::failed(format!(
            "{what} needs an interactive terminal: run it without redirecting its input or output"
        )))
    }
}

/// Runs `mlsys-learn quiz CHAPTER`. `course` may hold that chapter alone: the rest is
/// loaded only for a review started from the quiz's end.
pub fn quiz(
    cli: &Cli,
    course: &CourseOnDemand<'_>,
    chapter: &Chapter,
    options: QuizOptions,
    settings: &Settings,
) -> Result<(), Failure> {
    if chapter.quiz.is_none() {
        return Err(Failure::failed(format!(
            "chapter {} has no quiz",
            chapter.number
        )));
    }
    need_terminal("the quiz")?;
    let mut runner = Runner::new(cli, course, options, settings)?;
    let session = if options.retry_wrong {
        let missed = runner.missed_last(chapter)?;
        if missed.is_empty() {
            println!(
                "Nothing to retry: your last finished attempt of chapter {} missed no questions.",
                chapter.number
            );
            return Ok(());
        }
        runner.retry_session(chapter, &missed)?
    } else {
        runner.full_session(chapter)?
    };
    runner.run(session)
}

/// Runs `mlsys-learn review [CHAPTER]`.
pub fn review(
    cli: &Cli,
    course: &Course,
    chapter: Option<&Chapter>,
    settings: &Settings,
) -> Result<(), Failure> {
    need_terminal("the review")?;
    let course = CourseOnDemand::whole(course);
    let mut runner = Runner::new(cli, &course, QuizOptions::default(), settings)?;
    let session = runner.review_session(chapter.map(|c| c.slug.as_str()))?;
    if session.items.is_empty() {
        println!("{}", runner.nothing_due(chapter.map(|c| c.slug.as_str()))?);
        return Ok(());
    }
    runner.run(session)
}

/// Tells the session when the scheduler next asks a question, in the machine's local time.
fn report_due(session: &mut Session, chapter: &str, question: &str, due_ms: i64) {
    if let Some(due) = local_time(due_ms) {
        session.scheduled(chapter, question, due);
    }
}

/// A UTC instant as the machine's local date and time.
fn local_time(utc_ms: i64) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::from_timestamp_millis(utc_ms)
        .map(|t| t.with_timezone(&chrono::Local).naive_local())
}

/// What the loop does after an effect.
enum Flow {
    Continue,
    /// Leave the screen for a while or for good.
    Leave(Leave),
    Replace(Box<Session>),
}

/// Why the quiz screen was left.
enum Leave {
    /// Open this section in the reader, then come back.
    Read(String),
    Quit,
}

/// The review state of the question last answered, from before the answer.
struct AnswerBefore {
    chapter: String,
    question: String,
    /// The question's grading key now.
    key: String,
    state: Option<ReviewState>,
}

struct Runner<'a> {
    cli: &'a Cli,
    course: &'a CourseOnDemand<'a>,
    study: Study,
    shuffle: Shuffle,
    settings: &'a Settings,
    /// The store's attempt per chapter in the running session (review spans chapters).
    attempts: HashMap<String, AttemptId>,
    /// A question's review state before its latest answer, so a self-grade can replace it.
    before_answer: Option<AnswerBefore>,
    saved: usize,
    /// Sends the outbox in the background after each finished attempt (`[lrs] auto`).
    auto_sync: Option<AutoSync>,
}

impl<'a> Runner<'a> {
    fn new(
        cli: &'a Cli,
        course: &'a CourseOnDemand<'a>,
        options: QuizOptions,
        settings: &'a Settings,
    ) -> Result<Self, Failure> {
        let seed = options.seed.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        });
        Ok(Self {
            cli,
            course,
            study: Study::open(cli)?,
            shuffle: Shuffle {
                enabled: !options.no_shuffle,
                seed,
            },
            settings,
            attempts: HashMap::new(),
            before_answer: None,
            saved: 0,
            auto_sync: Self::auto_sync(cli, settings)?,
        })
    }

    /// The background sender, when `[lrs] auto = true`.
    fn auto_sync(cli: &Cli, settings: &Settings) -> Result<Option<AutoSync>, Failure> {
        if !settings.lrs.auto {
            return Ok(None);
        }
        Ok(Some(AutoSync::new(Job {
            database: database_path(&super::study::data_dir(cli)?),
            content: cli.content.clone(),
            lrs: settings.lrs.clone(),
            env: process_env,
        })))
    }

    fn items(&self, chapter: &Chapter, only: Option<&[String]>) -> Vec<Item> {
        let Some(quiz) = &chapter.quiz else {
            return Vec::new();
        };
        let reference = ChapterRef::of(chapter);
        let chosen: Vec<_> = quiz
            .questions
            .iter()
            .filter(|q| only.is_none_or(|ids| ids.contains(&q.id)))
            .map(|q| (q, reference.clone()))
            .collect();
        items_for(&chosen, self.shuffle)
    }

    fn title(chapter: &Chapter, mode: Mode) -> String {
        let what = if mode == Mode::Retry { "Retry" } else { "Quiz" };
        format!("{what} · Chapter {} · {}", chapter.number, chapter.title)
    }

    fn full_session(&self, chapter: &Chapter) -> Result<Session, Failure> {
        let history = self.history(chapter)?;
        let items = self.items(chapter, None);
        Ok(Session::new(
            Self::title(chapter, Mode::Full),
            Mode::Full,
            items,
            history,
            now_ms(),
        ))
    }

    /// A session of the questions missed. It knows the chapter's best full score, so its
    /// end screen's "Best so far" is the one `progress` shows (a retry never counts as one).
    fn retry_session(&self, chapter: &Chapter, missed: &[String]) -> Result<Session, Failure> {
        let items = self.items(chapter, Some(missed));
        let full = self.history(chapter)?;
        let history = History {
            best: full.best,
            best_earlier: full.best_earlier,
            ..History::default()
        };
        Ok(Session::new(
            Self::title(chapter, Mode::Retry),
            Mode::Retry,
            items,
            history,
            now_ms(),
        ))
    }

    fn review_session(&self, chapter: Option<&str>) -> Result<Session, Failure> {
        let reviews = self.study.store.reviews(&self.study.user, chapter)?;
        // Review spans the course: load the rest of it. If the rest is broken, the
        // chapters loaded are reviewed; the others' questions are skipped, not dropped.
        let course = self
            .course
            .load_whole()
            .unwrap_or_else(|_| self.course.current());
        let due = due_for_review(course, reviews, now_ms());
        let mut chosen = Vec::new();
        for item in &due {
            let Some(chapter) = course.chapter(&item.chapter) else {
                continue;
            };
            if let Some(question) = chapter
                .quiz
                .as_ref()
                .and_then(|q| q.question(&item.question))
            {
                chosen.push((question, ChapterRef::of(chapter)));
            }
        }
        // Due order matters (missed first): keep it, shuffle only the choices.
        let items = items_for(
            &chosen,
            Shuffle {
                enabled: false,
                ..self.shuffle
            },
        );
        Ok(Session::new(
            "Review".to_string(),
            Mode::Review,
            items,
            History::default(),
            now_ms(),
        ))
    }

    /// When the scheduler next asks a question the course still has (UTC milliseconds).
    /// What to say when nothing is due for review: when the next question comes due, or
    /// that none will until a quiz is answered.
    fn nothing_due(&self, chapter: Option<&str>) -> Result<String, Failure> {
        Ok(match self.next_due(chapter)? {
            Some(due) => format!(
                "Nothing is due for review yet: the next question comes due at {}.",
                local_time(due)
                    .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M").to_string())
            ),
            None => {
                "Nothing is due for review. Questions come due after you answer them in a quiz."
                    .to_string()
            }
        })
    }

    fn next_due(&self, chapter: Option<&str>) -> Result<Option<i64>, Failure> {
        let reviews = self.study.store.reviews(&self.study.user, chapter)?;
        let course = self
            .course
            .load_whole()
            .unwrap_or_else(|_| self.course.current());
        let asked = |chapter: &str, question: &str| {
            course
                .chapter(chapter)
                .and_then(|c| c.quiz.as_ref())
                .and_then(|q| q.question(question))
                .is_some()
        };
        Ok(reviews
            .iter()
            .filter(|r| asked(&r.chapter, &r.question))
            .map(|r| r.state.due_ms)
            .min())
    }

    fn finished_attempts(&self, chapter: &Chapter) -> Result<Vec<Attempt>, Failure> {
        let mut attempts = self.study.store.attempts(&self.study.user, &chapter.slug)?;
        attempts.retain(|a| a.finished_at.is_some());
        attempts.sort_by_key(|a| a.finished_at);
        Ok(attempts)
    }

    /// Question ids missed in the last finished attempt.
    fn missed_last(&self, chapter: &Chapter) -> Result<Vec<String>, Failure> {
        let Some(last) = self.finished_attempts(chapter)?.pop() else {
            return Ok(Vec::new());
        };
        let answers = self.study.store.answers(last.id)?;
        Ok(answers
            .into_iter()
            .filter(|a| !a.correct)
            .map(|a| a.question)
            .collect())
    }

    fn history(&self, chapter: &Chapter) -> Result<History, Failure> {
        let store = &self.study.store;
        let user = &self.study.user;
        let version = self.quiz_hash(&chapter.slug);
        let score = |a: &Attempt| Score {
            score: a.score,
            max: a.max,
        };
        let best = store.best_attempt(user, &chapter.slug)?;
        let last = self.finished_attempts(chapter)?.pop();
        let resumable = match store.unfinished_attempt(user, &chapter.slug)? {
            Some(attempt) => self.resumable(chapter, &attempt)?,
            None => None,
        };
        Ok(History {
            attempts: store.attempts(user, &chapter.slug)?.len(),
            best: best.as_ref().map(score),
            best_earlier: best.is_some_and(|a| a.quiz_hash != version),
            last: last.as_ref().map(score),
            last_earlier: last.is_some_and(|a| a.quiz_hash != version),
            resumable,
            missed_last: self.missed_last(chapter)?.len(),
        })
    }

    /// An unfinished attempt with the answers that still count on the chapter's quiz as it
    /// is now (it may have been started on an earlier version).
    fn resumable(
        &self,
        chapter: &Chapter,
        attempt: &Attempt,
    ) -> Result<Option<Resumable>, Failure> {
        let Some(quiz) = &chapter.quiz else {
            return Ok(None);
        };
        let answers = self.study.store.answers(attempt.id)?;
        let mut carried = carry(quiz, attempt.quiz_hash == quiz.content_hash(), answers);
        if let Some(changes) = &mut carried.changes {
            let earlier = self.study.store.attempt_questions(attempt.id)?;
            changes.added = added_since(quiz, &earlier);
            changes.reworded = reworded_since(quiz, &carried.kept, &earlier);
        }
        Ok(Some(Resumable {
            id: attempt.id.0,
            answered: Self::outcomes(chapter, carried.kept),
            changes: carried.changes,
        }))
    }

    /// Stored answers, as the session counts them.
    fn outcomes(chapter: &Chapter, answers: Vec<crate::store::Answer>) -> Vec<Outcome> {
        let quiz = chapter.quiz.as_ref();
        answers
            .into_iter()
            .filter_map(|a| {
                let question = quiz?.question(&a.question)?;
                let how = Answered {
                    hint_used: a.hint_used,
                    elapsed_ms: i64::try_from(a.elapsed_ms).unwrap_or(i64::MAX),
                };
                let response = Response::from_json(&a.response)?;
                Some(Outcome::new(
                    question,
                    &chapter.slug,
                    response,
                    a.correct,
                    how,
                ))
            })
            .collect()
    }

    /// Runs the session until the student quits; the reader opened from a question
    /// returns to it.
    fn run(&mut self, session: Session) -> Result<(), Failure> {
        let mut screen = QuizScreen::new(session, self.course.current(), &self.settings.theme);
        if let Some(auto) = &self.auto_sync {
            screen.watch_sync(auto.watch());
        }
        loop {
            let leave = tui::run(&mut screen, |screen, effects| {
                let step = self.apply_all(&mut screen.session, effects);
                // A review started from the quiz's end may have loaded the whole course.
                screen.use_course(self.course.current());
                step
            })?;
            match leave {
                Leave::Read(section) => self.read_section(&screen.session, &section)?,
                Leave::Quit => {
                    self.farewell(&screen.session);
                    return Ok(());
                }
            }
        }
    }

    /// Carries out a batch of effects in order; the screen is left at the first that
    /// leaves it.
    fn apply_all(
        &mut self,
        session: &mut Session,
        effects: Vec<Effect>,
    ) -> Result<Step<Leave>, Failure> {
        for effect in effects {
            match self.apply(session, effect)? {
                Flow::Continue => {}
                Flow::Replace(next) => *session = *next,
                Flow::Leave(leave) => return Ok(Step::Exit(leave)),
            }
        }
        Ok(Step::Continue)
    }

    /// The reader at the section of the current question; the quiz goes on after it.
    fn read_section(&self, session: &Session, section: &str) -> Result<(), Failure> {
        let Some(chapter) = session
            .current()
            .and_then(|i| self.course.current().chapter(&i.chapter.slug))
        else {
            return Ok(());
        };
        super::reader::read_section(self.cli, self.course, chapter, section, self.settings)
    }

    fn farewell(&self, session: &Session) {
        if self.saved > 0 && session.finished_ms.is_none() {
            println!(
                "Saved {} answer(s) for '{}'. Run the same command again to resume.",
                self.saved, self.study.user
            );
        }
    }

    fn apply(&mut self, session: &mut Session, effect: Effect) -> Result<Flow, Failure> {
        match effect {
            Effect::StartAttempt => self.attempts.clear(),
            Effect::ResumeAttempt(id) => {
                // When every question was already answered, the resumed session has no
                // items left (it goes straight to its end): take the chapter from the
                // saved answers, or the attempt would never be stored as finished.
                let chapter = session
                    .items
                    .first()
                    .map(|item| item.chapter.slug.clone())
                    .or_else(|| session.outcomes.first().map(|o| o.chapter.clone()));
                if let Some(chapter) = chapter {
                    self.resume_on_current_version(&chapter, AttemptId(id))?;
                    self.attempts.insert(chapter, AttemptId(id));
                }
            }
            Effect::RecordAnswer(outcome) => self.record(session, &outcome)?,
            Effect::SelfGraded { question_id, grade } => {
                self.self_grade(session, &question_id, grade)?;
            }
            Effect::FinishAttempt(score) => self.finish(session, score)?,
            Effect::Restart(Mode::Review) => {
                let review = self.restart(session, Mode::Review)?;
                if review.items.is_empty() {
                    let mut stay = session.clone();
                    stay.notice(self.nothing_due(None)?);
                    return Ok(Flow::Replace(Box::new(stay)));
                }
                return Ok(Flow::Replace(Box::new(review)));
            }
            Effect::Restart(mode) => {
                return self
                    .restart(session, mode)
                    .map(|s| Flow::Replace(Box::new(s)));
            }
            Effect::Quit => return Ok(Flow::Leave(Leave::Quit)),
            Effect::OpenReader(section) => return Ok(Flow::Leave(Leave::Read(section))),
        }
        Ok(Flow::Continue)
    }

    /// A resumed attempt goes on, and is scored, on the quiz as it is now.
    fn resume_on_current_version(&mut self, chapter: &str, id: AttemptId) -> Result<(), Failure> {
        let hash = self.quiz_hash(chapter);
        let stored = self.study.store.attempt(id)?.map(|a| a.quiz_hash);
        if stored.is_some_and(|stored| stored != hash) {
            let questions = self.quiz_questions(chapter);
            self.study
                .store
                .set_attempt_version(id, (&hash, &questions))?;
        }
        Ok(())
    }

    /// The version of `chapter`'s quiz as it is now.
    fn quiz_hash(&self, chapter: &str) -> String {
        self.course
            .current()
            .chapter(chapter)
            .and_then(|c| c.quiz.as_ref())
            .map(|q| q.content_hash())
            .unwrap_or_default()
    }

    /// The questions of `chapter`'s quiz as it is now, with their grading keys.
    fn quiz_questions(&self, chapter: &str) -> Vec<QuestionKey> {
        self.course
            .current()
            .chapter(chapter)
            .and_then(|c| c.quiz.as_ref())
            .map(question_keys)
            .unwrap_or_default()
    }

    /// The grading key of an answered question (empty if the course no longer has it).
    fn outcome_key(&self, outcome: &Outcome) -> String {
        self.course
            .current()
            .chapter(&outcome.chapter)
            .and_then(|c| question_key(c, &outcome.question_id))
            .unwrap_or_default()
    }

    /// The attempt that answers in `chapter` belong to, created on the first answer.
    fn attempt_for(&mut self, chapter: &str, mode: Mode) -> Result<AttemptId, Failure> {
        if let Some(id) = self.attempts.get(chapter) {
            return Ok(*id);
        }
        let hash = self.quiz_hash(chapter);
        let questions = self.quiz_questions(chapter);
        let attempt = self.study.store.start_attempt_on(
            &self.study.user,
            chapter,
            (&hash, &questions),
            store_mode(mode),
            now_ms(),
        )?;
        self.attempts.insert(chapter.to_string(), attempt.id);
        Ok(attempt.id)
    }

    fn record(&mut self, session: &mut Session, outcome: &Outcome) -> Result<(), Failure> {
        let attempt = self.attempt_for(&outcome.chapter, session.mode)?;
        let now = now_ms();
        let response = match self.course.current().chapter(&outcome.chapter) {
            Some(chapter) => stored_response(chapter, outcome),
            None => outcome.response.to_json(),
        };
        let answer = crate::store::Answer {
            question: outcome.question_id.clone(),
            response,
            correct: outcome.correct,
            hint_used: outcome.hint_used,
            elapsed_ms: u64::try_from(outcome.elapsed_ms).unwrap_or(0),
            answered_at: now,
        };
        let key = self.outcome_key(outcome);
        let store = &mut self.study.store;
        let user = &self.study.user;
        store.record_answer(attempt, &answer)?;
        self.saved += 1;
        let (chapter, id) = (&outcome.chapter, &outcome.question_id);
        let before = store.review_state(user, chapter, id, &key)?;
        self.before_answer = Some(AnswerBefore {
            chapter: chapter.clone(),
            question: id.clone(),
            key: key.clone(),
            state: before,
        });
        let grade = outcome
            .response
            .self_grade()
            .unwrap_or_else(|| Grade::from_correct(outcome.correct, outcome.hint_used));
        let state = store.record_review(user, chapter, id, &key, grade, now)?;
        report_due(session, chapter, id, state.due_ms);
        Ok(())
    }

    /// Replaces the automatic grade of the last answer with the student's own.
    fn self_grade(
        &mut self,
        session: &mut Session,
        question: &str,
        grade: Grade,
    ) -> Result<(), Failure> {
        let Some(before) = self.before_answer.take().filter(|b| b.question == question) else {
            return Ok(());
        };
        let state = crate::schedule::schedule(before.state.as_ref(), grade, now_ms());
        self.study.store.save_review(
            &self.study.user,
            &before.chapter,
            &before.question,
            &before.key,
            &state,
        )?;
        report_due(session, &before.chapter, &before.question, state.due_ms);
        Ok(())
    }

    fn finish(&mut self, session: &Session, score: Score) -> Result<(), Failure> {
        let now = now_ms();
        for (chapter, id) in &self.attempts {
            let (right, total) = if session.mode == Mode::Review {
                let mine: Vec<_> = session
                    .outcomes
                    .iter()
                    .filter(|o| &o.chapter == chapter)
                    .collect();
                (mine.iter().filter(|o| o.correct).count(), mine.len())
            } else {
                (score.score as usize, score.max as usize)
            };
            let (right, total) = (
                u32::try_from(right).unwrap_or(0),
                u32::try_from(total).unwrap_or(0),
            );
            self.study.store.finish_attempt(*id, right, total, now)?;
        }
        self.attempts.clear();
        if let Some(auto) = &self.auto_sync {
            auto.start();
        }
        Ok(())
    }

    fn restart(&mut self, session: &Session, mode: Mode) -> Result<Session, Failure> {
        self.attempts.clear();
        let mut next = match mode {
            Mode::Review => {
                // Every chapter's questions may be due. When the rest of the course has
                // problems, those of the chapters loaded are still reviewed.
                let _ = self.course.load_whole();
                self.review_session(None)?
            }
            Mode::Retry | Mode::Full => {
                let chapter = session
                    .items
                    .first()
                    .and_then(|i| self.course.current().chapter(&i.chapter.slug))
                    .ok_or_else(|| Failure::failed("the quiz's chapter is gone"))?;
                let missed = if session.phase == crate::app::quiz::Phase::Done {
                    session.missed()
                } else {
                    self.missed_last(chapter)?
                };
                self.retry_session(chapter, &missed)?
            }
        };
        next.phase = crate::app::quiz::Phase::Intro;
        Ok(next)
    }
}
