//! Every table round-trips through the public API: users, sections read,
//! positions, attempts, answers, reviews, notes and bookmarks.

use super::{DAY, MINUTE, T0, answer, assert_message, fresh, temp_db};
use crate::schedule::{Grade, RELEARN_DELAY_MS, schedule};
use crate::store::{AttemptId, AttemptMode, Score, Store, StoreError, validate_user_name};

#[test]
fn user_names_are_validated() {
    for good in ["ada", "A.b_c-9", &"x".repeat(64)] {
        assert!(validate_user_name(good).is_ok(), "{good}");
    }
    for bad in ["", "x y", "émile", "a/b", &"x".repeat(65)] {
        assert!(validate_user_name(bad).is_err(), "{bad}");
    }
    let err = validate_user_name("x y").expect_err("space");
    assert_eq!(
        err.to_string(),
        "invalid user name 'x y': use 1 to 64 letters, digits, '.', '_' or '-'"
    );
    let (_dir, mut store) = fresh();
    assert!(matches!(
        store.mark_section_read("x y", "ch1", "s1", T0),
        Err(StoreError::InvalidUserName { .. })
    ));
    assert!(store.list_users().expect("list").is_empty());
}

#[test]
fn empty_keys_are_rejected() {
    let (_dir, mut store) = fresh();
    let err = store
        .mark_section_read("ada", "", "s1", T0)
        .expect_err("empty chapter");
    assert_message(&err, "invalid chapter slug ''");
    let err = store
        .start_attempt("ada", "ch1", "h", AttemptMode::Full, T0)
        .and_then(|a| store.record_answer(a.id, &answer("", true, T0)))
        .expect_err("empty question");
    assert_message(&err, "invalid question id");
}

#[test]
fn users_are_created_on_first_use_listed_and_removed() {
    let (_dir, mut store) = fresh();
    store
        .mark_section_read("bob", "ch1", "s1", T0)
        .expect("write");
    store
        .mark_section_read("bob", "ch1", "s2", T0 + 5)
        .expect("write");
    let attempt = store
        .start_attempt("Ada", "ch1", "h1", AttemptMode::Full, T0 + 10)
        .expect("start");
    store
        .record_answer(attempt.id, &answer("q1", true, T0 + 20))
        .expect("answer");
    store
        .record_answer(attempt.id, &answer("q2", false, T0 + 30))
        .expect("answer");
    store.touch_user("carol", T0 + 40).expect("touch");

    let users = store.list_users().expect("list");
    let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["Ada", "bob", "carol"]);
    let ada = &users[0];
    assert_eq!((ada.created_at, ada.last_active_at), (T0 + 10, T0 + 30));
    assert_eq!((ada.attempts, ada.answers, ada.sections_read), (1, 2, 0));
    assert_eq!((users[1].attempts, users[1].sections_read), (0, 2));

    // Names are case-insensitive: "ada" is "Ada".
    assert_eq!(store.attempts("ada", "ch1").expect("read").len(), 1);

    assert!(store.remove_user("ada").expect("remove"));
    assert!(!store.remove_user("ada").expect("remove twice"));
    let answers: i64 = store
        .conn
        .query_row("SELECT count(*) FROM answers", [], |r| r.get(0))
        .expect("count");
    assert_eq!(answers, 0, "answers must cascade");
    assert_eq!(store.list_users().expect("list").len(), 2);
}

#[test]
fn remove_user_deletes_every_row() {
    let (_dir, mut store) = fresh();
    let a = store
        .start_attempt("ada", "ch1", "h", AttemptMode::Full, T0)
        .expect("start");
    store
        .record_answer(a.id, &answer("q1", true, T0))
        .expect("answer");
    store
        .mark_section_read("ada", "ch1", "s1", T0)
        .expect("read");
    store.save_position("ada", "ch1", "s1", 3, T0).expect("pos");
    store
        .record_review("ada", "ch1", "q1", "k", Grade::Good, T0)
        .expect("review");
    store.save_note("ada", "ch1", "s1", "n", T0).expect("note");
    store
        .add_bookmark("ada", "ch1", "s1", T0)
        .expect("bookmark");
    store
        .mark_section_read("bob", "ch1", "s1", T0)
        .expect("other user");
    assert!(store.remove_user("ada").expect("remove"));
    for table in [
        "attempts",
        "answers",
        "positions",
        "reviews",
        "notes",
        "bookmarks",
    ] {
        let sql = match table {
            "attempts" => "SELECT count(*) FROM attempts",
            "answers" => "SELECT count(*) FROM answers",
            "positions" => "SELECT count(*) FROM positions",
            "reviews" => "SELECT count(*) FROM reviews",
            "notes" => "SELECT count(*) FROM notes",
            _ => "SELECT count(*) FROM bookmarks",
        };
        let n: i64 = store.conn.query_row(sql, [], |r| r.get(0)).expect("count");
        assert_eq!(n, 0, "{table}");
    }
    assert_eq!(store.sections_read("bob", "ch1").expect("read"), ["s1"]);
}

#[test]
fn sections_and_positions_round_trip() {
    let (_dir, mut store) = fresh();
    assert!(
        store
            .sections_read("ada", "ch1")
            .expect("unknown user")
            .is_empty()
    );
    store
        .mark_section_read("ada", "ch1", "b", T0)
        .expect("write");
    store
        .mark_section_read("ada", "ch1", "a", T0 + 1)
        .expect("write");
    store
        .mark_section_read("ada", "ch1", "b", T0 + 2)
        .expect("re-read");
    store
        .mark_section_read("ada", "ch2", "z", T0)
        .expect("write");
    assert_eq!(store.sections_read("ada", "ch1").expect("read"), ["a", "b"]);

    assert_eq!(store.position("ada", "ch1").expect("read"), None);
    store
        .save_position("ada", "ch1", "a", 10, T0)
        .expect("write");
    store
        .save_position("ada", "ch1", "b", 7, T0 + MINUTE)
        .expect("write");
    let pos = store.position("ada", "ch1").expect("read").expect("some");
    assert_eq!(
        (pos.chapter.as_str(), pos.section.as_str(), pos.line),
        ("ch1", "b", 7)
    );
    assert_eq!(pos.updated_at, T0 + MINUTE);
    assert_eq!(store.position("ada", "ch2").expect("read"), None);
}

#[test]
fn the_unfinished_attempt_is_the_latest_full_one_on_any_quiz_version() {
    let (_dir, mut store) = fresh();
    let first = store
        .start_attempt("ada", "ch1", "v1", AttemptMode::Full, T0)
        .expect("start");
    store
        .start_attempt("ada", "ch1", "v2", AttemptMode::Retry, T0 + 500)
        .expect("start");
    store
        .start_attempt("ada", "ch1", "v2", AttemptMode::Review, T0 + 550)
        .expect("start");
    assert_eq!(
        store.unfinished_attempt("ada", "ch1").expect("read"),
        Some(first.clone()),
        "retries and reviews are not resumed as the whole quiz"
    );
    let edited = store
        .start_attempt("ada", "ch1", "v2", AttemptMode::Full, T0 + 600)
        .expect("start");
    assert_eq!(
        store.unfinished_attempt("ada", "ch1").expect("read"),
        Some(edited.clone()),
        "the latest, whatever its version"
    );
    store
        .set_attempt_version(first.id, ("v3", &[]))
        .expect("moved");
    assert_eq!(
        store.attempt(first.id).expect("read").map(|a| a.quiz_hash),
        Some("v3".to_string())
    );
    assert!(
        store
            .set_attempt_version(AttemptId(999), ("v3", &[]))
            .is_err()
    );
    assert!(store.set_attempt_version(first.id, ("", &[])).is_err());
}

#[test]
fn attempts_and_answers_round_trip() {
    let (_dir, mut store) = fresh();
    let first = store
        .start_attempt("ada", "ch1", "h1", AttemptMode::Full, T0)
        .expect("start");
    assert_eq!(first.uid.len(), 32);
    assert_eq!((first.finished_at, first.score, first.max), (None, 0, 0));
    let a1 = answer("q1", true, T0 + 1000);
    let a2 = answer("q2", false, T0 + 2000);
    store.record_answer(first.id, &a1).expect("answer");
    store.record_answer(first.id, &a2).expect("answer");
    assert_eq!(
        store.answers(first.id).expect("read"),
        [a1.clone(), a2.clone()]
    );
    assert_eq!(
        store.unfinished_attempt("ada", "ch1").expect("read"),
        Some(first.clone())
    );

    store
        .finish_attempt(first.id, 1, 2, T0 + 3000)
        .expect("finish");
    assert_eq!(store.unfinished_attempt("ada", "ch1").expect("read"), None);
    let retry = store
        .start_attempt("ada", "ch1", "h1", AttemptMode::Retry, T0 + DAY)
        .expect("start");
    assert_ne!(retry.uid, first.uid);
    store
        .finish_attempt(retry.id, 1, 1, T0 + DAY + 5)
        .expect("finish");
    let third = store
        .start_attempt("ada", "ch1", "h1", AttemptMode::Full, T0 + 2 * DAY)
        .expect("start");

    let all = store.attempts("ada", "ch1").expect("read");
    let ids: Vec<AttemptId> = all.iter().map(|a| a.id).collect();
    assert_eq!(ids, [first.id, retry.id, third.id]);
    assert_eq!(all[0].finished_at, Some(T0 + 3000));
    assert_eq!((all[0].score, all[0].max), (1, 2));
    assert_eq!(
        store.last_attempt("ada", "ch1").expect("read"),
        Some(third.clone())
    );
    assert_eq!(
        store.attempt(retry.id).expect("read").map(|a| a.mode),
        Some(AttemptMode::Retry)
    );
    // The retry scored 1/1 but covers only one question: it does not count.
    assert_eq!(
        store.best_score("ada", "ch1").expect("read"),
        Some(Score { score: 1, max: 2 })
    );
    store
        .finish_attempt(third.id, 2, 2, T0 + 2 * DAY + 9)
        .expect("finish");
    assert_eq!(
        store.best_score("ada", "ch1").expect("read"),
        Some(Score { score: 2, max: 2 })
    );
    assert_eq!(store.best_score("ada", "ch9").expect("read"), None);
}

#[test]
fn answering_again_replaces_and_bad_ids_are_errors() {
    let (_dir, mut store) = fresh();
    let a = store
        .start_attempt("ada", "ch1", "h1", AttemptMode::Full, T0)
        .expect("start");
    store
        .record_answer(a.id, &answer("q1", false, T0 + 1))
        .expect("answer");
    let better = answer("q1", true, T0 + 2);
    store.record_answer(a.id, &better).expect("answer again");
    assert_eq!(store.answers(a.id).expect("read"), [better]);

    let missing = AttemptId(a.id.0 + 100);
    let err = store
        .record_answer(missing, &answer("q1", true, T0))
        .expect_err("no attempt");
    assert!(matches!(err, StoreError::NoSuchAttempt { .. }), "{err:?}");
    assert_message(
        &err,
        &format!("database '{}' has no quiz attempt", store.path().display()),
    );
    assert!(matches!(
        store.finish_attempt(missing, 1, 1, T0),
        Err(StoreError::NoSuchAttempt { .. })
    ));
    assert!(matches!(
        store.finish_attempt(a.id, 3, 2, T0),
        Err(StoreError::InvalidScore { .. })
    ));
}

#[test]
fn answers_survive_a_crash_mid_quiz() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open").store;
    let a = store
        .start_attempt("ada", "ch1", "h1", AttemptMode::Full, T0)
        .expect("start");
    store
        .record_answer(a.id, &answer("q1", true, T0 + 1))
        .expect("answer");
    // Simulate a crash: the connection never closes cleanly (no checkpoint).
    std::mem::forget(store);
    let reopened = Store::open(&path).expect("reopen").store;
    let resumed = reopened
        .unfinished_attempt("ada", "ch1")
        .expect("read")
        .expect("resumable");
    assert_eq!(reopened.answers(resumed.id).expect("read").len(), 1);
}

/// Spaced review follows the question, not its id: a review graded under another grading
/// key (the question's answer key changed in a course update) is not carried over, and the
/// next grade schedules the question from the start; the same key, or a review stored
/// before keys were kept, carries over.
#[test]
fn a_changed_question_restarts_its_review_schedule() {
    let (_dir, mut store) = fresh();
    let first = store
        .record_review("ada", "ch1", "q1", "key-v1", Grade::Good, T0)
        .expect("review");
    let second = store
        .record_review("ada", "ch1", "q1", "key-v1", Grade::Good, first.due_ms)
        .expect("review");
    assert_eq!(second.reps, 2, "the same key carries the schedule over");
    assert_eq!(
        store
            .review_state("ada", "ch1", "q1", "key-v2")
            .expect("read"),
        None,
        "a changed question has no schedule to carry over"
    );
    let restarted = store
        .record_review("ada", "ch1", "q1", "key-v2", Grade::Good, second.due_ms)
        .expect("review");
    assert_eq!(restarted.reps, 1, "scheduled as if new");
    assert!(restarted.interval_days < second.interval_days);
    let kept = store.reviews("ada", Some("ch1")).expect("reviews");
    assert_eq!(kept[0].grading_key.as_deref(), Some("key-v2"));

    // A review saved before keys were kept (no key) carries over to any key.
    let mut old = kept[0].clone();
    old.grading_key = None;
    assert!(old.follows("anything"));
    assert!(!kept[0].follows("key-v1"));
}

#[test]
fn reviews_round_trip_and_come_due_in_order() {
    let (_dir, mut store) = fresh();
    assert_eq!(
        store.review_state("ada", "ch1", "q1", "k").expect("read"),
        None
    );
    let good = schedule(None, Grade::Good, T0);
    store
        .save_review("ada", "ch1", "q1", "k", &good)
        .expect("save");
    assert_eq!(
        store.review_state("ada", "ch1", "q1", "k").expect("read"),
        Some(good)
    );

    // q2 missed at T0+1h; q3 fine, due earliest; q4 in another chapter.
    let missed = store
        .record_review("ada", "ch1", "q2", "k", Grade::Again, T0 + 60 * MINUTE)
        .expect("review");
    assert_eq!(missed.due_ms, T0 + 60 * MINUTE + RELEARN_DELAY_MS);
    let mut early = schedule(None, Grade::Hard, T0);
    early.due_ms = T0 + 30 * MINUTE;
    store
        .save_review("ada", "ch1", "q3", "k", &early)
        .expect("save");
    store
        .save_review("ada", "ch2", "q4", "k", &good)
        .expect("save");

    let order = |chapter: Option<&str>, now: i64| -> Vec<String> {
        store
            .due_reviews("ada", chapter, now)
            .expect("due")
            .into_iter()
            .map(|item| format!("{}/{}", item.chapter, item.question))
            .collect()
    };
    assert!(order(None, T0).is_empty());
    assert_eq!(order(None, T0 + 40 * MINUTE), ["ch1/q3"]);
    assert_eq!(order(None, T0 + 2 * 60 * MINUTE), ["ch1/q2", "ch1/q3"]);
    assert_eq!(
        order(None, T0 + 30 * DAY),
        ["ch1/q2", "ch1/q3", "ch1/q1", "ch2/q4"]
    );
    assert_eq!(order(Some("ch2"), T0 + 30 * DAY), ["ch2/q4"]);
    assert!(
        store
            .due_reviews("nobody", None, T0 + 30 * DAY)
            .expect("due")
            .is_empty()
    );

    let again = store
        .record_review("ada", "ch1", "q1", "k", Grade::Good, good.due_ms)
        .expect("review");
    assert!(again.interval_days > good.interval_days);
    assert_eq!(
        store.review_state("ada", "ch1", "q1", "k").expect("read"),
        Some(again)
    );

    let mut broken = good;
    broken.stability = f64::NAN;
    let err = store
        .save_review("ada", "ch1", "q1", "k", &broken)
        .expect_err("nan");
    assert!(matches!(err, StoreError::InvalidReview { .. }), "{err:?}");
}

#[test]
fn notes_and_bookmarks_round_trip() {
    let (_dir, mut store) = fresh();
    assert_eq!(store.note("ada", "ch1", "s1").expect("read"), None);
    store
        .save_note("ada", "ch1", "s1", "first, \"quoted\"\nsecond line", T0)
        .expect("save");
    store
        .save_note("ada", "ch1", "s2", "other", T0)
        .expect("save");
    store
        .save_note("ada", "ch1", "s1", "edited", T0 + 1)
        .expect("save");
    let note = store.note("ada", "ch1", "s1").expect("read").expect("some");
    assert_eq!((note.text.as_str(), note.updated_at), ("edited", T0 + 1));
    assert_eq!(store.notes("ada").expect("read").len(), 2);
    store
        .save_note("ada", "ch1", "s1", "  \n", T0 + 2)
        .expect("empty deletes");
    assert_eq!(store.note("ada", "ch1", "s1").expect("read"), None);
    store
        .save_note("ada", "ch1", "s2", "", T0 + 2)
        .expect("empty deletes");
    assert!(store.notes("ada").expect("read").is_empty());

    store.add_bookmark("ada", "ch2", "s9", T0).expect("add");
    store.add_bookmark("ada", "ch1", "s1", T0 + 1).expect("add");
    store
        .add_bookmark("ada", "ch2", "s9", T0 + 5)
        .expect("add twice");
    let marks = store.bookmarks("ada").expect("read");
    let keys: Vec<(&str, &str, i64)> = marks
        .iter()
        .map(|b| (b.chapter.as_str(), b.section.as_str(), b.created_at))
        .collect();
    assert_eq!(keys, [("ch2", "s9", T0), ("ch1", "s1", T0 + 1)]);
    assert!(store.remove_bookmark("ada", "ch2", "s9").expect("remove"));
    assert!(
        !store
            .remove_bookmark("ada", "ch2", "s9")
            .expect("remove twice")
    );
    assert!(
        !store
            .remove_bookmark("nobody", "ch2", "s9")
            .expect("unknown user")
    );
    assert_eq!(store.bookmarks("ada").expect("read").len(), 1);
}

#[test]
fn chapter_answers_gathers_one_users_chapter_by_attempt_in_order() {
    let (_dir, mut store) = fresh();
    let first = store
        .start_attempt("ada", "ch1", "h", AttemptMode::Full, T0)
        .expect("start");
    let second = store
        .start_attempt("ada", "ch1", "h", AttemptMode::Retry, T0 + 100)
        .expect("start");
    let other_chapter = store
        .start_attempt("ada", "ch2", "h", AttemptMode::Full, T0)
        .expect("start");
    let other_user = store
        .start_attempt("bob", "ch1", "h", AttemptMode::Full, T0)
        .expect("start");
    for (attempt, question, at) in [
        (first.id, "q2", T0 + 20),
        (second.id, "q9", T0 + 110),
        (first.id, "q1", T0 + 10),
        (other_chapter.id, "q1", T0 + 5),
        (other_user.id, "q1", T0 + 5),
    ] {
        store
            .record_answer(attempt, &answer(question, true, at))
            .expect("answer");
    }
    let by_attempt = store.chapter_answers("Ada", "ch1").expect("read");
    let questions = |id: AttemptId| -> Vec<String> {
        by_attempt[&id].iter().map(|a| a.question.clone()).collect()
    };
    assert_eq!(by_attempt.len(), 2);
    assert_eq!(questions(first.id), ["q1", "q2"]);
    assert_eq!(questions(second.id), ["q9"]);
    assert_eq!(
        by_attempt[&first.id],
        store.answers(first.id).expect("read")
    );
}
