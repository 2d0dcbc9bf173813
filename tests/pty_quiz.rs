//! The real binary in a real pseudo-terminal (80x24, TERM=xterm-256color), driven with
//! keystrokes as a student types them: answers given in the quiz survive the program
//! being killed with SIGKILL mid-quiz (`progress --json` then shows an unfinished attempt
//! with 3 answers), and quitting from the start screen exits 0 and leaves the alternate
//! screen. What is on screen is read through a terminal emulator (vt100), because
//! ratatui only redraws the cells that changed, so text is not contiguous in the raw
//! output.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use expectrl::process::unix::{Signal, WaitStatus};
use support::{ENTER, Pty, START_SCREEN, answer, progress_json};

#[test]
fn answers_survive_sigkill_mid_quiz() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let mut pty = Pty::spawn(dir.path(), &["quiz", "1", "--no-shuffle"]);
    pty.wait_for(START_SCREEN);
    pty.send(ENTER);

    // Unshuffled, chapter 1 opens with two numbers and a "choose all that apply".
    let screen = pty.wait_for("Question 1 of");
    assert!(screen.contains("type a number"), "{screen}");
    let first = answer(&mut pty, 1, "5\r");
    assert!(first, "5% is right");
    pty.send(ENTER);
    let screen = pty.wait_for("Question 2 of");
    assert!(screen.contains("type a number"), "{screen}");
    let second = answer(&mut pty, 2, "3\r");
    assert!(!second, "3 lines is wrong");
    pty.send(ENTER);
    let screen = pty.wait_for("Question 3 of");
    assert!(screen.contains("choose all that apply"), "{screen}");
    let third = answer(&mut pty, 3, "1\r");

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
    let correct = [first, second, third].into_iter().filter(|r| *r).count();
    assert_eq!(last["correct"], correct, "{progress:#}");

    // The statistics count the same three answers on today's date, and a one-day streak.
    let output = support::app_command(dir.path(), &["stats", "--json"])
        .output()
        .expect("stats runs");
    assert!(output.status.success(), "{output:?}");
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let today = stats["days"]
        .as_array()
        .and_then(|days| days.last())
        .expect("today");
    assert_eq!(today["date"], stats["today"], "{stats:#}");
    assert_eq!(today["answers"], 3, "{stats:#}");
    assert_eq!(today["correct"], correct, "{stats:#}");
    assert_eq!(stats["streak"]["current"], 1, "{stats:#}");
    let answered: u64 = stats["types"]
        .as_array()
        .expect("types")
        .iter()
        .filter_map(|t| t["answered"].as_u64())
        .sum();
    assert_eq!(answered, 3, "{stats:#}");
    let text = support::app_command(dir.path(), &["stats"])
        .output()
        .expect("stats runs");
    let text = String::from_utf8(text.stdout).expect("utf-8");
    assert!(text.contains("Streak: 1 day (longest 1 day)"), "{text}");
    assert!(!text.contains('\x1b'), "piped: no escape codes");
}

#[test]
fn quitting_at_the_start_screen_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let mut pty = Pty::spawn(dir.path(), &["quiz", "1", "--no-shuffle"]);
    pty.wait_for(START_SCREEN);
    assert!(
        pty.screen.screen().alternate_screen(),
        "the quiz uses the alternate screen"
    );
    pty.send("q");
    let status = pty.wait_exit();
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "{status:?}; output: {:?}",
        String::from_utf8_lossy(&pty.raw)
    );
    let raw = String::from_utf8_lossy(&pty.raw);
    let entered = raw
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen");
    let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    assert!(
        left > entered,
        "the last alternate-screen switch enters it: {raw:?}"
    );
    assert!(!pty.screen.screen().alternate_screen());
}
