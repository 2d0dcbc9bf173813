//! The real binary in a real pseudo-terminal (80x24, TERM=xterm-256color), driven with
//! keystrokes as a student types them: answers given in the quiz survive the program
//! being killed with SIGKILL mid-quiz (`progress --json` then shows an unfinished attempt
//! with 3 answers), and quitting from the start screen exits 0 and leaves the alternate
//! screen; a missed question's end screen says the clock time the scheduler set for its
//! review (ten minutes on). What is on screen is read through a terminal emulator (vt100), because
//! ratatui only redraws the cells that changed, so text is not contiguous in the raw
//! output.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use expectrl::process::unix::{Signal, WaitStatus};
use support::{ENTER, Pty, START_SCREEN, answer, progress_json};

use chrono::{Duration, Utc};

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

/// The end screen's text as one line: box borders and line breaks become single spaces.
fn flattened(screen: &str) -> String {
    screen
        .replace(['│', '┌', '┐', '└', '┘', '─'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_end_screen_says_when_a_missed_question_comes_due_in_review() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let content =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/open-question");
    let mut command = support::app_command(
        dir.path(),
        &[
            "--content",
            content.to_str().expect("UTF-8"),
            "quiz",
            "1",
            "--no-shuffle",
        ],
    );
    command.env("TZ", "UTC");
    let mut pty = Pty::from_command(command);
    pty.wait_for(START_SCREEN);
    pty.send(ENTER);
    answer(&mut pty, 1, "1\r");
    pty.send(ENTER);
    pty.wait_for("Question 2 of 2");
    pty.send("in my words\r");
    pty.wait_for("Model answer:");
    // Graded "again" by the student: missed, so the scheduler brings it back soon.
    pty.send("1");
    pty.wait_for("Self-graded: again.");
    let answered = Utc::now();
    pty.send(ENTER);
    let screen = flattened(&pty.wait_for("Quiz complete"));
    let said = ["at ", "to "]
        .iter()
        .find_map(|lead| {
            let at = screen.find(&format!("come due in review {lead}"))?;
            let rest = &screen[at..];
            let end = rest.find('.')?;
            rest[..end].rsplit(' ').next().map(str::to_string)
        })
        .unwrap_or_else(|| panic!("no due time on the end screen: {screen}"));
    let ten_on = |slack: i64| {
        (answered + Duration::minutes(10 + slack))
            .format("%H:%M")
            .to_string()
    };
    assert!(
        [ten_on(-1), ten_on(0), ten_on(1)].contains(&said),
        "due at {said}, answered at {answered}: {screen}"
    );
    // `v` with nothing due yet stays on the end screen and says so, no empty review.
    pty.send("v");
    let screen = flattened(&pty.wait_for("Nothing is due for review yet"));
    assert!(screen.contains("Quiz complete"), "{screen}");
    assert!(!screen.contains("0 question(s)"), "{screen}");
    pty.send("q");
    pty.assert_exited_cleanly();

    // `review` before then says nothing is due yet, and when the first question is.
    let mut command = support::app_command(
        dir.path(),
        &["--content", content.to_str().expect("UTF-8"), "review"],
    );
    command.env("TZ", "UTC");
    let mut pty = Pty::from_command(command);
    let said = flattened(&pty.wait_for("Nothing is due for review yet"));
    let dated = |slack: i64| {
        (answered + Duration::minutes(10 + slack))
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    assert!(
        [dated(-1), dated(0), dated(1)]
            .iter()
            .any(|time| said.contains(&format!("comes due at {time}."))),
        "answered at {answered}: {said}"
    );
    pty.assert_exited_cleanly();
}
