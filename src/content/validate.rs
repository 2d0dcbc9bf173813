//! Checks that span files: a quiz names a real chapter, its questions cite real sections and
//! objectives, ids and glossary terms are unique across the course, in-text checks name
//! questions that exist. Each file's own syntax (and a diagram's `details` table, which
//! lives in the same chapter) is checked where it is parsed; this is what only the whole
//! course can tell.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::model::{Block, Chapter, Course, Pos};
use super::quiz::{Question, QuestionKind, Quiz};
use super::source::Diagnostic;

fn diagnostic(path: &str, pos: Pos, message: String) -> Diagnostic {
    Diagnostic {
        path: path.to_string(),
        pos,
        message,
    }
}

/// The files that already had problems of their own, so that what follows from them (a
/// quiz whose chapter did not load, a check whose question did not load) is not reported
/// a second time.
#[derive(Debug, Default)]
pub struct Broken {
    stems: HashSet<String>,
}

impl Broken {
    pub fn note(&mut self, path: &str) {
        self.stems.insert(stem(path));
    }

    fn has(&self, path: &str) -> bool {
        self.stems.contains(&stem(path))
    }
}

/// "chapters/01-intro.md" and "quizzes/01-intro.toml" share the stem "01-intro".
fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// Attaches each quiz to its chapter and reports every cross-file problem. Without
/// quizzes (`None`: they were not loaded) what concerns them is not checked.
pub fn validate(
    course: &mut Course,
    quizzes: Option<Vec<Quiz>>,
    broken: &Broken,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_chapters(course, broken, &mut out);
    let quizzes_loaded = quizzes.is_some();
    let quizzes = quizzes.unwrap_or_default();
    check_question_ids(&quizzes, &mut out);
    for quiz in quizzes {
        if broken.has(&quiz.path) && course.chapters.iter().all(|c| c.slug != quiz.chapter) {
            continue;
        }
        attach_quiz(course, quiz, &mut out);
    }
    for chapter in &course.chapters {
        let quiz_broken = chapter
            .quiz
            .as_ref()
            .map_or(broken.has(&chapter.path), |q| broken.has(&q.path));
        if quizzes_loaded && !quiz_broken {
            check_checks(chapter, &mut out);
        }
        check_takeaways(chapter, &mut out);
        check_figures(chapter, &mut out);
        if let Some(quiz) = &chapter.quiz {
            check_citations(chapter, quiz, &mut out);
        }
    }
    check_glossary(course, &mut out);
    out
}

fn check_chapters(course: &Course, broken: &Broken, out: &mut Vec<Diagnostic>) {
    let mut numbers: HashMap<u32, &Chapter> = HashMap::new();
    let mut slugs: HashMap<&str, &Chapter> = HashMap::new();
    for chapter in &course.chapters {
        if let Some(first) = numbers.insert(chapter.number, chapter) {
            out.push(diagnostic(
                &chapter.path,
                Pos { line: 1, col: 1 },
                format!(
                    "chapter number '{}' is also used by '{}'",
                    chapter.number, first.path
                ),
            ));
        }
        if let Some(first) = slugs.insert(&chapter.slug, chapter) {
            out.push(diagnostic(
                &chapter.path,
                Pos { line: 1, col: 1 },
                format!(
                    "chapter slug '{}' is also used by '{}'",
                    chapter.slug, first.path
                ),
            ));
        }
        let expected = format!("chapters/{:02}-{}.md", chapter.number, chapter.slug);
        if chapter.path != expected && !chapter.path.is_empty() {
            out.push(diagnostic(
                &chapter.path,
                Pos { line: 1, col: 1 },
                format!("file name does not match the front matter: expected '{expected}'"),
            ));
        }
        // A broken course.toml is reported on its own: its parts are not missed again.
        if course.part(&chapter.part).is_none() && !broken.has("course.toml") {
            let known: Vec<_> = course.parts.iter().map(|p| p.id.as_str()).collect();
            let message = if known.is_empty() {
                format!(
                    "unknown part '{0}': the course defines no parts (add a course.toml with a [[parts]] entry whose id is '{0}')",
                    chapter.part
                )
            } else {
                format!(
                    "unknown part '{}' (parts: {})",
                    chapter.part,
                    known.join(", ")
                )
            };
            out.push(diagnostic(&chapter.path, chapter.part_pos, message));
        }
        if chapter.sections.is_empty() {
            out.push(diagnostic(
                &chapter.path,
                Pos { line: 1, col: 1 },
                "chapter has no sections: start one with '## Title {#id}'".to_string(),
            ));
        }
    }
}

fn check_question_ids(quizzes: &[Quiz], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, (&str, Pos)> = HashMap::new();
    for quiz in quizzes {
        for question in &quiz.questions {
            if let Some((path, pos)) = seen.insert(&question.id, (&quiz.path, question.pos)) {
                out.push(diagnostic(
                    &quiz.path,
                    question.pos,
                    format!(
                        "duplicate question id '{}' (first at {path}:{}:{})",
                        question.id, pos.line, pos.col
                    ),
                ));
            }
        }
    }
}

fn attach_quiz(course: &mut Course, quiz: Quiz, out: &mut Vec<Diagnostic>) {
    let Some(index) = course.chapters.iter().position(|c| c.slug == quiz.chapter) else {
        // Listed only when needed: building it for every quiz made loading quadratic.
        let list = course.chapter_list();
        out.push(diagnostic(
            &quiz.path,
            quiz.pos,
            format!(
                "quiz for chapter '{}', but there is no such chapter (chapters: {list})",
                quiz.chapter
            ),
        ));
        return;
    };
    let chapter = &mut course.chapters[index];
    // Against the name the chapter's file should have: a misnamed chapter file is
    // reported on its own, and its quiz is not blamed for it.
    let expected = format!("{:02}-{}", chapter.number, chapter.slug);
    if stem(&quiz.path) != expected {
        out.push(diagnostic(
            &quiz.path,
            quiz.pos,
            format!(
                "quiz file is named for another chapter: the quiz of chapter {} '{}' is 'quizzes/{expected}.toml'",
                chapter.number, quiz.chapter,
            ),
        ));
    }
    if let Some(first) = &chapter.quiz {
        out.push(diagnostic(
            &quiz.path,
            quiz.pos,
            format!(
                "chapter '{}' already has a quiz: '{}'",
                quiz.chapter, first.path
            ),
        ));
        return;
    }
    chapter.quiz = Some(quiz);
}

fn check_citations(chapter: &Chapter, quiz: &Quiz, out: &mut Vec<Diagnostic>) {
    let sections: Vec<_> = chapter.sections.iter().map(|s| s.id.as_str()).collect();
    let objectives: Vec<_> = chapter.objectives.iter().map(|o| o.id.as_str()).collect();
    for question in &quiz.questions {
        if chapter.section(&question.section).is_none() {
            out.push(diagnostic(
                &quiz.path,
                question.section_pos,
                format!(
                    "question '{}' cites section '{}', which chapter {} does not have (sections: {})",
                    question.id,
                    question.section,
                    chapter.number,
                    sections.join(", ")
                ),
            ));
        }
        if chapter.objective(&question.objective).is_none() {
            out.push(diagnostic(
                &quiz.path,
                question.objective_pos,
                format!(
                    "question '{}' cites objective '{}', which chapter {} does not have (objectives: {})",
                    question.id,
                    question.objective,
                    chapter.number,
                    objectives.join(", ")
                ),
            ));
        }
    }
}

fn check_checks(chapter: &Chapter, out: &mut Vec<Diagnostic>) {
    let mut questions: HashMap<&str, &Question> = HashMap::new();
    for question in chapter.quiz.iter().flat_map(|q| &q.questions) {
        questions.entry(question.id.as_str()).or_insert(question);
    }
    chapter.visit_all(&mut |block| {
        let Block::Check {
            question,
            hint,
            pos,
            ..
        } = block
        else {
            return;
        };
        let found = questions.get(question.as_str());
        if question.is_empty() {
            return;
        }
        if found.is_none() {
            out.push(diagnostic(
                &chapter.path,
                *pos,
                format!("in-text check names question '{question}', which the chapter's quiz does not have"),
            ));
        } else if found.is_some_and(|q| matches!(q.kind, QuestionKind::Open { .. })) {
            out.push(diagnostic(
                &chapter.path,
                *pos,
                format!("in-text check names '{question}', an open question: open questions are self-graded, so only the quiz asks them"),
            ));
        } else if hint.is_none() && found.is_some_and(|q| q.hint.trim().is_empty()) {
            out.push(diagnostic(
                &chapter.path,
                *pos,
                format!("in-text check '{question}' has no hint"),
            ));
        }
    });
}

/// At most one key-takeaways callout: the chapter-complete screen shows it.
fn check_takeaways(chapter: &Chapter, out: &mut Vec<Diagnostic>) {
    let mut seen = 0;
    chapter.visit_all(&mut |block| {
        if let Block::Callout {
            kind: super::model::CalloutKind::Takeaways,
            ..
        } = block
        {
            seen += 1;
        }
    });
    if seen > 1 {
        out.push(diagnostic(
            &chapter.path,
            Pos { line: 1, col: 1 },
            format!("chapter has {seen} '[!TAKEAWAYS]' callouts; keep one"),
        ));
    }
}

fn check_figures(chapter: &Chapter, out: &mut Vec<Diagnostic>) {
    let figures = chapter.figures();
    for (i, figure) in figures.iter().enumerate() {
        let Some(id) = &figure.diagram.id else {
            continue;
        };
        if figures[..i]
            .iter()
            .any(|f| f.diagram.id.as_ref() == Some(id))
        {
            out.push(diagnostic(
                &chapter.path,
                figure.pos,
                format!("duplicate figure id '{id}' (each figure of a chapter needs its own)"),
            ));
        }
    }
}

fn check_glossary(course: &Course, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, (&str, Pos)> = HashMap::new();
    for chapter in &course.chapters {
        chapter.visit_all(&mut |block| {
            let Block::Definition { term, pos, .. } = block else {
                return;
            };
            let key = term.to_lowercase();
            if let Some((path, first)) = seen.get(&key) {
                out.push(diagnostic(
                    &chapter.path,
                    *pos,
                    format!(
                        "glossary term '{term}' is defined twice (first at {path}:{}:{})",
                        first.line, first.col
                    ),
                ));
            } else {
                seen.insert(key, (&chapter.path, *pos));
            }
        });
    }
}
