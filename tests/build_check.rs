//! build.rs checks the shipped course with the app's own loader before embedding it: a
//! broken chapter or quiz fails `cargo build` with its `path:line:col`. These tests run the
//! real build.rs, in a copy of the crate cut down to what the script compiles (its
//! build-dependencies, src/math.rs, src/content/, the course, an empty main), on the shipped course and
//! on copies broken on purpose. The copy builds in its own target folder under
//! target/tmp, kept between runs, so only the first run compiles the script's dependencies.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A crate holding the real build.rs, the loader it compiles and the shipped course.
fn copy_of_the_crate() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-check-crate");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("src/content")).unwrap();
    fs::write(dir.join("Cargo.toml"), manifest()).unwrap();
    // A binary, as the real crate has: build.rs passes link arguments to binaries.
    fs::write(dir.join("src/main.rs"), "fn main() {}\n").unwrap();
    for file in ["build.rs", "Cargo.lock", "course.toml", "src/math.rs"] {
        fs::copy(Path::new(ROOT).join(file), dir.join(file)).unwrap();
    }
    for folder in ["src/content", "chapters", "quizzes"] {
        fs::create_dir_all(dir.join(folder)).unwrap();
        for entry in fs::read_dir(Path::new(ROOT).join(folder)).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), dir.join(folder).join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// A package with the real manifest's build-dependencies and nothing else.
fn manifest() -> String {
    let real: toml::Table = fs::read_to_string(Path::new(ROOT).join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let mut build_dependencies = toml::Table::new();
    build_dependencies.insert(
        "build-dependencies".to_string(),
        real["build-dependencies"].clone(),
    );
    format!(
        "[package]\nname = \"build-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [workspace]\n\n{build_dependencies}"
    )
}

fn cargo_build(dir: &Path) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    Command::new(cargo)
        .args(["build", "--offline", "--quiet"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-check-target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap()
}

/// Replaces the first `from` in the course file `path` of the crate copy `dir`.
fn break_file(dir: &Path, path: &str, from: &str, to: &str) {
    let file = dir.join(path);
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} no longer holds {from:?}");
    fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

fn assert_fails_with(output: &Output, expected: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build should fail:\n{stderr}");
    for text in expected {
        assert!(stderr.contains(text), "{text:?} not in:\n{stderr}");
    }
}

/// The line (1-based) of `path` in the crate holding the first `text`.
fn line_of(path: &str, text: &str) -> usize {
    let source = fs::read_to_string(Path::new(ROOT).join(path)).unwrap();
    source.lines().position(|l| l.contains(text)).unwrap() + 1
}

#[test]
fn the_build_checks_the_course_and_names_what_is_broken() {
    let dir = copy_of_the_crate();
    let clean = cargo_build(&dir);
    assert!(
        clean.status.success(),
        "the shipped course should build:\n{}",
        String::from_utf8_lossy(&clean.stderr)
    );

    let quiz = "quizzes/01-introduction.toml";
    break_file(&dir, quiz, "type = \"numeric\"", "type = \"numerical\"");
    let line = line_of(quiz, "type = \"numeric\"");
    assert_fails_with(
        &cargo_build(&dir),
        &[
            &format!("{quiz}:{line}:"),
            "the built-in course has 1 problem(s)",
        ],
    );

    fs::copy(Path::new(ROOT).join(quiz), dir.join(quiz)).unwrap();
    let chapter = "chapters/02-ml-systems.md";
    break_file(&dir, chapter, "number = 2", "number = \"two\"");
    let line = line_of(chapter, "number = 2");
    assert_fails_with(&cargo_build(&dir), &[&format!("{chapter}:{line}:")]);

    fs::copy(Path::new(ROOT).join(chapter), dir.join(chapter)).unwrap();
    assert!(
        cargo_build(&dir).status.success(),
        "mended, it builds again"
    );
}
