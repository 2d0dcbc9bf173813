//! Fixture quizzes v1 and v2 of the same chapter (tests/fixtures/versions): v2 removes
//! q-two and q-four, rewords q-one, changes q-three's answer and adds q-five.

use super::*;
use crate::content::answer::{Response, grading_key};
use crate::content::quiz::parse_quiz;
use crate::content::source::Reporter;

const V1: &str = include_str!("../../tests/fixtures/versions/v1/quizzes/01-basics.toml");
const V2: &str = include_str!("../../tests/fixtures/versions/v2/quizzes/01-basics.toml");

pub(crate) fn quiz(text: &str) -> Quiz {
    let mut report = Reporter::new("quiz.toml", text);
    let quiz = parse_quiz(text, &mut report).expect("the fixture parses");
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    quiz
}

/// An answer to `id` as the runner stores it on `quiz` (`keyed`) or as it was stored
/// before grading keys were.
fn answer(quiz: &Quiz, id: &str, keyed: bool) -> Answer {
    let response = Response::TrueFalse(true);
    let question = quiz.question(id).expect("the question");
    Answer {
        question: id.into(),
        response: if keyed {
            response.to_keyed_json(&grading_key(question))
        } else {
            response.to_json()
        },
        correct: true,
        hint_used: false,
        elapsed_ms: 1000,
        answered_at: 1,
    }
}

fn ids(carried: &Carried) -> Vec<&str> {
    carried.kept.iter().map(|a| a.question.as_str()).collect()
}

#[test]
fn the_same_version_keeps_every_answer() {
    let v1 = quiz(V1);
    let answers: Vec<_> = ["q-one", "q-two"]
        .iter()
        .map(|id| answer(&v1, id, false))
        .collect();
    let carried = carry(&v1, true, answers);
    assert_eq!(ids(&carried), ["q-one", "q-two"]);
    assert_eq!(carried.changes, None);
}

#[test]
fn a_new_version_keeps_reworded_asks_changed_and_drops_removed() {
    let (v1, v2) = (quiz(V1), quiz(V2));
    let answers: Vec<_> = ["q-one", "q-two", "q-three"]
        .iter()
        .map(|id| answer(&v1, id, true))
        .collect();
    let carried = carry(&v2, false, answers);
    assert_eq!(ids(&carried), ["q-one"], "reworded q-one still counts");
    assert_eq!(
        carried.changes,
        Some(QuizChanges {
            removed: 1,
            changed: 1,
            kept: 1
        })
    );
    assert_eq!(
        carried.changes.expect("changes").describe(),
        "The quiz changed since you started it: 1 answered question(s) removed, \
         1 changed (asked again); 1 answer(s) still count."
    );
}

#[test]
fn answers_stored_without_a_key_are_asked_again_on_a_new_version() {
    let (v1, v2) = (quiz(V1), quiz(V2));
    let carried = carry(&v2, false, vec![answer(&v1, "q-one", false)]);
    assert!(carried.kept.is_empty());
    assert_eq!(carried.changes.map(|c| c.changed), Some(1));
}

#[test]
fn the_grading_keys_of_the_fixtures_say_what_changed() {
    let (v1, v2) = (quiz(V1), quiz(V2));
    let key = |quiz: &Quiz, id: &str| grading_key(quiz.question(id).expect("question"));
    assert_eq!(key(&v1, "q-one"), key(&v2, "q-one"), "reworded");
    assert_ne!(key(&v1, "q-three"), key(&v2, "q-three"), "answer changed");
    assert_ne!(v1.content_hash(), v2.content_hash());
    let unchanged = QuizChanges {
        removed: 0,
        changed: 0,
        kept: 2,
    };
    assert_eq!(
        unchanged.describe(),
        "The quiz changed since you started it; all 2 answer(s) still count."
    );
}
