//! The statistics screen in the real binary, in a pty (80x24), as a student reaches it:
//! after answering a question in the quiz, `mlsys-learn stats` opens the screen (on the
//! alternate screen) with that answer counted today and by question type, Tab moves
//! between the panels, and `q` exits 0 with the terminal given back; from the course home,
//! `s` opens the same screen and `q` comes back to the home. With `--plain` on a terminal it prints the text instead.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use expectrl::process::unix::WaitStatus;
use support::{ENTER, Pty, RIGHT, START_SCREEN};

/// The home's key footer.
const HOME: &str = "Enter open";
/// The statistics screen's header, for the pty user.
const STATS: &str = "Study statistics · pty";
/// What the activity panel says after one answer today.
const ONE_TODAY: &str = "Today: 1 answer";

/// Answers the first question of chapter 1 (unshuffled: 5%, right) and quits the quiz.
fn answer_one_question(dir: &std::path::Path) {
    let mut pty = Pty::spawn(dir, &["quiz", "1", "--no-shuffle"]);
    pty.wait_for(START_SCREEN);
    pty.send(ENTER);
    pty.wait_for("Question 1 of");
    pty.send("5\r");
    pty.wait_for(RIGHT);
    pty.send("q");
    pty.assert_exited_cleanly();
}

#[test]
fn stats_opens_the_screen_with_the_answer_counted() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    answer_one_question(dir.path());
    let mut pty = Pty::spawn(dir.path(), &["stats"]);
    let screen = pty.wait_for(ONE_TODAY);
    assert!(screen.contains(STATS), "{screen}");
    assert!(screen.contains("Streak 1 day"), "{screen}");
    assert!(
        pty.screen.screen().alternate_screen(),
        "the statistics use the alternate screen"
    );
    pty.send("\t");
    pty.wait_for("▸ Reviews");
    pty.send("\t\t");
    let accuracy = pty.wait_for("▸ Accuracy, weakest first");
    assert!(accuracy.contains("1/1    numeric"), "{accuracy}");
    pty.send("q");
    pty.assert_exited_cleanly();
}

#[test]
fn s_on_the_home_opens_the_stats_and_q_comes_back() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    answer_one_question(dir.path());
    let mut pty = Pty::spawn(dir.path(), &[]);
    let home = pty.wait_for(HOME);
    assert!(home.contains("s stats"), "the footer shows the key: {home}");
    pty.send("s");
    let screen = pty.wait_for(ONE_TODAY);
    assert!(!screen.contains(HOME), "{screen}");
    pty.send("q");
    let home = pty.wait_for(HOME);
    assert!(!home.contains(STATS), "{home}");
    pty.send("q");
    pty.assert_exited_cleanly();
}

#[test]
fn stats_plain_on_a_terminal_prints_the_text() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    answer_one_question(dir.path());
    let mut pty = Pty::spawn(dir.path(), &["stats", "--plain"]);
    let status = pty.wait_exit();
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
    let text = String::from_utf8_lossy(&pty.raw);
    assert!(text.contains("Streak: 1 day (longest 1 day)"), "{text}");
    assert!(
        !text.contains("\x1b[?1049h"),
        "no alternate screen: {text:?}"
    );
}
