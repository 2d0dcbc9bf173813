//! What an attempt taken on one version of a quiz keeps on another. Authors edit quizzes
//! while students are halfway through them; an answer keeps counting when its question
//! still exists with the same grading key (see `content::answer::grading_key`), and the
//! rest is asked again or leaves the score. Pure: the runner brings the stored answers.

use crate::content::answer::{grading_key, stored_key};
use crate::content::quiz::Quiz;
use crate::store::Answer;

/// What changed in a quiz since an unfinished attempt was started, as seen from the
/// questions that attempt answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuizChanges {
    /// Answered questions that are no longer in the quiz: they leave the score.
    pub removed: usize,
    /// Answered questions whose grading key changed: they are asked again.
    pub changed: usize,
    /// Answers that still count.
    pub kept: usize,
}

/// The answers of an attempt that still count on the current quiz, and (when the attempt
/// was started on another version) what changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Carried {
    pub kept: Vec<Answer>,
    pub changes: Option<QuizChanges>,
}

/// Sorts an attempt's answers against the current `quiz`. On the same version every
/// answer to a question of the quiz counts; on another, an answer counts when its question
/// still exists and was stored with the question's current grading key. An answer stored
/// before keys were (no key) cannot show it is unchanged, so it is asked again.
pub fn carry(quiz: &Quiz, same_version: bool, answers: Vec<Answer>) -> Carried {
    let mut changes = QuizChanges::default();
    let mut kept = Vec::new();
    for answer in answers {
        let Some(question) = quiz.question(&answer.question) else {
            changes.removed += 1;
            continue;
        };
        let unchanged = same_version
            || stored_key(&answer.response).is_some_and(|k| k == grading_key(question));
        if unchanged {
            kept.push(answer);
        } else {
            changes.changed += 1;
        }
    }
    changes.kept = kept.len();
    Carried {
        kept,
        changes: (!same_version).then_some(changes),
    }
}

impl QuizChanges {
    /// One sentence for the start screen: "The quiz changed since: 1 question you answered
    /// was removed, 1 was changed and is asked again; 2 answers still count."
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.removed > 0 {
            parts.push(format!("{} answered question(s) removed", self.removed));
        }
        if self.changed > 0 {
            parts.push(format!("{} changed (asked again)", self.changed));
        }
        let kept = format!("{} answer(s) still count", self.kept);
        if parts.is_empty() {
            return format!("The quiz changed since you started it; all {kept}.");
        }
        format!(
            "The quiz changed since you started it: {}; {kept}.",
            parts.join(", ")
        )
    }
}

#[cfg(test)]
#[path = "versions_tests.rs"]
mod tests;
