//! `convert`: reads question banks (files, folders, or the course in use), writes a course
//! folder, a GIFT file or an Anki import file. The formats live in `crate::convert`; this
//! is the file-system edge: finding and reading inputs, listing what was skipped, and
//! writing so that a failure leaves nothing half-written (everything goes to a temporary
//! sibling first and is renamed into place at the end).

use std::fs;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::cli::Failure;
use crate::content::source::MAX_FILE_BYTES;
use crate::content::{Course, load_course};
use crate::convert::{self, Bank, Format, Malformed, Skipped};

/// Shown under `convert --help`.
pub const EXAMPLES: &str = "\
Examples:
  Moodle GIFT to a course folder, then take its first quiz:
    mlsys-learn convert bank.gift --out my-course
    mlsys-learn --content my-course quiz 1
  mdbook-quiz TOML (the format is detected; --from names it):
    mlsys-learn convert quizzes/ch03.toml --from mdbook-quiz --out rust-quizzes
  The ML Systems textbook's quiz and glossary JSON (a chapter's *_quizzes.json and
  *_glossary.json become one chapter; a folder of chapters, one chapter each):
    mlsys-learn convert textbook/contents/vol1/ --out mlsys-textbook
    mlsys-learn convert introduction_quizzes.json --from textbook --out intro
  This course's questions as GIFT, for Moodle:
    mlsys-learn convert --to gift -o mlsys.gift
  This course's questions as Anki notes (Anki: File > Import):
    mlsys-learn convert --to anki -o mlsys-anki.txt
  A folder of question files, GIFT back to a course:
    mlsys-learn convert banks/ --out my-course
    mlsys-learn convert mlsys.gift --out round-trip";

/// The arguments of `convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Files or folders to convert [default: the course in use]
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The format of the inputs [default: detected from each file]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<FromFormat>,
    /// What to write [default: course with --out; from the file name with -o]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: Option<ToFormat>,
    /// Write a course folder here (replacing a course folder already there)
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out: Option<PathBuf>,
    /// Write a GIFT or Anki file here
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The title of the course or Anki deck [default: from the input]
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FromFormat {
    /// A course folder of ours
    Course,
    /// Moodle GIFT
    Gift,
    /// mdbook-quiz TOML
    MdbookQuiz,
    /// The open ML Systems textbook's quiz or glossary JSON
    Textbook,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ToFormat {
    /// A course folder (course.toml, chapters/, quizzes/)
    Course,
    /// Moodle GIFT
    Gift,
    /// Anki text import (2.1.55+)
    Anki,
}

/// Where the result goes.
enum Target<'a> {
    Course(&'a Path),
    File(ToFormat, &'a Path),
}

/// Runs `mlsys-learn convert`.
pub fn convert(args: &ConvertArgs, content: Option<&Path>) -> Result<(), Failure> {
    let target = target(args)?;
    if let Target::Course(dir) = target {
        refuse_foreign(dir)?;
    }
    let (mut bank, title) = read_inputs(args, content)?;
    bank.join_glossaries();
    let (converted, terms) = bank.counts();
    let title = args.title.clone().unwrap_or(title);
    let target_is_course = matches!(target, Target::Course(_));
    let (skipped, written_to) = match target {
        Target::Course(dir) => {
            let written = convert::course::write(&bank, &title);
            bank.skipped.extend(written.skipped);
            report_skipped(&bank.skipped);
            nothing_converted(converted + terms)?;
            write_course(dir, &written.files)?;
            (bank.skipped.len(), dir)
        }
        Target::File(format, file) => {
            let text = if format == ToFormat::Gift {
                let (text, skipped) = convert::gift::write(&bank);
                bank.skipped.extend(skipped);
                text
            } else {
                convert::anki::write(&bank, &title)
            };
            report_skipped(&bank.skipped);
            nothing_converted(converted)?;
            write_file(file, &text)?;
            (bank.skipped.len(), file)
        }
    };
    let terms = match (terms, target_is_course) {
        (0, _) | (_, false) => String::new(),
        (n, true) => format!(" and {n} glossary term(s)"),
    };
    println!(
        "converted {converted} question(s){terms} in {} chapter(s) to '{}'; {skipped} skipped",
        bank.chapters.len(),
        written_to.display()
    );
    Ok(())
}

fn target(args: &ConvertArgs) -> Result<Target<'_>, Failure> {
    match (&args.out, &args.output, args.to) {
        (Some(dir), _, None | Some(ToFormat::Course)) => Ok(Target::Course(dir)),
        (Some(_), _, Some(_)) => Err(Failure::usage(
            "'--out' writes a course folder: use '-o FILE' for '--to gift' and '--to anki'",
        )),
        (None, Some(_), Some(ToFormat::Course)) => Err(Failure::usage(
            "'--to course' writes a folder: name it with '--out DIR'",
        )),
        (None, Some(file), Some(format)) => Ok(Target::File(format, file)),
        (None, Some(file), None) => {
            let name = file.to_string_lossy().to_ascii_lowercase();
            if name.ends_with(".gift") {
                Ok(Target::File(ToFormat::Gift, file))
            } else if name.ends_with(".txt") || name.ends_with(".tsv") {
                Ok(Target::File(ToFormat::Anki, file))
            } else {
                Err(Failure::usage(format!(
                    "cannot tell what to write to '{}' from its name: add '--to gift' or '--to anki'",
                    file.display()
                )))
            }
        }
        (None, None, _) => Err(Failure::usage(
            "convert needs '--out DIR' (a course folder) or '-o FILE' (GIFT or Anki)",
        )),
    }
}

fn nothing_converted(converted: usize) -> Result<(), Failure> {
    if converted > 0 {
        return Ok(());
    }
    Err(Failure::failed(
        "nothing to convert: no question in the input could be converted; nothing was written",
    ))
}

fn report_skipped(skipped: &[Skipped]) {
    for skip in skipped {
        eprintln!("{skip}");
    }
}

/// Reads every input into one bank, and a title for the result.
fn read_inputs(args: &ConvertArgs, content: Option<&Path>) -> Result<(Bank, String), Failure> {
    if args.inputs.is_empty() {
        let course = loaded_course(content)?;
        return Ok((convert::course::read(&course), course.title));
    }
    let mut bank = Bank::default();
    for input in &args.inputs {
        let found = if input.is_dir() && !input.join("chapters").is_dir() {
            read_folder(input, args.from)?
        } else if input.is_dir() {
            convert::course::read(&loaded_course(Some(input))?)
        } else {
            read_file(input, args.from)?
        };
        bank.chapters.extend(found.chapters);
        bank.skipped.extend(found.skipped);
    }
    let title = match args.inputs.as_slice() {
        [one] => stem(one),
        _ => "Imported questions".to_string(),
    };
    Ok((bank, title))
}

fn loaded_course(dir: Option<&Path>) -> Result<Course, Failure> {
    let loaded = load_course(dir).map_err(|e| Failure::usage(e.to_string()))?;
    if loaded.diagnostics.is_empty() {
        return Ok(loaded.course);
    }
    for diagnostic in &loaded.diagnostics {
        eprintln!("{}", super::shown(diagnostic, dir));
    }
    Err(Failure::failed(format!(
        "the course has {} problem(s): fix them before converting it",
        loaded.diagnostics.len()
    )))
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| {
            s.to_string_lossy()
                .replace(['_', '-'], " ")
                .trim()
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Imported questions".to_string())
}

/// The question files of a folder and its subfolders, in name order.
fn read_folder(dir: &Path, from: Option<FromFormat>) -> Result<Bank, Failure> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    let mut bank = Bank::default();
    for file in files {
        let name = file.to_string_lossy().to_ascii_lowercase();
        let candidate = [".gift", ".txt", ".toml", ".json"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if !candidate {
            continue;
        }
        let found = match read_file(&file, from) {
            Err(Failure::Usage(_)) => {
                bank.skipped.push(Skipped {
                    at: file.display().to_string(),
                    why: "not a question file convert reads".into(),
                });
                continue;
            }
            other => other?,
        };
        bank.chapters.extend(found.chapters);
        bank.skipped.extend(found.skipped);
    }
    Ok(bank)
}

fn collect_files(dir: &Path, into: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let entries = fs::read_dir(dir)
        .map_err(|e| Failure::failed(format!("cannot read folder '{}': {e}", dir.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_files(&path, into)?;
        } else if kind.is_file() {
            into.push(path);
        }
    }
    Ok(())
}

fn read_file(path: &Path, from: Option<FromFormat>) -> Result<Bank, Failure> {
    let shown = path.display().to_string();
    let size = fs::metadata(path)
        .map_err(|e| Failure::failed(format!("cannot read '{shown}': {e}")))?
        .len();
    if size > MAX_FILE_BYTES as u64 * 16 {
        return Err(Failure::failed(format!(
            "'{shown}' is {size} bytes: too large for a question bank"
        )));
    }
    let bytes =
        fs::read(path).map_err(|e| Failure::failed(format!("cannot read '{shown}': {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        malformed(&Malformed::new(
            format!(
                "{shown}:{}",
                1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
            ),
            "not UTF-8 text",
        ))
    })?;
    let format = match from {
        Some(FromFormat::Gift) => Format::Gift,
        Some(FromFormat::MdbookQuiz) => Format::MdbookQuiz,
        Some(FromFormat::Textbook) => Format::TextbookQuiz,
        Some(FromFormat::Course) => {
            return Err(Failure::usage(format!(
                "'{shown}' is a file: '--from course' reads a course folder"
            )));
        }
        None => convert::detect(&shown, &text).ok_or_else(|| {
            Failure::usage(format!(
                "cannot tell the format of '{shown}': name it with --from gift, --from mdbook-quiz or --from textbook"
            ))
        })?,
    };
    let stem = stem(path);
    let read = match format {
        Format::Gift => convert::gift::read(&shown, &stem, &text),
        Format::MdbookQuiz => convert::mdbook_quiz::read(&shown, &stem, &text),
        Format::TextbookQuiz | Format::TextbookGlossary => convert::textbook::read(&shown, &text),
        Format::Course | Format::Anki => {
            return Err(Failure::usage(format!(
                "cannot read '{shown}': convert does not read this format yet"
            )));
        }
    };
    read.map_err(|m| malformed(&m))
}

/// Malformed input: its one error, at its position; the command then writes nothing.
fn malformed(error: &Malformed) -> Failure {
    eprintln!("{error}");
    Failure::failed("the input is malformed (see above); nothing was written")
}

/// A name beside `target` for work in progress: `.NAME.convert-PID`.
fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}

fn io_failure(path: &Path, error: &std::io::Error) -> Failure {
    Failure::failed(format!("cannot write '{}': {error}", path.display()))
}

/// Writes the course into a temporary sibling folder, checks it, and renames it to `dir`
/// (replacing a course folder that was there).
fn write_course(dir: &Path, files: &[(String, String)]) -> Result<(), Failure> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| io_failure(parent, &e))?;
    }
    let temp = sibling(dir, "convert");
    let result = fill(&temp, files).and_then(|()| check_written(&temp));
    if let Err(failure) = result {
        let _ = fs::remove_dir_all(&temp);
        return Err(failure);
    }
    if dir.exists() {
        let old = sibling(dir, "replaced");
        fs::rename(dir, &old).map_err(|e| io_failure(dir, &e))?;
        if let Err(e) = fs::rename(&temp, dir) {
            let _ = fs::rename(&old, dir);
            let _ = fs::remove_dir_all(&temp);
            return Err(io_failure(dir, &e));
        }
        let _ = fs::remove_dir_all(&old);
        return Ok(());
    }
    fs::rename(&temp, dir).map_err(|e| {
        let _ = fs::remove_dir_all(&temp);
        io_failure(dir, &e)
    })
}

/// Only an empty folder or a course folder may be replaced.
fn refuse_foreign(dir: &Path) -> Result<(), Failure> {
    if !dir.exists() {
        return Ok(());
    }
    let empty = fs::read_dir(dir).map(|mut d| d.next().is_none());
    match empty {
        Ok(true) => Ok(()),
        Ok(false) if dir.join("course.toml").is_file() && dir.join("chapters").is_dir() => Ok(()),
        _ => Err(Failure::usage(format!(
            "'{}' exists and is not a course folder: choose another --out",
            dir.display()
        ))),
    }
}

fn fill(temp: &Path, files: &[(String, String)]) -> Result<(), Failure> {
    for (relative, text) in files {
        let path = temp.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_failure(parent, &e))?;
        }
        fs::write(&path, text).map_err(|e| io_failure(&path, &e))?;
    }
    Ok(())
}

/// The written course must pass `check`; anything else is a bug in a writer.
fn check_written(temp: &Path) -> Result<(), Failure> {
    let loaded = load_course(Some(temp)).map_err(|e| Failure::failed(e.to_string()))?;
    match loaded.diagnostics.first() {
        None => Ok(()),
        Some(first) => Err(Failure::failed(format!(
            "the converted course would not pass check ({first}); nothing was written"
        ))),
    }
}

/// Writes a file through a temporary sibling, renamed into place.
fn write_file(file: &Path, text: &str) -> Result<(), Failure> {
    let temp = sibling(file, "convert");
    fs::write(&temp, text).map_err(|e| {
        let _ = fs::remove_file(&temp);
        io_failure(file, &e)
    })?;
    fs::rename(&temp, file).map_err(|e| {
        let _ = fs::remove_file(&temp);
        io_failure(file, &e)
    })
}
