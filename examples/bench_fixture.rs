//! Writes the fixtures that `scripts/bench.sh` times whole processes on, with the same
//! generators the criterion benches use (benches/support/):
//!
//! - `bench_fixture course DIR`: the generated 200-chapter course as a course folder
//!   (course.toml, chapters/, quizzes/), for `mlsys-learn --content DIR ...`;
//! - `bench_fixture progress DATA_DIR [USER]`: a data folder whose store holds 10,000
//!   attempts of USER (default "bench") at the shipped Chapter 1, for
//!   `mlsys-learn --data-dir DATA_DIR --user USER progress --json`.

// A bench fixture that cannot be made should stop at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::ExitCode;
use std::{env, fs};

use mlsys_learn::content::load::{embedded_files, load};
use mlsys_learn::store::{Store, database_path};

#[path = "../benches/support/course.rs"]
mod course;
#[path = "../benches/support/history.rs"]
mod history;

const USAGE: &str = "usage: bench_fixture course DIR | bench_fixture progress DATA_DIR [USER]";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["course", dir] => write_course(Path::new(dir)),
        ["progress", dir] => fill_store(Path::new(dir), "bench"),
        ["progress", dir, user] => fill_store(Path::new(dir), user),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn write_course(dir: &Path) {
    let files = course::course(course::LARGE);
    let loaded = load(&files);
    assert!(
        loaded.diagnostics.is_empty(),
        "the generated course validates clean"
    );
    for sub in ["chapters", "quizzes"] {
        fs::create_dir_all(dir.join(sub)).expect("the course folder can be created");
    }
    for file in &files {
        fs::write(dir.join(&file.path), &file.text).expect("a course file can be written");
    }
    println!(
        "{}: {} chapters, {} bytes",
        dir.display(),
        loaded.course.chapters.len(),
        course::bytes(&files)
    );
}

fn fill_store(dir: &Path, user: &str) {
    let course = load(&embedded_files()).course;
    let mut store = Store::open(&database_path(dir))
        .expect("the store opens")
        .store;
    let answers = history::fill(&mut store, user, &course.chapters[0], 10_000);
    println!(
        "{}: 10000 attempts, {answers} answers for '{user}'",
        dir.display()
    );
}
