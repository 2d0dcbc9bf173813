//! Checks the shipped course (course.toml, chapters/, quizzes/) with the app's own loader,
//! then embeds it into the binary, so `mlsys-learn` runs from any folder with nothing
//! beside it and a broken chapter or quiz fails `cargo build` with its `path:line:col`
//! instead of reaching a student. The loader's modules are compiled into this script from
//! src/content/ as they are (no copy to drift): what is checked here is exactly what
//! `mlsys-learn check` checks and what the binary will load.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::{env, fs};

// The pure loader of src/content/ (text in, course and diagnostics out: no terminal, no
// store), its modules side by side at this crate's root as they are siblings under
// `content` in the app, so their `super::` paths resolve the same. The script uses only part
// of them, hence the dead code.
#[path = "src/content/callout.rs"]
mod callout;
#[path = "src/content/chapter.rs"]
mod chapter;
#[path = "src/content/controls.rs"]
mod controls;
#[path = "src/content/diagram.rs"]
mod diagram;
#[path = "src/content/explore.rs"]
mod explore;
#[path = "src/content/fences.rs"]
mod fences;
#[path = "src/content/formula.rs"]
mod formula;
#[path = "src/content/load.rs"]
mod load;
#[path = "src/content/markdown.rs"]
mod markdown;
#[path = "src/math.rs"]
mod math;
#[path = "src/content/model.rs"]
mod model;
#[path = "src/content/quiz.rs"]
mod quiz;
#[path = "src/content/ready.rs"]
mod ready;
#[path = "src/content/source.rs"]
mod source;
#[path = "src/content/validate.rs"]
mod validate;

/// The course is being checked, not yet embedded: the loader is only given folders here.
mod embedded {
    pub static FILES: &[(&str, &str)] = &[];
    pub static READY: &[(&str, &[u8])] = &[];
}

fn main() -> ExitCode {
    match check_and_embed() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the course folder as `--content` would, fails on any problem (each printed as
/// `path:line:col: message`), and writes the embedded copy of exactly the files read.
fn check_and_embed() -> Result<(), String> {
    let root = env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?;
    let root = Path::new(&root);
    announce_inputs(root);
    let (files, mut problems) = load::read_folder(root).map_err(|error| error.to_string())?;
    let loaded = load::load(&files);
    problems.extend(loaded.diagnostics);
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        return Err(format!(
            "the built-in course has {} problem(s) (above, as path:line:col: message)",
            problems.len()
        ));
    }
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let out = env::var("OUT_DIR").map_err(|e| e.to_string())?;
    let ready = write_ready(Path::new(&out), &loaded.course)?;
    fs::write(
        Path::new(&out).join("embedded.rs"),
        embedded_source(root, &paths, &ready)?,
    )
    .map_err(|e| e.to_string())
}

/// Writes the ready form of each course file (`content::ready`) into `out/ready/`, and
/// returns (course path, written file) pairs.
fn write_ready(out: &Path, course: &model::Course) -> Result<Vec<(String, String)>, String> {
    let folder = out.join("ready");
    fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let mut written = Vec::new();
    for (index, (path, bytes)) in ready::encode(course)
        .map_err(|e| e.to_string())?
        .into_iter()
        .enumerate()
    {
        let file = folder.join(format!("{index:03}.bin"));
        fs::write(&file, bytes).map_err(|e| e.to_string())?;
        written.push((path, file.display().to_string()));
    }
    Ok(written)
}

/// Asks Cargo to run this script again when a course file or folder changes (a change
/// to the loader's source rebuilds the script, which runs it again too).
fn announce_inputs(root: &Path) {
    println!("cargo:rerun-if-changed=course.toml");
    for dir in ["chapters", "quizzes"] {
        println!("cargo:rerun-if-changed={dir}");
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        for name in entries.filter_map(Result::ok).map(|e| e.file_name()) {
            println!("cargo:rerun-if-changed={dir}/{}", name.to_string_lossy());
        }
    }
}

/// `FILES`, the course as (path, text) pairs, each text `include_str!`ed so rustc tracks it,
/// and `READY`, its ready form as (path, bytes) pairs.
fn embedded_source(
    root: &Path,
    paths: &[&str],
    ready: &[(String, String)],
) -> Result<String, String> {
    let mut code = String::from(
        "/// The shipped course, as (path, text) pairs.\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for path in paths {
        let absolute = root.join(path).display().to_string();
        writeln!(code, "    ({path:?}, include_str!({absolute:?})),").map_err(|e| e.to_string())?;
    }
    code.push_str(
        "];\n\n/// The shipped course as build.rs loaded it, as (path, ready form) pairs.\n",
    );
    code.push_str("pub static READY: &[(&str, &[u8])] = &[\n");
    for (path, file) in ready {
        writeln!(code, "    ({path:?}, include_bytes!({file:?})),").map_err(|e| e.to_string())?;
    }
    code.push_str("];\n");
    Ok(code)
}
