//! Fixture quizzes v1 and v2 of the same chapter (tests/fixtures/versions): v2 removes
//! q-two and q-four, rewords q-one, changes q-three's answer and adds q-five.

use super::*;
use crate::content::answer::{Response, grading_key, wording_key};
use crate::content::quiz::parse_quiz;
use crate::content::source::Reporter;

pub(crate) const V1: &str = include_str!("../../tests/fixtures/versions/v1/quizzes/01-basics.toml");
const V2: &str = include_str!("../../tests/fixtures/versions/v2/quizzes/01-basics.toml");
const COURSE: &str = include_str!("../../tests/fixtures/versions/v1/course.toml");
pub(crate) const CHAPTER: &str =
    include_str!("../../tests/fixtures/versions/v1/chapters/01-basics.md");

/// The fixture course with the quiz `quiz_text` (v1 or v2).
pub(crate) fn course(quiz_text: &str) -> Course {
    course_with(CHAPTER, quiz_text)
}

/// The fixture course with the chapter `chapter_text` and the quiz `quiz_text`.
pub(crate) fn course_with(chapter_text: &str, quiz_text: &str) -> Course {
    let file = |path: &str, text: &str| crate::content::source::SourceFile {
        path: path.into(),
        text: text.into(),
    };
    let loaded = crate::content::load::load(&[
        file("course.toml", COURSE),
        file("chapters/01-basics.md", chapter_text),
        file("quizzes/01-basics.toml", quiz_text),
    ]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.course
}

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
            kept: 1,
            added: None,
            reworded: 0,
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
        added: Some(0),
        reworded: 0,
    };
    assert_eq!(
        unchanged.describe(),
        "The quiz changed since you started it; all 2 answer(s) still count."
    );
}

const HOUR: i64 = 3_600_000;

/// A review of `id` last graded `grade` under `quiz`'s grading key, due at `due`.
fn review(quiz: &Quiz, id: &str, due: i64, grade: crate::schedule::Grade) -> ReviewItem {
    let mut state = crate::schedule::schedule(None, grade, 0);
    state.due_ms = due;
    ReviewItem {
        chapter: "basics".into(),
        question: id.into(),
        state,
        grading_key: Some(grading_key(quiz.question(id).expect("question"))),
    }
}

fn queued(due: &[ReviewItem]) -> Vec<&str> {
    due.iter().map(|r| r.question.as_str()).collect()
}

#[test]
fn the_review_queue_follows_the_questions_across_versions() {
    use crate::schedule::Grade::{Again, Good};
    let (v1, now) = (quiz(V1), 100 * HOUR);
    let reviews = vec![
        review(&v1, "q-one", now - HOUR, Good),
        review(&v1, "q-two", now - 2 * HOUR, Again),
        review(&v1, "q-three", now + 48 * HOUR, Good),
        review(&v1, "q-four", now - 3 * HOUR, Good),
    ];
    // On v1: missed q-two first, then by due time; q-three is not due yet.
    let on_v1 = due_for_review(&course(V1), reviews.clone(), now);
    assert_eq!(queued(&on_v1), ["q-two", "q-four", "q-one"]);
    // On v2: q-two and q-four are gone from the queue (their reviews stay in the store);
    // q-three's answer key changed, so it starts again, due now; reworded q-one keeps its
    // schedule.
    let on_v2 = due_for_review(&course(V2), reviews.clone(), now);
    assert_eq!(queued(&on_v2), ["q-one", "q-three"]);
    let three = &on_v2[1];
    assert_eq!(three.state.due_ms, now, "restarted: due now");
    // Before q-one comes due, only the changed q-three is asked.
    assert_eq!(
        queued(&due_for_review(&course(V2), reviews, now - 2 * HOUR)),
        ["q-three"]
    );
}

#[test]
fn a_review_stored_before_keys_keeps_its_schedule_on_any_version() {
    let (v1, now) = (quiz(V1), 100 * HOUR);
    let mut old = review(&v1, "q-three", now + HOUR, crate::schedule::Grade::Good);
    old.grading_key = None;
    assert!(due_for_review(&course(V2), vec![old.clone()], now).is_empty());
    assert_eq!(
        queued(&due_for_review(&course(V2), vec![old], now + HOUR)),
        ["q-three"]
    );
}

#[test]
fn the_questions_an_attempt_started_with_tell_what_was_added() {
    let (v1, v2) = (quiz(V1), quiz(V2));
    assert_eq!(added_since(&v2, &question_keys(&v1)), Some(1), "q-five");
    assert_eq!(added_since(&v2, &question_keys(&v2)), Some(0));
    assert_eq!(
        added_since(&v2, &[]),
        None,
        "an attempt from before keys were kept"
    );
    let changes = QuizChanges {
        removed: 2,
        changed: 1,
        kept: 1,
        added: Some(1),
        reworded: 0,
    };
    assert_eq!(
        changes.describe(),
        "The quiz changed since you started it: 2 answered question(s) removed, \
         1 changed (asked again), 1 new question(s) added; 1 answer(s) still count."
    );
}

/// Exported on a machine with v1 of the quiz and imported on one with v2: the history
/// keeps its version, and the same rules apply as on the machine it came from.
#[test]
fn history_imported_from_an_older_version_follows_the_same_rules() {
    use crate::schedule::Grade;
    use crate::store::{AttemptMode, Store, UserHistory};
    let (v1, v2) = (quiz(V1), quiz(V2));
    let dir = tempfile::tempdir().expect("tempdir");
    let open = |name: &str| Store::open(&dir.path().join(name)).expect("open").store;
    let mut laptop = open("laptop.sqlite3");
    let version = (v1.content_hash(), question_keys(&v1));
    let attempt = laptop
        .start_attempt_on(
            "ada",
            "basics",
            (&version.0, &version.1),
            AttemptMode::Full,
            1,
        )
        .expect("start");
    for id in ["q-one", "q-two", "q-three"] {
        laptop
            .record_answer(attempt.id, &answer(&v1, id, true))
            .expect("answer");
        let key = grading_key(v1.question(id).expect("question"));
        laptop
            .record_review("ada", "basics", id, &key, Grade::Good, 1)
            .expect("review");
    }
    let json = laptop
        .export("ada")
        .and_then(|h| h.to_json())
        .expect("export");

    let mut desktop = open("desktop.sqlite3");
    let history = UserHistory::from_json(&json).expect("parse");
    desktop.import("ada", &history).expect("import");
    let imported = desktop
        .unfinished_attempt("ada", "basics")
        .expect("read")
        .expect("the attempt came along");
    assert_eq!(
        imported.quiz_hash,
        v1.content_hash(),
        "its version came along"
    );
    let answers = desktop.answers(imported.id).expect("answers");
    let carried = carry(&v2, imported.quiz_hash == v2.content_hash(), answers);
    assert_eq!(ids(&carried), ["q-one"], "removed and changed do not count");
    let earlier = desktop.attempt_questions(imported.id).expect("questions");
    assert_eq!(added_since(&v2, &earlier), Some(1));

    let far = 1_000 * 86_400_000;
    let reviews = desktop.reviews("ada", None).expect("reviews");
    assert_eq!(reviews.len(), 3, "every review kept, q-two's too");
    let due = due_for_review(&course(V2), reviews, far);
    assert_eq!(queued(&due), ["q-one", "q-three"]);
    // q-three restarts: graded now, it is scheduled as new; q-one carries over.
    let key = |id: &str| grading_key(v2.question(id).expect("question"));
    let three = desktop
        .record_review(
            "ada",
            "basics",
            "q-three",
            &key("q-three"),
            Grade::Good,
            far,
        )
        .expect("review");
    let one = desktop
        .record_review("ada", "basics", "q-one", &key("q-one"), Grade::Good, far)
        .expect("review");
    assert_eq!((one.reps, three.reps), (2, 1));
}

#[test]
fn stats_mark_scores_from_an_earlier_version() {
    use crate::store::{FinishedAttempt, StudyHistory};
    let (v1, v2) = (quiz(V1), quiz(V2));
    let course = course(V2);
    let finished = |at: i64, score: u32| FinishedAttempt {
        chapter: "basics".into(),
        finished_at: at,
        score,
        max: 4,
    };
    let history = StudyHistory {
        attempts: vec![finished(10, 4), finished(20, 2), finished(30, 3)],
        ..StudyHistory::default()
    };
    let zone = chrono::FixedOffset::east_opt(0).expect("utc");
    let mut stats = crate::app::stats::compute("ada", &course, &history, 40, &zone);
    let versions = [
        ("basics".to_string(), 10, v1.content_hash()),
        ("basics".to_string(), 20, v2.content_hash()),
        ("basics".to_string(), 30, v1.content_hash()),
    ];
    mark_earlier_scores(&mut stats, &course, &versions);
    let chapter = &stats.chapters[0];
    let flags: Vec<bool> = chapter.scores.iter().map(|p| p.earlier_version).collect();
    assert_eq!(flags, [true, false, true]);
    assert!(chapter.best_earlier_version, "4/4 was on v1");
    assert!(chapter.last_earlier_version, "3/4 was on v1");
    // Once the current version has a score as good as the best, the best is not marked.
    mark_earlier_scores(
        &mut stats,
        &course,
        &[("basics".to_string(), 10, v2.content_hash())],
    );
    let chapter = &stats.chapters[0];
    assert!(!chapter.best_earlier_version);
    assert!(!chapter.last_earlier_version);
}

#[test]
fn the_statistics_follow_the_review_queue_after_an_edit() {
    use crate::store::{ReviewSnapshot, StudyHistory};
    let v1 = course(V1);
    let key_in_v1 = |question: &str| {
        v1.chapters[0]
            .quiz
            .as_ref()
            .and_then(|q| q.question(question))
            .map(grading_key)
    };
    let snapshot = |question: &str| ReviewSnapshot {
        chapter: "basics".into(),
        question: question.into(),
        due_at: 5_000,
        interval_days: 30.0,
        reps: 4,
        grading_key: key_in_v1(question),
    };
    let mut history = StudyHistory {
        reviews: ["q-one", "q-two", "q-three"].map(snapshot).to_vec(),
        ..StudyHistory::default()
    };
    reviews_follow_course(&mut history, &course(V2), 1_000);
    let kept: Vec<(&str, i64, f64)> = history
        .reviews
        .iter()
        .map(|r| (r.question.as_str(), r.due_at, r.interval_days))
        .collect();
    assert_eq!(
        kept,
        [("q-one", 5_000, 30.0), ("q-three", 1_000, 0.0)],
        "q-two was removed in v2; q-three's answer changed, so it starts again, due now; \
         q-one was only reworded"
    );
}

#[test]
fn a_kept_answer_to_a_reworded_question_is_counted_as_reworded() {
    let (v1, v2) = (quiz(V1), quiz(V2));
    let wording = |quiz: &Quiz, id: &str| wording_key(quiz.question(id).expect("question"));
    assert_ne!(
        wording(&v1, "q-one"),
        wording(&v2, "q-one"),
        "v2 rewords q-one"
    );
    let earlier = question_keys(&v1);
    let answers: Vec<_> = ["q-one", "q-two", "q-three"]
        .iter()
        .map(|id| answer(&v1, id, true))
        .collect();
    let carried = carry(&v2, false, answers);
    assert_eq!(reworded_since(&v2, &carried.kept, &earlier), 1);
    assert_eq!(
        reworded_since(&v1, &carried.kept, &earlier),
        0,
        "same version"
    );
    let unrecorded: Vec<QuestionKey> = earlier
        .iter()
        .map(|q| QuestionKey {
            wording: String::new(),
            ..q.clone()
        })
        .collect();
    assert_eq!(
        reworded_since(&v2, &carried.kept, &unrecorded),
        0,
        "an attempt that kept no wording cannot tell"
    );
    let changes = QuizChanges {
        removed: 1,
        changed: 1,
        kept: 1,
        added: Some(1),
        reworded: 1,
    };
    assert_eq!(
        changes.describe(),
        "The quiz changed since you started it: 1 answered question(s) removed, \
         1 changed (asked again), 1 new question(s) added, 1 reworded (answer kept); \
         1 answer(s) still count."
    );
}
