//! What an attempt taken on one version of a quiz keeps on another. Authors edit quizzes
//! while students are halfway through them; an answer keeps counting when its question
//! still exists with the same grading key (see `content::answer::grading_key`), and the
//! rest is asked again or leaves the score. Pure: the runner brings the stored answers.

use crate::content::Course;
use crate::content::answer::{grading_key, stored_key, wording_key};
use crate::content::quiz::Quiz;
use crate::store::{Answer, QuestionKey, ReviewItem};

/// The questions of `quiz` with their grading keys, as an attempt records the version it
/// is on.
pub fn question_keys(quiz: &Quiz) -> Vec<QuestionKey> {
    quiz.questions
        .iter()
        .map(|q| QuestionKey {
            question: q.id.clone(),
            key: grading_key(q),
            wording: wording_key(q),
        })
        .collect()
}

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
    /// Questions the quiz has now that the attempt's version did not; `None` when the
    /// attempt does not know its version's questions (started before they were kept).
    pub added: Option<usize>,
    /// Of the answers that still count, those to questions reworded since (same grading
    /// key, other wording); 0 when the attempt does not know its version's wording.
    pub reworded: usize,
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

/// The reviews due at `now`, in the order to ask them, following the course as it is now:
/// a question no longer in the course leaves the queue (its review stays in the store and
/// in exports); a question whose grading key changed since its last review starts again,
/// due now, and is graded as if new (`Store::record_review`); the rest keep their schedule.
/// Missed questions first (last answer wrong), then by due time, oldest first.
pub fn due_for_review(course: &Course, reviews: Vec<ReviewItem>, now: i64) -> Vec<ReviewItem> {
    let mut due: Vec<(bool, ReviewItem)> = reviews
        .into_iter()
        .filter_map(|mut item| {
            let question = course
                .chapter(&item.chapter)?
                .quiz
                .as_ref()?
                .question(&item.question)?;
            let restarted = !item.follows(&grading_key(question));
            if restarted {
                item.state.due_ms = item.state.due_ms.min(now);
            }
            let lapsed = !restarted && item.state.last_grade == crate::schedule::Grade::Again;
            (item.state.due_ms <= now).then_some((lapsed, item))
        })
        .collect();
    due.sort_by(|(a_lapsed, a), (b_lapsed, b)| {
        b_lapsed
            .cmp(a_lapsed)
            .then(a.state.due_ms.cmp(&b.state.due_ms))
            .then_with(|| (&a.chapter, &a.question).cmp(&(&b.chapter, &b.question)))
    });
    due.into_iter().map(|(_, item)| item).collect()
}

/// Makes the reviews in `history` follow the course as the review queue does
/// (`due_for_review`): a question the course no longer has leaves; one whose grading key
/// changed since its last review starts again, due at `now` with no interval (learning).
pub fn reviews_follow_course(history: &mut crate::store::StudyHistory, course: &Course, now: i64) {
    history.reviews.retain_mut(|r| {
        let Some(question) = course
            .chapter(&r.chapter)
            .and_then(|c| c.quiz.as_ref())
            .and_then(|q| q.question(&r.question))
        else {
            return false;
        };
        let key = grading_key(question);
        if r.grading_key.as_deref().is_some_and(|kept| kept != key) {
            r.due_at = r.due_at.min(now);
            r.interval_days = 0.0;
            r.reps = 0;
        }
        true
    });
}

/// Marks the scores in `stats` taken on an earlier version of their chapter's quiz, from
/// `finished`: (chapter slug, finished_at, quiz hash) of each finished attempt
/// (`Store::finished_versions`). A best score shared by the current version is not marked.
pub fn mark_earlier_scores(
    stats: &mut crate::app::stats::Stats,
    course: &Course,
    finished: &[(String, i64, String)],
) {
    let current = |slug: &str| {
        let quiz = course.chapter(slug)?.quiz.as_ref()?;
        Some(quiz.content_hash())
    };
    let mut hashes = std::collections::HashMap::new();
    let earlier: std::collections::HashSet<(&str, i64)> = finished
        .iter()
        .filter(|(slug, _, hash)| {
            let now = hashes.entry(slug.as_str()).or_insert_with(|| current(slug));
            now.as_ref() != Some(hash)
        })
        .map(|(slug, at, _)| (slug.as_str(), *at))
        .collect();
    for (chapter, scores) in course.chapters.iter().zip(stats.chapters.iter_mut()) {
        for point in &mut scores.scores {
            point.earlier_version = earlier.contains(&(chapter.slug.as_str(), point.finished_at));
        }
        let best_on = |earlier: bool| {
            scores
                .scores
                .iter()
                .any(|p| p.earlier_version == earlier && Some(p.score) == scores.best)
        };
        scores.best_earlier_version = best_on(true) && !best_on(false);
        scores.last_earlier_version = scores.scores.last().is_some_and(|p| p.earlier_version);
    }
}

/// How many questions of `quiz` the version an attempt was on (its recorded `earlier`
/// questions) did not have; `None` when nothing was recorded.
pub fn added_since(quiz: &Quiz, earlier: &[QuestionKey]) -> Option<usize> {
    if earlier.is_empty() {
        return None;
    }
    let had = |id: &str| earlier.iter().any(|q| q.question == id);
    Some(quiz.questions.iter().filter(|q| !had(&q.id)).count())
}

/// Of the `kept` answers, how many answer questions of `quiz` reworded since the version
/// whose `earlier` questions were recorded (a question recorded without wording counts as
/// not reworded: it cannot be told).
pub fn reworded_since(quiz: &Quiz, kept: &[Answer], earlier: &[QuestionKey]) -> usize {
    kept.iter()
        .filter(|answer| {
            let Some(question) = quiz.question(&answer.question) else {
                return false;
            };
            earlier
                .iter()
                .find(|e| e.question == answer.question)
                .is_some_and(|e| !e.wording.is_empty() && e.wording != wording_key(question))
        })
        .count()
}

impl QuizChanges {
    /// One sentence for the start screen: "The quiz changed since you started it: 1
    /// answered question(s) removed, 1 changed (asked again), 1 new question(s) added;
    /// 2 answer(s) still count."
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.removed > 0 {
            parts.push(format!("{} answered question(s) removed", self.removed));
        }
        if self.changed > 0 {
            parts.push(format!("{} changed (asked again)", self.changed));
        }
        if let Some(added) = self.added.filter(|n| *n > 0) {
            parts.push(format!("{added} new question(s) added"));
        }
        if self.reworded > 0 {
            parts.push(format!("{} reworded (answer kept)", self.reworded));
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
pub(crate) mod tests;
