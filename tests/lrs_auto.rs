//! `[lrs] auto = true` in the real binary in a pty: a quiz finished with a real LRS
//! (Ralph, see tests/lrs/ralph.rs) sends its statements in the background and the end
//! screen's footer says so; with the LRS down the footer says they stay queued, and a
//! later `sync` sends every one; with an LRS that rejects the answer's statement, the rest
//! is sent, the answer set aside and the footer says both; with an LRS that accepts
//! connections and never answers, the end screen appears at once and quitting does not
//! wait for the network.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

#[path = "lrs/ralph.rs"]
mod ralph;
mod support;
#[path = "lrs/test_lrs.rs"]
mod test_lrs;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ralph::{PASSWORD, Ralph, TEACHER};
use support::{ENTER, Pty, START_SCREEN};
use test_lrs::TestLrs;

/// The quiz's one question answered, and its finished attempt: answered, completed and
/// passed (or failed).
const STATEMENTS: usize = 3;
/// The answer and the finished attempt.
const EVENTS: u64 = 2;

/// A data folder and a config folder whose config.toml turns `auto` on.
struct Student {
    dir: tempfile::TempDir,
}

impl Student {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("config/mlsys-learn");
        std::fs::create_dir_all(&config).expect("config folder");
        std::fs::write(config.join("config.toml"), "[lrs]\nauto = true\n").expect("config");
        Self { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The binary for this student with the LRS at `endpoint`: `args` after the globals.
    fn command(&self, endpoint: &str, args: &[&str]) -> Command {
        let course = fixture_course();
        let mut all = vec!["--content", course.to_str().expect("utf-8 path")];
        all.extend_from_slice(args);
        let mut command = support::app_command(&self.data(), &all);
        command
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("MLSYS_LEARN_LRS_URL", endpoint)
            .env("MLSYS_LEARN_LRS_USER", TEACHER)
            .env("MLSYS_LEARN_LRS_PASSWORD", PASSWORD)
            .env_remove("MLSYS_LEARN_SKIP_LRS_TESTS");
        command
    }

    /// Starts the fixture course's one-question quiz with the LRS at `endpoint`.
    fn quiz(&self, endpoint: &str) -> Pty {
        Pty::from_command(self.command(endpoint, &["quiz", "1", "--no-shuffle"]))
    }

    /// Events still queued, from `sync --status`.
    fn queued(&self) -> u64 {
        let out = self
            .command("http://127.0.0.1:9", &["sync", "--status"])
            .output()
            .expect("sync --status");
        assert!(out.status.success(), "{out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        stdout
            .lines()
            .find_map(|l| l.strip_prefix("queued: "))
            .expect("queued line")
            .parse()
            .expect("count")
    }
}

fn fixture_course() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid")
}

/// Answers the one question and moves on to the end screen; the time the last key was sent.
fn finish(pty: &mut Pty) -> Instant {
    pty.wait_for(START_SCREEN);
    pty.send(ENTER);
    pty.wait_for("Question 1 of 1");
    pty.send("1\r");
    pty.wait_until("feedback", |s| {
        s.contains(support::RIGHT) || s.contains(support::WRONG)
    });
    let sent = Instant::now();
    pty.send(ENTER);
    sent
}

/// Waits up to `limit` for the screen to show `text` (longer than the pty helper's own
/// wait: giving up on an LRS that is down takes its bounded time first).
fn wait_long(pty: &mut Pty, text: &str, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    loop {
        pty.pump();
        let screen = pty.contents();
        if screen.contains(text) {
            return screen;
        }
        assert!(
            !pty.ended() && Instant::now() < deadline,
            "waited for {text:?}; the screen shows:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_finished_quiz_reaches_the_lrs_in_the_background_and_the_footer_says_so() {
    let Some(lrs) = Ralph::start() else { return };
    let student = Student::new();
    let mut pty = student.quiz(&lrs.endpoint());
    finish(&mut pty);
    pty.wait_for("Quiz complete");
    let line = format!("sent {STATEMENTS} statement(s) to the LRS");
    wait_long(&mut pty, &line, Duration::from_secs(30));

    let stored = lrs.stored();
    assert_eq!(stored.len(), STATEMENTS, "{stored:#?}");
    let verbs: Vec<&str> = stored
        .iter()
        .map(|s| s["verb"]["id"].as_str().expect("verb"))
        .collect();
    assert!(verbs.iter().any(|v| v.ends_with("/answered")), "{verbs:?}");
    assert!(verbs.iter().any(|v| v.ends_with("/completed")), "{verbs:?}");
    assert!(
        stored
            .iter()
            .all(|s| s["actor"]["account"]["name"] == "pty")
    );
    let mut ids = lrs.stored_ids();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), STATEMENTS, "each statement once");
    pty.send("q");
    pty.assert_exited_cleanly();
    assert_eq!(student.queued(), 0);
}

#[test]
fn with_the_lrs_down_the_footer_says_they_stay_queued_and_a_later_sync_sends_them() {
    let student = Student::new();
    let port = ralph::free_port();
    let endpoint = format!("http://127.0.0.1:{port}/xAPI");
    let mut pty = student.quiz(&endpoint);
    finish(&mut pty);
    pty.wait_for("Quiz complete");
    let line = format!(
        "LRS unreachable: {STATEMENTS} statement(s) stay queued; 'mlsys-learn sync' retries"
    );
    wait_long(&mut pty, &line, Duration::from_secs(40));
    pty.send("q");
    pty.assert_exited_cleanly();
    assert_eq!(student.queued(), EVENTS, "nothing was lost");

    let Some(lrs) = Ralph::start_on(port) else {
        return;
    };
    let out = student
        .command(&endpoint, &["sync"])
        .output()
        .expect("sync");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(lrs.stored().len(), STATEMENTS);
    assert_eq!(student.queued(), 0);
}

/// An "LRS" that accepts every connection and never says a word; counts the connections.
fn silent_lrs() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}/xAPI", listener.local_addr().expect("addr"));
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (endpoint, accepted)
}

#[test]
fn the_end_screen_does_not_wait_for_a_silent_lrs_nor_does_quitting() {
    let student = Student::new();
    let (endpoint, accepted) = silent_lrs();
    let mut pty = student.quiz(&endpoint);
    let sent = finish(&mut pty);
    pty.wait_until("the end screen, still sending", |s| {
        s.contains("Quiz complete") && s.contains("sending your progress to the LRS")
    });
    let shown = sent.elapsed();
    // The request to the silent LRS gives up only after 5 s: the end screen came first.
    assert!(
        shown < Duration::from_secs(4),
        "the end screen took {shown:?}"
    );
    let deadline = Instant::now() + support::TIMEOUT;
    while accepted.load(Ordering::SeqCst) == 0 {
        assert!(Instant::now() < deadline, "the send never connected");
        std::thread::sleep(Duration::from_millis(20));
    }

    let quit = Instant::now();
    pty.send("q");
    pty.assert_exited_cleanly();
    assert!(
        quit.elapsed() < Duration::from_secs(3),
        "quitting took {:?}",
        quit.elapsed()
    );
    assert_eq!(student.queued(), EVENTS, "nothing was lost");
}

#[test]
fn a_statement_the_lrs_rejects_is_set_aside_and_the_footer_says_what_was_sent() {
    // The LRS in the test rejects statements about the fixture's one question: the
    // answer's; the finished attempt's two (completed, passed or failed) are taken.
    let lrs = TestLrs::start("q-one");
    let student = Student::new();
    let mut pty = student.quiz(&lrs.endpoint);
    finish(&mut pty);
    pty.wait_for("Quiz complete");
    let line = format!(
        "sent {} statement(s); 1 event(s) set aside as rejected",
        STATEMENTS - 1
    );
    wait_long(&mut pty, &line, Duration::from_secs(30));
    assert_eq!(lrs.accepted(), STATEMENTS - 1);
    assert!(lrs.stored().values().all(|&times| times == 1));
    pty.send("q");
    pty.assert_exited_cleanly();
    // Set aside, the answer is no longer queued: later sends pass over it.
    assert_eq!(student.queued(), 0);
}
