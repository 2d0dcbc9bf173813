//! A course updated under a student who is halfway through its quiz: the real binary in a
//! pty with `--content DIR`, a temporary copy of the fixture course v1
//! (tests/fixtures/versions). The student answers three of four questions and quits; the
//! author then replaces the quiz by v2 (one answered question removed, one unanswered
//! removed, one reworded, one answer key changed, one added). The start screen offers
//! the unfinished attempt, says what changed, and resuming it asks only what is new or
//! changed and scores the attempt on v2.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use std::fs;
use std::path::Path;

use expectrl::process::unix::WaitStatus;
use support::{ENTER, Pty, START_SCREEN, answer};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/versions");

/// Copies the fixture course v1 into `to`.
fn course_v1(to: &Path) {
    for folder in ["", "chapters", "quizzes"] {
        fs::create_dir_all(to.join(folder)).expect("a course folder");
    }
    for file in [
        "course.toml",
        "chapters/01-basics.md",
        "quizzes/01-basics.toml",
    ] {
        fs::copy(Path::new(FIXTURES).join("v1").join(file), to.join(file)).expect("copied");
    }
}

/// The author's edit: the quiz of v2 in place of v1's.
fn edit_to_v2(course: &Path) {
    let quiz = "quizzes/01-basics.toml";
    fs::copy(Path::new(FIXTURES).join("v2").join(quiz), course.join(quiz)).expect("edited");
}

/// Answers question `number` of `of` "true" (the first choice), waiting for its feedback.
fn answer_true(pty: &mut Pty, number: usize, of: usize) -> bool {
    pty.wait_for(&format!("Question {number} of {of}"));
    answer(pty, number, ENTER)
}

fn quiz(data: &Path, course: &Path) -> Pty {
    let content = course.to_str().expect("a unicode path");
    Pty::spawn(data, &["--content", content, "quiz", "1", "--no-shuffle"])
}

pub fn progress(data: &Path, course: &Path) -> serde_json::Value {
    let content = course.to_str().expect("a unicode path");
    let output = support::app_command(data, &["--content", content, "progress", "--json"])
        .output()
        .expect("progress runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("progress --json is JSON")
}

#[test]
fn an_unfinished_attempt_is_offered_after_the_quiz_is_edited() {
    let data = tempfile::tempdir().expect("a data folder");
    let course = tempfile::tempdir().expect("a course folder");
    course_v1(course.path());

    // A whole attempt on v1 first: 4/4.
    let mut pty = quiz(data.path(), course.path());
    let screen = pty.wait_for(START_SCREEN);
    assert!(screen.contains("No attempts yet."), "{screen}");
    pty.send(ENTER);
    for number in 1..=4 {
        assert!(answer_true(&mut pty, number, 4));
        pty.send(ENTER);
    }
    pty.wait_for("Best so far: 4/4");
    pty.send("q");
    assert!(matches!(pty.wait_exit(), WaitStatus::Exited(_, 0)));

    let mut pty = quiz(data.path(), course.path());
    let screen = pty.wait_for(START_SCREEN);
    assert!(screen.contains("Best score: 4/4 (100%)"), "{screen}");
    pty.send(ENTER);
    for number in 1..=3 {
        assert!(answer_true(&mut pty, number, 4), "v1: every answer is true");
        if number < 3 {
            pty.send(ENTER);
        }
    }
    pty.send("q");
    assert!(matches!(pty.wait_exit(), WaitStatus::Exited(_, 0)));

    edit_to_v2(course.path());
    let mut pty = quiz(data.path(), course.path());
    let screen = pty.wait_for("afresh.");
    let flat = screen
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains(
            "The quiz changed since you started it: 1 answered question(s) removed, \
             1 changed (asked again), 1 new question(s) added, 1 reworded (answer kept); \
             1 answer(s) still count."
        ),
        "{screen}"
    );
    assert!(!screen.contains("No attempts yet"), "{screen}");
    assert!(
        screen.contains("Best score (earlier version of the quiz): 4/4 (100%)"),
        "{screen}"
    );
    let before = progress(data.path(), course.path());
    assert_eq!(before["chapters"][0]["attempts"], 2, "{before:#}");
    assert_eq!(before["chapters"][0]["best_score"], 1.0, "{before:#}");
    assert_eq!(
        before["chapters"][0]["best_earlier_version"], true,
        "{before:#}"
    );
    let last = &before["chapters"][0]["last_attempt"];
    assert_eq!(last["earlier_version"], true, "{before:#}");
    assert_eq!(
        (&last["answered"], &last["total"]),
        (&1.into(), &3.into()),
        "{before:#}"
    );
    pty.send("r");
    // q-one (reworded) still counts: q-three (changed) and q-five (new) are asked.
    let screen = pty.wait_for("Question 2 of 3");
    assert!(screen.contains("Is three true?"), "{screen}");
    assert!(!answer_true(&mut pty, 2, 3), "v2 changed q-three's answer");
    pty.send(ENTER);
    assert!(answer_true(&mut pty, 3, 3));
    pty.send(ENTER);
    let screen = pty.wait_for("2/3");
    assert!(
        screen.contains("Best so far (earlier version of the quiz): 4/4"),
        "{screen}"
    );
    pty.send("q");
    assert!(matches!(pty.wait_exit(), WaitStatus::Exited(_, 0)));

    let progress = progress(data.path(), course.path());
    let chapter = &progress["chapters"][0];
    assert_eq!(chapter["attempts"], 2, "{progress:#}");
    assert_eq!(chapter["best_score"], 1.0, "{progress:#}");
    assert_eq!(
        chapter["last_attempt"]["earlier_version"], false,
        "{progress:#}"
    );
    assert_eq!(chapter["last_attempt"]["answered"], 3, "{progress:#}");
    assert_eq!(chapter["last_attempt"]["finished"], true, "{progress:#}");
    assert_eq!(chapter["last_attempt"]["correct"], 2, "{progress:#}");

    // stats agrees: the best (4/4) is from v1, the last (2/3) from v2, and the plain text
    // marks the best with '*'.
    let stats = stats(data.path(), course.path(), "--json");
    let stats: serde_json::Value = serde_json::from_str(&stats).expect("stats --json is JSON");
    let scores = &stats["chapters"][0];
    assert_eq!(scores["best"], 1.0, "{stats:#}");
    assert_eq!(scores["best_earlier_version"], true, "{stats:#}");
    assert_eq!(scores["last_earlier_version"], false, "{stats:#}");
    let points = scores["scores"].as_array().expect("scores");
    let earlier: Vec<bool> = points
        .iter()
        .map(|p| p["earlier_version"].as_bool().expect("a flag"))
        .collect();
    assert_eq!(earlier, [true, false], "{stats:#}");
    let plain = stats_plain(data.path(), course.path());
    assert!(plain.contains("best 100%*  last 67%"), "{plain}");
    assert!(plain.contains("* on an earlier version"), "{plain}");
}

fn stats(data: &Path, course: &Path, flag: &str) -> String {
    let content = course.to_str().expect("a unicode path");
    let output = support::app_command(data, &["--content", content, "stats", flag])
        .output()
        .expect("stats runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("utf-8")
}

fn stats_plain(data: &Path, course: &Path) -> String {
    stats(data, course, "--plain")
}
