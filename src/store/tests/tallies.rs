//! The answer tallies (schema step 6) against the raw answers they sum: every way an
//! answer is written, rewritten or removed keeps them equal to `AnswerTallies::from_events`
//! over the answers actually stored.

use rusqlite::Connection;

use super::{DAY, MINUTE, T0, answer, fresh, temp_db};
use crate::store::{AnswerEvent, AnswerTallies, AttemptMode, QUARTER_MS, Store};

/// Every answer `user` has in the store, read raw, oldest first.
fn raw_answers(store: &Store, user: &str) -> Vec<AnswerEvent> {
    let mut rows = store
        .conn
        .prepare(
            "SELECT t.chapter, a.question, a.correct, a.elapsed_ms, a.answered_at
             FROM answers a JOIN attempts t ON t.id = a.attempt_id
             JOIN users u ON u.id = t.user_id WHERE u.name = ?1
             ORDER BY a.answered_at, a.id",
        )
        .expect("prepare");
    rows.query_map([user], |r| {
        Ok(AnswerEvent {
            chapter: r.get(0)?,
            question: r.get(1)?,
            correct: r.get(2)?,
            elapsed_ms: r.get::<_, i64>(3)? as u64,
            answered_at: r.get(4)?,
        })
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// The store's tallies equal the tallies of its raw answers (edges aside).
fn assert_tallies_match(store: &Store, user: &str) -> AnswerTallies {
    let stored = store.study_history(user, &[]).expect("history").answers;
    let expected = AnswerTallies::from_events(&raw_answers(store, user));
    assert_eq!(stored.quarters, expected.quarters, "quarter tallies");
    let mut days = stored.days.clone();
    let mut want = expected.days.clone();
    days.sort_by(|a, b| (&a.chapter, &a.question, a.day).cmp(&(&b.chapter, &b.question, b.day)));
    want.sort_by(|a, b| (&a.chapter, &a.question, a.day).cmp(&(&b.chapter, &b.question, b.day)));
    assert_eq!(days, want, "question-day tallies");
    assert!(stored.edges.is_empty(), "no period asked, no edges");
    stored
}

#[test]
fn answers_recorded_rewritten_and_removed_keep_the_tallies_exact() {
    let (_dir, mut store) = fresh();
    let first = store
        .start_attempt("ada", "ch1", "h", AttemptMode::Full, T0)
        .expect("start");
    for (i, q) in ["q1", "q2", "q3"].iter().enumerate() {
        let at = T0 + i as i64 * 10 * MINUTE;
        store
            .record_answer(first.id, &answer(q, i != 1, at))
            .expect("answer");
    }
    let second = store
        .start_attempt("ada", "ch2", "h", AttemptMode::Review, T0 + DAY)
        .expect("start");
    store
        .record_answer(second.id, &answer("q1", false, T0 + DAY))
        .expect("answer");
    let bob = store
        .start_attempt("bob", "ch1", "h", AttemptMode::Full, T0)
        .expect("start");
    store
        .record_answer(bob.id, &answer("q1", true, T0))
        .expect("answer");
    let tallies = assert_tallies_match(&store, "ada");
    assert_eq!(tallies.quarters.iter().map(|q| q.answers).sum::<u64>(), 4);
    assert!(
        tallies
            .quarters
            .iter()
            .all(|q| q.start_ms % QUARTER_MS == 0)
    );

    // Answering the same question again in an attempt rewrites the row (an UPDATE).
    store
        .record_answer(first.id, &answer("q2", true, T0 + 2 * DAY))
        .expect("answer again");
    let tallies = assert_tallies_match(&store, "ada");
    assert_eq!(tallies.quarters.iter().map(|q| q.answers).sum::<u64>(), 4);

    // Removed by hand, and by the attempt going.
    store
        .conn
        .execute("DELETE FROM answers WHERE question = 'q3'", [])
        .expect("delete an answer");
    assert_tallies_match(&store, "ada");
    store
        .conn
        .execute("DELETE FROM attempts WHERE id = ?1", [second.id.0])
        .expect("delete an attempt");
    let tallies = assert_tallies_match(&store, "ada");
    assert_eq!(tallies.quarters.iter().map(|q| q.answers).sum::<u64>(), 2);
    assert!(tallies.days.iter().all(|d| d.chapter == "ch1"));

    // Bob's stay his; removing him removes them.
    assert_eq!(assert_tallies_match(&store, "bob").days.len(), 1);
    assert!(store.remove_user("bob").expect("remove"));
    let left: i64 = store
        .conn
        .query_row(
            "SELECT (SELECT count(*) FROM answer_quarters) + (SELECT count(*) FROM answer_days)",
            [],
            |r| r.get(0),
        )
        .expect("count");
    let ada = store.study_history("ada", &[]).expect("history").answers;
    assert_eq!(left as usize, ada.quarters.len() + ada.days.len());
}

#[test]
fn an_import_tallies_every_answer_it_brings() {
    let (_dir, mut store) = fresh();
    let a = store
        .start_attempt("ada", "ch1", "h", AttemptMode::Full, T0)
        .expect("start");
    store
        .record_answer(a.id, &answer("q1", true, T0))
        .expect("answer");
    let exported = store.export("ada").expect("export");
    let (_dir2, mut other) = fresh();
    other.import("ada", &exported).expect("import");
    other
        .import("ada", &exported)
        .expect("import twice adds nothing");
    assert_eq!(assert_tallies_match(&other, "ada").quarters[0].answers, 1);
}

#[test]
fn period_edges_bring_the_raw_answers_of_the_day_a_period_starts_in() {
    let (_dir, mut store) = fresh();
    let a = store
        .start_attempt("ada", "ch1", "h", AttemptMode::Full, T0)
        .expect("start");
    let day_start = T0.div_euclid(DAY) * DAY;
    for (q, at) in [
        ("q1", day_start - MINUTE),
        ("q2", day_start + 5 * MINUTE),
        ("q3", day_start + DAY),
    ] {
        store
            .record_answer(a.id, &answer(q, true, at))
            .expect("answer");
    }
    let history = store
        .study_history("ada", &[day_start + 3 * 60 * MINUTE])
        .expect("history");
    let edges: Vec<&str> = history
        .answers
        .edges
        .iter()
        .map(|e| e.question.as_str())
        .collect();
    assert_eq!(edges, ["q2"]);
    // From 03:00 on that day: q2 is before, q3 after; the day's tally alone would count q2.
    let since = history.answers.since(day_start + 3 * 60 * MINUTE);
    let counted: Vec<&str> = since.days.iter().map(|d| d.question.as_str()).collect();
    assert_eq!(counted, ["q3"]);
    // From midnight: q2 and q3.
    let history = store.study_history("ada", &[day_start]).expect("history");
    let since = history.answers.since(day_start);
    let mut counted: Vec<&str> = since.days.iter().map(|d| d.question.as_str()).collect();
    counted.sort_unstable();
    assert_eq!(counted, ["q2", "q3"]);
}

#[test]
fn a_version_5_file_gains_tallies_of_the_answers_it_holds() {
    let (_dir, path) = temp_db();
    {
        let mut store = Store::open(&path).expect("open").store;
        let a = store
            .start_attempt("ada", "ch1", "h", AttemptMode::Full, T0)
            .expect("start");
        for (i, q) in ["q1", "q2"].iter().enumerate() {
            store
                .record_answer(a.id, &answer(q, i == 0, T0 + i as i64 * DAY))
                .expect("answer");
        }
    }
    // Back to version 5 as it shipped: no tallies, no triggers, no index, no wording keys,
    // no set-aside outbox rows.
    let conn = Connection::open(&path).expect("raw open");
    conn.execute_batch(
        "DROP TRIGGER answers_tally_insert; DROP TRIGGER answers_tally_delete;
         DROP TRIGGER answers_tally_update; DROP TRIGGER attempts_tally_delete;
         DROP INDEX answers_by_time; DROP TABLE answer_quarters; DROP TABLE answer_days;
         ALTER TABLE attempt_questions DROP COLUMN wording_key;
         DROP INDEX outbox_unsent; DROP INDEX outbox_rejected;
         ALTER TABLE outbox DROP COLUMN rejected_at; ALTER TABLE outbox DROP COLUMN rejected_reason;
         CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
         PRAGMA user_version = 5;",
    )
    .expect("to version 4");
    drop(conn);
    let opened = Store::open(&path).expect("upgrade");
    assert!(opened.notice.expect("a notice").contains("from schema 5"));
    let tallies = assert_tallies_match(&opened.store, "ada");
    assert_eq!(tallies.days.len(), 2);
}
