//! A seeded random-mutation fuzzer that runs with every `cargo test`, complementing the
//! AFL++ targets in fuzz/ (which need `cargo afl` and run by hand, see
//! docs/reliability.md): the shipped chapter, the shipped quiz and a whole small course
//! are mutated (bit flips, inserted and deleted bytes, duplicated and spliced ranges,
//! Markdown and TOML syntax tokens, joiners and NULs) and each mutant is loaded with
//! `content::load::load` and every chapter that loads is rendered. None may panic.
//!
//! `cargo test` runs 600 mutants; `MLSYS_LEARN_MUTATIONS=2000` runs the full count and
//! `MLSYS_LEARN_MUTATION_SEED=N` another sequence. A failing mutant is written to
//! target/mutation-fuzz/ so it can be replayed (and added to fuzz/corpus/).

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use mlsys_learn::app::shuffle::Rng;
use mlsys_learn::content::load::{embedded_files, load};
use mlsys_learn::content::source::SourceFile;
use mlsys_learn::render::RenderOptions;
use mlsys_learn::render::chapter::render_chapter;

const DEFAULT_MUTANTS: usize = 600;
const DEFAULT_SEED: u64 = 0x6d75_7461;

/// Syntax that steers a mutant into the parsers' interesting corners.
const TOKENS: &[&str] = &[
    "```",
    "```diagram\n",
    "~~~",
    "> ",
    "> [!CHECK] q\n",
    "> [!TIP]\n",
    "- ",
    "1. ",
    "|",
    "|---|",
    "\n\n",
    "+++\n",
    "{#",
    "}",
    "$",
    "$$",
    "\\",
    "\"",
    "'",
    "[",
    "]",
    "(",
    ")",
    "[[questions]]\n",
    "[[parts]]\n",
    "[[objectives]]\n",
    "= ",
    "type = \"gaps\"\n",
    "___",
    "*",
    "**",
    "_",
    "~~",
    "<!--",
    "-->",
    "<",
    ">",
    ": ",
    "Table: ",
    "{#tbl-x}",
    "\u{200D}",
    "\u{301}",
    "👩\u{200D}💻",
    "\0",
    "\t",
    "\r\n",
    "#",
    "## ",
    "# ",
    "= [[[[",
    "]]]]",
    "inf",
    "nan",
    "-0",
    "1e309",
];

fn mutate(bytes: &mut Vec<u8>, donors: &[Vec<u8>], rng: &mut Rng) {
    let len = bytes.len().max(1);
    match rng.below(8) {
        0 => {
            let at = rng.below(len).min(bytes.len().saturating_sub(1));
            if let Some(b) = bytes.get_mut(at) {
                *b ^= 1 << rng.below(8);
            }
        }
        1 => {
            let at = rng.below(len + 1).min(bytes.len());
            let byte = u8::try_from(rng.below(256)).unwrap_or(0);
            bytes.insert(at, byte);
        }
        2 => {
            let at = rng.below(len).min(bytes.len());
            let end = (at + 1 + rng.below(64)).min(bytes.len());
            bytes.drain(at..end);
        }
        3 => {
            let at = rng.below(len).min(bytes.len());
            let end = (at + 1 + rng.below(256)).min(bytes.len());
            let copy = bytes[at..end].to_vec();
            let to = rng.below(bytes.len() + 1);
            bytes.splice(to..to, copy);
        }
        4 | 5 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, token.iter().copied());
        }
        6 => {
            let donor = &donors[rng.below(donors.len())];
            if !donor.is_empty() {
                let from = rng.below(donor.len());
                let end = (from + 1 + rng.below(512)).min(donor.len());
                let at = rng.below(bytes.len() + 1);
                bytes.splice(at..at, donor[from..end].iter().copied());
            }
        }
        _ => {
            let keep = rng.below(bytes.len() + 1);
            bytes.truncate(keep);
        }
    }
}

/// Loads the files and renders every chapter; returns whether it panicked.
fn survives(files: &[SourceFile]) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        let loaded = load(files);
        for chapter in &loaded.course.chapters {
            let opts = RenderOptions {
                width: 60,
                ascii: false,
            };
            drop(render_chapter(&loaded.course, chapter, &opts));
        }
    }))
    .is_ok()
}

fn report(case: usize, seed: u64, files: &[SourceFile]) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("mutation-fuzz/{seed}-{case}"));
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, &file.text);
    }
    dir
}

#[test]
fn mutated_course_files_never_panic() {
    let mutants: usize = std::env::var("MLSYS_LEARN_MUTATIONS")
        .ok()
        .map_or(DEFAULT_MUTANTS, |v| {
            v.parse().expect("MLSYS_LEARN_MUTATIONS is a number")
        });
    let seed: u64 = std::env::var("MLSYS_LEARN_MUTATION_SEED")
        .ok()
        .map_or(DEFAULT_SEED, |v| {
            v.parse().expect("MLSYS_LEARN_MUTATION_SEED is a number")
        });
    println!("{mutants} mutant(s), seed {seed}");
    let shipped = embedded_files();
    let file = |prefix: &str| {
        shipped
            .iter()
            .find(|f| f.path.starts_with(prefix))
            .cloned()
            .expect("the shipped course has it")
    };
    let course = file("course.toml");
    let chapter = file("chapters/");
    let quiz = file("quizzes/");
    let donors: Vec<Vec<u8>> = [&course, &chapter, &quiz]
        .iter()
        .map(|f| f.text.as_bytes().to_vec())
        .collect();
    // Silence the default hook: a panic is reported once, below, with its input.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng::new(seed);
    let mut failures = Vec::new();
    for case in 0..mutants {
        // A third each: the chapter alone, the quiz with its chapter, the whole course.
        let mut files = match case % 3 {
            0 => vec![chapter.clone()],
            1 => vec![chapter.clone(), quiz.clone()],
            _ => vec![course.clone(), chapter.clone(), quiz.clone()],
        };
        let target = rng.below(files.len());
        let mut bytes = files[target].text.as_bytes().to_vec();
        for _ in 0..=rng.below(8) {
            mutate(&mut bytes, &donors, &mut rng);
        }
        files[target].text = String::from_utf8_lossy(&bytes).into_owned();
        if !survives(&files) {
            failures.push(format!(
                "case {case}: {}",
                report(case, seed, &files).display()
            ));
        }
    }
    std::panic::set_hook(hook);
    assert!(
        failures.is_empty(),
        "mutants that panicked (inputs saved):\n{}",
        failures.join("\n")
    );
}
