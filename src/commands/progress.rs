//! Reports and moving progress: `progress` (text or stable JSON), `export`, `import`,
//! `users` and `users remove`. These read the store and the course; only `import` and
//! `users remove` write.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde::Serialize;

use super::study::Study;
use super::{emit, emit_json};
use crate::app::versions::{carry, due_for_review};
use crate::cli::{Cli, ExportFormat, Failure};
use crate::content::answer::Response;
use crate::content::{Chapter, Course};
use crate::store::{Answer, Attempt, AttemptMode, UserHistory, now_ms};

/// The `progress --json` document. Field names and meanings are stable.
#[derive(Debug, Serialize)]
pub struct ProgressReport {
    pub user: String,
    pub due_reviews: usize,
    pub chapters: Vec<ChapterProgress>,
    pub weakest_objectives: Vec<ObjectiveScore>,
}

#[derive(Debug, Serialize)]
pub struct ChapterProgress {
    pub number: u32,
    pub slug: String,
    pub title: String,
    pub sections_read: usize,
    pub sections_total: usize,
    pub attempts: usize,
    /// Best finished full attempt, as a fraction from 0 to 1.
    pub best_score: Option<f64>,
    /// The best score was made on an earlier version of the chapter's quiz.
    pub best_earlier_version: bool,
    pub last_attempt: Option<LastAttempt>,
    /// Unix milliseconds of the last answer or section read.
    pub last_studied: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct LastAttempt {
    pub answered: usize,
    pub correct: usize,
    /// Answers to `open` questions, graded by the student: counted in `correct` when
    /// graded hard, good or easy.
    pub self_graded: usize,
    pub total: usize,
    pub finished: bool,
    /// The version of the quiz the attempt was taken on (a fingerprint of its questions).
    pub quiz_version: String,
    /// Whether that version is not the chapter's quiz as it is now.
    pub earlier_version: bool,
}

#[derive(Debug, Serialize)]
pub struct ObjectiveScore {
    pub chapter: u32,
    pub objective: String,
    pub text: String,
    pub correct: usize,
    pub answered: usize,
}

impl ObjectiveScore {
    fn ratio(&self) -> f64 {
        if self.answered == 0 {
            return 1.0;
        }
        self.correct as f64 / self.answered as f64
    }
}

/// Builds the report for the study's user.
pub fn report(course: &Course, study: &Study) -> Result<ProgressReport, Failure> {
    let store = &study.store;
    let user = &study.user;
    let mut chapters = Vec::new();
    let mut objectives: HashMap<(u32, String), ObjectiveScore> = HashMap::new();
    for chapter in &course.chapters {
        let attempts = store.attempts(user, &chapter.slug)?;
        let read = store.sections_read(user, &chapter.slug)?;
        let sections_read = chapter
            .sections
            .iter()
            .filter(|s| read.contains(&s.id))
            .count();
        let mut last_studied = store.position(user, &chapter.slug)?.map(|p| p.updated_at);
        let mut last_attempt = None;
        let mut answers_by_attempt = store.chapter_answers(user, &chapter.slug)?;
        let latest = attempts.iter().map(|a| (a.started_at, a.id)).max();
        for attempt in &attempts {
            let answers = answers_by_attempt.remove(&attempt.id).unwrap_or_default();
            for answer in &answers {
                last_studied = last_studied.max(Some(answer.answered_at));
                count_objective(chapter, &answer.question, answer.correct, &mut objectives);
            }
            last_studied = last_studied.max(Some(attempt.started_at));
            if latest == Some((attempt.started_at, attempt.id)) {
                last_attempt = Some(last_attempt_of(attempt, chapter, answers));
            }
        }
        let best = store.best_attempt(user, &chapter.slug)?;
        let version = chapter.quiz.as_ref().map(|q| q.content_hash());
        chapters.push(ChapterProgress {
            number: chapter.number,
            slug: chapter.slug.clone(),
            title: chapter.title.clone(),
            sections_read,
            sections_total: chapter.sections.len(),
            attempts: attempts.len(),
            best_score: best
                .as_ref()
                .filter(|a| a.max > 0)
                .map(|a| f64::from(a.score) / f64::from(a.max)),
            best_earlier_version: best.is_some_and(|a| Some(&a.quiz_hash) != version.as_ref()),
            last_attempt,
            last_studied,
        });
    }
    let due_reviews = due_for_review(course, store.reviews(user, None)?, now_ms()).len();
    Ok(ProgressReport {
        user: user.clone(),
        due_reviews,
        chapters,
        weakest_objectives: weakest(objectives),
    })
}

/// The latest attempt as the quiz screens count it: an unfinished one by the answers that
/// still count on the quiz as it is now (what resuming keeps), a finished one by the
/// answers to the questions of its version.
fn last_attempt_of(attempt: &Attempt, chapter: &Chapter, answers: Vec<Answer>) -> LastAttempt {
    let version = chapter.quiz.as_ref().map(|q| q.content_hash());
    let earlier = version.as_ref().is_some_and(|v| *v != attempt.quiz_hash);
    let finished = attempt.finished_at.is_some();
    let answers = match &chapter.quiz {
        Some(quiz) if !(earlier && finished) => carry(quiz, !earlier, answers).kept,
        _ => answers,
    };
    LastAttempt {
        answered: answers.len(),
        correct: answers.iter().filter(|a| a.correct).count(),
        self_graded: answers.iter().filter(|a| is_self_graded(a)).count(),
        total: attempt_total(attempt, chapter),
        finished,
        quiz_version: attempt.quiz_hash.clone(),
        earlier_version: earlier,
    }
}

fn is_self_graded(answer: &Answer) -> bool {
    Response::from_json(&answer.response).is_some_and(|r| r.self_grade().is_some())
}

/// Questions in an attempt: its recorded maximum once finished, else the whole quiz.
fn attempt_total(attempt: &Attempt, chapter: &Chapter) -> usize {
    if attempt.finished_at.is_some() || attempt.mode != AttemptMode::Full {
        attempt.max as usize
    } else {
        chapter.question_count()
    }
}

fn count_objective(
    chapter: &Chapter,
    question: &str,
    correct: bool,
    into: &mut HashMap<(u32, String), ObjectiveScore>,
) {
    let Some(q) = chapter
        .quiz
        .as_ref()
        .and_then(|quiz| quiz.question(question))
    else {
        return;
    };
    let text = chapter
        .objective(&q.objective)
        .map_or_else(String::new, |o| o.text.clone());
    let entry = into
        .entry((chapter.number, q.objective.clone()))
        .or_insert_with(|| ObjectiveScore {
            chapter: chapter.number,
            objective: q.objective.clone(),
            text,
            correct: 0,
            answered: 0,
        });
    entry.answered += 1;
    entry.correct += usize::from(correct);
}

/// The three objectives with the lowest share of right answers.
fn weakest(objectives: HashMap<(u32, String), ObjectiveScore>) -> Vec<ObjectiveScore> {
    let mut all: Vec<ObjectiveScore> = objectives
        .into_values()
        .filter(|o| o.correct < o.answered)
        .collect();
    all.sort_by(|a, b| {
        a.ratio()
            .total_cmp(&b.ratio())
            .then(b.answered.cmp(&a.answered))
            .then(a.objective.cmp(&b.objective))
    });
    all.truncate(3);
    all
}

/// Runs `progress`.
pub fn progress(cli: &Cli, course: &Course, json: bool) -> Result<(), Failure> {
    let study = Study::open(cli)?;
    let report = report(course, &study)?;
    if json {
        return emit_json(&report);
    }
    let text = progress_text(&report);
    emit(|out| out.write_all(text.as_bytes()))
}

fn percent(ratio: f64) -> String {
    format!("{:.0}%", ratio * 100.0)
}

fn progress_text(report: &ProgressReport) -> String {
    let mut out = format!("Progress of '{}'\n\n", report.user);
    out.push_str(&format!(
        "{:<4}{:<28}{:>9}{:>10}{:>7}  {}\n",
        "#", "chapter", "sections", "attempts", "best", "last studied"
    ));
    for c in &report.chapters {
        let title = crate::render::wrap::truncate(
            &crate::render::Line::text(
                c.title.clone(),
                crate::render::Style::of(crate::render::Role::Body),
            ),
            26,
        )
        .plain();
        let mark = if c.best_earlier_version { "*" } else { "" };
        let best = c
            .best_score
            .map_or("-".to_string(), |b| format!("{}{mark}", percent(b)));
        let when = c.last_studied.map_or("never".to_string(), date);
        out.push_str(&format!(
            "{:<4}{:<28}{:>9}{:>10}{:>7}  {when}\n",
            c.number,
            title,
            format!("{}/{}", c.sections_read, c.sections_total),
            c.attempts,
            best
        ));
    }
    if report.chapters.iter().any(|c| c.best_earlier_version) {
        out.push_str("* on an earlier version of the chapter's quiz\n");
    }
    out.push_str(&format!("\nReviews due: {}", report.due_reviews));
    if report.due_reviews > 0 {
        out.push_str(" (mlsys-learn review)");
    }
    out.push('\n');
    if !report.weakest_objectives.is_empty() {
        out.push_str("\nWeakest objectives:\n");
        for o in &report.weakest_objectives {
            out.push_str(&format!(
                "  {} right of {} ({})  chapter {}: {}\n",
                o.correct,
                o.answered,
                percent(o.ratio()),
                o.chapter,
                o.text
            ));
        }
    }
    out
}

/// A Unix-millisecond time as a UTC date.
fn date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map_or_else(|| "-".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

/// Runs `export`.
pub fn export(cli: &Cli, format: ExportFormat, output: Option<&Path>) -> Result<(), Failure> {
    let study = Study::open(cli)?;
    let text = match format {
        ExportFormat::Json => study
            .store
            .export(&study.user)
            .and_then(|h| h.to_json())
            .map(|t| t + "\n"),
        ExportFormat::Csv => study.store.export_csv(&study.user),
    }?;
    match output {
        Some(path) => fs::write(path, text)
            .map_err(|e| Failure::failed(format!("cannot write '{}': {e}", path.display()))),
        None => emit(|out| out.write_all(text.as_bytes())),
    }
}

/// Runs `import FILE`.
pub fn import(cli: &Cli, file: &Path) -> Result<(), Failure> {
    let text = fs::read_to_string(file)
        .map_err(|e| Failure::usage(format!("cannot read '{}': {e}", file.display())))?;
    let history = UserHistory::from_json(&text)
        .map_err(|e| Failure::failed(format!("cannot import '{}': {e}", file.display())))?;
    let mut study = Study::open(cli)?;
    let report = study.store.import(&study.user, &history)?;
    let summary = if report.changed() == 0 {
        format!(
            "nothing new in '{}': '{}' already has all of it",
            file.display(),
            study.user
        )
    } else {
        format!(
            "imported into '{}': {} attempt(s), {} answer(s), {} section(s) read, {} position(s), {} review(s), {} note(s), {} bookmark(s)",
            study.user,
            report.attempts,
            report.answers,
            report.sections_read,
            report.positions,
            report.reviews,
            report.notes,
            report.bookmarks
        )
    };
    emit(|out| writeln!(out, "{summary}"))
}

/// Runs `users`.
pub fn users(cli: &Cli) -> Result<(), Failure> {
    let study = Study::open(cli)?;
    let users = study.store.list_users()?;
    let mut text = String::new();
    if users.is_empty() {
        text.push_str(
            "No users yet: progress is recorded from the first quiz answer or section read.\n",
        );
    }
    for u in &users {
        let mark = if u.name.eq_ignore_ascii_case(&study.user) {
            "*"
        } else {
            " "
        };
        text.push_str(&format!(
            "{mark} {:<20} {} attempt(s), {} answer(s), {} section(s) read, last active {}\n",
            u.name,
            u.attempts,
            u.answers,
            u.sections_read,
            date(u.last_active_at)
        ));
    }
    emit(|out| out.write_all(text.as_bytes()))
}

/// Runs `users remove NAME --yes`.
pub fn remove_user(cli: &Cli, name: &str, yes: bool) -> Result<(), Failure> {
    super::study::given_user_name(name)?;
    if !yes {
        return Err(Failure::usage(format!(
            "refusing to delete every record of '{name}' without --yes (export them first: mlsys-learn --user {name} export -o {name}.json)"
        )));
    }
    let mut study = Study::open(cli)?;
    let removed = study.store.remove_user(name)?;
    if !removed {
        return Err(Failure::failed(format!("no user '{name}' on this machine")));
    }
    emit(|out| writeln!(out, "removed '{name}' and all their records"))
}
