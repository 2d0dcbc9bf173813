//! The class report a teacher reads: from the course's xAPI statements as an LRS returns
//! them, each question's class accuracy per chapter (weakest first) and each student's
//! chapters with their best scores. A pure function of the statements, the course and the
//! naming settings, so every rule is a unit test. It trusts nothing the LRS sends: a
//! statement of another verb, another course or before `since` (an LRS may ignore a query
//! filter) is left out, one id counts once, and anything malformed is skipped.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::statement::{EXT_MODE, VERB_ANSWERED, VERB_COMPLETED};
use crate::content::Course;

/// The `class report --json` document. Field names and meanings are stable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    /// The first day counted (`YYYY-MM-DD`, from 00:00 UTC), if one was asked for.
    pub since: Option<String>,
    /// The statements counted (answers and finished quizzes).
    pub statements: usize,
    pub chapters: Vec<ChapterReport>,
    pub students: Vec<StudentReport>,
}

/// One chapter's questions, weakest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChapterReport {
    /// The chapter's number in this course; `None` for a chapter it no longer has.
    pub number: Option<u32>,
    pub slug: String,
    pub title: String,
    pub questions: Vec<QuestionReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionReport {
    pub id: String,
    /// Every answer given (a student answering twice counts twice).
    pub answered: u64,
    pub correct: u64,
    /// `correct / answered`, from 0 to 1.
    pub accuracy: f64,
    /// How many students answered it.
    pub students: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentReport {
    pub name: String,
    pub answered: u64,
    pub correct: u64,
    pub chapters: Vec<StudentChapter>,
}

/// A chapter a student attempted: answered a question of, or finished a quiz of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentChapter {
    pub number: Option<u32>,
    pub slug: String,
    pub title: String,
    pub answered: u64,
    pub correct: u64,
    /// Quizzes finished (full, retry and review attempts).
    pub finished: u64,
    /// The best scaled score of a finished full quiz, from 0 to 1.
    pub best: Option<f64>,
}

/// Where the course's activities live and what to count.
pub struct Scope<'a> {
    pub course: &'a Course,
    /// The activity ids' common start (no trailing slash).
    pub activity_base: &'a str,
    pub since: Option<DateTime<Utc>>,
}

/// One statement the report counts, read from its JSON.
#[derive(Debug, Clone, PartialEq)]
enum Fact {
    Answered {
        student: String,
        chapter: String,
        question: String,
        success: bool,
    },
    Finished {
        student: String,
        chapter: String,
        /// The scaled score of a full attempt; `None` for retries and reviews.
        full_score: Option<f64>,
    },
}

/// The report over `statements` (in any order, from any number of pages).
pub fn class_report(statements: &[Value], scope: &Scope<'_>) -> ClassReport {
    let mut seen = HashSet::new();
    let facts: Vec<Fact> = statements
        .iter()
        .filter(|s| {
            s["id"]
                .as_str()
                .is_none_or(|id| seen.insert(id.to_string()))
        })
        .filter_map(|s| fact_of(s, scope))
        .collect();
    ClassReport {
        since: scope.since.map(|at| at.format("%Y-%m-%d").to_string()),
        statements: facts.len(),
        chapters: chapters(&facts, scope.course),
        students: students(&facts, scope.course),
    }
}

/// What one statement says, if it is an answer or a finished quiz of this course in range.
fn fact_of(statement: &Value, scope: &Scope<'_>) -> Option<Fact> {
    let at = DateTime::parse_from_rfc3339(statement["timestamp"].as_str()?).ok()?;
    if scope.since.is_some_and(|since| at < since) {
        return None;
    }
    let student = student_of(&statement["actor"])?;
    let object = statement["object"]["id"].as_str()?;
    let path = object
        .strip_prefix(scope.activity_base)?
        .strip_prefix('/')?;
    let segments: Vec<String> = path.split('/').map(unescape_segment).collect();
    match (statement["verb"]["id"].as_str()?, segments.as_slice()) {
        (VERB_ANSWERED, [chapter, kind, question]) if kind == "questions" => Some(Fact::Answered {
            student,
            chapter: chapter.clone(),
            question: question.clone(),
            success: statement["result"]["success"].as_bool()?,
        }),
        (VERB_COMPLETED, [chapter, kind]) if kind == "quiz" => {
            let mode = statement["context"]["extensions"][EXT_MODE].as_str();
            let full = mode.is_none_or(|m| m == "full");
            let scaled = statement["result"]["score"]["scaled"].as_f64();
            Some(Fact::Finished {
                student,
                chapter: chapter.clone(),
                full_score: scaled.filter(|_| full).map(|s| s.clamp(0.0, 1.0)),
            })
        }
        _ => None,
    }
}

/// The student's name: the account name, else the agent's other identifier.
fn student_of(actor: &Value) -> Option<String> {
    let named = actor["account"]["name"]
        .as_str()
        .or_else(|| actor["mbox"].as_str())
        .or_else(|| actor["openid"].as_str())
        .or_else(|| actor["name"].as_str())?;
    Some(named.to_string())
}

/// The chapters with answers, in the course's order (then unknown ones by slug), each
/// with its questions weakest first.
fn chapters(facts: &[Fact], course: &Course) -> Vec<ChapterReport> {
    #[derive(Default)]
    struct Tally {
        answered: u64,
        correct: u64,
        students: BTreeSet<String>,
    }
    let mut by_chapter: BTreeMap<&str, BTreeMap<&str, Tally>> = BTreeMap::new();
    for fact in facts {
        if let Fact::Answered {
            student,
            chapter,
            question,
            success,
        } = fact
        {
            let tally = by_chapter
                .entry(chapter)
                .or_default()
                .entry(question)
                .or_default();
            tally.answered += 1;
            tally.correct += u64::from(*success);
            tally.students.insert(student.clone());
        }
    }
    let mut reports: Vec<ChapterReport> = by_chapter
        .into_iter()
        .map(|(slug, questions)| {
            let mut questions: Vec<QuestionReport> = questions
                .into_iter()
                .map(|(id, t)| QuestionReport {
                    id: id.to_string(),
                    answered: t.answered,
                    correct: t.correct,
                    accuracy: fraction(t.correct, t.answered),
                    students: t.students.len(),
                })
                .collect();
            questions.sort_by(|a, b| {
                a.accuracy
                    .total_cmp(&b.accuracy)
                    .then(b.answered.cmp(&a.answered))
                    .then(a.id.cmp(&b.id))
            });
            let (number, title) = chapter_names(course, slug);
            ChapterReport {
                number,
                slug: slug.to_string(),
                title,
                questions,
            }
        })
        .collect();
    reports.sort_by_key(|c| (c.number.is_none(), c.number, c.slug.clone()));
    reports
}

/// Each student (by name) with the chapters they attempted, in the course's order.
fn students(facts: &[Fact], course: &Course) -> Vec<StudentReport> {
    let mut by_student: BTreeMap<&str, BTreeMap<&str, StudentChapter>> = BTreeMap::new();
    for fact in facts {
        let (student, chapter) = match fact {
            Fact::Answered {
                student, chapter, ..
            }
            | Fact::Finished {
                student, chapter, ..
            } => (student, chapter),
        };
        let entry = by_student
            .entry(student)
            .or_default()
            .entry(chapter)
            .or_insert_with(|| {
                let (number, title) = chapter_names(course, chapter);
                StudentChapter {
                    number,
                    slug: chapter.clone(),
                    title,
                    answered: 0,
                    correct: 0,
                    finished: 0,
                    best: None,
                }
            });
        match fact {
            Fact::Answered { success, .. } => {
                entry.answered += 1;
                entry.correct += u64::from(*success);
            }
            Fact::Finished { full_score, .. } => {
                entry.finished += 1;
                entry.best = best_of(entry.best, *full_score);
            }
        }
    }
    by_student
        .into_iter()
        .map(|(name, chapters)| {
            let mut chapters: Vec<StudentChapter> = chapters.into_values().collect();
            chapters.sort_by_key(|c| (c.number.is_none(), c.number, c.slug.clone()));
            StudentReport {
                name: name.to_string(),
                answered: chapters.iter().map(|c| c.answered).sum(),
                correct: chapters.iter().map(|c| c.correct).sum(),
                chapters,
            }
        })
        .collect()
}

/// The chapter's number and title in this course, or no number and its slug.
fn chapter_names(course: &Course, slug: &str) -> (Option<u32>, String) {
    course
        .chapters
        .iter()
        .find(|c| c.slug == slug)
        .map_or((None, slug.to_string()), |c| {
            (Some(c.number), c.title.clone())
        })
}

fn best_of(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn fraction(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Undoes the percent-encoding `statement::escape_segment` applies to a path segment.
fn unescape_segment(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'%')
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
