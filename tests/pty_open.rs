//! An `open` question taken in the real binary in a pty, as a student would: type an
//! answer, see the model answer, grade it yourself; the end screen says the score holds a
//! self-graded answer and `progress --json` counts it as one. Taken twice: in a course
//! written by hand, and in one that `convert` made from a GIFT essay.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use std::path::Path;

use expectrl::process::unix::WaitStatus;
use support::{ENTER, Pty, RIGHT, START_SCREEN, WRONG};

/// `progress --json` for the pty user on the course in `content`.
fn progress_json(data_dir: &Path, content: &Path) -> serde_json::Value {
    let output = support::app_command(data_dir, &[])
        .arg("--content")
        .arg(content)
        .args(["progress", "--json"])
        .output()
        .expect("progress runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("progress --json is JSON")
}

/// Takes the quiz of chapter 1 of `content`, whose questions are, unshuffled, a choice
/// (the first option is picked, right or wrong) and then an `open` question graded `good`.
pub fn take_quiz_with_an_open_question(content: &Path, open_prompt: &str) {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let content_arg = content.to_str().expect("a UTF-8 path");
    let mut pty = Pty::spawn(
        dir.path(),
        &["--content", content_arg, "quiz", "1", "--no-shuffle"],
    );
    pty.wait_for(START_SCREEN);
    pty.send(ENTER);
    pty.wait_for("Question 1 of 2");
    pty.send("1\r");
    let screen = pty.wait_until("feedback", |s| s.contains(RIGHT) || s.contains(WRONG));
    let first_right = usize::from(screen.contains(RIGHT));
    pty.send(ENTER);

    let screen = pty.wait_for("Question 2 of 2");
    assert!(
        screen.contains("in your own words, self-graded"),
        "{screen}"
    );
    assert!(screen.contains(open_prompt), "{screen}");
    pty.send("it all rests on them\r");
    let screen = pty.wait_for("Model answer:");
    assert!(
        screen.contains("Your answer: it all rests on them"),
        "{screen}"
    );
    assert!(
        screen.contains("1 again · 2 hard · 3 good · 4 easy"),
        "{screen}"
    );
    pty.send(ENTER);
    std::thread::sleep(std::time::Duration::from_millis(200));
    pty.pump();
    assert!(
        pty.contents().contains("Model answer:"),
        "Enter does not skip the grade"
    );
    pty.send("3");
    pty.wait_for("Self-graded: good.");
    pty.send(ENTER);
    let screen = pty.wait_for("Quiz complete");
    assert!(
        screen.contains(&format!("Score: {}/2", first_right + 1)),
        "{screen}"
    );
    assert!(screen.contains("Self-graded: 1 of 2"), "{screen}");
    pty.send("q");
    let status = pty.wait_exit();
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");

    let progress = progress_json(dir.path(), content);
    let last = &progress["chapters"][0]["last_attempt"];
    assert_eq!(last["answered"], 2, "{progress:#}");
    assert_eq!(last["correct"], first_right + 1, "{progress:#}");
    assert_eq!(last["self_graded"], 1, "{progress:#}");
    assert_eq!(last["finished"], true, "{progress:#}");
}

#[test]
fn an_open_question_is_answered_graded_and_counted_as_self_graded() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/open-question");
    take_quiz_with_an_open_question(&content, "Explain in a sentence why the basics come first.");
}

#[test]
fn an_open_question_converted_from_a_gift_essay_can_be_taken() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let course = temp.path().join("explain");
    let bank = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/convert/explain.gift");
    let output = support::app_command(temp.path(), &["convert"])
        .arg(&bank)
        .arg("--out")
        .arg(&course)
        .output()
        .expect("convert runs");
    assert!(output.status.success(), "{output:?}");
    take_quiz_with_an_open_question(
        &course,
        "Explain in a sentence why batching raises a GPU's throughput.",
    );
}
