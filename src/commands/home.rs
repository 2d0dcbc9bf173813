//! Gathers what the course home shows from the store: each chapter's sections read, quiz
//! attempts and best score (the same figures as `progress`), the reviews due, and where
//! to continue: the chapter studied last (reading position or quiz answer) and the
//! section the student was in.

use super::Settings;
use super::progress::{ProgressReport, report};
use super::quiz::QuizOptions;
use super::study::Study;
use crate::app::home::{Home, HomeEffect};
use crate::app::home::{HomeData, Resume, SectionRef};
use crate::cli::Cli;
use crate::cli::Failure;
use crate::content::{Chapter, Course, CourseOnDemand};
use crate::screens::home::HomeScreen;
use crate::tui::{self, Step};

/// The home screen's data for the study's user.
pub fn home_data(course: &Course, study: &Study) -> Result<HomeData, Failure> {
    let report = report(course, study)?;
    let mut data = HomeData::fresh(course);
    for (status, progress) in data.chapters.iter_mut().zip(&report.chapters) {
        status.sections_read = progress.sections_read;
        status.sections_total = progress.sections_total;
        status.best_score = progress.best_score;
        status.attempts = progress.attempts;
    }
    data.due_reviews = report.due_reviews;
    data.resume = match last_studied(&report) {
        Some(index) => Some(resume(course, study, index)?),
        None => None,
    };
    Ok(data)
}

/// The index of the chapter studied most recently (the later chapter on a tie).
fn last_studied(report: &ProgressReport) -> Option<usize> {
    report
        .chapters
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.last_studied.map(|at| (at, i)))
        .max()
        .map(|(_, i)| i)
}

/// Where to continue in the chapter with this index: the section of the reading position
/// or of the last answer, whichever is more recent.
fn resume(course: &Course, study: &Study, index: usize) -> Result<Resume, Failure> {
    let Some(chapter) = course.chapters.get(index) else {
        return Ok(Resume {
            chapter: index,
            section: None,
        });
    };
    let position = study
        .store
        .position(&study.user, &chapter.slug)?
        .map(|p| (p.updated_at, p.section));
    let answer = last_answer_section(chapter, study)?;
    let latest = match (position, answer) {
        (Some(p), Some(a)) => Some(if a.0 > p.0 { a } else { p }),
        (p, a) => p.or(a),
    };
    let section = latest.and_then(|(_, id)| section_ref(chapter, &id));
    Ok(Resume {
        chapter: index,
        section,
    })
}

/// The time and section of the chapter's most recent quiz answer.
fn last_answer_section(chapter: &Chapter, study: &Study) -> Result<Option<(i64, String)>, Failure> {
    let store = &study.store;
    let attempts = store.attempts(&study.user, &chapter.slug)?;
    let mut latest: Option<(i64, String)> = None;
    for attempt in &attempts {
        let answers = store.answers(attempt.id)?;
        for answer in answers {
            if latest
                .as_ref()
                .is_some_and(|(at, _)| *at > answer.answered_at)
            {
                continue;
            }
            let section = chapter
                .quiz
                .as_ref()
                .and_then(|quiz| quiz.question(&answer.question))
                .map(|q| q.section.clone());
            if let Some(section) = section {
                latest = Some((answer.answered_at, section));
            }
        }
    }
    Ok(latest)
}

fn section_ref(chapter: &Chapter, id: &str) -> Option<SectionRef> {
    chapter.section(id).map(|s| SectionRef {
        id: s.id.clone(),
        label: format!("{} {}", s.number, s.title),
    })
}

/// Runs the course home until the student quits; chapters, quizzes and reviews opened from
/// it return to it, with its figures fresh.
pub fn run(cli: &Cli, course: &Course, settings: &Settings) -> Result<(), Failure> {
    let whole = CourseOnDemand::whole(course);
    loop {
        let data = home_data(course, &Study::open(cli)?)?;
        let resume = data.resume.as_ref().map_or(0, |r| r.chapter);
        let Some(effect) = choose(Home::new(data), course, &settings.theme)? else {
            return Ok(());
        };
        match effect {
            HomeEffect::OpenChapter(i) => {
                super::reader::read(cli, &whole, &course.chapters[i], settings.clone())?
            }
            HomeEffect::Continue => {
                super::reader::read(cli, &whole, &course.chapters[resume], settings.clone())?;
            }
            HomeEffect::Quiz(i) => {
                super::quiz::quiz(
                    cli,
                    &whole,
                    &course.chapters[i],
                    QuizOptions::default(),
                    settings,
                )?;
            }
            HomeEffect::Review => super::quiz::review(cli, course, None, settings)?,
            HomeEffect::Stats => super::stats::show(cli, course, settings, false)?,
            HomeEffect::Quit => return Ok(()),
        }
    }
}

/// Shows the home until a key asks for something; `None` when the student quits.
fn choose(
    home: Home,
    course: &Course,
    theme: &crate::ui::theme::Theme,
) -> Result<Option<HomeEffect>, Failure> {
    let mut screen = HomeScreen::new(home, course, theme);
    tui::run(&mut screen, |_, effects| {
        Ok(match effects.into_iter().next() {
            Some(HomeEffect::Quit) => Step::Exit(None),
            Some(effect) => Step::Exit(Some(effect)),
            None => Step::Continue,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_course;
    use crate::schedule::Grade;
    use crate::store::{Answer, AttemptMode, Store};

    const T0: i64 = 1_700_000_000_000;
    const USER: &str = "ana";

    fn course() -> Course {
        load_course(None).expect("the built-in course").course
    }

    fn study(dir: &tempfile::TempDir) -> Study {
        let opened = Store::open(&dir.path().join("progress.sqlite3")).expect("store");
        Study {
            user: USER.to_string(),
            store: opened.store,
        }
    }

    fn answer(question: &str, correct: bool, at: i64) -> Answer {
        Answer {
            question: question.to_string(),
            response: "\"x\"".to_string(),
            correct,
            hint_used: false,
            elapsed_ms: 1000,
            answered_at: at,
        }
    }

    /// The id and section of one question of chapter 1 whose section differs from `not`.
    fn question_outside(chapter: &Chapter, not: &str) -> (String, String) {
        let quiz = chapter.quiz.as_ref().expect("chapter 1 has a quiz");
        let q = quiz
            .questions
            .iter()
            .find(|q| q.section != not)
            .expect("a question in another section");
        (q.id.clone(), q.section.clone())
    }

    #[test]
    fn a_new_student_has_nothing_to_continue() {
        let course = course();
        let dir = tempfile::tempdir().expect("temp dir");
        let data = home_data(&course, &study(&dir)).expect("data");
        assert_eq!(data, HomeData::fresh(&course));
        assert_eq!(
            data.chapters[0].sections_total,
            course.chapters[0].sections.len()
        );
        assert!(data.chapters[0].questions > 0);
    }

    #[test]
    fn progress_scores_reviews_and_the_reading_position_are_gathered() {
        let course = course();
        let chapter = &course.chapters[0];
        let dir = tempfile::tempdir().expect("temp dir");
        let mut study = study(&dir);
        let store = &mut study.store;
        for section in &chapter.sections[..2] {
            store
                .mark_section_read(USER, &chapter.slug, &section.id, T0)
                .expect("read");
        }
        let (question, _) = question_outside(chapter, "");
        let attempt = store
            .start_attempt(USER, &chapter.slug, "hash", AttemptMode::Full, T0)
            .expect("attempt");
        store
            .record_answer(attempt.id, &answer(&question, false, T0 + 1))
            .expect("answer");
        store
            .finish_attempt(attempt.id, 3, 4, T0 + 2)
            .expect("finish");
        store
            .record_review(USER, &chapter.slug, &question, "k", Grade::Again, T0 + 2)
            .expect("review");
        let third = &chapter.sections[2];
        store
            .save_position(USER, &chapter.slug, &third.id, 12, T0 + 10)
            .expect("position");
        let data = home_data(&course, &study).expect("data");
        let status = &data.chapters[0];
        assert_eq!(status.sections_read, 2);
        assert_eq!(status.attempts, 1);
        assert_eq!(status.best_score, Some(0.75));
        assert_eq!(data.due_reviews, 1);
        let resume = data.resume.expect("something to continue");
        assert_eq!(resume.chapter, 0);
        let section = resume.section.expect("a section");
        assert_eq!(section.id, third.id);
        assert_eq!(section.label, format!("{} {}", third.number, third.title));
    }

    #[test]
    fn a_later_answer_names_its_section() {
        let course = course();
        let chapter = &course.chapters[0];
        let dir = tempfile::tempdir().expect("temp dir");
        let mut study = study(&dir);
        let first = &chapter.sections[0];
        let (question, section) = question_outside(chapter, &first.id);
        let store = &mut study.store;
        store
            .save_position(USER, &chapter.slug, &first.id, 0, T0)
            .expect("position");
        let attempt = store
            .start_attempt(USER, &chapter.slug, "hash", AttemptMode::Full, T0 + 5)
            .expect("attempt");
        store
            .record_answer(attempt.id, &answer(&question, true, T0 + 6))
            .expect("answer");
        let data = home_data(&course, &study).expect("data");
        let resume = data.resume.expect("something to continue");
        assert_eq!(resume.section.map(|s| s.id), Some(section));
        assert_eq!(
            data.chapters[0].best_score, None,
            "unfinished attempts score nothing"
        );
        assert_eq!(data.chapters[0].attempts, 1);
    }
}
