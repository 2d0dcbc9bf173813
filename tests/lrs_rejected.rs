//! A statement the LRS rejects is set aside, not a wall: the real binary syncs to a small
//! LRS in this test (a thread on a loopback port) that stores statements by id and answers
//! 400 with a JSON error for any statement about one chosen question. `sync` sends every
//! other statement once, says what it set aside and exits 1; `--status` lists the bad
//! events; a second `sync` sends nothing and succeeds; `--retry-rejected` sends them once
//! the LRS takes them. A sync killed while it splits, run again, stores each statement once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "lrs/events.rs"]
mod events;
#[path = "lrs/test_lrs.rs"]
mod test_lrs;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use events::history;
use test_lrs::TestLrs;

/// The question whose answers the LRS rejects.
const BAD: &str = "intro-system-qualities";

/// Students' data folders with history recorded, and how to run the app for them.
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

#[test]
fn a_sync_refused_after_setting_events_aside_says_both() {
    // Refused from some request on: find a run in which an event was set aside first.
    for limit in 1..30 {
        let lrs = TestLrs::start(BAD);
        lrs.state.lock().unwrap().refuse_after = Some(limit);
        let class = Class::new(&["ann"]);
        let out = class.run(&lrs.endpoint, &["sync"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert!(stderr.contains("(HTTP 401)"), "{stderr}");
        let aside: u64 = line_value(&class.status(), "set aside: ")
            .parse()
            .expect("a count");
        if aside == 0 {
            assert!(!stderr.contains("set aside"), "{stderr}");
            continue;
        }
        assert!(
            stderr.contains(&format!(
                "before that, {aside} event(s) the LRS rejected were set aside"
            )),
            "{stderr}"
        );
        return;
    }
    panic!("no run set an event aside before the LRS refused");
}
