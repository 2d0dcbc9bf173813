//! Shared test support: the real binary in a real pseudo-terminal (expectrl), with what
//! it drew read through a terminal emulator (vt100), because ratatui redraws only the
//! cells that changed, so text is not contiguous in the raw output.

#![allow(dead_code)]

use std::io::ErrorKind;
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;

/// How long any one thing may take to appear, generous for a loaded CI machine.
pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const COLS: NonZeroU16 = NonZeroU16::new(80).unwrap();
pub const ROWS: NonZeroU16 = NonZeroU16::new(24).unwrap();

pub const START_SCREEN: &str = "Ready to test your understanding?";
pub const ENTER: &str = "\r";
pub const RIGHT: &str = "✔ Right.";
pub const WRONG: &str = "✘ Not quite.";

/// The quiz running in a pseudo-terminal, with what it drew so far.
pub struct Pty {
    pub session: OsSession,
    pub screen: vt100::Parser,
    /// Every byte the program wrote, escape sequences included.
    pub raw: Vec<u8>,
    eof: bool,
}

/// The binary as `Pty::spawn` runs it: user "pty", data in `data_dir`, TERM=xterm-256color.
pub fn app_command(data_dir: &Path, args: &[&str]) -> Command {
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
    command
}

impl Pty {
    pub fn spawn(data_dir: &Path, args: &[&str]) -> Self {
        Self::from_command(app_command(data_dir, args))
    }

    /// Runs any command in an 80x24 pseudo-terminal.
    pub fn from_command(command: Command) -> Self {
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
    pub fn pump(&mut self) {
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

    /// Whether the other side of the pty has closed (every process on it ended).
    pub fn ended(&self) -> bool {
        self.eof
    }

    pub fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    /// Waits until the screen satisfies `done`; panics with the screen after `TIMEOUT`.
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
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

    pub fn wait_for(&mut self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text))
    }

    pub fn send(&mut self, keys: &str) {
        use std::io::Write;
        self.session
            .write_all(keys.as_bytes())
            .and_then(|()| self.session.flush())
            .expect("keys reach the pty");
    }

    /// Waits for the program to exit 0 and checks it left the alternate screen.
    pub fn assert_exited_cleanly(&mut self) {
        let status = self.wait_exit();
        assert!(
            matches!(status, WaitStatus::Exited(_, 0)),
            "{status:?}; output: {:?}",
            String::from_utf8_lossy(&self.raw)
        );
        assert!(!self.screen.screen().alternate_screen());
    }

    /// Reads to the end of the output and returns how the program exited.
    pub fn wait_exit(&mut self) -> WaitStatus {
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
        self.session
            .get_process()
            .wait()
            .expect("waits for the quiz")
    }
}

/// The binary for CLI tests, with no user, data folder or NO_COLOR from the environment.
pub fn app() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("mlsys-learn").expect("the binary is built");
    cmd.env_remove("NO_COLOR")
        .env_remove("MLSYS_LEARN_USER")
        .env_remove("MLSYS_LEARN_DATA_DIR");
    cmd
}

/// `progress --json` for the pty user.
pub fn progress_json(data_dir: &Path) -> serde_json::Value {
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

/// Answers question `number` (already on screen) with `keys`, then waits for its feedback.
pub fn answer(pty: &mut Pty, number: usize, keys: &str) -> bool {
    let header = format!("Question {number} of");
    pty.wait_for(&header);
    pty.send(keys);
    let screen = pty.wait_until(&format!("feedback on question {number}"), |s| {
        s.contains(&header) && (s.contains(RIGHT) || s.contains(WRONG))
    });
    screen.contains(RIGHT)
}
