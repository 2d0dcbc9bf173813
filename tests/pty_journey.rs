//! Moving between screens in the real binary, in a pty, as a student does: the course home
//! opens the reader, the reader's `Q` opens the quiz, quitting the quiz comes back to the
//! home (with its figures fresh), and `q` there exits 0 with the terminal given back. And
//! from a quiz's feedback, `R` opens the reader at the question's section; leaving the
//! reader comes back to the same feedback, and the answer given before is kept. Each hop
//! leaves the one terminal loop and enters it again, so these catch a runner that loses
//! state or the terminal on the way.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use support::{ENTER, Pty, RIGHT, START_SCREEN, progress_json};

/// The reader's status line ("1 Introduction · 1.1 Why ML Systems Matter · 0% read").
const READER_STATUS: &str = "% read";
/// The home's key footer.
const HOME: &str = "Enter open";

/// Whether the reader, and no longer the quiz or the home, is on screen.
fn reader_shown(screen: &str) -> bool {
    screen.contains(READER_STATUS) && !screen.contains("Quiz ·") && !screen.contains(HOME)
}

#[test]
fn home_to_reader_to_quiz_and_back_home() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let mut pty = Pty::spawn(dir.path(), &[]);
    pty.wait_for(HOME);
    pty.send(ENTER);
    pty.wait_until("the reader", reader_shown);
    pty.send("Q");
    pty.wait_for(START_SCREEN);
    pty.send("q");
    let home = pty.wait_for(HOME);
    assert!(!home.contains(START_SCREEN), "{home}");
    pty.send("q");
    pty.assert_exited_cleanly();
}

#[test]
fn the_quiz_opens_the_reader_at_the_section_and_comes_back_to_the_feedback() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let mut pty = Pty::spawn(dir.path(), &["quiz", "1", "--no-shuffle"]);
    pty.wait_for(START_SCREEN);
    pty.send(ENTER);
    pty.wait_for("Question 1 of");
    pty.send("5\r");
    pty.wait_for(RIGHT);
    pty.send("R");
    pty.wait_until("the reader", reader_shown);
    pty.send("q");
    let feedback = pty.wait_until("the feedback again", |s| {
        s.contains("Question 1 of") && s.contains(RIGHT)
    });
    assert!(feedback.contains("Quiz ·"), "{feedback}");
    pty.send("q");
    pty.assert_exited_cleanly();
    let progress = progress_json(dir.path());
    let last = &progress["chapters"][0]["last_attempt"];
    assert_eq!(last["answered"], 1, "{progress:#}");
    assert_eq!(last["correct"], 1, "{progress:#}");
}
