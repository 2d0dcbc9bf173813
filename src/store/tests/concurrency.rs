//! Several `Store`s on one file at once (two windows, or a UI and a CLI):
//! writers must queue, never fail with "database is locked", never lose rows.

use std::sync::{Arc, Barrier};
use std::thread;

use super::{T0, answer, temp_db};
use crate::store::{AttemptMode, Store};

const PER_THREAD: usize = 500;

#[test]
fn two_writers_record_a_thousand_answers() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).expect("create"));
    let barrier = Arc::new(Barrier::new(2));
    let workers: Vec<_> = (0..2)
        .map(|worker| {
            let (path, barrier) = (path.clone(), Arc::clone(&barrier));
            thread::spawn(move || -> Result<(), String> {
                let mut store = Store::open(&path).map_err(|e| e.to_string())?.store;
                let now = T0 + worker;
                let attempt = store
                    .start_attempt("ada", "ch1", "h1", AttemptMode::Full, now)
                    .map_err(|e| e.to_string())?;
                barrier.wait();
                for n in 0..PER_THREAD {
                    let question = format!("w{worker}-q{n}");
                    store
                        .record_answer(attempt.id, &answer(&question, n % 3 != 0, now + n as i64))
                        .map_err(|e| e.to_string())?;
                }
                store
                    .finish_attempt(attempt.id, 1, 1, now + 1000)
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for worker in workers {
        let outcome = worker.join().expect("thread panicked");
        assert_eq!(outcome, Ok(()));
    }
    let store = Store::open(&path).expect("reopen").store;
    let users = store.list_users().expect("list");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].answers, 2 * PER_THREAD as u64);
    assert_eq!(users[0].attempts, 2);
}

#[test]
fn simultaneous_first_opens_agree() {
    let (_dir, path) = temp_db();
    let barrier = Arc::new(Barrier::new(3));
    let openers: Vec<_> = (0..3)
        .map(|n| {
            let (path, barrier) = (path.clone(), Arc::clone(&barrier));
            thread::spawn(move || -> Result<Option<String>, String> {
                barrier.wait();
                let mut opened = Store::open(&path).map_err(|e| e.to_string())?;
                let user = format!("user{n}");
                opened
                    .store
                    .mark_section_read(&user, "ch1", "s1", T0)
                    .map_err(|e| e.to_string())?;
                Ok(opened.notice)
            })
        })
        .collect();
    for opener in openers {
        let outcome = opener.join().expect("thread panicked");
        assert_eq!(outcome, Ok(None));
    }
    let store = Store::open(&path).expect("reopen").store;
    assert_eq!(store.list_users().expect("list").len(), 3);
}
