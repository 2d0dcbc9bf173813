//! Quality warnings: a course that loads is not yet a course that teaches well.
//!
//! The validator (`validate.rs`) rejects what cannot work; these lints point at what works
//! but misleads: an objective nothing tests, a section no question sends a student back to,
//! a quiz whose right answers give themselves away (always the longest option, named in the
//! hint, true/false all one way), distractors that are really answers, and two questions
//! asking the same thing. `check` prints them as `path:line:col: warning: ...` and exits 0;
//! `check --strict` makes any of them fail, so a course can hold itself to them in CI.

use std::collections::BTreeSet;

use super::quiz::{Question, QuestionKind, Quiz};
use super::{Block, CalloutKind, Chapter, Course, Diagnostic, Pos};

/// The id of a chapter's reference section: no question cites it, and none needs to.
pub const SOURCES_SECTION: &str = "sources";

/// Share of single-choice questions whose answer may be the longest option.
const LONGEST_SHARE: f64 = 0.5;
/// Below this share of true (or of false) answers, true/false questions are lopsided.
const TRUEFALSE_MIN_SHARE: f64 = 0.3;
/// The fewest questions of a kind before a share of them is judged.
const MIN_TO_JUDGE: usize = 4;
/// Word overlap (Jaccard) above which two prompts are near-duplicates.
const NEAR_DUPLICATE: f64 = 0.8;

/// Every warning for `course`, chapter by chapter.
pub fn warnings(course: &Course) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    number_gaps(course, &mut out);
    for chapter in &course.chapters {
        takeaways(chapter, &mut out);
        coverage(chapter, &mut out);
        if let Some(quiz) = &chapter.quiz {
            quiz_lints(quiz, &mut out);
        }
    }
    out
}

fn warn(path: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        path: path.to_string(),
        pos,
        message: format!("warning: {}", message.into()),
    }
}

fn number_gaps(course: &Course, out: &mut Vec<Diagnostic>) {
    for pair in course.chapters.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.number > a.number + 1 {
            out.push(warn(
                &b.path,
                Pos { line: 1, col: 1 },
                format!(
                    "chapter {} follows chapter {}: chapter numbers have a gap",
                    b.number, a.number
                ),
            ));
        }
    }
}

/// Each chapter ends with its key takeaways (two are an error, see `validate.rs`; none is
/// a warning, since a course converted from a question bank has none to give).
fn takeaways(chapter: &Chapter, out: &mut Vec<Diagnostic>) {
    let mut found = false;
    chapter.visit_all(&mut |block| {
        found |= matches!(
            block,
            Block::Callout {
                kind: CalloutKind::Takeaways,
                ..
            }
        );
    });
    if !found {
        out.push(warn(
            &chapter.path,
            Pos { line: 1, col: 1 },
            "chapter has no '[!TAKEAWAYS]' callout: end it with the chapter's key takeaways",
        ));
    }
}

/// Objectives no question tests and sections no question cites.
fn coverage(chapter: &Chapter, out: &mut Vec<Diagnostic>) {
    let Some(quiz) = &chapter.quiz else {
        return;
    };
    let tested: BTreeSet<&str> = quiz
        .questions
        .iter()
        .map(|q| q.objective.as_str())
        .collect();
    let cited: BTreeSet<&str> = quiz.questions.iter().map(|q| q.section.as_str()).collect();
    for objective in &chapter.objectives {
        if !tested.contains(objective.id.as_str()) {
            out.push(warn(
                &chapter.path,
                objective.pos,
                format!("no question tests objective '{}'", objective.id),
            ));
        }
    }
    for section in &chapter.sections {
        if section.id != SOURCES_SECTION && !cited.contains(section.id.as_str()) {
            out.push(warn(
                &chapter.path,
                section.pos,
                format!("no question cites section '{}'", section.id),
            ));
        }
    }
}

fn quiz_lints(quiz: &Quiz, out: &mut Vec<Diagnostic>) {
    longest_answers(quiz, out);
    truefalse_balance(quiz, out);
    for question in &quiz.questions {
        hint_gives_away(quiz, question, out);
        distractor_is_answer(quiz, question, out);
    }
    near_duplicates(quiz, out);
}

/// The answer is the longest option in more than half the single-choice questions.
fn longest_answers(quiz: &Quiz, out: &mut Vec<Diagnostic>) {
    let singles: Vec<(&Question, bool)> = quiz
        .questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Single {
                answer,
                distractors,
                ..
            } => {
                let len = |s: &str| s.chars().count();
                let longest = distractors.iter().all(|d| len(answer) > len(d));
                Some((q, longest))
            }
            _ => None,
        })
        .collect();
    let longest: Vec<&str> = singles
        .iter()
        .filter(|(_, l)| *l)
        .map(|(q, _)| q.id.as_str())
        .collect();
    if singles.len() >= MIN_TO_JUDGE && longest.len() as f64 > LONGEST_SHARE * singles.len() as f64
    {
        out.push(warn(
            &quiz.path,
            quiz.pos,
            format!(
                "the answer is the longest option in {} of {} single-choice questions ({}): a student can guess by length",
                longest.len(),
                singles.len(),
                longest.join(", ")
            ),
        ));
    }
}

/// True/false answers nearly all one way.
fn truefalse_balance(quiz: &Quiz, out: &mut Vec<Diagnostic>) {
    let answers: Vec<bool> = quiz
        .questions
        .iter()
        .filter_map(|q| match q.kind {
            QuestionKind::TrueFalse { answer } => Some(answer),
            _ => None,
        })
        .collect();
    let total = answers.len();
    let trues = answers.iter().filter(|a| **a).count();
    let share = |n: usize| n as f64 / total as f64;
    if total >= MIN_TO_JUDGE
        && (share(trues) < TRUEFALSE_MIN_SHARE || share(total - trues) < TRUEFALSE_MIN_SHARE)
    {
        out.push(warn(
            &quiz.path,
            quiz.pos,
            format!(
                "{trues} of {total} true/false questions are true: keep each answer above {}%",
                (TRUEFALSE_MIN_SHARE * 100.0) as u32
            ),
        ));
    }
}

/// Lowercase, `&` as "and", runs of spaces and punctuation at the ends folded away.
pub fn normalize(text: &str) -> String {
    let lowered = text.to_lowercase().replace('&', " and ");
    let words: Vec<&str> = lowered
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%'))
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// The strings a student could type or pick to be right.
fn accepted(question: &Question) -> Vec<String> {
    match &question.kind {
        QuestionKind::Single { answer, .. } => vec![answer.clone()],
        QuestionKind::Multiple { answers, .. } => answers.clone(),
        QuestionKind::Short {
            answer,
            alternatives,
        } => std::iter::once(answer.clone())
            .chain(alternatives.iter().cloned())
            .collect(),
        QuestionKind::Gaps { gaps } => gaps.iter().flatten().cloned().collect(),
        QuestionKind::Numeric { answer, .. } => vec![format_number(*answer)],
        QuestionKind::TrueFalse { .. } | QuestionKind::Order { .. } | QuestionKind::Open { .. } => {
            Vec::new()
        }
    }
}

fn format_number(n: f64) -> String {
    let text = format!("{n}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// Whether `needle` stands in `haystack` as whole words.
fn contains_words(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let (h, n) = (format!(" {haystack} "), format!(" {needle} "));
    h.contains(&n)
}

/// The hint names an accepted answer (of two characters or more; numbers of two digits or more).
fn hint_gives_away(quiz: &Quiz, question: &Question, out: &mut Vec<Diagnostic>) {
    let hint = normalize(&question.hint);
    let given = accepted(question)
        .into_iter()
        .map(|a| normalize(&a))
        .find(|a| a.chars().count() >= 2 && contains_words(&hint, a));
    if let Some(answer) = given {
        out.push(warn(
            &quiz.path,
            question.pos,
            format!(
                "the hint of '{}' contains the answer '{answer}'",
                question.id
            ),
        ));
    }
}

/// A distractor equal to an accepted answer once case and spaces are folded.
fn distractor_is_answer(quiz: &Quiz, question: &Question, out: &mut Vec<Diagnostic>) {
    let (QuestionKind::Single { distractors, .. } | QuestionKind::Multiple { distractors, .. }) =
        &question.kind
    else {
        return;
    };
    let answers: Vec<String> = accepted(question).iter().map(|a| normalize(a)).collect();
    if let Some(d) = distractors.iter().find(|d| answers.contains(&normalize(d))) {
        out.push(warn(
            &quiz.path,
            question.pos,
            format!(
                "'{}' offers distractor '{d}', which reads the same as an answer",
                question.id
            ),
        ));
    }
}

/// Two prompts of one quiz sharing most of their words.
fn near_duplicates(quiz: &Quiz, out: &mut Vec<Diagnostic>) {
    let words: Vec<BTreeSet<String>> = quiz
        .questions
        .iter()
        .map(|q| {
            normalize(&q.prompt)
                .split(' ')
                .map(str::to_string)
                .collect()
        })
        .collect();
    for (i, a) in words.iter().enumerate() {
        if a.len() < 5 {
            continue;
        }
        let twin = words[..i].iter().position(|b| {
            let shared = a.intersection(b).count() as f64;
            let all = a.union(b).count() as f64;
            all > 0.0 && shared / all >= NEAR_DUPLICATE
        });
        if let Some(j) = twin {
            let (q, earlier) = (&quiz.questions[i], &quiz.questions[j]);
            out.push(warn(
                &quiz.path,
                q.pos,
                format!(
                    "the prompt of '{}' nearly repeats '{}': ask something else",
                    q.id, earlier.id
                ),
            ));
        }
    }
}

#[cfg(test)]
#[path = "lint_tests.rs"]
mod tests;
