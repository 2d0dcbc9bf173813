//! The real binary in a real pseudo-terminal (80x24, TERM=xterm-256color), driven with
//! keystrokes as a student types them: answers given in the quiz survive the program
//! being killed with SIGKILL mid-quiz (`progress --json` then shows an unfinished attempt
//! with 3 answers), and quitting from the start screen exits 0 and leaves the alternate
//! screen. What is on screen is read through a terminal emulator (vt100), because
//! ratatui only redraws the cells that changed, so text is not contiguous in the raw
//! output.

use std::io::ErrorKind;
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::process::unix::{Signal, WaitStatus};
use expectrl::session::OsSession;

/// How long any one thing may take to appear, generous for a loaded CI machine.
const TIMEOUT: Duration = Duration::from_secs(10);
const COLS: NonZeroU16 = NonZeroU16::new(80).unwrap();
const ROWS: NonZeroU16 = NonZeroU16::new(24).unwrap();

const START_SCREEN: &str = "Ready to test your understanding?";
const ENTER: &str = "\r";

/// The quiz running in a pseudo-terminal, with what it drew so far.
struct Pty {
    session: OsSession,
    screen: vt100::Parser,
    /// Every byte the program wrote, escape sequences included.
    raw: Vec<u8>,
    eof: bool,
}

impl Pty {
    fn spawn(data_dir: &Path, args: &[&str]) -> Self {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("mlsys-learn"));
        command
            .arg("--data-dir")
            .arg(data_dir)
            .args(["--user", "pty"])
            .args(args)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .env_remove("MLSYS_LEARN_USER")
            .env_remove("MLSYS_LEARN_DATA_DIR");
        let mut session = OsSession::spawn(command).expect("the quiz starts in a pty");
        session
            .get_process_mut()
            .set_window_size(COLS.get(), ROWS.get())
            .expect("the pty is 80x24");
        Self {
            session,
            screen: vt100::Parser::new(ROWS, COLS, 0),
            raw: Vec::new(),
            eof: false,
        }
    }

    /// Reads whatever the program has written, without waiting.
    fn pump(&mut self) {
        let mut buf = [0u8; 4096];
        while !self.eof {
            match self.session.try_read(&mut buf) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    self.screen.process(&buf[..n]);
                    self.raw.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                // Linux reports the end of a pty whose other side closed as EIO.
                Err(e) if e.raw_os_error() == Some(5) => self.eof = true,
                Err(e) => panic!("reading the pty: {e}"),
            }
        }
    }

    fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    /// Waits until the screen satisfies `done`; panics with the screen after `TIMEOUT`.
    fn wait_until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            self.pump();
            let contents = self.contents();
            if done(&contents) {
                return contents;
            }
            assert!(
                !self.eof && Instant::now() < deadline,
                "waited for {what}, but the {} shows:\n{contents}",
                if self.eof {
                    "program ended and its screen"
                } else {
                    "screen still"
                }
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn wait_for(&mut self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text))
    }

    fn send(&mut self, keys: &str) {
        use std::io::Write;
        self.session
            .write_all(keys.as_bytes())
            .and_then(|()| self.session.flush())
            .expect("keys reach the pty");
    }

    /// Reads to the end of the output and returns how the program exited.
    fn wait_exit(&mut self) -> WaitStatus {
        let deadline = Instant::now() + TIMEOUT;
        while !self.eof {
            assert!(
                Instant::now() < deadline,
                "the program did not end; its screen:\n{}",
                self.contents()
            );
            self.pump();
            std::thread::sleep(Duration::from_millis(10));
        }
        self.session.get_process().wait().expect("waits for the quiz")
    }
}

/// Answers question `number` (already on screen) with `keys`, then waits for its feedback.
fn answer(pty: &mut Pty, number: usize, keys: &str) -> bool {
    let header = format!("Question {number} of");
    pty.wait_for(&header);
    pty.send(keys);
    let screen = pty.wait_until(&format!("feedback on question {number}"), |s| {
        s.contains(&header) && (s.contains("Right.") || s.contains("Not quite."))
    });
    screen.contains("Right.")
}

fn progress_json(data_dir: &Path) -> serde_json::Value {
    let output = assert_cmd::Command::cargo_bin("mlsys-learn")
        .expect("the binary is built")
        .env_remove("NO_COLOR")
        .env_remove("MLSYS_LEARN_USER")
        .env_remove("MLSYS_LEARN_DATA_DIR")
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--user", "pty", "progress", "--json"])
        .output()
        .expect("progress runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("progress --json is JSON")
}

#[test]
fn answers_survive_sigkill_mid_quiz() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let mut pty = Pty::spawn(dir.path(), &["quiz", "1", "--no-shuffle"]);
    pty.wait_for(START_SCREEN);
    pty.send(ENTER);

    // Unshuffled, chapter 1 opens with two numbers and a "choose all that apply".
    let screen = pty.wait_for("Question 1 of");
    assert!(screen.contains("type a number"), "{screen}");
    assert!(answer(&mut pty, 1, "5\r"), "5% is right");
    pty.send(ENTER);
    let screen = pty.wait_for("Question 2 of");
    assert!(screen.contains("type a number"), "{screen}");
    assert!(!answer(&mut pty, 2, "3\r"), "3 lines is wrong");
    pty.send(ENTER);
    let screen = pty.wait_for("Question 3 of");
    assert!(screen.contains("choose all that apply"), "{screen}");
    answer(&mut pty, 3, "1\r");

    pty.session
        .get_process_mut()
        .kill(Signal::SIGKILL)
        .expect("SIGKILL is sent");
    let status = pty.wait_exit();
    assert!(
        matches!(status, WaitStatus::Signaled(_, Signal::SIGKILL, _)),
        "{status:?}"
    );

    let progress = progress_json(dir.path());
    let last = &progress["chapters"][0]["last_attempt"];
    assert_eq!(progress["chapters"][0]["number"], 1, "{progress:#}");
    assert_eq!(last["answered"], 3, "{progress:#}");
    assert_eq!(last["finished"], false, "{progress:#}");
    assert_eq!(last["correct"].as_u64().map(|c| c >= 1), Some(true));
}

#[test]
fn quitting_at_the_start_screen_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let mut pty = Pty::spawn(dir.path(), &["quiz", "1", "--no-shuffle"]);
    pty.wait_for(START_SCREEN);
    assert!(pty.screen.screen().alternate_screen(), "the quiz uses the alternate screen");
    pty.send("q");
    let status = pty.wait_exit();
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "{status:?}; output: {:?}",
        String::from_utf8_lossy(&pty.raw)
    );
    let raw = String::from_utf8_lossy(&pty.raw);
    let entered = raw.rfind("\x1b[?1049h").expect("entered the alternate screen");
    let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered, "the last alternate-screen switch enters it: {raw:?}");
    assert!(!pty.screen.screen().alternate_screen());
}
