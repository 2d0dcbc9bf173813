//! Export, import and CSV: a full round trip into a fresh database, the
//! idempotence of importing twice, the merge rules, and CSV quoting.

use super::{DAY, T0, answer, fresh};
use crate::schedule::Grade;
use crate::store::{
    AttemptMode, HISTORY_VERSION, ImportReport, QuestionKey, Store, StoreError, UserHistory,
};

/// A user with a row in every table.
fn busy_student(store: &mut Store, user: &str) {
    store
        .mark_section_read(user, "ch1", "intro", T0)
        .expect("read");
    store
        .mark_section_read(user, "ch2", "setup", T0 + 5)
        .expect("read");
    store
        .save_position(user, "ch1", "intro", 12, T0 + 6)
        .expect("pos");
    let questions: Vec<QuestionKey> = ["q1", "q2"]
        .iter()
        .map(|q| QuestionKey {
            question: q.to_string(),
            key: format!("key-{q}"),
            wording: format!("wording-{q}"),
        })
        .collect();
    let full = store
        .start_attempt_on(user, "ch1", ("h1", &questions), AttemptMode::Full, T0 + 10)
        .expect("start");
    store
        .record_answer(full.id, &answer("q1", true, T0 + 11))
        .expect("answer");
    store
        .record_answer(full.id, &answer("q2", false, T0 + 12))
        .expect("answer");
    store
        .finish_attempt(full.id, 1, 2, T0 + 13)
        .expect("finish");
    let open = store
        .start_attempt(user, "ch1", "h1", AttemptMode::Retry, T0 + 20)
        .expect("start");
    store
        .record_answer(open.id, &answer("q2", true, T0 + 21))
        .expect("answer");
    store
        .record_review(user, "ch1", "q1", "k", Grade::Good, T0 + 11)
        .expect("review");
    store
        .record_review(user, "ch1", "q2", "k", Grade::Again, T0 + 12)
        .expect("review");
    store
        .save_note(user, "ch1", "intro", "tricky, \"really\"\nsee ch2", T0 + 30)
        .expect("note");
    store
        .add_bookmark(user, "ch2", "setup", T0 + 31)
        .expect("bookmark");
    // Marks on a section no course has any more: kept and exported like the rest.
    store
        .save_note(user, "ch1", "removed-section", "kept", T0 + 32)
        .expect("note");
    store
        .add_bookmark(user, "ch1", "removed-section", T0 + 33)
        .expect("bookmark");
}

#[test]
fn export_then_import_into_a_fresh_database_is_equal() {
    let (_a, mut source) = fresh();
    busy_student(&mut source, "ada");
    busy_student(&mut source, "bob");
    let exported = source.export("ada").expect("export");
    assert_eq!(exported.version, HISTORY_VERSION);
    assert_eq!(exported.attempts.len(), 2);
    assert_eq!(exported.attempts[0].answers.len(), 2);
    // What course updates need travels too: each attempt's questions and keys, each
    // review's key, and marks on sections no longer in the course.
    assert_eq!(exported.attempts[0].questions.len(), 2);
    assert!(exported.attempts[1].questions.is_empty());
    assert!(
        exported
            .reviews
            .iter()
            .all(|r| r.grading_key.as_deref() == Some("k"))
    );
    assert!(
        exported
            .notes
            .iter()
            .any(|n| n.section == "removed-section")
    );
    assert!(
        exported
            .bookmarks
            .iter()
            .any(|b| b.section == "removed-section")
    );

    let json = exported.to_json().expect("json");
    let parsed = UserHistory::from_json(&json).expect("parse");
    assert_eq!(parsed, exported);

    let (_b, mut target) = fresh();
    let report = target.import("ada", &parsed).expect("import");
    assert_eq!(report.attempts, 2);
    assert_eq!(report.answers, 3);
    assert_eq!(target.export("ada").expect("export"), exported);
    assert_eq!(target.list_users().expect("users").len(), 1);
}

#[test]
fn importing_twice_changes_nothing() {
    let (_a, mut source) = fresh();
    busy_student(&mut source, "ada");
    let history = source.export("ada").expect("export");
    let (_b, mut target) = fresh();
    busy_student(&mut target, "ada"); // different attempt uids, same keys elsewhere
    let first = target.import("ada", &history).expect("import");
    assert!(first.changed() > 0);
    let after_first = target.export("ada").expect("export");
    let second = target.import("ada", &history).expect("import again");
    assert_eq!(second, ImportReport::default());
    assert_eq!(target.export("ada").expect("export"), after_first);
    // Importing into the source itself is also a no-op.
    assert_eq!(
        source.import("ada", &history).expect("self import"),
        ImportReport::default()
    );
}

#[test]
fn merge_keeps_the_newer_rows() {
    let (_a, mut laptop) = fresh();
    busy_student(&mut laptop, "ada");
    let (_b, mut desktop) = fresh();
    let synced = laptop.export("ada").expect("export");
    desktop.import("ada", &synced).expect("sync");

    // On the desktop: finish the open retry, move on, edit the note.
    let retry = desktop
        .attempts("ada", "ch1")
        .expect("read")
        .into_iter()
        .find(|a| a.finished_at.is_none())
        .expect("open retry");
    desktop
        .record_answer(retry.id, &answer("q3", true, T0 + DAY))
        .expect("answer");
    desktop
        .finish_attempt(retry.id, 2, 2, T0 + DAY + 1)
        .expect("finish");
    desktop
        .save_position("ada", "ch1", "intro", 99, T0 + DAY)
        .expect("pos");
    desktop
        .save_note("ada", "ch1", "intro", "desktop note", T0 + DAY)
        .expect("note");
    desktop
        .record_review("ada", "ch1", "q2", "k", Grade::Good, T0 + DAY)
        .expect("review");
    // On the laptop, meanwhile, an older position change.
    laptop
        .save_position("ada", "ch1", "intro", 50, T0 + 100)
        .expect("pos");

    let report = laptop
        .import("ada", &desktop.export("ada").expect("export"))
        .expect("merge");
    assert_eq!(report.attempts, 1);
    assert_eq!(report.answers, 1);
    assert_eq!((report.positions, report.notes, report.reviews), (1, 1, 1));
    let merged = laptop.export("ada").expect("export");
    let uid_of_retry = &retry.uid;
    let retry_rec = merged
        .attempts
        .iter()
        .find(|a| &a.uid == uid_of_retry)
        .expect("retry");
    assert_eq!(
        (
            retry_rec.finished_at,
            retry_rec.score,
            retry_rec.answers.len()
        ),
        (Some(T0 + DAY + 1), 2, 2)
    );
    assert_eq!(merged.positions[0].line, 99);
    assert_eq!(merged.notes[0].text, "desktop note");
    assert_eq!(
        laptop
            .review_state("ada", "ch1", "q2", "k")
            .expect("read")
            .map(|s| s.last_grade),
        Some(Grade::Good)
    );

    // An older history merged back does not undo anything.
    let stale = laptop.import("ada", &synced).expect("merge");
    assert_eq!(stale, ImportReport::default());
    assert_eq!(laptop.export("ada").expect("export"), merged);
}

#[test]
fn import_under_another_name_and_bad_documents() {
    let (_a, mut store) = fresh();
    busy_student(&mut store, "ada");
    let history = store.export("ada").expect("export");
    store
        .import("ada-copy", &history)
        .expect("import as another user");
    let copy = store.export("ada-copy").expect("export");
    assert_eq!(copy.attempts, history.attempts);
    assert_eq!(copy.user, "ada-copy");

    let err = store.export("nobody").expect_err("no such user");
    assert!(matches!(err, StoreError::NoSuchUser { .. }), "{err:?}");

    let mut future = history.clone();
    future.version = HISTORY_VERSION + 1;
    let err = store.import("ada", &future).expect_err("future version");
    assert!(
        err.to_string()
            .starts_with("cannot read progress history: history version"),
        "{err}"
    );
    let err = UserHistory::from_json("{\"format\": 3}").expect_err("garbage");
    assert!(matches!(err, StoreError::History { .. }));
    let mut wrong = history;
    wrong.format = "something-else".into();
    assert!(store.import("ada", &wrong).is_err());
}

#[test]
fn csv_has_one_quoted_row_per_answer() {
    let (_a, mut store) = fresh();
    busy_student(&mut store, "ada");
    let csv = store.export_csv("ada").expect("csv");
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("user,attempt_uid,chapter,quiz_hash,mode,started_at,"));
    let first = lines[1];
    assert!(first.starts_with("ada,"), "{first}");
    assert!(
        first.contains(",full,2023-11-14T22:13:20.010Z,2023-11-14T22:13:20.013Z,1,2,q1,"),
        "{first}"
    );
    assert!(
        first.contains(",\"{\"\"choice\"\":\"\"q1\"\",\"\"text\"\":\"\"a, \\\"\"b\\\"\"\"\"}\",true,false,1500,"),
        "{first}"
    );
    let unfinished = lines[3];
    assert!(
        unfinished.contains(",retry,2023-11-14T22:13:20.020Z,,0,0,q2,"),
        "{unfinished}"
    );
    assert!(csv.ends_with("\r\n"));
}
