//! The terminal is given back as it was found on every way out of the reader (`read 1`)
//! and the quiz (`quiz 1`): `q`; an internal error (debug builds: `MLSYS_LEARN_FAULT=error`
//! and F12, exit 1 with a one-line message); a panic (`MLSYS_LEARN_FAULT=panic` and F12,
//! exit 101); and SIGINT, SIGTERM and SIGHUP sent with `kill` (in raw mode Ctrl-C is a
//! key, not a signal), which exit with 128 + the signal. Afterwards the alternate screen
//! has been left, the cursor is shown, mouse reporting is off, and the terminal modes are
//! exactly those from before. And when the terminal itself goes away (its window is
//! closed) without a SIGHUP reaching the program, which is not the session leader, the
//! program ends with 128 + SIGHUP within seconds instead of spinning forever.
//!
//! How the modes are compared: the program runs inside
//! `sh -c 'stty -g > before; mlsys-learn ...; echo $? > status; stty -g > after'` in the
//! pty, so the modes are read by `stty` on the very terminal the program used, before it
//! started and after it ended, as the student's shell would see them. (Reading the
//! termios through the pty's master works on Linux only, and cannot be read "before"
//! without racing the program's start.) `stty -g` prints every flag and control
//! character, so one string comparison covers raw mode, echo, canonical input and the
//! rest. A control test shows the comparison does catch a terminal left in raw mode.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use support::{ENTER, Pty, START_SCREEN, app_command};

const READER_TITLE: &str = "Chapter 1 · Introduction";
/// F12, as xterm sends it.
const F12: &str = "\x1b[24~";

/// What the wrapper script records: the modes before and after, and the exit status.
const WRAPPER: &str = r#"stty -g > "$WRAP_DIR/before"; "$@"; echo $? > "$WRAP_DIR/status"; stty -g > "$WRAP_DIR/after""#;

#[derive(Debug, Clone, Copy)]
enum Screen {
    Reader,
    Quiz,
}

#[derive(Debug, Clone, Copy)]
enum Way {
    Quit,
    Error,
    Panic,
    Signal(&'static str, i32),
}

/// A run of the program inside the recording shell, in a pty.
struct Wrapped {
    pty: Pty,
    dir: tempfile::TempDir,
}

impl Wrapped {
    fn start(args: &[&str], fault: Option<&str>) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let data = dir.path().join("data");
        let app = app_command(&data, args);
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(WRAPPER)
            .arg("sh")
            .arg(app.get_program())
            .args(app.get_args())
            .env("WRAP_DIR", dir.path())
            .env("TERM", "xterm-256color")
            .env("RUST_BACKTRACE", "0")
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env_remove("NO_COLOR")
            .env_remove("MLSYS_LEARN_USER")
            .env_remove("MLSYS_LEARN_DATA_DIR")
            .env_remove("MLSYS_LEARN_FAULT");
        if let Some(fault) = fault {
            command.env("MLSYS_LEARN_FAULT", fault);
        }
        Self {
            pty: Pty::from_command(command),
            dir,
        }
    }

    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name))
            .unwrap_or_else(|e| panic!("the wrapper wrote '{name}': {e}"))
            .trim()
            .to_string()
    }

    /// The program's own pid: the one child of the wrapper shell.
    fn program_pid(&self) -> u32 {
        let shell = self.pty.session.get_process().pid().as_raw();
        let deadline = Instant::now() + support::TIMEOUT;
        loop {
            if let Some(pid) = child_of(u32::try_from(shell).expect("a positive pid")) {
                return pid;
            }
            assert!(Instant::now() < deadline, "the program never started");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The first process whose parent is `parent`, read from /proc (or asked of `pgrep`
/// where there is no /proc).
fn child_of(parent: u32) -> Option<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        let output = Command::new("pgrep")
            .args(["-P", &parent.to_string()])
            .output()
            .ok()?;
        return String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .next()?
            .parse()
            .ok();
    };
    entries.filter_map(Result::ok).find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
        // "pid (comm) state ppid ...": the command may hold spaces, so split after ')'.
        let after = &stat[stat.rfind(')')? + 1..];
        let ppid: u32 = after.split_whitespace().nth(1)?.parse().ok()?;
        (ppid == parent).then_some(pid)
    })
}

/// The text of raw terminal output with escape sequences removed.
fn strip_escapes(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Opens `screen`, waits until it is drawn, and (for the quiz) starts answering.
fn open(screen: Screen, fault: Option<&str>, extra: &[&str]) -> Wrapped {
    let mut args = match screen {
        Screen::Reader => vec!["read", "1"],
        Screen::Quiz => vec!["quiz", "1", "--no-shuffle"],
    };
    args.extend_from_slice(extra);
    let mut run = Wrapped::start(&args, fault);
    match screen {
        Screen::Reader => {
            run.pty.wait_for(READER_TITLE);
        }
        Screen::Quiz => {
            run.pty.wait_for(START_SCREEN);
            run.pty.send(ENTER);
            run.pty.wait_for("Question 1 of");
        }
    }
    assert!(
        run.pty.screen.screen().alternate_screen(),
        "the {screen:?} draws on the alternate screen"
    );
    run
}

/// Leaves `screen` by `way` and checks the exit status and the terminal.
fn leave(screen: Screen, way: Way) {
    if matches!(way, Way::Error | Way::Panic) && !cfg!(debug_assertions) {
        eprintln!("skipped: MLSYS_LEARN_FAULT works in debug builds only");
        return;
    }
    let fault = match way {
        Way::Error => Some("error"),
        Way::Panic => Some("panic"),
        _ => None,
    };
    let mut run = open(screen, fault, &[]);
    let expected = match way {
        Way::Quit => {
            if let Screen::Quiz = screen {
                // A number is typed, so `q` would be text: answer first, then quit
                // from the feedback (the answer is saved; the quiz says so).
                run.pty.send("5\r");
                run.pty.wait_for(support::RIGHT);
            }
            run.pty.send("q");
            0
        }
        Way::Error => {
            run.pty.send(F12);
            1
        }
        Way::Panic => {
            run.pty.send(F12);
            101
        }
        Way::Signal(name, number) => {
            let pid = run.program_pid();
            let sent = Command::new("kill")
                .args(["-s", name, &pid.to_string()])
                .status()
                .expect("kill runs");
            assert!(sent.success(), "kill -s {name} {pid}");
            128 + number
        }
    };
    let status = run.pty.wait_exit();
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "the wrapper shell ended with {status:?}"
    );
    let what = format!("{screen:?} left by {way:?}");
    assert_eq!(
        run.file("status"),
        expected.to_string(),
        "exit status of the {what}; output:\n{}",
        run.pty.contents()
    );
    assert_restored(&run, &what);
    // What was printed once the alternate screen was left (a panic's message comes
    // between the panic hook's restore and the guard's, so look from the first leave).
    let raw = String::from_utf8_lossy(&run.pty.raw).into_owned();
    let entered = raw.rfind("\x1b[?1049h").unwrap_or(0);
    let left = entered + raw[entered..].find("\x1b[?1049l").unwrap_or(0);
    let after: Vec<String> = strip_escapes(&raw[left..])
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    match way {
        Way::Error => assert_eq!(
            after,
            ["error: terminal error: injected fault (MLSYS_LEARN_FAULT=error)"],
            "{what}: one line on the restored screen"
        ),
        Way::Panic => assert!(
            after.iter().any(|l| l.contains("injected panic")),
            "{what}: the panic message is shown on the restored screen: {after:?}"
        ),
        Way::Quit | Way::Signal(..) => assert!(
            after.iter().all(|l| !l.starts_with("error")),
            "{what}: no error is printed: {after:?}"
        ),
    }
}

/// The alternate screen left, the cursor shown, mouse reporting off, the modes as before.
fn assert_restored(run: &Wrapped, what: &str) {
    let raw = String::from_utf8_lossy(&run.pty.raw);
    let entered = raw
        .rfind("\x1b[?1049h")
        .unwrap_or_else(|| panic!("{what}: never entered the alternate screen"));
    let left = raw.rfind("\x1b[?1049l");
    assert!(
        left.is_some_and(|l| l > entered),
        "{what}: the alternate screen was not left after it was last entered"
    );
    let screen = run.pty.screen.screen();
    assert!(
        !screen.alternate_screen(),
        "{what}: still on the alternate screen"
    );
    if let Some(hidden) = raw.rfind("\x1b[?25l") {
        assert!(
            raw.rfind("\x1b[?25h").is_some_and(|shown| shown > hidden),
            "{what}: the cursor was hidden and not shown again"
        );
    }
    assert!(!screen.hide_cursor(), "{what}: the cursor is hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "{what}: the mouse is still captured"
    );
    let before = run.file("before");
    assert!(before.contains(':'), "stty -g output: {before:?}");
    assert_eq!(
        run.file("after"),
        before,
        "{what}: the terminal modes changed"
    );
}

macro_rules! exits {
    ($($name:ident: $screen:ident, $way:expr;)*) => {
        $(
            #[test]
            fn $name() {
                leave(Screen::$screen, $way);
            }
        )*
    };
}

exits! {
    reader_q_restores_the_terminal: Reader, Way::Quit;
    reader_internal_error_restores_the_terminal: Reader, Way::Error;
    reader_panic_restores_the_terminal: Reader, Way::Panic;
    reader_sigint_restores_the_terminal: Reader, Way::Signal("INT", 2);
    reader_sigterm_restores_the_terminal: Reader, Way::Signal("TERM", 15);
    reader_sighup_restores_the_terminal: Reader, Way::Signal("HUP", 1);
    quiz_q_restores_the_terminal: Quiz, Way::Quit;
    quiz_internal_error_restores_the_terminal: Quiz, Way::Error;
    quiz_panic_restores_the_terminal: Quiz, Way::Panic;
    quiz_sigint_restores_the_terminal: Quiz, Way::Signal("INT", 2);
    quiz_sigterm_restores_the_terminal: Quiz, Way::Signal("TERM", 15);
    quiz_sighup_restores_the_terminal: Quiz, Way::Signal("HUP", 1);
}

/// With `--mouse` the reader turns mouse reporting on; SIGTERM still turns it off.
#[test]
fn reader_with_mouse_capture_restores_the_terminal_on_sigterm() {
    let mut run = open(Screen::Reader, None, &["--mouse"]);
    assert_ne!(
        run.pty.screen.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "--mouse turns mouse reporting on"
    );
    let pid = run.program_pid();
    let sent = Command::new("kill")
        .args(["-s", "TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    assert!(matches!(run.pty.wait_exit(), WaitStatus::Exited(_, 0)));
    assert_eq!(run.file("status"), "143");
    assert_restored(&run, "reader --mouse left by SIGTERM");
}

/// The control: the comparison of `stty -g` does catch a terminal left in raw mode.
#[test]
fn the_mode_comparison_catches_a_terminal_left_raw() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(WRAPPER)
        .arg("sh")
        .args(["stty", "raw", "-echo"])
        .env("WRAP_DIR", dir.path());
    let mut pty = Pty::from_command(command);
    pty.wait_exit();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("written");
    assert_eq!(read("status").trim(), "0");
    assert_ne!(read("before"), read("after"), "raw mode shows in stty -g");
    assert!(Path::new(&dir.path().join("after")).exists());
}

/// Whether util-linux `script` (which can run a command in a pty of its own) is here.
fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The pids of the processes whose command line mentions `needle` (a unique folder).
fn processes_mentioning(needle: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            String::from_utf8_lossy(&cmdline)
                .contains(needle)
                .then_some(pid)
        })
        .collect()
}

/// On the way out, failed or not, ends every process this test started (found by the
/// unique folder in its command line), so no spinning program is left behind.
struct Cleanup(String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for pid in processes_mentioning(&self.0) {
            let _ = Command::new("kill")
                .args(["-s", "KILL", &pid.to_string()])
                .status();
        }
    }
}

/// Runs `args` under `sh` in a pty owned by `script`, with SIGHUP ignored by the shell
/// (so it outlives the hang-up and records the exit status), waits for `ready` on screen,
/// then SIGKILLs `script`: its pty is hung up, and only the shell, the session leader,
/// would get a SIGHUP. The program must notice by itself that its terminal is gone.
fn hang_up(args: &str, ready: &str) {
    if !have_script() {
        eprintln!("skipped: util-linux 'script' is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let unique = dir.path().to_string_lossy().into_owned();
    let inner = format!(
        "trap '' HUP; stty cols 80 rows 24; \"$HUP_BIN\" --data-dir \"$HUP_DIR/data\" --user pty {args} \
         2>\"$HUP_DIR/err\"; echo $? > \"$HUP_DIR/status\" # {unique}"
    );
    let mut script = Command::new("script")
        .args(["-q", "-c", &inner, "/dev/null"])
        .env("SHELL", "/bin/sh")
        .env("HUP_BIN", assert_cmd::cargo::cargo_bin("mlsys-learn"))
        .env("HUP_DIR", dir.path())
        .env("TERM", "xterm-256color")
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("NO_COLOR")
        .env_remove("MLSYS_LEARN_USER")
        .env_remove("MLSYS_LEARN_DATA_DIR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("script starts");
    let mut stdout = script.stdout.take().expect("piped");
    let _cleanup = Cleanup(unique.clone());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let reader = {
        let seen = std::sync::Arc::clone(&seen);
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock().expect("lock").extend_from_slice(&buf[..n]);
            }
        })
    };
    let deadline = Instant::now() + support::TIMEOUT;
    while !String::from_utf8_lossy(&seen.lock().expect("lock")).contains(ready) {
        assert!(
            Instant::now() < deadline,
            "the screen never showed {ready:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Wait until the screen is drawn and the program waits for a key: a hang-up in the
    // middle of drawing is a failed write, reported as a terminal error (exit 1).
    let mut length = 0;
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = seen.lock().expect("lock").len();
        if now == length {
            break;
        }
        length = now;
    }
    script.kill().expect("script is killed");
    script.wait().expect("script ends");
    let status = dir.path().join("status");
    let deadline = Instant::now() + Duration::from_secs(10);
    let written = || std::fs::read_to_string(&status).is_ok_and(|s| s.ends_with('\n'));
    while !written() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        written(),
        "{args}: still running 10 s after its terminal was hung up"
    );
    reader.join().expect("the reader thread ends");
    let code = std::fs::read_to_string(&status).expect("status");
    let err = std::fs::read_to_string(dir.path().join("err")).unwrap_or_default();
    assert_eq!(
        code.trim(),
        "129",
        "{args}: ends as SIGHUP would; stderr: {err}"
    );
}

#[test]
fn reader_ends_when_its_terminal_is_hung_up_without_sighup() {
    hang_up("read 1", "Introduction");
}

#[test]
fn quiz_ends_when_its_terminal_is_hung_up_without_sighup() {
    hang_up("quiz 1 --no-shuffle", "Ready to test");
}
