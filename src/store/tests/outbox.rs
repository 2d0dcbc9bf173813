//! The outbox: every answer, finished attempt and section read is queued in the same
//! transaction that records it, once; pending rows carry what they describe; marking
//! sent, the status, imports and user removal.

use super::{T0, answer, fresh};
use crate::store::{AttemptMode, Event, Store};

fn unsent(store: &Store) -> Vec<(String, String)> {
    store
        .pending(None)
        .expect("pending")
        .into_iter()
        .map(|entry| {
            let what = match entry.event {
                Event::Answered { answer, .. } => format!("answered {}", answer.question),
                Event::Finished(a) => format!("finished {}/{}", a.score, a.max),
                Event::Read(r) => format!("read {}/{}", r.chapter, r.section),
            };
            (entry.user, what)
        })
        .collect()
}

#[test]
fn each_write_queues_its_event_once_in_order() {
    let (_dir, mut store) = fresh();
    store
        .mark_section_read("ada", "ch1", "s1", T0)
        .expect("read");
    store
        .mark_section_read("ada", "ch1", "s1", T0 + 5)
        .expect("read again");
    let a = store
        .start_attempt("ada", "ch1", "h", AttemptMode::Full, T0)
        .expect("start");
    store
        .record_answer(a.id, &answer("q1", true, T0 + 1))
        .expect("answer");
    store
        .record_answer(a.id, &answer("q1", false, T0 + 2))
        .expect("answer again");
    store
        .record_answer(a.id, &answer("q2", true, T0 + 3))
        .expect("answer");
    assert_eq!(store.outbox_status().expect("status").queued, 3);
    store.finish_attempt(a.id, 1, 2, T0 + 4).expect("finish");
    store
        .save_position("ada", "ch1", "s1", 3, T0)
        .expect("not an event");
    store
        .save_note("ada", "ch1", "s1", "n", T0)
        .expect("not an event");
    let want = ["read ch1/s1", "answered q1", "answered q2", "finished 1/2"];
    let got: Vec<String> = unsent(&store).into_iter().map(|(_, w)| w).collect();
    assert_eq!(got, want);
    let entries = store.pending(Some(2)).expect("pending");
    assert_eq!(entries.len(), 2);
    // The replaced answer is sent as it stands now.
    let Event::Answered {
        answer: latest,
        attempt_uid,
        chapter,
    } = &entries[1].event
    else {
        panic!("{:?}", entries[1]);
    };
    assert!(!latest.correct);
    assert_eq!(
        (attempt_uid.as_str(), chapter.as_str()),
        (a.uid.as_str(), "ch1")
    );
}

#[test]
fn sent_rows_are_not_pending_and_the_status_counts_them() {
    let (_dir, mut store) = fresh();
    for s in ["s1", "s2", "s3"] {
        store.mark_section_read("ada", "ch1", s, T0).expect("read");
    }
    let first: Vec<i64> = store
        .pending(Some(2))
        .expect("pending")
        .iter()
        .map(|e| e.id)
        .collect();
    store
        .record_sync_error("the LRS answered 503", T0 + 1)
        .expect("error");
    let status = store.outbox_status().expect("status");
    assert_eq!((status.queued, status.sent), (3, 0));
    assert_eq!(status.last_error.as_deref(), Some("the LRS answered 503"));
    store.mark_sent(&first, T0 + 2).expect("sent");
    // Marking twice changes nothing.
    store.mark_sent(&first, T0 + 3).expect("sent again");
    let status = store.outbox_status().expect("status");
    assert_eq!((status.queued, status.sent), (1, 2));
    assert_eq!(status.last_error, None);
    assert_eq!(status.last_sent_at, Some(T0 + 3));
    assert_eq!(
        unsent(&store),
        [("ada".to_string(), "read ch1/s3".to_string())]
    );
    // A section read again after it was sent is not sent again.
    store
        .mark_section_read("ada", "ch1", "s1", T0 + 9)
        .expect("reread");
    assert_eq!(store.outbox_status().expect("status").queued, 1);
}

#[test]
fn an_import_queues_what_it_brought_and_removal_drops_the_users_rows() {
    let (_dir, mut store) = fresh();
    let a = store
        .start_attempt("ada", "ch1", "h", AttemptMode::Full, T0)
        .expect("start");
    store
        .record_answer(a.id, &answer("q1", true, T0))
        .expect("answer");
    store.finish_attempt(a.id, 1, 1, T0).expect("finish");
    store
        .mark_section_read("ada", "ch1", "s1", T0)
        .expect("read");
    let history = store.export("ada").expect("export");

    let (_dir2, mut other) = fresh();
    other.import("bea", &history).expect("import");
    let mut got = unsent(&other);
    got.sort();
    let want: Vec<(String, String)> = ["answered q1", "finished 1/1", "read ch1/s1"]
        .iter()
        .map(|w| ("bea".to_string(), w.to_string()))
        .collect();
    assert_eq!(got, want);
    // Importing again queues nothing new.
    other.import("bea", &history).expect("import again");
    assert_eq!(other.outbox_status().expect("status").queued, 3);

    assert!(other.remove_user("bea").expect("remove"));
    assert_eq!(other.outbox_status().expect("status").queued, 0);
}

#[test]
fn a_row_whose_answer_is_gone_does_not_block_the_rows_after_it() {
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
    store
        .conn
        .execute("DELETE FROM answers", [])
        .expect("delete by hand");
    let entries = store.pending(Some(1)).expect("pending");
    assert_eq!(entries.len(), 1);
    assert!(matches!(entries[0].event, Event::Read(_)));
}

/// Ada's three sections read, queued in order; their outbox ids.
fn three_reads(store: &mut Store) -> Vec<i64> {
    for s in ["s1", "s2", "s3"] {
        store.mark_section_read("ada", "ch1", s, T0).expect("read");
    }
    store
        .pending(None)
        .expect("pending")
        .iter()
        .map(|e| e.id)
        .collect()
}

#[test]
fn a_rejected_row_is_set_aside_with_a_clean_reason_and_no_longer_queued() {
    let (_dir, mut store) = fresh();
    let ids = three_reads(&mut store);
    let hostile = "HTTP 400: bad \u{1b}[31mstatement\u{202e} here\u{7}\nsecond line";
    store
        .mark_rejected(ids[1], hostile, T0 + 5)
        .expect("reject");
    // Rejecting a row twice, or a sent row, changes nothing more.
    store.mark_sent(&ids[..1], T0 + 6).expect("sent");
    store.mark_rejected(ids[0], "late", T0 + 7).expect("no-op");

    assert_eq!(
        unsent(&store),
        [("ada".to_string(), "read ch1/s3".to_string())]
    );
    let status = store.outbox_status().expect("status");
    assert_eq!((status.queued, status.sent, status.rejected), (1, 1, 1));
    assert_eq!(status.last_try_at, Some(T0 + 7));
    let aside = store.set_aside(20).expect("set aside");
    assert_eq!(aside.len(), 1);
    assert_eq!(
        (aside[0].kind.as_str(), aside[0].subject.as_str()),
        ("read", "ch1")
    );
    assert_eq!(aside[0].detail, "s2");
    assert_eq!(aside[0].rejected_at, T0 + 5);
    assert_eq!(aside[0].reason, "HTTP 400: bad [31mstatement here");
    // Reading the queue still goes by the partial index of rows to send.
    let plan: String = store
        .conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT o.id FROM outbox o
             WHERE o.sent_at IS NULL AND o.rejected_at IS NULL ORDER BY o.id",
            [],
            |row| row.get(3),
        )
        .expect("plan");
    assert!(plan.contains("outbox_unsent"), "{plan}");
}

#[test]
fn retrying_puts_every_set_aside_row_back_in_the_queue_once() {
    let (_dir, mut store) = fresh();
    let ids = three_reads(&mut store);
    for id in &ids[1..] {
        store
            .mark_rejected(*id, "HTTP 400: no", T0)
            .expect("reject");
    }
    assert_eq!(store.outbox_status().expect("status").queued, 1);
    assert_eq!(store.set_aside(1).expect("first only").len(), 1);
    assert_eq!(store.retry_rejected().expect("retry"), 2);
    assert_eq!(store.retry_rejected().expect("again"), 0);
    let status = store.outbox_status().expect("status");
    assert_eq!((status.queued, status.rejected), (3, 0));
    assert!(store.set_aside(20).expect("none").is_empty());
    assert_eq!(unsent(&store).len(), 3);
}
