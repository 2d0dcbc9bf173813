//! Where a course comes from: the copy embedded in the binary, or a folder named with
//! `--content`. Reads the files (refusing oversized, non-UTF-8 and linked ones), parses
//! each, attaches quizzes to their chapters and runs the validator, collecting every problem.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::chapter::parse_chapter;
use super::embedded;
use super::model::{Course, Part, Pos};
use super::quiz::{Quiz, parse_quiz};
use super::ready::{self, ReadyError, ReadyFile};
use super::source::{Diagnostic, MAX_FILE_BYTES, Reporter, SourceFile, toml_message};
use super::validate::{Broken, validate};

/// A course and every problem found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub course: Course,
    pub diagnostics: Vec<Diagnostic>,
}

/// A course folder that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read course folder '{path}': {source}")]
    Folder { path: PathBuf, source: io::Error },
    #[error("'{0}' is not a course folder: it has no chapters/ folder")]
    NotACourse(PathBuf),
}

/// The course shipped inside the binary.
pub fn embedded_files() -> Vec<SourceFile> {
    embedded_files_for(Scope::Whole)
}

/// The files of the embedded course that `scope` wants: the others are not even copied.
fn embedded_files_for(scope: Scope<'_>) -> Vec<SourceFile> {
    embedded::FILES
        .iter()
        .filter(|(path, _)| scope.wants(path))
        .map(|(path, text)| SourceFile {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// Reads a course folder: course.toml, chapters/*.md and quizzes/*.toml.
pub fn read_folder(dir: &Path) -> Result<(Vec<SourceFile>, Vec<Diagnostic>), LoadError> {
    read_folder_for(dir, Scope::Whole)
}

/// Reads the files of a course folder that `scope` wants; the others are only listed.
fn read_folder_for(
    dir: &Path,
    scope: Scope<'_>,
) -> Result<(Vec<SourceFile>, Vec<Diagnostic>), LoadError> {
    let folder_error = |source| LoadError::Folder {
        path: dir.to_path_buf(),
        source,
    };
    fs::metadata(dir).map_err(folder_error)?;
    if !dir.join("chapters").is_dir() {
        return Err(LoadError::NotACourse(dir.to_path_buf()));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if scope.wants("course.toml") && dir.join("course.toml").exists() {
        read_one(dir, "course.toml", &mut files, &mut problems);
    }
    for (sub, ext) in COURSE_FOLDERS {
        // A linked folder would bring in files from outside the course folder.
        if fs::symlink_metadata(dir.join(sub)).is_ok_and(|m| m.file_type().is_symlink()) {
            problems.push(file_problem(
                sub,
                "is a symbolic link; course files must be regular files inside the folder",
            ));
            continue;
        }
        for path in listed_names(&dir.join(sub), ext)
            .iter()
            .map(|name| format!("{sub}/{name}"))
        {
            if scope.wants(&path) {
                read_one(dir, &path, &mut files, &mut problems);
            }
        }
    }
    Ok((files, problems))
}

/// The folders of a course that hold its chapters and quizzes, with their files' extension.
pub(super) const COURSE_FOLDERS: [(&str, &str); 2] = [("chapters", "md"), ("quizzes", "toml")];

/// The names of the files in `folder` ending in `.ext`, sorted (none when it cannot be read).
pub(super) fn listed_names(folder: &Path, ext: &str) -> Vec<String> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| Path::new(name).extension().is_some_and(|e| e == ext))
        .collect();
    names.sort();
    names
}

fn file_problem(path: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        path: path.to_string(),
        pos: Pos { line: 1, col: 1 },
        message: message.into(),
    }
}

/// Reads one file of the course, refusing what must not be read.
fn read_one(
    dir: &Path,
    relative: &str,
    files: &mut Vec<SourceFile>,
    problems: &mut Vec<Diagnostic>,
) {
    let path = dir.join(relative);
    let problem = match fs::symlink_metadata(&path) {
        Err(error) => Some(format!("cannot read: {error}")),
        Ok(meta) if meta.file_type().is_symlink() => Some(
            "is a symbolic link; course files must be regular files inside the folder".to_string(),
        ),
        Ok(meta) if !meta.is_file() => Some("is not a regular file".to_string()),
        Ok(meta) if meta.len() > MAX_FILE_BYTES as u64 => Some(format!(
            "file is {} bytes, over the limit of {MAX_FILE_BYTES} bytes",
            meta.len()
        )),
        Ok(_) => None,
    };
    if let Some(message) = problem {
        problems.push(file_problem(relative, message));
        return;
    }
    match fs::read(&path).map(String::from_utf8) {
        Ok(Ok(text)) => files.push(SourceFile {
            path: relative.to_string(),
            text,
        }),
        Ok(Err(error)) => problems.push(file_problem(
            relative,
            format!(
                "file is not valid UTF-8 (byte {})",
                error.utf8_error().valid_up_to()
            ),
        )),
        Err(error) => problems.push(file_problem(relative, format!("cannot read: {error}"))),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    parts: Vec<RawPart>,
    pass_mark: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    id: String,
    number: String,
    title: String,
    question: String,
}

/// How much of a course to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Everything, with every cross-file check.
    Whole,
    /// The course and its chapters, without the quizzes: enough to read a chapter, and a
    /// broken quiz does not keep anyone from reading.
    Chapters,
    /// The course and the one chapter whose file is named for this number or slug
    /// (`chapters/NN-slug.md`): what `read N --plain` needs, so its cost does not grow
    /// with the course. Cross-chapter checks are left to `check`; the chapter itself is
    /// parsed and validated as in any other scope.
    Chapter(&'a str),
    /// The course, the one chapter named as in `Chapter`, and its quiz
    /// (`quizzes/NN-slug.toml`): what the reader and the quiz need for their first screen.
    /// The quiz is attached and checked against its chapter; what spans chapters is left
    /// to `check` and to `Whole`, loaded when a key reaches beyond the chapter
    /// (`content::on_demand`).
    Study(&'a str),
}

impl Scope<'_> {
    pub(super) fn wants(self, path: &str) -> bool {
        match self {
            Scope::Whole => true,
            Scope::Chapters => !path.starts_with("quizzes/"),
            Scope::Chapter(key) => {
                path == "course.toml" || is_file_of(path, "chapters/", ".md", key)
            }
            Scope::Study(key) => {
                Scope::Chapter(key).wants(path) || is_file_of(path, "quizzes/", ".toml", key)
            }
        }
    }

    /// Whether the quizzes loaded are attached and checked (they are not loaded at all
    /// in the scopes that leave them out).
    fn has_quizzes(self) -> bool {
        matches!(self, Scope::Whole | Scope::Study(_))
    }
}

/// Whether `path` is `{folder}NN-slug{extension}` naming chapter `key`.
fn is_file_of(path: &str, folder: &str, extension: &str, key: &str) -> bool {
    path.strip_prefix(folder)
        .and_then(|name| name.strip_suffix(extension))
        .is_some_and(|stem| file_names_chapter(stem, key))
}

/// Whether the file stem `NN-slug` is chapter `key` (a number, leading zeros aside, or a
/// slug).
fn file_names_chapter(stem: &str, key: &str) -> bool {
    let Some((number, slug)) = stem.split_once('-') else {
        return false;
    };
    let as_number = |text: &str| text.parse::<u32>().ok();
    slug == key || (as_number(number).is_some() && as_number(number) == as_number(key))
}

/// Parses and validates a set of course files.
pub fn load(files: &[SourceFile]) -> Loaded {
    load_with(files, &[], Scope::Whole)
}

/// Like `load`, knowing which files could not even be read (so what follows from their
/// absence is not reported again), loading what `scope` asks for.
fn load_with(files: &[SourceFile], unreadable: &[Diagnostic], scope: Scope<'_>) -> Loaded {
    let mut course = Course::default();
    let mut diagnostics = Vec::new();
    let mut quizzes: Vec<Quiz> = Vec::new();
    let mut broken = Broken::default();
    for problem in unreadable {
        broken.note(&problem.path);
    }
    for original in files.iter().filter(|f| scope.wants(&f.path)) {
        let mut report = Reporter::new(&original.path, &original.text);
        let cleaned = without_controls(original, &mut report);
        let file = cleaned.as_ref().unwrap_or(original);
        if file.text.len() > MAX_FILE_BYTES {
            report.error(
                0,
                format!(
                    "file is {} bytes, over the limit of {MAX_FILE_BYTES} bytes",
                    file.text.len()
                ),
            );
        } else if file.path == "course.toml" {
            parse_course(&file.text, &mut course, &mut report);
        } else if file.path.starts_with("chapters/") {
            course.chapters.extend(parse_chapter(file, &mut report));
        } else if file.path.starts_with("quizzes/") {
            quizzes.extend(parse_quiz(&file.text, &mut report));
        }
        if !report.diagnostics.is_empty() {
            broken.note(&file.path);
        }
        diagnostics.append(&mut report.diagnostics);
    }
    course.chapters.sort_by_key(|c| c.number);
    let quizzes = scope.has_quizzes().then_some(quizzes);
    diagnostics.extend(validate(&mut course, quizzes, &broken));
    Loaded {
        course,
        diagnostics,
    }
}

/// Reports every terminal control in `file` and returns the file with them made visible
/// (`None`: there were none). See `content::controls`.
fn without_controls(file: &SourceFile, report: &mut Reporter<'_>) -> Option<SourceFile> {
    let found = super::controls::controls(&file.text);
    for (at, c) in &found {
        report.error(
            *at,
            format!(
                "control character U+{:04X} in the text (shown as '{}'); content may not hold terminal controls",
                u32::from(*c),
                super::controls::escape(*c)
            ),
        );
    }
    (!found.is_empty()).then(|| SourceFile {
        path: file.path.clone(),
        text: super::controls::visible(&file.text).into_owned(),
    })
}

fn parse_course(text: &str, course: &mut Course, report: &mut Reporter<'_>) {
    match toml::from_str::<RawCourse>(text) {
        Ok(raw) => {
            course.title = raw.title;
            course.description = raw.description;
            course.parts = raw
                .parts
                .into_iter()
                .map(|p| Part {
                    id: p.id,
                    number: p.number,
                    title: p.title,
                    question: p.question,
                })
                .collect();
            if let Some(mark) = raw.pass_mark {
                if (0.0..=1.0).contains(mark.get_ref()) {
                    course.pass_mark = Some(*mark.get_ref());
                } else {
                    let message = format!(
                        "pass_mark {} is not a fraction between 0 and 1 (0.7 is 70%)",
                        mark.get_ref()
                    );
                    report.error(mark.span().start, message);
                }
            }
        }
        Err(error) => {
            let offset = error.span().map_or(0, |s| s.start);
            report.error(offset, toml_message(&error));
        }
    }
}

/// Loads and checks every file of the embedded course as written, or of the folder `dir`
/// when given: what `check` runs (the embedded course's ready form is not used here).
pub fn load_course(dir: Option<&Path>) -> Result<Loaded, LoadError> {
    match dir {
        None => Ok(load_embedded_text(Scope::Whole)),
        Some(_) => load_scoped(dir, Scope::Whole),
    }
}

/// What `scope` asks for of the embedded course, parsed from its text.
pub fn load_embedded_text(scope: Scope<'_>) -> Loaded {
    load_with(&embedded_files_for(scope), &[], scope)
}

/// What `scope` asks for of the embedded course, from its ready form (`content::ready`):
/// the files build.rs checked, decoded and put together as `load_with` puts parsed files
/// together. build.rs refuses a course with any problem, so there are none to report.
pub fn load_ready(scope: Scope<'_>) -> Result<Loaded, ReadyError> {
    let mut course = Course::default();
    let mut quizzes = Vec::new();
    for (path, bytes) in embedded::READY.iter().filter(|(p, _)| scope.wants(p)) {
        match ready::decode(path, bytes)? {
            ReadyFile::Course(header) => {
                let chapters = std::mem::take(&mut course.chapters);
                course = Course { chapters, ..header };
            }
            ReadyFile::Chapter(chapter) => course.chapters.push(chapter),
            ReadyFile::Quiz(quiz) => quizzes.push(quiz),
        }
    }
    course.chapters.sort_by_key(|c| c.number);
    if scope.has_quizzes() {
        for quiz in quizzes {
            if let Some(chapter) = course.chapters.iter_mut().find(|c| c.slug == quiz.chapter) {
                chapter.quiz = Some(quiz);
            }
        }
    }
    Ok(Loaded {
        course,
        diagnostics: Vec::new(),
    })
}

/// Loads what `scope` asks for of the embedded course, or of the folder `dir`.
pub fn load_scoped(dir: Option<&Path>, scope: Scope<'_>) -> Result<Loaded, LoadError> {
    let Some(dir) = dir else {
        // The ready form is made by the same build from the same files; were it ever
        // unreadable, the text it was made from still is.
        return Ok(load_ready(scope).unwrap_or_else(|_| load_embedded_text(scope)));
    };
    let (files, mut problems) = read_folder_for(dir, scope)?;
    problems.retain(|p| scope.wants(&p.path));
    let mut loaded = load_with(&files, &problems, scope);
    loaded.course.folder = Some(dir.to_path_buf());
    problems.append(&mut loaded.diagnostics);
    loaded.diagnostics = problems;
    if loaded.course.title.is_empty() {
        loaded.course.title = dir.file_name().map_or_else(
            || "Course".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
    }
    Ok(loaded)
}
