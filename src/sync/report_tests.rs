//! The class report over hand-written statements, in the shapes `statement.rs` sends,
//! against the built-in course.

use chrono::TimeZone;
use serde_json::{Value, json};

use super::*;
use crate::content::load_course;
use crate::sync::statement::{VERB_EXPERIENCED, VERB_PASSED, question_iri, quiz_iri};

const BASE: &str = "https://school.example/mlsys";

fn answered(id: &str, who: &str, chapter: &str, question: &str, success: bool, at: &str) -> Value {
    json!({
        "id": id,
        "actor": {"objectType": "Agent", "account": {"homePage": "https://h", "name": who}},
        "verb": {"id": VERB_ANSWERED},
        "object": {"id": question_iri(BASE, chapter, question)},
        "result": {"success": success},
        "timestamp": at,
    })
}

fn completed(id: &str, who: &str, chapter: &str, scaled: f64, mode: &str) -> Value {
    json!({
        "id": id,
        "actor": {"account": {"homePage": "https://h", "name": who}},
        "verb": {"id": VERB_COMPLETED},
        "object": {"id": quiz_iri(BASE, chapter)},
        "result": {"completion": true, "score": {"scaled": scaled}},
        "context": {"extensions": {EXT_MODE: mode}},
        "timestamp": "2026-10-02T09:00:00+02:00",
    })
}

fn report(statements: &[Value], since: Option<DateTime<Utc>>) -> ClassReport {
    let course = load_course(None).expect("built-in course").course;
    class_report(
        statements,
        &Scope {
            course: &course,
            activity_base: BASE,
            since,
        },
    )
}

const AT: &str = "2026-10-01T10:00:00Z";

#[test]
fn questions_are_listed_weakest_first_with_their_class_accuracy() {
    let statements = [
        answered("1", "ann", "introduction", "q-easy", true, AT),
        answered("2", "bob", "introduction", "q-easy", true, AT),
        answered("3", "ann", "introduction", "q-hard", false, AT),
        answered("4", "bob", "introduction", "q-hard", true, AT),
        answered("5", "bob", "introduction", "q-hard", false, AT),
    ];
    let report = report(&statements, None);
    assert_eq!(report.statements, 5);
    assert_eq!(report.chapters.len(), 1);
    let chapter = &report.chapters[0];
    assert_eq!(chapter.number, Some(1));
    assert_eq!(chapter.title, "Introduction");
    let ids: Vec<&str> = chapter.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["q-hard", "q-easy"]);
    let hard = &chapter.questions[0];
    assert_eq!((hard.answered, hard.correct, hard.students), (3, 1, 2));
    assert!((hard.accuracy - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(chapter.questions[1].accuracy, 1.0);
}

#[test]
fn each_student_has_their_chapters_and_best_full_score() {
    let statements = [
        answered("1", "ann", "introduction", "q", true, AT),
        completed("2", "ann", "introduction", 0.4, "full"),
        completed("3", "ann", "introduction", 0.8, "full"),
        // A retry of the missed questions scores 100% but is not a whole quiz.
        completed("4", "ann", "introduction", 1.0, "retry"),
        completed("5", "bob", "introduction", 0.5, "review"),
    ];
    let report = report(&statements, None);
    let names: Vec<&str> = report.students.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["ann", "bob"]);
    let ann = &report.students[0].chapters[0];
    assert_eq!((ann.answered, ann.correct, ann.finished), (1, 1, 3));
    assert_eq!(ann.best, Some(0.8));
    let bob = &report.students[1].chapters[0];
    assert_eq!((bob.finished, bob.best), (1, None));
    assert_eq!(
        report.chapters[0].questions.len(),
        1,
        "finished quizzes add no question rows"
    );
}

#[test]
fn what_the_lrs_should_have_filtered_out_is_left_out() {
    let mut other_course = answered("2", "ann", "introduction", "q", true, AT);
    other_course["object"]["id"] = json!("https://elsewhere.example/introduction/questions/q");
    let mut read = answered("3", "ann", "introduction", "q", true, AT);
    read["verb"]["id"] = json!(VERB_EXPERIENCED);
    let mut graded = completed("4", "ann", "introduction", 1.0, "full");
    graded["verb"]["id"] = json!(VERB_PASSED);
    let statements = [
        answered("1", "ann", "introduction", "q", false, AT),
        answered("1", "ann", "introduction", "q", false, AT), // the same id twice
        other_course,
        read,
        graded,
        answered(
            "5",
            "ann",
            "introduction",
            "q",
            true,
            "2026-08-31T23:59:59Z",
        ),
        answered("6", "ann", "introduction", "q", true, "not a time"),
        json!({"id": "7", "verb": {"id": VERB_ANSWERED}}),
    ];
    let since = Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).single();
    let report = report(&statements, since);
    assert_eq!(report.since.as_deref(), Some("2026-09-01"));
    assert_eq!(report.statements, 1);
    let q = &report.chapters[0].questions[0];
    assert_eq!((q.answered, q.correct), (1, 0));
}

#[test]
fn escaped_ids_and_chapters_the_course_no_longer_has_are_kept() {
    let statements = [
        answered("1", "ann", "old chapter", "q/1", true, AT),
        answered("2", "ann", "introduction", "q", true, AT),
    ];
    let report = report(&statements, None);
    let slugs: Vec<&str> = report.chapters.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs, ["introduction", "old chapter"]);
    let old = &report.chapters[1];
    assert_eq!((old.number, old.title.as_str()), (None, "old chapter"));
    assert_eq!(old.questions[0].id, "q/1");
}
