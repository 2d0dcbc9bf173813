//! `read` in a terminal: open the reader where the student left off, run it, and carry out
//! its effects against the store (sections read, position, notes, bookmarks, in-text
//! check answers). Leaving by `Q` hands over to the chapter's quiz.

use super::Settings;
use super::quiz::QuizOptions;
use super::study::Study;
use crate::app::panes::notes::orphaned_marks;
use crate::app::quiz::{Outcome, Score};
use crate::app::reader::{Effect, Focus, Reader, Start};
use crate::cli::{Cli, Failure};
use crate::content::{Chapter, Course, CourseOnDemand};
use crate::schedule::Grade;
use crate::screens::reader::ReaderScreen;
use crate::store::{AttemptMode, now_ms};
use crate::tui::{self, Step};
use crate::ui::reader::{layout, narrative_size};

/// How the reader session ended.
enum Exit {
    Quit,
    Quiz,
    /// The student moved to another chapter (an index into the course).
    Chapter(usize),
}

/// Runs the reader on `chapter` where the student left off, until they quit; `Q` goes on
/// to the chapter's quiz. `course` may hold that chapter alone: the rest is loaded when a
/// key needs it (the next chapter, a term defined elsewhere).
pub fn read(
    cli: &Cli,
    course: &CourseOnDemand<'_>,
    chapter: &Chapter,
    settings: Settings,
) -> Result<(), Failure> {
    let mut slug = chapter.slug.clone();
    loop {
        let exit = open(cli, course, &slug, None, &settings)?;
        let current = course.current();
        match exit {
            Exit::Quit => return Ok(()),
            Exit::Quiz => {
                let chapter = find(current, &slug)?;
                return super::quiz::quiz(cli, course, chapter, QuizOptions::default(), &settings);
            }
            Exit::Chapter(index) => match current.chapters.get(index) {
                Some(next) => slug.clone_from(&next.slug),
                None => return Ok(()),
            },
        }
    }
}

/// Opens the reader at `section` from a quiz: leaving it (by `q` or `Q`) returns there.
pub fn read_section(
    cli: &Cli,
    course: &CourseOnDemand<'_>,
    chapter: &Chapter,
    section: &str,
    settings: &Settings,
) -> Result<(), Failure> {
    open(cli, course, &chapter.slug, Some(section), settings).map(|_| ())
}

fn find<'c>(course: &'c Course, slug: &str) -> Result<&'c Chapter, Failure> {
    course
        .chapter(slug)
        .ok_or_else(|| Failure::failed("the chapter is not in the course"))
}

fn open(
    cli: &Cli,
    course: &CourseOnDemand<'_>,
    slug: &str,
    section: Option<&str>,
    settings: &Settings,
) -> Result<Exit, Failure> {
    let mut study = Study::open(cli)?;
    let chapter = find(course.current(), slug)?;
    let mut start = start(&study, chapter)?;
    if let Some(section) = section {
        start.section = Some(section.to_string());
        start.line = 0;
    }
    run(&mut study, course, slug, start, settings)
}

/// Where and with what the reader opens, from the store.
fn start(study: &Study, chapter: &Chapter) -> Result<Start, Failure> {
    let store = &study.store;
    let user = &study.user;
    let position = store.position(user, &chapter.slug)?;
    let marks = store.bookmarks(user)?;
    let orphans = orphaned_marks(chapter, &store.notes(user)?, &marks);
    let bookmarks = marks
        .into_iter()
        .filter(|b| b.chapter == chapter.slug)
        .map(|b| b.section)
        .collect();
    Ok(Start {
        section: position.as_ref().map(|p| p.section.clone()),
        line: position.map_or(0, |p| p.line as usize),
        read: store.sections_read(user, &chapter.slug)?,
        bookmarks,
        best: store.best_score(user, &chapter.slug)?.map(|s| Score {
            score: s.score,
            max: s.max,
        }),
        figures: store.figure_settings(user, &chapter.slug)?,
        orphans,
    })
}

/// Runs the reader until the student quits or asks for the quiz, carrying out its effects
/// as they come and keeping the notes tab on the current section.
fn run(
    study: &mut Study,
    course: &CourseOnDemand<'_>,
    slug: &str,
    start: Start,
    settings: &Settings,
) -> Result<Exit, Failure> {
    let current = course.current();
    let index = current
        .chapters
        .iter()
        .position(|c| c.slug == slug)
        .ok_or_else(|| Failure::failed("the chapter is not in the course"))?;
    // Opened at the window's size, so the first frame does not render the chapter twice.
    let (width, height) = narrative_size(&layout(tui::window(), false, Focus::Narrative));
    let reader = Reader::new(current, index, start, width, height, settings.keys.clone());
    let mut screen =
        ReaderScreen::on_demand(reader, course, &settings.theme).with_mouse(settings.mouse);
    sync_note(study, screen.course(), &mut screen.reader)?;
    tui::run(&mut screen, |screen, effects| {
        let exit = effects.iter().find_map(|e| match e {
            Effect::Quit => Some(Exit::Quit),
            Effect::StartQuiz => Some(Exit::Quiz),
            Effect::OpenChapter(index) => Some(Exit::Chapter(*index)),
            _ => None,
        });
        apply_all(study, screen.reader.chapter(screen.course()), effects)?;
        if let Some(exit) = exit {
            return Ok(Step::Exit(exit));
        }
        sync_note(study, screen.course(), &mut screen.reader)?;
        Ok(Step::Continue)
    })
}

/// Keeps the notes tab on the current section: saves an unsaved edit, loads the new note.
fn sync_note(study: &mut Study, course: &Course, reader: &mut Reader) -> Result<(), Failure> {
    let section = reader.current_section().to_string();
    if section.is_empty() || reader.notes.section() == section {
        return Ok(());
    }
    let slug = reader.chapter(course).slug.clone();
    if let Some((old, text)) = reader.notes.take_changed() {
        study
            .store
            .save_note(&study.user, &slug, &old, &text, now_ms())?;
    }
    let note = study.store.note(&study.user, &slug, &section)?;
    reader
        .notes
        .load(&section, note.as_ref().map_or("", |n| n.text.as_str()));
    Ok(())
}

fn apply_all(study: &mut Study, chapter: &Chapter, effects: Vec<Effect>) -> Result<(), Failure> {
    for effect in effects {
        apply(study, chapter, effect)?;
    }
    Ok(())
}

fn apply(study: &mut Study, chapter: &Chapter, effect: Effect) -> Result<(), Failure> {
    let store = &mut study.store;
    let user = study.user.as_str();
    let slug = chapter.slug.as_str();
    let now = now_ms();
    match effect {
        Effect::MarkRead(section) => store.mark_section_read(user, slug, &section, now)?,
        Effect::SavePosition { section, line } => {
            let line = u32::try_from(line).unwrap_or(u32::MAX);
            if !section.is_empty() {
                store.save_position(user, slug, &section, line, now)?;
            }
        }
        Effect::SaveNote { section, text } => store.save_note(user, slug, &section, &text, now)?,
        Effect::AddBookmark(section) => store.add_bookmark(user, slug, &section, now)?,
        Effect::RemoveBookmark(section) => {
            store.remove_bookmark(user, slug, &section)?;
        }
        Effect::SaveFigure { figure, positions } => {
            store.save_figure_settings(user, slug, &figure, &positions, now)?;
        }
        Effect::RecordCheck(outcome) => record_check(study, chapter, &outcome)?,
        Effect::OpenChapter(_) => {}
        Effect::StartQuiz | Effect::Quit => {}
    }
    Ok(())
}

/// An in-text check is stored like a quiz answer: a one-question review attempt.
fn record_check(study: &mut Study, chapter: &Chapter, outcome: &Outcome) -> Result<(), Failure> {
    let store = &mut study.store;
    let user = study.user.as_str();
    let now = now_ms();
    let hash = chapter
        .quiz
        .as_ref()
        .map(|q| q.content_hash())
        .unwrap_or_default();
    let attempt = store.start_attempt(user, &chapter.slug, &hash, AttemptMode::Review, now)?;
    let answer = crate::store::Answer {
        question: outcome.question_id.clone(),
        response: super::quiz::stored_response(chapter, outcome),
        correct: outcome.correct,
        hint_used: outcome.hint_used,
        elapsed_ms: u64::try_from(outcome.elapsed_ms).unwrap_or(0),
        answered_at: now,
    };
    store.record_answer(attempt.id, &answer)?;
    store.finish_attempt(attempt.id, u32::from(outcome.correct), 1, now)?;
    let grade = Grade::from_correct(outcome.correct, outcome.hint_used);
    let key = super::quiz::question_key(chapter, &outcome.question_id).unwrap_or_default();
    store.record_review(user, &chapter.slug, &outcome.question_id, &key, grade, now)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::answer::Response;
    use crate::store::{Store, database_path};

    #[test]
    fn an_in_text_check_is_stored_with_how_long_it_took() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&database_path(dir.path()))
            .expect("opens")
            .store;
        let mut study = Study {
            user: "ann".to_string(),
            store,
        };
        let course = crate::content::load_course(None).expect("loads").course;
        let chapter = &course.chapters[0];
        let outcome = Outcome {
            question_id: "intro-hidden-debt-share".to_string(),
            chapter: chapter.slug.clone(),
            section: String::new(),
            objective: String::new(),
            response: Response::Numeric("5".to_string()),
            correct: true,
            hint_used: false,
            elapsed_ms: 3_500,
        };
        apply(&mut study, chapter, Effect::RecordCheck(outcome)).expect("recorded");
        let answers = study
            .store
            .chapter_answers("ann", &chapter.slug)
            .expect("reads");
        let stored: Vec<u64> = answers.values().flatten().map(|a| a.elapsed_ms).collect();
        assert_eq!(stored, vec![3_500]);
    }
}
