//! A `--content` course is cached in the data folder (`content::cache`): what `list` shows
//! (`cache/list-*.json`) and the whole course as loaded (`cache/course-*.bin`, for the home,
//! glossary, progress, stats and the rest). These tests run the real binary and prove the
//! caches change nothing a command prints, are really read when fresh, and are never read
//! once stale: an edit that keeps a file's size, a file too young to trust its time, a
//! corrupt or damaged entry, a data folder that cannot be written, a broken chapter; and
//! that `check` never reads them.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

mod support;

#[path = "../benches/support/course.rs"]
#[allow(dead_code)]
mod generated;

const CHAPTER_1: &str = "chapters/01-introduction.md";

/// A copy of the shipped course, its files last changed an hour ago.
fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(root.join("course.toml"), dir.path().join("course.toml")).expect("course.toml");
    for sub in ["chapters", "quizzes"] {
        fs::create_dir(dir.path().join(sub)).expect("folder");
        for entry in fs::read_dir(root.join(sub)).expect("lists") {
            let path = entry.expect("entry").path();
            fs::copy(
                &path,
                dir.path().join(sub).join(path.file_name().expect("name")),
            )
            .expect("copies");
        }
    }
    age_all(dir.path());
    dir
}

/// The 200-chapter course of the benchmarks, its files last changed an hour ago.
fn generated_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in generated::course(generated::LARGE) {
        let path = dir.path().join(&file.path);
        fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        fs::write(path, file.text).expect("writes");
    }
    age_all(dir.path());
    dir
}

fn an_hour_ago() -> SystemTime {
    SystemTime::now() - Duration::from_secs(3600)
}

fn set_modified(path: &Path, when: SystemTime) {
    let file = fs::File::options().write(true).open(path).expect("opens");
    file.set_modified(when).expect("sets the time");
}

fn age_all(dir: &Path) {
    for sub in ["", "chapters", "quizzes"] {
        for entry in fs::read_dir(dir.join(sub)).expect("lists") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                set_modified(&path, an_hour_ago());
            }
        }
    }
}

/// Rewrites a file with `from` replaced by `to` (of the same length), keeping its size.
fn edit_keeping_size(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let text = fs::read_to_string(path).expect("reads");
    assert!(text.contains(from), "{from} in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).expect("writes");
}

/// `mlsys-learn ARGS` on `course` with `data` as the data folder: its stdout, which must
/// come with success and nothing on stderr.
fn run_on(course: &Path, data: &Path, args: &[&str]) -> String {
    let output = support::app()
        .arg("--content")
        .arg(course)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// `list` (with `extra` arguments) on `course` with `data` as the data folder: its stdout.
fn list(course: &Path, data: &Path, extra: &[&str]) -> String {
    run_on(course, data, &[&["list"][..], extra].concat())
}

/// The cache entries in a data folder.
fn entries(data: &Path) -> Vec<PathBuf> {
    let Ok(found) = fs::read_dir(data.join("cache")) else {
        return Vec::new();
    };
    found.map(|e| e.expect("entry").path()).collect()
}

/// The one entry of `kind` (`list` or `course`) in a data folder.
fn the_entry(data: &Path, kind: &str) -> PathBuf {
    let found: Vec<PathBuf> = entries(data)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{kind}-")))
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

/// A data folder that cannot hold a cache: the path names a regular file.
fn unwritable_data_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("not-a-folder");
    fs::write(&file, "a file").expect("writes");
    (dir, file)
}

fn assert_cold_and_warm_match_a_full_load(course: &Path) {
    let (_keep, no_cache) = unwritable_data_folder();
    for extra in [&[][..], &["--json"][..]] {
        let data = tempfile::tempdir().expect("temp dir");
        let full = list(course, &no_cache, extra);
        let cold = list(course, data.path(), extra);
        the_entry(data.path(), "list");
        let warm = list(course, data.path(), extra);
        assert_eq!(cold, full);
        assert_eq!(warm, full);
    }
}

#[test]
fn the_shipped_course_prints_the_same_bytes_from_either_cache() {
    let course = shipped_copy();
    assert_cold_and_warm_match_a_full_load(course.path());
    assert_whole_course_commands_match_a_full_load(course.path());
}

#[test]
fn the_200_chapter_course_prints_the_same_bytes_from_either_cache() {
    let course = generated_copy();
    assert_cold_and_warm_match_a_full_load(course.path());
    assert_whole_course_commands_match_a_full_load(course.path());
}

#[test]
fn a_fresh_entry_is_what_list_prints() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    list(course.path(), data.path(), &[]);
    let entry = the_entry(data.path(), "list");
    let text = fs::read_to_string(&entry).expect("reads");
    fs::write(
        &entry,
        text.replace("\"Introduction\"", "\"From the cache\""),
    )
    .expect("writes");
    assert!(list(course.path(), data.path(), &[]).contains("From the cache"));
}

#[test]
fn an_entry_holding_terminal_controls_is_not_used() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    let good = list(course.path(), data.path(), &[]);
    let entry = the_entry(data.path(), "list");
    let text = fs::read_to_string(&entry).expect("reads");
    fs::write(&entry, text.replace("\"Introduction\"", "\"\\u001b[2J\"")).expect("writes");
    assert_eq!(list(course.path(), data.path(), &[]), good);
}

#[test]
fn an_edit_that_keeps_the_size_is_listed() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    assert!(list(course.path(), data.path(), &[]).contains("Introduction "));
    let chapter = course.path().join(CHAPTER_1);
    let size = fs::metadata(&chapter).expect("stat").len();
    edit_keeping_size(
        &chapter,
        "title = \"Introduction\"",
        "title = \"Intraduction\"",
    );
    // Only the time tells the edit apart: one second later than the cached one.
    set_modified(&chapter, an_hour_ago() + Duration::from_secs(1));
    assert_eq!(fs::metadata(&chapter).expect("stat").len(), size);
    let listed = list(course.path(), data.path(), &[]);
    assert!(listed.contains("Intraduction"), "{listed}");
    assert!(!listed.contains("Introduction "), "{listed}");
}

#[test]
fn a_new_chapter_is_listed() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    let before = list(course.path(), data.path(), &["--json"]);
    let chapter = course.path().join("chapters/99-extra.md");
    let front = "+++\nnumber = 99\nslug = \"extra\"\ntitle = \"Extra\"\npart = \"foundations\"\n\
                 summary = \"An extra chapter.\"\n+++\n\n## One {#one}\n\nText.\n";
    fs::write(&chapter, front).expect("writes");
    set_modified(&chapter, an_hour_ago());
    let after = list(course.path(), data.path(), &["--json"]);
    assert_ne!(before, after);
    assert!(after.contains("\"extra\""), "{after}");
    let (_keep, no_cache) = unwritable_data_folder();
    assert_eq!(after, list(course.path(), &no_cache, &["--json"]));
}

#[test]
fn a_course_edited_in_the_last_two_seconds_is_not_cached() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    // Just written: a second edit in the same clock tick could keep its size and time.
    let chapter = course.path().join(CHAPTER_1);
    edit_keeping_size(
        &chapter,
        "title = \"Introduction\"",
        "title = \"Intraduction\"",
    );
    assert!(list(course.path(), data.path(), &[]).contains("Intraduction"));
    assert!(entries(data.path()).is_empty());
    edit_keeping_size(
        &chapter,
        "title = \"Intraduction\"",
        "title = \"Introduction\"",
    );
    assert!(list(course.path(), data.path(), &[]).contains("Introduction "));
    assert!(entries(data.path()).is_empty());
    // Once it has settled, it is cached.
    set_modified(&chapter, an_hour_ago());
    list(course.path(), data.path(), &[]);
    the_entry(data.path(), "list");
}

#[test]
fn a_corrupt_entry_is_ignored_and_rebuilt() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    let good = list(course.path(), data.path(), &["--json"]);
    let entry = the_entry(data.path(), "list");
    for garbage in [
        &b"{\"format\": 1, \"chapters\": [tru"[..],
        &[0xff, 0, 7][..],
        b"",
    ] {
        fs::write(&entry, garbage).expect("writes");
        assert_eq!(list(course.path(), data.path(), &["--json"]), good);
        let rebuilt: serde_json::Value =
            serde_json::from_slice(&fs::read(&entry).expect("reads")).expect("JSON again");
        assert!(
            rebuilt["chapters"]
                .as_array()
                .is_some_and(|c| !c.is_empty())
        );
    }
}

#[test]
fn an_unwritable_data_folder_lists_without_a_cache() {
    let course = shipped_copy();
    let (_keep, no_cache) = unwritable_data_folder();
    let first = list(course.path(), &no_cache, &[]);
    assert!(first.contains("introduction"));
    assert_eq!(list(course.path(), &no_cache, &[]), first);
    assert_eq!(fs::read_to_string(&no_cache).expect("reads"), "a file");
}

#[test]
fn check_never_reads_the_cache() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    list(course.path(), data.path(), &[]);
    // Broken with the same size and the very same time: only reading the file shows it.
    let chapter = course.path().join(CHAPTER_1);
    let modified = fs::metadata(&chapter)
        .expect("stat")
        .modified()
        .expect("time");
    edit_keeping_size(
        &chapter,
        "title = \"Introduction\"",
        "titlx = \"Introduction\"",
    );
    set_modified(&chapter, modified);
    support::app()
        .arg("--data-dir")
        .arg(data.path())
        .arg("check")
        .arg(course.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "01-introduction.md:4:1: unknown field",
        ));
}

#[test]
fn a_broken_chapter_is_reported_by_list_every_time() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    list(course.path(), data.path(), &[]);
    let chapter = course.path().join(CHAPTER_1);
    edit_keeping_size(
        &chapter,
        "title = \"Introduction\"",
        "titlx = \"Introduction\"",
    );
    set_modified(&chapter, an_hour_ago() + Duration::from_secs(1));
    for _ in 0..2 {
        support::app()
            .arg("--content")
            .arg(course.path())
            .arg("--data-dir")
            .arg(data.path())
            .arg("list")
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicates::str::contains("01-introduction.md:"))
            .stderr(predicates::str::contains("mlsys-learn check"));
    }
}

/// The commands that load the whole course print the same from a full load, from a cold
/// cache (which then holds the course) and from a warm one.
fn assert_whole_course_commands_match_a_full_load(course: &Path) {
    let (_keep, no_cache) = unwritable_data_folder();
    let full = run_on(course, &no_cache, &["glossary"]);
    let data = tempfile::tempdir().expect("temp dir");
    let cold = run_on(course, data.path(), &["glossary"]);
    let entry = the_entry(data.path(), "course");
    let stored = fs::read(&entry).expect("reads");
    let warm = run_on(course, data.path(), &["glossary"]);
    assert_eq!(cold, full);
    assert_eq!(warm, full);
    assert_eq!(
        fs::read(&entry).expect("reads"),
        stored,
        "a warm run rewrites nothing"
    );
    for args in [&["progress", "--json"][..], &["stats", "--json"][..]] {
        let fresh = tempfile::tempdir().expect("temp dir");
        let cold = run_on(course, fresh.path(), args);
        let warm = run_on(course, fresh.path(), args);
        assert_eq!(cold, warm, "{args:?}");
    }
}

/// A definition's term in chapter 1 of the shipped course, and a same-length rewording.
const TERM: &str = "\nHidden Technical Debt\n: ";
const REWORDED: &str = "\nHidden Technical Dabt\n: ";

#[test]
fn a_fresh_course_entry_is_what_the_glossary_shows() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    let before = run_on(course.path(), data.path(), &["glossary"]);
    assert!(before.contains("Hidden Technical Debt"), "{before}");
    // Changed with the same size and the very same time: only reading the file would show
    // it, and a fresh entry is used instead of reading.
    let chapter = course.path().join(CHAPTER_1);
    let modified = fs::metadata(&chapter)
        .expect("stat")
        .modified()
        .expect("time");
    edit_keeping_size(&chapter, TERM, REWORDED);
    set_modified(&chapter, modified);
    assert_eq!(run_on(course.path(), data.path(), &["glossary"]), before);
    // One second later, it is read again.
    set_modified(&chapter, modified + Duration::from_secs(1));
    let after = run_on(course.path(), data.path(), &["glossary"]);
    assert!(after.contains("Hidden Technical Dabt"), "{after}");
}

#[test]
fn a_damaged_course_entry_is_not_used_and_is_rebuilt() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    let good = run_on(course.path(), data.path(), &["glossary"]);
    let entry = the_entry(data.path(), "course");
    let stored = fs::read(&entry).expect("reads");
    // A byte of the model changed (a letter of some text, as a damaged disk might), the
    // file cut short, emptied, or replaced by junk.
    let mut flipped = stored.clone();
    let middle = flipped.len() / 2;
    let letter = flipped[middle..]
        .iter()
        .position(u8::is_ascii_lowercase)
        .expect("text in the model")
        + middle;
    flipped[letter] = if flipped[letter] == b'a' { b'b' } else { b'a' };
    for damaged in [
        flipped,
        stored[..stored.len() / 2].to_vec(),
        Vec::new(),
        vec![0xff; 64],
    ] {
        fs::write(&entry, &damaged).expect("writes");
        assert_eq!(run_on(course.path(), data.path(), &["glossary"]), good);
        assert_eq!(
            fs::read(&entry).expect("reads"),
            stored,
            "rebuilt as it was"
        );
    }
}

#[test]
fn each_spelling_of_the_folder_has_its_own_course_entry() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    let absolute = run_on(course.path(), data.path(), &["glossary"]);
    let parent = course.path().parent().expect("a parent");
    let name = course.path().file_name().expect("a name");
    let output = support::app()
        .current_dir(parent)
        .arg("--content")
        .arg(name)
        .arg("--data-dir")
        .arg(data.path())
        .arg("glossary")
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert_eq!(String::from_utf8(output.stdout).expect("UTF-8"), absolute);
    let courses = entries(data.path())
        .iter()
        .filter(|p| p.to_string_lossy().contains("course-"))
        .count();
    assert_eq!(courses, 2);
}

#[test]
fn the_reader_loads_the_rest_of_the_course_through_the_cache() {
    use mlsys_learn::content::{CourseOnDemand, Scope, load_scoped};
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    let part = load_scoped(Some(course.path()), Scope::Study("1"))
        .expect("loads")
        .course;
    let first = CourseOnDemand::part(&part, Some(course.path()), Some(data.path()));
    let whole = format!("{:#?}", first.load_whole().expect("the rest loads"));
    the_entry(data.path(), "course");
    // The rest changed with the same size and time: a second reader takes the cached one.
    let chapter = course.path().join(CHAPTER_1);
    let modified = fs::metadata(&chapter)
        .expect("stat")
        .modified()
        .expect("time");
    edit_keeping_size(&chapter, TERM, REWORDED);
    set_modified(&chapter, modified);
    let second = CourseOnDemand::part(&part, Some(course.path()), Some(data.path()));
    assert_eq!(format!("{:#?}", second.load_whole().expect("loads")), whole);
    // Without a data folder it reads the files.
    let uncached = CourseOnDemand::part(&part, Some(course.path()), None);
    assert!(format!("{:#?}", uncached.load_whole().expect("loads")).contains("Technical Dabt"));
}

#[test]
fn entries_unused_for_a_month_and_half_written_files_are_removed_when_one_is_written() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    let cache = data.path().join("cache");
    fs::create_dir_all(&cache).expect("folder");
    let days_ago = |days: u64| SystemTime::now() - Duration::from_secs(days * 24 * 3600);
    let hours_ago = |hours: u64| SystemTime::now() - Duration::from_secs(hours * 3600);
    let plant = |name: &str, when: SystemTime| {
        let path = cache.join(name);
        fs::write(&path, b"old").expect("writes");
        set_modified(&path, when);
        path
    };
    let unused = plant("course-00000000000000aa.bin", days_ago(40));
    let unused_list = plant("list-00000000000000bb.json", days_ago(31));
    let recent = plant("course-00000000000000cc.bin", days_ago(20));
    let killed = plant("course-00000000000000dd.4242.partial", hours_ago(2));
    let writing = plant("course-00000000000000ee.4343.partial", SystemTime::now());
    let other = plant("notes.txt", days_ago(400));
    run_on(course.path(), data.path(), &["glossary"]);
    let planted = [&unused, &unused_list, &recent, &killed, &writing, &other];
    let written: Vec<PathBuf> = entries(data.path())
        .into_iter()
        .filter(|p| !planted.contains(&p) && p.to_string_lossy().ends_with(".bin"))
        .collect();
    assert_eq!(written.len(), 1, "the course's own entry: {written:?}");
    for gone in [&unused, &unused_list, &killed] {
        assert!(!gone.exists(), "{} should be removed", gone.display());
    }
    for kept in [&recent, &writing, &other] {
        assert!(kept.exists(), "{} should be kept", kept.display());
    }
}

#[test]
fn an_entry_in_use_is_kept_however_old_it_was_written() {
    let course = shipped_copy();
    let data = tempfile::tempdir().expect("temp dir");
    run_on(course.path(), data.path(), &["glossary"]);
    let entry = the_entry(data.path(), "course");
    set_modified(
        &entry,
        SystemTime::now() - Duration::from_secs(40 * 24 * 3600),
    );
    run_on(course.path(), data.path(), &["glossary"]);
    let used = fs::metadata(&entry)
        .expect("stat")
        .modified()
        .expect("time");
    assert!(
        SystemTime::now()
            .duration_since(used)
            .expect("not in the future")
            < Duration::from_secs(3600),
        "a use marks the entry as used"
    );
}
