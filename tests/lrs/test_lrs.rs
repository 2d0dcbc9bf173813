//! An xAPI LRS small enough for a test: a thread on a loopback port that takes POST
//! /statements, stores statements by id (a batch holding a stored id is refused whole with
//! 409, as the spec says) and answers 400 with a JSON error for any statement about one
//! chosen question, so the tests can see what the app does with a statement an LRS will
//! not take. Shared by tests/lrs_rejected.rs (sync) and tests/lrs_auto.rs (the background
//! send at the end of a quiz).

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

/// The error the LRS gives, with an escape sequence and a second line a terminal must not get.
pub const DETAIL: &str = "statement refused: \u{1b}[31mresult.response is not a string\nat line 2";

/// What the test LRS holds and how it answers.
#[derive(Default)]
pub struct State {
    /// Reject statements about this question (`None`: take everything).
    pub reject: Option<String>,
    /// How many times each statement id was stored.
    pub stored: HashMap<String, usize>,
    /// Statements taken in 200 answers, in all.
    pub accepted: usize,
    /// POSTs answered.
    pub requests: usize,
    /// Pause before each answer, so a sync can be killed in the middle.
    pub delay: Duration,
    /// Answer 401 to every POST after this many (a password changed mid-sync).
    pub refuse_after: Option<usize>,
}

/// An xAPI LRS small enough for a test: POST /statements only, one connection at a time.
pub struct TestLrs {
    pub endpoint: String,
    pub state: Arc<Mutex<State>>,
}

impl TestLrs {
    pub fn start(reject: &str) -> Self {
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

    pub fn stored(&self) -> HashMap<String, usize> {
        self.state.lock().unwrap().stored.clone()
    }

    pub fn requests(&self) -> usize {
        self.state.lock().unwrap().requests
    }

    pub fn accepted(&self) -> usize {
        self.state.lock().unwrap().accepted
    }

    pub fn take_everything(&self) {
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
    if state
        .refuse_after
        .is_some_and(|limit| state.requests > limit)
    {
        return (
            "401 Unauthorized",
            json!({"detail": "bad credentials"}),
            state.delay,
        );
    }
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
