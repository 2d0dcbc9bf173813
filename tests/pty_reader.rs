//! The reader in a real pseudo-terminal, as a student uses it: open Chapter 1, page to the
//! end, quit; every section is then read in `progress --json`, and opening the chapter
//! again lands where the student left off. Also: quitting restores the terminal.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use expectrl::process::unix::WaitStatus;
use support::{Pty, progress_json};

const TITLE: &str = "Chapter 1 · Introduction";

/// Pages down with Space until the status line says every section is read.
fn page_to_the_end(pty: &mut Pty) {
    for _ in 0..200 {
        if pty.contents().contains("100% read") {
            return;
        }
        pty.send(" ");
        std::thread::sleep(std::time::Duration::from_millis(15));
        pty.pump();
    }
    pty.wait_for("100% read");
}

#[test]
fn reading_to_the_end_marks_every_section_and_the_place_is_kept() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let mut pty = Pty::spawn(dir.path(), &["read", "1"]);
    pty.wait_for(TITLE);
    assert!(pty.screen.screen().alternate_screen());
    page_to_the_end(&mut pty);
    pty.send("q");
    let status = pty.wait_exit();
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
    assert!(
        !pty.screen.screen().alternate_screen(),
        "the terminal is back on the main screen"
    );

    let progress = progress_json(dir.path());
    let chapter = &progress["chapters"][0];
    assert_eq!(chapter["sections_read"], 6, "{progress:#}");
    assert_eq!(chapter["sections_total"], 6, "{progress:#}");

    let mut again = Pty::spawn(dir.path(), &["read", "1"]);
    let screen = again.wait_for("100% read");
    assert!(
        screen.contains("1.6 Sources"),
        "the reader reopens in the last section:\n{screen}"
    );
    assert!(
        !screen.contains("Learning objectives"),
        "not at the top:\n{screen}"
    );
    again.send("q");
    assert!(matches!(again.wait_exit(), WaitStatus::Exited(_, 0)));
}

/// Down arrow, right arrow, as a terminal sends them.
const DOWN: &str = "\x1b[B";
const RIGHT: &str = "\x1b[C";

#[test]
fn an_explorable_follows_the_arrow_keys_and_opens_as_it_was_left() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let mut pty = Pty::spawn(dir.path(), &["read", "1"]);
    pty.wait_for(TITLE);
    // The Diagram tab, then the next figure: the fraud explorable at its defaults.
    pty.send("3");
    pty.wait_for("Figure 1.2");
    pty.send("]");
    pty.wait_for("6,500");
    pty.send(DOWN);
    pty.send(RIGHT);
    let screen = pty.wait_for("6,000");
    assert!(
        screen.contains("88%"),
        "precision moved one step:\n{screen}"
    );
    // The pane does not use `q`: it passes to the reader, which quits.
    pty.send("q");
    assert!(matches!(pty.wait_exit(), WaitStatus::Exited(_, 0)));

    let mut again = Pty::spawn(dir.path(), &["read", "1"]);
    again.wait_for(TITLE);
    again.send("3");
    again.wait_for("Figure 1.2");
    again.send("]");
    let screen = again.wait_for("6,000");
    assert!(
        screen.contains("88%"),
        "the figure opens as it was left:\n{screen}"
    );
    again.send("q");
    assert!(matches!(again.wait_exit(), WaitStatus::Exited(_, 0)));
}

#[test]
fn greater_than_opens_the_next_chapter_and_less_than_comes_back() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let mut pty = Pty::spawn(dir.path(), &["read", "1"]);
    pty.wait_for(TITLE);
    pty.send(">");
    let screen = pty.wait_for("Chapter 2 ·");
    assert!(screen.contains("Part I: Foundations"), "{screen}");
    pty.send("<");
    pty.wait_for(TITLE);
    pty.send("q");
    assert!(matches!(pty.wait_exit(), WaitStatus::Exited(_, 0)));
}
