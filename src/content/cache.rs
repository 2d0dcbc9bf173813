//! A cache of what `list` shows of a `--content` course, so that listing a large course does
//! not parse every chapter and quiz each time (on the 200-chapter course parsing is nearly
//! all of `list`'s cost: docs/performance.md). It holds one summary per chapter and lives in
//! the data folder (`cache/list-*.json`); deleting it only costs one full load.
//!
//! An entry is used only when every course file is the one it was made from: the same list
//! of files, each with the same size and modification time to the nanosecond, read by the
//! same binary (its version, size and modification time). A course is cached only when it
//! loaded with no problem at all (a broken chapter is reported by a full load every time),
//! and not while any file is younger than two seconds, so an edit made within the clock's
//! resolution of the cached one cannot hide behind an equal time. `check`, the reader and
//! everything that needs a chapter's text never read it. Failing to read or write the cache
//! is never an error: the course is then loaded as if there were none.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::diagram::DiagramKind;
use super::load::{COURSE_FOLDERS, listed_names};
use super::model::{Chapter, Course};
use super::quiz::QUESTION_TYPES;
use super::source::MAX_FILE_BYTES;

/// Bumped whenever `ChapterSummary` or the entry's layout changes meaning.
const FORMAT: u32 = 1;

/// A file younger than this is not cached: its next edit might keep its time.
const SETTLE: Duration = Duration::from_secs(2);

/// What `list` and `list --json` show of one chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterSummary {
    pub number: u32,
    pub slug: String,
    pub title: String,
    pub part: String,
    pub part_title: Option<String>,
    pub summary: String,
    pub objectives: usize,
    pub sections: usize,
    pub questions: usize,
    /// The question types used, in the order of `QUESTION_TYPES`.
    pub types: Vec<String>,
    pub figures: usize,
    pub explorables: usize,
    pub tables: usize,
    pub terms: usize,
}

impl ChapterSummary {
    pub fn of(course: &Course, chapter: &Chapter) -> Self {
        let questions = chapter.quiz.as_ref().map_or(&[][..], |q| &q.questions[..]);
        let mut types: Vec<&str> = questions.iter().map(|q| q.kind.type_name()).collect();
        types.sort_by_key(|t| QUESTION_TYPES.iter().position(|k| k == t));
        types.dedup();
        let figures = chapter.figures();
        let explorables = figures
            .iter()
            .filter(|f| matches!(f.diagram.kind, DiagramKind::Explore(_)))
            .count();
        Self {
            number: chapter.number,
            slug: chapter.slug.clone(),
            title: chapter.title.clone(),
            part: chapter.part.clone(),
            part_title: course.part(&chapter.part).map(|p| p.title.clone()),
            summary: chapter.summary.clone(),
            objectives: chapter.objectives.len(),
            sections: chapter.sections.len(),
            questions: questions.len(),
            types: types.into_iter().map(String::from).collect(),
            figures: figures.len(),
            explorables,
            tables: chapter.tables().len(),
            terms: chapter.glossary().len(),
        }
    }

    /// Whether its text holds no terminal control, as a loaded course's never does: an
    /// entry edited by hand cannot drive the terminal through `list`.
    fn is_plain(&self) -> bool {
        [&self.slug, &self.title, &self.part, &self.summary]
            .into_iter()
            .chain(&self.part_title)
            .chain(&self.types)
            .all(|text| super::controls::controls(text).is_empty())
    }

    /// Every chapter of `course`, in order.
    pub fn all(course: &Course) -> Vec<Self> {
        course
            .chapters
            .iter()
            .map(|chapter| Self::of(course, chapter))
            .collect()
    }
}

/// One course file as the file system describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    path: String,
    size: u64,
    modified_ns: u128,
}

/// The state of a course folder's files, taken before loading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    files: Vec<Stamp>,
    /// Whether a file is too young to cache (see `SETTLE`).
    settling: bool,
}

/// What is stored: the summaries and everything they were made from.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    format: u32,
    binary: String,
    folder: PathBuf,
    files: Vec<Stamp>,
    chapters: Vec<ChapterSummary>,
}

/// The files the loader would read from `dir`, with their sizes and times; `None` when
/// the folder holds something the loader refuses or reports (a link, an oversized file,
/// an unreadable one), so that a full load reports it.
pub fn fingerprint(dir: &Path) -> Option<Fingerprint> {
    let mut paths = Vec::new();
    if fs::symlink_metadata(dir.join("course.toml")).is_ok() {
        paths.push("course.toml".to_string());
    }
    for (sub, ext) in COURSE_FOLDERS {
        if fs::symlink_metadata(dir.join(sub)).is_ok_and(|m| m.file_type().is_symlink()) {
            return None;
        }
        let names = listed_names(&dir.join(sub), ext);
        paths.extend(names.iter().map(|name| format!("{sub}/{name}")));
    }
    let settled_before = SystemTime::now().checked_sub(SETTLE)?;
    let mut settling = false;
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let meta = fs::symlink_metadata(dir.join(&path)).ok()?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES as u64 {
            return None;
        }
        let modified = meta.modified().ok()?;
        settling |= modified > settled_before;
        files.push(Stamp {
            path,
            size: meta.len(),
            modified_ns: modified.duration_since(UNIX_EPOCH).ok()?.as_nanos(),
        });
    }
    Some(Fingerprint { files, settling })
}

/// The cached summaries of the course in `folder`, if `data_dir` holds an entry made from
/// exactly the files of `now`.
pub fn cached(data_dir: &Path, folder: &Path, now: &Fingerprint) -> Option<Vec<ChapterSummary>> {
    let folder = fs::canonicalize(folder).ok()?;
    let text = fs::read(entry_path(data_dir, &folder)).ok()?;
    let entry: Entry = serde_json::from_slice(&text).ok()?;
    let fresh = entry.format == FORMAT
        && entry.binary == binary_identity()?
        && entry.folder == folder
        && entry.files == now.files
        && entry.chapters.iter().all(ChapterSummary::is_plain);
    fresh.then_some(entry.chapters)
}

/// Stores `chapters` as the summaries of the course in `folder`, loaded cleanly from the
/// files of `before`, unless a file is too young or changed while it loaded. Best effort:
/// a data folder that cannot be written only means no cache.
pub fn store(data_dir: &Path, folder: &Path, before: &Fingerprint, chapters: &[ChapterSummary]) {
    if before.settling || fingerprint(folder).as_ref() != Some(before) {
        return;
    }
    let (Ok(folder), Some(binary)) = (fs::canonicalize(folder), binary_identity()) else {
        return;
    };
    let entry = Entry {
        format: FORMAT,
        binary,
        files: before.files.clone(),
        chapters: chapters.to_vec(),
        folder,
    };
    let _ = write_entry(data_dir, &entry);
}

fn write_entry(data_dir: &Path, entry: &Entry) -> std::io::Result<()> {
    let path = entry_path(data_dir, &entry.folder);
    let text = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    // Written aside and renamed, so a reader never sees half an entry.
    let partial = path.with_extension(format!("json.{}.partial", std::process::id()));
    fs::write(&partial, text)?;
    fs::rename(&partial, &path).inspect_err(|_| {
        let _ = fs::remove_file(&partial);
    })
}

/// `cache/list-HASH.json` in the data folder, one per course folder.
fn entry_path(data_dir: &Path, folder: &Path) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    folder.hash(&mut hasher);
    data_dir
        .join("cache")
        .join(format!("list-{:016x}.json", hasher.finish()))
}

/// The running binary: its version, and its size and time, so a rebuild with a changed
/// parser (same version number) does not read its predecessor's summaries.
fn binary_identity() -> Option<String> {
    let meta = fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!(
        "{} {} {}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        modified.as_nanos()
    ))
}
