//! Two real processes answering for the same user at once (two terminals open on one
//! progress file) both get every answer stored: neither fails with "database is locked",
//! and all 1000 answers are there afterwards. The test re-runs its own binary twice as
//! workers; the worker test does nothing unless the environment asks it to.
//!
//! An ignored test reproduces a known failure: two processes opening a *brand-new*
//! database at the same moment, where one can fail at once with `Busy` (SQLite does not
//! call the busy handler while converting the new file to WAL). Run it with
//! `cargo test --test store_concurrency -- --ignored`.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use mlsys_learn::store::{Answer, AttemptMode, Store, database_path};

const PER_WORKER: usize = 500;
const USER: &str = "ada";
const CHAPTER: &str = "introduction";

/// Set to the data folder in a worker process; absent in a normal test run.
const DIR_VAR: &str = "MLSYS_LEARN_CONCURRENCY_WORKER_DIR";
/// Which worker this is (0 or 1).
const ID_VAR: &str = "MLSYS_LEARN_CONCURRENCY_WORKER_ID";
/// How many answers the worker records.
const COUNT_VAR: &str = "MLSYS_LEARN_CONCURRENCY_WORKER_ANSWERS";
/// What a worker prints when it has recorded everything, so the parent knows it ran.
const DONE: &str = "worker recorded all answers";

/// Waits until both workers have reached the point `name`, so they go on together.
/// (They open the store as they start, a few milliseconds apart, like two terminals.)
fn rendezvous(dir: &Path, name: &str, me: usize) {
    let flag = |n: usize| dir.join(format!("{name}-{n}"));
    std::fs::write(flag(me), b"").expect("writes its flag file");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(0..2).all(|n| flag(n).exists()) {
        assert!(
            Instant::now() < deadline,
            "the other worker never reached '{name}'"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The body of one worker process: open the store, start an attempt, record the answers.
#[test]
fn answering_worker() {
    let Some(dir) = std::env::var_os(DIR_VAR).map(PathBuf::from) else {
        return;
    };
    let me: usize = std::env::var(ID_VAR)
        .expect("the worker id is set")
        .parse()
        .expect("the worker id is a number");
    let count: usize = std::env::var(COUNT_VAR)
        .expect("the answer count is set")
        .parse()
        .expect("the answer count is a number");
    let now = 1_700_000_000_000 + i64::try_from(me).expect("small");
    let mut store = Store::open(&database_path(&dir))
        .unwrap_or_else(|e| panic!("worker {me} opens the store: {e} ({e:?})"))
        .store;
    let attempt = store
        .start_attempt(USER, CHAPTER, "quiz-hash", AttemptMode::Full, now)
        .unwrap_or_else(|e| panic!("worker {me} starts its attempt: {e}"));
    rendezvous(&dir, "answer", me);
    for n in 0..count {
        let answer = Answer {
            question: format!("w{me}-q{n:03}"),
            response: format!("\"answer {n}\""),
            correct: n % 3 != 0,
            hint_used: n % 7 == 0,
            elapsed_ms: 1_000,
            answered_at: now + i64::try_from(n).expect("small"),
        };
        store
            .record_answer(attempt.id, &answer)
            .unwrap_or_else(|e| panic!("worker {me}, answer {n}: {e}"));
    }
    println!("{DONE}: worker {me}, attempt {}", attempt.id.0);
}

fn spawn_worker(dir: &Path, me: usize, answers: usize) -> std::process::Child {
    Command::new(std::env::current_exe().expect("the test binary's path"))
        .args(["--exact", "answering_worker", "--nocapture"])
        .env(DIR_VAR, dir)
        .env(ID_VAR, me.to_string())
        .env(COUNT_VAR, answers.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the worker process starts")
}

/// What is wrong with how a worker ended, if anything.
fn check_worker(me: usize, output: &Output) -> Result<(), String> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report = |what: &str| {
        format!(
            "worker {me} {what}: {:?}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}",
            output.status
        )
    };
    if stdout.contains("database is locked") || stderr.contains("database is locked") {
        return Err(report("hit \"database is locked\""));
    }
    if !output.status.success() {
        return Err(report("failed"));
    }
    if !stdout.contains(&format!("{DONE}: worker {me}")) {
        return Err(report("did not run the worker test"));
    }
    Ok(())
}

/// Runs two workers at once on `dir` and checks that both finished cleanly.
fn run_two_workers(dir: &Path, answers: usize) {
    let workers: Vec<_> = (0..2).map(|me| spawn_worker(dir, me, answers)).collect();
    let failures: Vec<String> = workers
        .into_iter()
        .enumerate()
        .filter_map(|(me, worker)| {
            let output = worker.wait_with_output().expect("the worker ends");
            check_worker(me, &output).err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn two_processes_record_a_thousand_answers_for_one_user() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let path = database_path(dir.path());
    // The database exists already, as it does after the first run: creating a new one
    // from two processes at once is the ignored test below.
    drop(Store::open(&path).expect("the store is created"));

    run_two_workers(dir.path(), PER_WORKER);

    let store = Store::open(&path).expect("the store reopens").store;
    let attempts = store.attempts(USER, CHAPTER).expect("attempts");
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    let mut questions: Vec<String> = Vec::new();
    for attempt in &attempts {
        let answers = store.answers(attempt.id).expect("answers");
        assert_eq!(answers.len(), PER_WORKER, "attempt {:?}", attempt.id);
        assert!(attempt.finished_at.is_none());
        questions.extend(answers.into_iter().map(|a| a.question));
    }
    questions.sort();
    questions.dedup();
    assert_eq!(questions.len(), 2 * PER_WORKER, "answer rows are distinct");
    let users = store.list_users().expect("users");
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0].answers, 2 * PER_WORKER as u64);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn two_processes_creating_the_store_at_once_both_succeed() {
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("a temporary data folder");
        run_two_workers(dir.path(), 5);
    }
}
