//! The validator against a corpus of broken courses: each folder under
//! tests/fixtures/broken/ holds one mistake and, in expected.txt, exactly the messages
//! `check` must print for it (path:line:col: message). The shipped course and the valid
//! fixture must check clean.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use mlsys_learn::content::{Scope, load_course, load_scoped};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn messages(dir: &Path) -> Vec<String> {
    let loaded = load_course(Some(dir)).expect("fixture folders are readable");
    loaded.diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn shipped_course_checks_clean() {
    let loaded = load_course(None).expect("the embedded course loads");
    let messages: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages, Vec::<String>::new());
    assert!(!loaded.course.chapters.is_empty());
}

#[test]
fn valid_fixture_checks_clean() {
    assert_eq!(messages(&fixtures().join("valid")), Vec::<String>::new());
}

#[test]
fn every_broken_fixture_reports_its_own_messages() {
    let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures().join("broken"))
        .expect("the broken corpus exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 20,
        "the corpus has only {} fixtures",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        let expected = fs::read_to_string(dir.join("expected.txt")).expect("expected.txt");
        let expected: Vec<&str> = expected.lines().collect();
        let got = messages(dir);
        if expected.is_empty() || got != expected {
            failures.push(format!(
                "{}:\n  expected {expected:#?}\n  got {got:#?}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reading_needs_no_quiz_and_a_broken_quiz_does_not_stop_it() {
    for broken in [
        "quiz-bad-toml",
        "quiz-duplicate-id",
        "check-missing-question",
    ] {
        let dir = fixtures().join("broken").join(broken);
        let whole = load_scoped(Some(&dir), Scope::Whole).expect("readable");
        assert!(
            !whole.diagnostics.is_empty(),
            "{broken}: the whole course is broken"
        );
        let chapters = load_scoped(Some(&dir), Scope::Chapters).expect("readable");
        let got: Vec<String> = chapters
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(got, Vec::<String>::new(), "{broken}");
        assert!(chapters.course.chapters.iter().all(|c| c.quiz.is_none()));
    }
    // A broken chapter still stops reading.
    let dir = fixtures().join("broken/section-without-id");
    let chapters = load_scoped(Some(&dir), Scope::Chapters).expect("readable");
    assert!(!chapters.diagnostics.is_empty());
}

#[test]
fn oversized_files_are_refused_with_their_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let valid = fixtures().join("valid");
    for sub in ["chapters", "quizzes"] {
        fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
    }
    fs::copy(valid.join("course.toml"), dir.path().join("course.toml")).expect("copy");
    let chapter = fs::read_to_string(valid.join("chapters/01-basics.md")).expect("read");
    let padding = "A line of padding text that makes the chapter far too big.\n".repeat(20_000);
    fs::write(dir.path().join("chapters/01-basics.md"), chapter + &padding).expect("write");
    let got = messages(dir.path());
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0].starts_with("chapters/01-basics.md:1:1: file is 1")
            && got[0].ends_with("bytes, over the limit of 1048576 bytes"),
        "{}",
        got[0]
    );
}

#[cfg(unix)]
#[test]
fn linked_files_are_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let valid = fixtures().join("valid");
    fs::create_dir_all(dir.path().join("chapters")).expect("mkdir");
    std::os::unix::fs::symlink(
        valid.join("chapters/01-basics.md"),
        dir.path().join("chapters/01-basics.md"),
    )
    .expect("symlink");
    let got = messages(dir.path());
    assert_eq!(
        got,
        [
            "chapters/01-basics.md:1:1: is a symbolic link; course files must be regular files inside the folder"
        ]
    );
}

/// Each folder under tests/fixtures/lint/ loads without errors and gives exactly the warnings
/// in its expected.txt.
#[test]
fn every_lint_fixture_gives_its_own_warnings() {
    let dirs: Vec<PathBuf> = fs::read_dir(fixtures().join("lint"))
        .expect("the lint corpus exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    assert!(!dirs.is_empty());
    for dir in dirs {
        let loaded = load_course(Some(&dir)).expect("fixture folders are readable");
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let got: Vec<String> = mlsys_learn::content::lint::warnings(&loaded.course)
            .iter()
            .map(ToString::to_string)
            .collect();
        let expected = fs::read_to_string(dir.join("expected.txt")).expect("expected.txt");
        let expected: Vec<&str> = expected.lines().collect();
        assert_eq!(got, expected, "{}", dir.display());
    }
}

/// The shipped course is clean under `check --strict`: no warning in any chapter or quiz.
#[test]
fn the_shipped_course_has_no_warnings() {
    let loaded = load_course(None).expect("the embedded course loads");
    let warnings: Vec<String> = mlsys_learn::content::lint::warnings(&loaded.course)
        .into_iter()
        .map(|w| w.to_string())
        .collect();
    assert_eq!(warnings, Vec::<String>::new());
}
