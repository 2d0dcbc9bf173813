//! Statement shapes and ids, over a small course holding one question of each kind.

use serde_json::json;

use super::*;
use crate::content::load;
use crate::content::source::SourceFile;
use crate::store::AttemptId;
use crate::store::AttemptMode;

const COURSE: &str = "title = \"Tiny\"\npass_mark = 0.75\n\n[[parts]]\nid = \"p\"\nnumber = \"I\"\ntitle = \"P\"\nquestion = \"Q?\"\n";

const CHAPTER: &str = "+++
number = 1
slug = \"basics\"
title = \"Basics\"
part = \"p\"
summary = \"s\"

[[objectives]]
id = \"know\"
text = \"Know\"
+++

## First {#first}

Text.
";

const QUIZ: &str = r#"chapter = "basics"

[[questions]]
id = "single"
type = "single"
prompt = "Pick one."
answer = "right"
distractors = ["wrong", "worse"]
section = "first"
objective = "know"
hint = "h"
explanation = "e"

[[questions]]
id = "multi"
type = "multiple"
prompt = "Pick two."
answers = ["a", "b"]
distractors = ["c"]
section = "first"
objective = "know"
hint = "h"
explanation = "e"

[[questions]]
id = "tf"
type = "truefalse"
prompt = "True?"
answer = false
section = "first"
objective = "know"
hint = "h"
explanation = "e"

[[questions]]
id = "short"
type = "short"
prompt = "Name it."
answer = "drift"
alternatives = ["data drift"]
section = "first"
objective = "know"
hint = "h"
explanation = "e"

[[questions]]
id = "gaps"
type = "gaps"
prompt = "The ___ and the ___."
gaps = [["cat", "a cat"], ["dog"]]
section = "first"
objective = "know"
hint = "h"
explanation = "e"

[[questions]]
id = "order"
type = "order"
prompt = "Order them."
items = ["one", "two", "three"]
section = "first"
objective = "know"
hint = "h"
explanation = "e"

[[questions]]
id = "num"
type = "numeric"
prompt = "How many?"
answer = 10.0
tolerance = 0.5
unit = "ms"
section = "first"
objective = "know"
hint = "h"
explanation = "e"
"#;

fn course() -> Course {
    let files = [
        ("course.toml", COURSE),
        ("chapters/01-basics.md", CHAPTER),
        ("quizzes/01-basics.toml", QUIZ),
    ]
    .map(|(path, text)| SourceFile {
        path: path.to_string(),
        text: text.to_string(),
    });
    let loaded = load::load(&files);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.course
}

fn naming() -> Naming {
    Naming {
        homepage: "https://school.example".to_string(),
        activity_base: "https://school.example/ml".to_string(),
    }
}

const UID: &str = "0123456789abcdef0123456789abcdef";

fn answered(question: &str, response: Response, correct: bool) -> Statement {
    let entry = OutboxEntry {
        id: 1,
        user: "ann".to_string(),
        event: Event::Answered {
            attempt_uid: UID.to_string(),
            chapter: "basics".to_string(),
            answer: Answer {
                question: question.to_string(),
                response: response.to_json(),
                correct,
                hint_used: true,
                elapsed_ms: 1500,
                answered_at: 1_700_000_000_000,
            },
        },
    };
    let mut list = statements(&entry, &course(), &naming());
    assert_eq!(list.len(), 1);
    list.remove(0)
}

#[test]
fn an_answer_is_a_cmi_interaction_with_actor_account_result_and_context() {
    let s = answered("single", Response::Single("right".into()), true).json;
    assert_eq!(
        s["actor"],
        json!({"objectType": "Agent", "account": {"homePage": "https://school.example", "name": "ann"}})
    );
    assert_eq!(s["verb"]["id"], VERB_ANSWERED);
    assert_eq!(
        s["object"]["id"],
        "https://school.example/ml/basics/questions/single"
    );
    let definition = &s["object"]["definition"];
    assert_eq!(definition["type"], TYPE_INTERACTION);
    assert_eq!(definition["interactionType"], "choice");
    assert_eq!(definition["correctResponsesPattern"], json!(["c1"]));
    assert_eq!(
        definition["choices"][2],
        json!({"id": "c3", "description": {"en-US": "worse"}})
    );
    assert_eq!(
        s["result"],
        json!({"success": true, "response": "c1", "duration": "PT1.5S",
               "extensions": {EXT_HINT_USED: true}})
    );
    assert_eq!(s["timestamp"], "2023-11-14T22:13:20.000Z");
    assert_eq!(
        s["context"]["registration"],
        "01234567-89ab-cdef-0123-456789abcdef"
    );
    assert_eq!(
        s["context"]["contextActivities"]["parent"][0]["id"],
        "https://school.example/ml/basics/quiz"
    );
    assert_eq!(
        s["context"]["contextActivities"]["grouping"][0]["id"],
        "https://school.example/ml"
    );
    assert_eq!(
        s["id"],
        statement_id("ann", "answered", UID, "single").to_string()
    );
}

#[test]
fn each_question_kind_has_its_interaction_type_pattern_and_response() {
    let cases = [
        (
            "multi",
            Response::Multiple(vec!["b".into(), "c".into()]),
            "choice",
            json!(["c1[,]c2"]),
            "c2[,]c3",
        ),
        (
            "tf",
            Response::TrueFalse(true),
            "true-false",
            json!(["false"]),
            "true",
        ),
        (
            "short",
            Response::Short("Drift".into()),
            "fill-in",
            json!([
                "{case_matters=false}drift",
                "{case_matters=false}data drift"
            ]),
            "Drift",
        ),
        (
            "gaps",
            Response::Gaps(vec!["cat".into(), "cow".into()]),
            "fill-in",
            json!(["{case_matters=false}cat[,]dog"]),
            "cat[,]cow",
        ),
        (
            "order",
            Response::Order(vec!["two".into(), "one".into(), "three".into()]),
            "sequencing",
            json!(["c1[,]c2[,]c3"]),
            "c2[,]c1[,]c3",
        ),
        (
            "num",
            Response::Numeric("10.2 ms".into()),
            "numeric",
            json!(["9.5[:]10.5"]),
            "10.2",
        ),
    ];
    for (question, response, kind, pattern, given) in cases {
        let s = answered(question, response, false).json;
        let definition = &s["object"]["definition"];
        assert_eq!(definition["interactionType"], kind, "{question}");
        assert_eq!(definition["correctResponsesPattern"], pattern, "{question}");
        assert_eq!(s["result"]["response"], given, "{question}");
        assert_eq!(s["result"]["success"], false);
    }
}

#[test]
fn a_question_gone_from_the_course_is_sent_as_other_with_the_response_as_given() {
    let s = answered("vanished", Response::Short("what I typed".into()), true).json;
    assert_eq!(s["object"]["definition"]["interactionType"], "other");
    assert!(
        s["object"]["definition"]
            .get("correctResponsesPattern")
            .is_none()
    );
    assert_eq!(s["result"]["response"], "what I typed");
}

fn finished(score: u32, max: u32) -> Vec<Statement> {
    let attempt = Attempt {
        id: AttemptId(7),
        uid: UID.to_string(),
        chapter: "basics".to_string(),
        quiz_hash: "h".to_string(),
        mode: AttemptMode::Full,
        started_at: 1_700_000_000_000,
        finished_at: Some(1_700_000_090_500),
        score,
        max,
    };
    let entry = OutboxEntry {
        id: 2,
        user: "Ann".to_string(),
        event: Event::Finished(attempt),
    };
    statements(&entry, &course(), &naming())
}

#[test]
fn a_finished_attempt_is_completed_and_passed_or_failed_at_the_course_pass_mark() {
    let passed = finished(3, 4);
    assert_eq!(passed.len(), 2);
    let (completed, graded) = (&passed[0].json, &passed[1].json);
    assert_eq!(completed["verb"]["id"], VERB_COMPLETED);
    assert_eq!(
        completed["object"]["id"],
        "https://school.example/ml/basics/quiz"
    );
    assert_eq!(completed["object"]["definition"]["type"], TYPE_ASSESSMENT);
    assert_eq!(
        completed["result"],
        json!({"completion": true, "duration": "PT90.5S",
               "score": {"scaled": 0.75, "raw": 3, "min": 0, "max": 4}})
    );
    assert_eq!(graded["verb"]["id"], VERB_PASSED);
    assert_eq!(graded["result"]["success"], true);
    assert_eq!(graded["context"]["extensions"][EXT_MODE], "full");
    assert_eq!(graded["timestamp"], "2023-11-14T22:14:50.500Z");

    let failed = finished(2, 3);
    assert_eq!(failed[1].json["verb"]["id"], VERB_FAILED);
    assert_eq!(failed[1].json["result"]["score"]["scaled"], 0.6667);
    // 72% passes at the default 70% but not at this course's 75%.
    assert_eq!(finished(18, 25)[1].json["verb"]["id"], VERB_FAILED);
    // Passed or failed, the grading statement of one attempt keeps one id.
    assert_eq!(failed[1].id, passed[1].id);
    assert_ne!(passed[0].id, passed[1].id);
}

#[test]
fn a_section_read_is_experienced_with_the_section_title() {
    let entry = OutboxEntry {
        id: 3,
        user: "ann".to_string(),
        event: Event::Read(SectionRead {
            chapter: "basics".to_string(),
            section: "first".to_string(),
            read_at: 1_700_000_000_000,
        }),
    };
    let list = statements(&entry, &course(), &naming());
    let s = &list[0].json;
    assert_eq!(s["verb"]["id"], VERB_EXPERIENCED);
    assert_eq!(
        s["object"]["id"],
        "https://school.example/ml/basics/sections/first"
    );
    assert_eq!(s["object"]["definition"]["name"]["en-US"], "1.1 First");
    assert!(s["context"].get("registration").is_none());
    assert_eq!(
        list[0].id,
        statement_id("ann", "experienced", "basics", "first")
    );
}

#[test]
fn ids_are_stable_distinct_and_ignore_the_case_of_the_user_name() {
    let id = statement_id("ann", "answered", UID, "q1");
    assert_eq!(id, statement_id("ANN", "answered", UID, "q1"));
    assert_eq!(id.get_version_num(), 5);
    // Pinned: an id that changed between versions would send every statement again.
    assert_eq!(
        id.to_string(),
        statement_id("ann", "answered", UID, "q1").to_string()
    );
    let others = [
        statement_id("bob", "answered", UID, "q1"),
        statement_id("ann", "experienced", UID, "q1"),
        statement_id("ann", "answered", UID, "q2"),
        // The separator keeps ("a", "bc") and ("ab", "c") apart.
        statement_id("ann", "answered", &format!("{UID}q"), "1"),
    ];
    for other in others {
        assert_ne!(id, other);
    }
}

#[test]
fn keys_become_single_iri_segments_and_durations_iso_8601() {
    assert_eq!(question_iri("b", "ch 1", "a/b"), "b/ch%201/questions/a%2Fb");
    assert_eq!(iso_duration(0), "PT0S");
    assert_eq!(iso_duration(1500), "PT1.5S");
    assert_eq!(iso_duration(61_005), "PT61.005S");
    assert_eq!(leading_number(" -3.5e"), "-3.5");
    assert_eq!(leading_number("many"), "many");
}
