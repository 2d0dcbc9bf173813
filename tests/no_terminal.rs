//! Without a terminal the program never takes one over or waits for keys that cannot
//! come: with standard input from /dev/null and standard output piped, `quiz 1`,
//! `review`, `read 1` and no command at all each end within seconds, never switch to the
//! alternate screen nor raw mode, and the interactive ones say why in one line (exit 1).
//! The same holds when only one side is a terminal (in a pty, `quiz 1 < /dev/null` and
//! `quiz 1 | cat`).
//!
//! Colour follows one rule: `--color always` and `--color never` are obeyed as given;
//! with `--color auto` (the default) colour is used only when standard output is a
//! terminal, `NO_COLOR` is unset or empty, and `TERM` is not `dumb`. So `NO_COLOR=1` or
//! `TERM=dumb` give no colour codes in plain output on a terminal nor on the interactive
//! screens (which draw in the monochrome theme then), while an explicit
//! `--color always` still colours.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use support::Pty;

/// Longer than any of these commands needs, short enough to catch one that waits.
const PROMPT: Duration = Duration::from_secs(10);
const ALT_SCREEN: &str = "\x1b[?1049h";

fn app(data_dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("mlsys-learn"));
    cmd.env_remove("NO_COLOR")
        .env_remove("MLSYS_LEARN_USER")
        .env_remove("MLSYS_LEARN_DATA_DIR")
        .env("TERM", "xterm-256color")
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--user", "piped"]);
    cmd
}

/// Runs `args` with stdin from /dev/null and stdout/stderr piped; fails if it takes
/// longer than `PROMPT` (and kills it).
fn run_detached(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut child = app(dir.path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    // Drain the pipes while waiting, so a long output cannot block the program.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stderr.read_to_end(&mut buf).map(|_| buf)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if started.elapsed() > PROMPT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} without a terminal still runs after {PROMPT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out.join().expect("joins").expect("reads"),
        stderr: err.join().expect("joins").expect("reads"),
    }
}

fn assert_no_terminal_taken(output: &Output, what: &str) {
    let all = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
    let text = String::from_utf8_lossy(&all);
    assert!(
        !text.contains(ALT_SCREEN),
        "{what}: entered the alternate screen"
    );
    assert!(!text.contains("\x1b[?25l"), "{what}: hid the cursor");
    assert!(!text.contains("panicked"), "{what}: {text}");
}

fn assert_needs_terminal(output: &Output, what: &str, name: &str) {
    assert_no_terminal_taken(output, what);
    assert_eq!(output.status.code(), Some(1), "{what}: {output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        format!(
            "error: {name} needs an interactive terminal: run it without redirecting its input or output\n"
        ),
        "{what}"
    );
    assert!(output.stdout.is_empty(), "{what}: {output:?}");
}

#[test]
fn quiz_without_a_terminal_refuses_promptly() {
    let output = run_detached(&["quiz", "1"]);
    assert_needs_terminal(&output, "quiz 1", "the quiz");
}

#[test]
fn review_without_a_terminal_refuses_promptly() {
    let output = run_detached(&["review"]);
    assert_needs_terminal(&output, "review", "the review");
}

#[test]
fn read_without_a_terminal_prints_plain_text() {
    let output = run_detached(&["read", "1"]);
    assert_no_terminal_taken(&output, "read 1");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(text.contains("Chapter 1 · Introduction"), "{text}");
    assert!(!text.contains('\x1b'), "no escape codes when piped");
}

#[test]
fn no_command_without_a_terminal_prints_the_first_chapter() {
    let output = run_detached(&[]);
    assert_no_terminal_taken(&output, "no command");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(text.contains("Chapter 1 · Introduction"), "{text}");
}

/// Runs `script` (a shell command line where APP stands for the program) in a pty.
fn in_pty(script: &str, env: &[(&str, &str)]) -> (Pty, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a data folder");
    let app = app(&dir.path().join("data"));
    let quote =
        |word: &std::ffi::OsStr| format!("'{}'", word.to_string_lossy().replace('\'', "'\\''"));
    let line: Vec<String> = std::iter::once(app.get_program())
        .chain(app.get_args())
        .map(quote)
        .collect();
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(script.replace("APP", &line.join(" ")))
        .env("TERM", "xterm-256color")
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("NO_COLOR")
        .env_remove("MLSYS_LEARN_USER")
        .env_remove("MLSYS_LEARN_DATA_DIR");
    for (name, value) in env {
        command.env(name, value);
    }
    (Pty::from_command(command), dir)
}

#[test]
fn only_one_side_a_terminal_is_no_terminal() {
    for (script, what) in [
        ("APP quiz 1 < /dev/null", "stdin from /dev/null"),
        ("APP quiz 1 | cat", "stdout into a pipe"),
        ("APP review < /dev/null", "review, stdin from /dev/null"),
    ] {
        let (mut pty, _dir) = in_pty(script, &[]);
        let status = pty.wait_exit();
        let raw = String::from_utf8_lossy(&pty.raw);
        assert!(
            !raw.contains(ALT_SCREEN),
            "{what}: entered the alternate screen"
        );
        assert!(
            raw.contains("needs an interactive terminal"),
            "{what}: {raw}"
        );
        if !script.contains("| cat") {
            assert!(
                matches!(status, WaitStatus::Exited(_, 1)),
                "{what}: {status:?}"
            );
        }
    }
}

/// Whether `raw` holds an SGR sequence that sets a colour (not bold, reverse, or the
/// default colours 39/49, which only reset).
fn has_colour(raw: &str) -> bool {
    raw.split("\x1b[").skip(1).any(|rest| {
        let Some(end) = rest.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            return false;
        };
        if !rest[end..].starts_with('m') {
            return false;
        }
        rest[..end].split(';').any(|p| {
            matches!(
                p.parse::<u32>(),
                Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
            )
        })
    })
}

/// `read 1 --plain` on a terminal, with `args` and `env`.
fn plain_on_a_terminal(args: &str, env: &[(&str, &str)]) -> String {
    let (mut pty, _dir) = in_pty(&format!("APP {args} read 1 --plain --width 80"), env);
    let status = pty.wait_exit();
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
    String::from_utf8_lossy(&pty.raw).into_owned()
}

#[test]
fn no_color_and_dumb_terminals_get_no_colour() {
    assert!(
        has_colour(&plain_on_a_terminal("", &[])),
        "the control: a terminal gets colour"
    );
    for env in [[("NO_COLOR", "1")], [("TERM", "dumb")]] {
        let raw = plain_on_a_terminal("--color auto", &env);
        assert!(!has_colour(&raw), "{env:?}: colour codes in plain output");
        assert!(raw.contains("Chapter 1 · Introduction"));
    }
    // An explicit flag is obeyed as given, whatever the environment.
    assert!(has_colour(&plain_on_a_terminal(
        "--color always",
        &[("NO_COLOR", "1")]
    )));
    assert!(!has_colour(&plain_on_a_terminal("--color never", &[])));
    // Piped, auto never colours.
    let output = run_detached(&["--color", "auto", "read", "1"]);
    assert!(!has_colour(&String::from_utf8_lossy(&output.stdout)));
}

#[test]
fn no_color_interactive_screens_draw_in_monochrome() {
    for env in [[("NO_COLOR", "1")], [("TERM", "dumb")]] {
        let (mut pty, _dir) = in_pty("APP read 1", &env);
        pty.wait_for("Chapter 1 · Introduction");
        pty.send("q");
        assert!(matches!(pty.wait_exit(), WaitStatus::Exited(_, 0)));
        let raw = String::from_utf8_lossy(&pty.raw);
        assert!(!has_colour(&raw), "{env:?}: the reader uses colour");
    }
    let (mut pty, _dir) = in_pty("APP read 1", &[]);
    pty.wait_for("Chapter 1 · Introduction");
    pty.send("q");
    assert!(matches!(pty.wait_exit(), WaitStatus::Exited(_, 0)));
    assert!(
        has_colour(&String::from_utf8_lossy(&pty.raw)),
        "the control: the reader has colour"
    );
}
