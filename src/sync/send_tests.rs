//! The send loop against a fake LRS held in memory: the pauses of its patience, batches
//! the LRS rejects split down to the bad events, which are set aside while the rest are
//! stored exactly once, and the requests that takes.

use std::collections::HashMap;
use std::sync::Mutex;

use super::*;
use crate::store::{Store, database_path};
use crate::sync::settings::{self, LrsFile};

#[test]
fn pauses_double_up_to_a_cap_and_stop_when_the_budget_is_spent() {
    let p = Patience::new(Duration::from_secs(10));
    let ms = |n| Duration::from_millis(n);
    assert_eq!(p.pause(Duration::ZERO, 1), Some(ms(500)));
    assert_eq!(p.pause(ms(500), 2), Some(ms(1000)));
    assert_eq!(p.pause(ms(1500), 5), Some(ms(8000)));
    assert_eq!(p.pause(ms(9500), 6), Some(ms(500)));
    assert_eq!(p.pause(ms(10_000), 7), None);
    assert_eq!(p.pause(ms(12_000), 40), None);
    assert_eq!(Patience::new(Duration::ZERO).pause(Duration::ZERO, 1), None);
}

/// An LRS in memory: it stores statements by id and answers 400 for any batch holding a
/// statement about a section in `bad`; request number `unavailable_at` (if any) gets a 503,
/// and those from `refused_from` on a 401.
struct FakeLrs {
    lrs: Lrs,
    bad: Vec<String>,
    unavailable_at: Option<usize>,
    /// From this request on, 401.
    refused_from: Option<usize>,
    requests: Mutex<usize>,
    /// How many times each statement id was stored.
    stored: Mutex<HashMap<String, usize>>,
}

impl FakeLrs {
    fn new(bad: &[&str]) -> Self {
        let env = |name: &str| match name {
            "MLSYS_LEARN_LRS_URL" => Some("http://lrs.invalid/xAPI".to_string()),
            "MLSYS_LEARN_LRS_USER" => Some("teacher".to_string()),
            "MLSYS_LEARN_LRS_PASSWORD" => Some("secret".to_string()),
            _ => None,
        };
        Self {
            lrs: settings::lrs(&LrsFile::default(), &env).expect("lrs settings"),
            bad: bad.iter().map(|b| format!("/{b}")).collect(),
            unavailable_at: None,
            refused_from: None,
            requests: Mutex::new(0),
            stored: Mutex::default(),
        }
    }

    fn requests(&self) -> usize {
        *self.requests.lock().expect("lock")
    }
}

impl Post for FakeLrs {
    fn post(&self, body: &str) -> Posted {
        let request = {
            let mut requests = self.requests.lock().expect("lock");
            *requests += 1;
            *requests
        };
        if self.refused_from.is_some_and(|from| request >= from) {
            return Posted::Refused(401);
        }
        if self.unavailable_at == Some(request) {
            return Posted::Unavailable("the LRS answered 503".to_string());
        }
        let batch: Vec<Value> = serde_json::from_str(body).expect("a JSON array");
        let object = |s: &Value| s["object"]["id"].as_str().unwrap_or("").to_string();
        if let Some(bad) = batch
            .iter()
            .map(object)
            .find(|o| self.bad.iter().any(|b| o.ends_with(b.as_str())))
        {
            return Posted::Rejected(400, format!("statement about {bad} refused"));
        }
        let mut stored = self.stored.lock().expect("lock");
        for statement in &batch {
            let id = statement["id"].as_str().expect("id").to_string();
            *stored.entry(id).or_default() += 1;
        }
        Posted::Stored
    }

    fn lrs(&self) -> &Lrs {
        &self.lrs
    }
}

/// A store whose outbox holds `count` sections read by ada, `s00` on, in order.
fn reads(count: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&database_path(dir.path())).expect("open").store;
    for i in 0..count {
        store
            .mark_section_read("ada", "ch1", &format!("s{i:02}"), 1_700_000_000_000)
            .expect("read");
    }
    (dir, store)
}

fn send(lrs: &FakeLrs, store: &mut Store) -> Result<Sent, SyncError> {
    let course = Course::default();
    let naming = Naming {
        homepage: "https://school.example".to_string(),
        activity_base: "https://school.example/ml".to_string(),
    };
    let sender = Sender {
        client: lrs,
        course: &course,
        naming: &naming,
        patience: Patience::new(Duration::from_secs(60)),
        sleep: &|_| {},
    };
    sender.send_all(store, &mut |_, _| {})
}

#[test]
fn a_batch_of_50_with_2_bad_events_stores_48_once_and_sets_the_2_aside() {
    let lrs = FakeLrs::new(&["s07", "s31"]);
    let (_dir, mut store) = reads(50);
    let sent = send(&lrs, &mut store).expect("sync ends");
    assert_eq!((sent.events, sent.statements, sent.set_aside), (48, 48, 2));
    assert_eq!(
        sent.first_reason.as_deref(),
        Some("HTTP 400: statement about https://school.example/ml/ch1/sections/s07 refused")
    );
    let stored = lrs.stored.lock().expect("lock");
    assert_eq!(stored.len(), 48);
    assert!(stored.values().all(|n| *n == 1), "stored twice: {stored:?}");
    drop(stored);
    // One request for the batch, then two per level of halving for each bad event
    // (50 -> 25 -> 13 -> 7 -> 4 -> 2 -> 1: six levels).
    assert!(
        lrs.requests() <= 1 + 2 * 2 * 6,
        "{} requests",
        lrs.requests()
    );
    let aside = store.set_aside(20).expect("set aside");
    let sections: Vec<&str> = aside.iter().map(|a| a.detail.as_str()).collect();
    assert_eq!(sections, ["s07", "s31"]);
    assert!(aside[1].reason.starts_with("HTTP 400: statement about"));
    assert!(aside[1].reason.ends_with("/s31 refused"));
    let status = store.outbox_status().expect("status");
    assert_eq!((status.queued, status.sent, status.rejected), (0, 48, 2));

    // A second sync sends nothing and sets nothing more aside.
    let before = lrs.requests();
    assert_eq!(send(&lrs, &mut store).expect("again"), Sent::default());
    assert_eq!(lrs.requests(), before);
}

#[test]
fn a_split_rides_out_an_unavailable_lrs_and_later_batches_are_sent_too() {
    let mut lrs = FakeLrs::new(&["s60"]);
    lrs.unavailable_at = Some(3);
    let (_dir, mut store) = reads(120);
    let sent = send(&lrs, &mut store).expect("sync ends");
    assert_eq!((sent.events, sent.set_aside), (119, 1));
    let stored = lrs.stored.lock().expect("lock");
    assert_eq!(stored.len(), 119);
    assert!(stored.values().all(|n| *n == 1));
    drop(stored);
    // Three batches; the second's bad event takes six levels; one retry after the 503.
    assert!(
        lrs.requests() <= 3 + 2 * 6 + 1,
        "{} requests",
        lrs.requests()
    );
}

#[test]
fn a_refusal_during_a_split_stops_with_what_was_stored_marked_and_the_rest_queued() {
    // The batch of 8 is rejected, its half s00-s03 stored, the half s04-s07 rejected;
    // then the LRS refuses the user.
    let mut lrs = FakeLrs::new(&["s05"]);
    lrs.refused_from = Some(4);
    let (_dir, mut store) = reads(8);
    let error = send(&lrs, &mut store);
    assert!(matches!(error, Err(SyncError::Refused(_))), "{error:?}");
    let status = store.outbox_status().expect("status");
    assert_eq!((status.queued, status.sent, status.rejected), (4, 4, 0));
    assert!(status.last_error.expect("error").contains("HTTP 401"));
    assert_eq!(lrs.stored.lock().expect("lock").len(), 4);
}
