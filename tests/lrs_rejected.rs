//! A statement the LRS rejects is set aside, not a wall: the real binary syncs to a small
//! LRS in this test (a thread on a loopback port) that stores statements by id and answers
//! 400 with a JSON error for any statement about one chosen question. `sync` sends every
//! other statement once, says what it set aside and exits 1; `--status` lists the bad
//! events; a second `sync` sends nothing and succeeds; `--retry-rejected` sends them once
//! the LRS takes them. A sync killed while it splits, run again, stores each statement once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "lrs/events.rs"]
mod events;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use events::history;
use serde_json::{Value, json};

/// The question whose answers the LRS rejects.
const BAD: &str = "intro-system-qualities";
/// The error the LRS gives, with an escape sequence and a second line a terminal must not get.
const DETAIL: &str = "statement refused: \u{1b}[31mresult.response is not a string\nat line 2";

/// What the test LRS holds and how it answers.
#[derive(Default)]
struct State {
    /// Reject statements about this question (`None`: take everything).
    reject: Option<String>,
    /// How many times each statement id was stored.
    stored: HashMap<String, usize>,
    /// Statements taken in 200 answers, in all.
    accepted: usize,
    /// POSTs answered.
    requests: usize,
    /// Pause before each answer, so a sync can be killed in the middle.
    delay: Duration,
}

/// An xAPI LRS small enough for a test: POST /statements only, one connection at a time.
struct TestLrs {
    endpoint: String,
    state: Arc<Mutex<State>>,
}

impl TestLrs {
    fn start(reject: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}/xAPI", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(State {
            reject: Some(reject.to_string()),
            ..State::default()
        }));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = answer(stream, &shared);
            }
        });
        Self { endpoint, state }
    }

    fn stored(&self) -> HashMap<String, usize> {
        self.state.lock().unwrap().stored.clone()
    }

    fn requests(&self) -> usize {
        self.state.lock().unwrap().requests
    }

    fn accepted(&self) -> usize {
        self.state.lock().unwrap().accepted
    }

    fn take_everything(&self) {
        self.state.lock().unwrap().reject = None;
    }
}

/// Reads one request from `stream` and answers it.
fn answer(stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let (status, reply, delay) = judge(&body, state);
    std::thread::sleep(delay);
    let reply = reply.to_string();
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reply.len()
    )?;
    stream.flush()
}

/// What the LRS makes of a batch: 400 if any statement is about the rejected question,
/// else every statement stored under its id.
fn judge(body: &[u8], state: &Mutex<State>) -> (&'static str, Value, Duration) {
    let mut state = state.lock().unwrap();
    state.requests += 1;
    let Ok(Value::Array(batch)) = serde_json::from_slice::<Value>(body) else {
        return (
            "400 Bad Request",
            json!({"detail": "not a list"}),
            state.delay,
        );
    };
    let about = |s: &Value, question: &str| {
        s["object"]["id"]
            .as_str()
            .is_some_and(|id| id.ends_with(&format!("/questions/{question}")))
    };
    if let Some(question) = &state.reject
        && batch.iter().any(|s| about(s, question))
    {
        return ("400 Bad Request", json!({ "detail": DETAIL }), state.delay);
    }
    let ids: Vec<String> = batch
        .iter()
        .map(|s| s["id"].as_str().unwrap_or_default().to_string())
        .collect();
    // As the xAPI spec says, a batch holding an id already stored is refused whole.
    if ids.iter().any(|id| state.stored.contains_key(id)) {
        return (
            "409 Conflict",
            json!({"detail": "already stored"}),
            state.delay,
        );
    }
    for id in &ids {
        *state.stored.entry(id.clone()).or_default() += 1;
    }
    state.accepted += ids.len();
    ("200 OK", json!(ids), state.delay)
}

struct Class {
    dir: tempfile::TempDir,
}

impl Class {
    fn new(users: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("home")).expect("home");
        let class = Self { dir };
        for user in users {
            history(&class.data(), user);
        }
        class
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The binary with a clean environment, the LRS at `endpoint`.
    fn command(&self, endpoint: &str, args: &[&str]) -> Command {
        let home = self.dir.path().join("home");
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("mlsys-learn"));
        command
            .arg("--data-dir")
            .arg(self.data())
            .args(["--user", "ann"])
            .args(args)
            .env_clear()
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("MLSYS_LEARN_LRS_URL", endpoint)
            .env("MLSYS_LEARN_LRS_USER", "teacher")
            .env("MLSYS_LEARN_LRS_PASSWORD", "secret")
            .stdin(Stdio::null());
        command
    }

    fn run(&self, endpoint: &str, args: &[&str]) -> Output {
        self.command(endpoint, args).output().expect("run")
    }

    fn status(&self) -> String {
        let out = self.run("http://127.0.0.1:9/xAPI", &["sync", "--status"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn line_value<'a>(status: &'a str, key: &str) -> &'a str {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .unwrap_or_else(|| panic!("no {key:?} in:\n{status}"))
}

#[test]
fn a_rejected_statement_is_set_aside_the_rest_arrive_once_and_a_retry_sends_it() {
    let lrs = TestLrs::start(BAD);
    let class = Class::new(&["ann", "bob"]);
    let out = class.run(&lrs.endpoint, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "sent 10 statement(s) for 8 event(s) to '{}'\n",
            lrs.endpoint
        )
    );
    assert_eq!(
        text(&out.stderr),
        "error: 2 event(s) the LRS rejected are set aside (first: HTTP 400: statement refused: \
         [31mresult.response is not a string); 'mlsys-learn sync --status' lists them\n"
    );
    let stored = lrs.stored();
    assert_eq!(stored.len(), 10);
    assert_eq!(lrs.accepted(), 10, "a statement sent twice");

    let status = class.status();
    assert_eq!(line_value(&status, "queued: "), "0");
    assert_eq!(line_value(&status, "sent: "), "8");
    assert_eq!(line_value(&status, "set aside: "), "2");
    let listed: Vec<&str> = status.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(listed.len(), 2, "{status}");
    for (line, user) in listed.iter().zip(["ann", "bob"]) {
        assert!(
            line.contains(&format!("{user} answered {BAD} (attempt ")),
            "{line}"
        );
        assert!(
            line.ends_with(": HTTP 400: statement refused: [31mresult.response is not a string"),
            "{line}"
        );
    }
    assert!(!status.contains('\u{1b}'), "{status}");

    // Set-aside events do not fail later runs, and are not sent again.
    let requests = lrs.requests();
    let again = class.run(&lrs.endpoint, &["sync"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout)
            .starts_with("nothing to send; 2 event(s) the LRS rejected stay set aside"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(lrs.requests(), requests);

    // The LRS's admin fixed it: a retry sends them, once.
    lrs.take_everything();
    let retried = class.run(&lrs.endpoint, &["sync", "--retry-rejected"]);
    assert!(retried.status.success(), "{}", text(&retried.stderr));
    assert_eq!(
        text(&retried.stdout),
        format!(
            "queued again 2 event(s) the LRS had rejected\nsent 2 statement(s) for 2 event(s) to '{}'\n",
            lrs.endpoint
        )
    );
    assert_eq!(lrs.stored().len(), 12);
    assert_eq!(lrs.accepted(), 12, "a statement sent twice");
    let status = class.status();
    assert_eq!(line_value(&status, "queued: "), "0");
    assert_eq!(line_value(&status, "set aside: "), "0");
    assert_eq!(line_value(&status, "sent: "), "10");
}

#[test]
fn retry_rejected_is_not_for_a_dry_run_or_the_status() {
    let class = Class::new(&[]);
    for other in ["--dry-run", "--status"] {
        let out = class.run(
            "http://127.0.0.1:9/xAPI",
            &["sync", "--retry-rejected", other],
        );
        assert_eq!(out.status.code(), Some(2), "{other}");
        assert!(text(&out.stderr).contains("cannot be used with"), "{other}");
    }
}

/// Twelve students (60 events, 72 statements, 12 of them about the rejected question): a
/// sync is killed after its 2nd, 5th, 9th and 14th request (the LRS takes 20 ms to answer,
/// so the kill lands while a request is answered and before its rows are marked), then run
/// to the end. Every statement the LRS takes is stored, none about the bad question, the
/// bad events are set aside once each and nothing stays queued.
#[test]
fn a_sync_killed_while_it_splits_then_run_again_stores_each_statement_once() {
    let lrs = TestLrs::start(BAD);
    lrs.state.lock().unwrap().delay = Duration::from_millis(20);
    let users: Vec<String> = (0..12).map(|i| format!("student{i:02}")).collect();
    let names: Vec<&str> = users.iter().map(String::as_str).collect();
    let class = Class::new(&names);
    for after in [2, 5, 9, 14] {
        let until = lrs.requests() + after;
        let mut child = class
            .command(&lrs.endpoint, &["sync"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn sync");
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while lrs.requests() < until && child.try_wait().expect("wait").is_none() {
            assert!(std::time::Instant::now() < deadline, "the sync hung");
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    // The kills came in the middle of the split: some events are done, most are not.
    let midway = class.status();
    let queued: u32 = line_value(&midway, "queued: ").parse().expect("count");
    assert!((1..60).contains(&queued), "{midway}");
    assert_ne!(line_value(&midway, "set aside: "), "0", "{midway}");
    let out = class.run(&lrs.endpoint, &["sync"]);
    assert!(out.status.code() != Some(2), "{}", text(&out.stderr));
    let status = class.status();
    assert_eq!(line_value(&status, "queued: "), "0");
    assert_eq!(line_value(&status, "set aside: "), "12");
    assert_eq!(line_value(&status, "sent: "), "48");
    assert_eq!(lrs.stored().len(), 60);
    assert_eq!(lrs.accepted(), 60, "a statement taken twice");
}
