//! Caches of a `--content` course in the data folder, so that a large course is not parsed
//! again at every command (on the 200-chapter course parsing is nearly all of the cost:
//! docs/performance.md): what `list` shows, one summary per chapter (`cache/list-*.json`),
//! and the whole course as loaded and checked, for the home, glossary, progress and the
//! other commands that need all of it (`cache/course-*.bin`, the model in postcard as the
//! built-in course's ready form is). Deleting either only costs one full load.
//!
//! An entry is used only when every course file is the one it was made from: the same list
//! of files, each with the same size and modification time to the nanosecond, read by the
//! same binary (its version, size and modification time). A course is cached only when it
//! loaded with no problem at all (a broken chapter is reported by a full load every time),
//! and not while any file is younger than two seconds, so an edit made within the clock's
//! resolution of the cached one cannot hide behind an equal time. `check`, the reader and
//! everything that needs a chapter's text never read the list cache; `check` never reads
//! the course cache either. A course entry carries a checksum of the model's bytes, so a
//! torn or damaged file is not used. An entry unused for 30 days, and a file half written
//! by a process killed while writing, are removed the next time an entry is written.
//! Failing to read or write a cache is never an error: the course is then loaded as if
//! there were none.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::diagram::DiagramKind;
use super::load::{COURSE_FOLDERS, LoadError, Loaded, Scope, listed_names, load_scoped};
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
    let path = entry_path(data_dir, &folder);
    let text = fs::read(&path).ok()?;
    let entry: Entry = serde_json::from_slice(&text).ok()?;
    let fresh = entry.format == FORMAT
        && entry.binary == binary_identity()?
        && entry.folder == folder
        && entry.files == now.files
        && entry.chapters.iter().all(ChapterSummary::is_plain);
    if !fresh {
        return None;
    }
    mark_used(&path);
    Some(entry.chapters)
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
    let text = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
    write_aside(&entry_path(data_dir, &entry.folder), &text)
}

/// Writes `bytes` to `path` aside and renames it, so a reader never sees half a file; then
/// tidies the cache folder (`tidy`).
fn write_aside(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let partial = path.with_extension(format!("{}.partial", std::process::id()));
    fs::write(&partial, bytes)?;
    fs::rename(&partial, path).inspect_err(|_| {
        let _ = fs::remove_file(&partial);
    })?;
    if let Some(parent) = path.parent() {
        tidy(parent, SystemTime::now());
    }
    Ok(())
}

/// How long an entry nothing has used is kept.
const UNUSED_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// How long a half-written file is left alone (a process killed while writing leaves one).
const PARTIAL_FOR: Duration = Duration::from_secs(60 * 60);

/// Removes the entries of the cache folder `folder` unused for `UNUSED_FOR` (an entry's
/// time is refreshed each time it is used, `mark_used`) and the half-written files older
/// than `PARTIAL_FOR`, so the folder does not keep every course ever opened. Best effort.
fn tidy(folder: &Path, now: SystemTime) {
    let Ok(found) = fs::read_dir(folder) else {
        return;
    };
    for entry in found.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let keep_for = if name.ends_with(".partial") {
            PARTIAL_FOR
        } else if name.starts_with("course-") || name.starts_with("list-") {
            UNUSED_FOR
        } else {
            continue;
        };
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| now.duration_since(at).ok());
        if age.is_some_and(|age| age > keep_for) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Notes that the entry at `path` was just used, so `tidy` keeps it. Best effort.
fn mark_used(path: &Path) {
    if let Ok(file) = fs::File::options().append(true).open(path) {
        let _ = file.set_modified(SystemTime::now());
    }
}

/// `cache/list-HASH.json` in the data folder, one per course folder.
fn entry_path(data_dir: &Path, folder: &Path) -> PathBuf {
    cache_file(data_dir, "list", &folder, "json")
}

/// `cache/KIND-HASH.EXT` in the data folder, HASH of `key`.
fn cache_file(data_dir: &Path, kind: &str, key: &impl Hash, ext: &str) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    data_dir
        .join("cache")
        .join(format!("{kind}-{:016x}.{ext}", hasher.finish()))
}

/// What is stored of a whole course: the model's bytes and everything they were made from.
/// The folder is kept both as given (the course names it in the commands it prints, and
/// takes its title from it when course.toml gives none) and as the file system resolves it.
#[derive(Debug, Serialize, Deserialize)]
struct CourseEntry<'a> {
    format: u32,
    binary: String,
    given: PathBuf,
    folder: PathBuf,
    files: Vec<Stamp>,
    /// `checksum(&course)`: a damaged file is not used.
    checksum: u64,
    /// The `Course` in postcard, borrowed from the file's bytes when read.
    course: &'a [u8],
}

/// The course in `folder` (named as given) as loaded when `data_dir`'s entry was made,
/// if it was made from exactly the files of `now` by this binary.
fn cached_course(data_dir: &Path, folder: &Path, now: &Fingerprint) -> Option<Course> {
    let resolved = fs::canonicalize(folder).ok()?;
    let path = course_entry_path(data_dir, folder, &resolved);
    let bytes = fs::read(&path).ok()?;
    let entry: CourseEntry<'_> = postcard::from_bytes(&bytes).ok()?;
    let fresh = entry.format == FORMAT
        && entry.binary == binary_identity()?
        && entry.given == folder
        && entry.folder == resolved
        && entry.files == now.files
        && entry.checksum == checksum(entry.course);
    if !fresh {
        return None;
    }
    let course = postcard::from_bytes(entry.course).ok()?;
    mark_used(&path);
    Some(course)
}

/// Stores `course`, loaded with no problem from the files of `before` in `folder` (named as
/// given), unless a file is too young or changed while it loaded. Best effort, as `store`.
fn store_course(data_dir: &Path, folder: &Path, before: &Fingerprint, course: &Course) {
    if before.settling || fingerprint(folder).as_ref() != Some(before) {
        return;
    }
    let (Ok(resolved), Some(binary)) = (fs::canonicalize(folder), binary_identity()) else {
        return;
    };
    let Ok(model) = postcard::to_allocvec(course) else {
        return;
    };
    let path = course_entry_path(data_dir, folder, &resolved);
    let entry = CourseEntry {
        format: FORMAT,
        binary,
        given: folder.to_path_buf(),
        folder: resolved,
        files: before.files.clone(),
        checksum: checksum(&model),
        course: &model,
    };
    if let Ok(bytes) = postcard::to_allocvec(&entry) {
        let _ = write_aside(&path, &bytes);
    }
}

/// The whole course: the built-in one (`dir: None`, from its ready form), or the one in
/// `dir`, from the course cache in `data_dir` when every file is the one it was stored from,
/// else loaded in full (with every problem reported) and stored when it loaded with none.
/// `data_dir: None` loads without a cache.
pub fn load_whole(dir: Option<&Path>, data_dir: Option<&Path>) -> Result<Loaded, LoadError> {
    let Some(dir) = dir else {
        return load_scoped(None, Scope::Whole);
    };
    let known = data_dir.and_then(|data| Some((data, fingerprint(dir)?)));
    load_whole_known(dir, known.as_ref().map(|(data, before)| (*data, before)))
}

/// `load_whole` of the course in `dir` whose files were just fingerprinted as `before`
/// (with the data folder: `cacheable`), so they are not listed and measured again.
pub fn load_whole_known(
    dir: &Path,
    cacheable: Option<(&Path, &Fingerprint)>,
) -> Result<Loaded, LoadError> {
    if let Some((data, before)) = cacheable
        && let Some(course) = cached_course(data, dir, before)
    {
        return Ok(Loaded {
            course,
            diagnostics: Vec::new(),
        });
    }
    let loaded = load_scoped(Some(dir), Scope::Whole)?;
    if let Some((data, before)) = cacheable
        && loaded.diagnostics.is_empty()
    {
        store_course(data, dir, before, &loaded.course);
    }
    Ok(loaded)
}

/// `cache/course-HASH.bin`, one per course folder and spelling of it.
fn course_entry_path(data_dir: &Path, given: &Path, resolved: &Path) -> PathBuf {
    cache_file(data_dir, "course", &(given, resolved), "bin")
}

/// A hash of `bytes` (SipHash with fixed keys: the same in every run).
fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
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
