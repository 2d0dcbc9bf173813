//! Opening: first use, pragmas, and every kind of bad file (newer, foreign,
//! garbage, damaged, read-only), checking that nothing is ever lost.

use std::fs;
use std::path::Path;

use rusqlite::Connection;

use super::{T0, assert_message, fresh, temp_db};
use crate::store::open::sibling;
use crate::store::{SCHEMA_VERSION, Store, StoreError};

fn pragma(store: &Store, name: &str) -> String {
    let sql = match name {
        "journal_mode" => "PRAGMA journal_mode",
        "synchronous" => "PRAGMA synchronous",
        "foreign_keys" => "PRAGMA foreign_keys",
        "busy_timeout" => "PRAGMA busy_timeout",
        "user_version" => "PRAGMA user_version",
        _ => panic!("unknown pragma {name}"),
    };
    store
        .conn
        .query_row(sql, [], |row| row.get::<_, rusqlite::types::Value>(0))
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .expect("pragma")
}

/// A small database of ours with some data in it, closed.
fn populated(path: &Path) {
    let mut store = Store::open(path).expect("open").store;
    store
        .mark_section_read("ada", "ch1", "s1", T0)
        .expect("write");
    store
        .save_note("ada", "ch1", "s1", "remember this", T0)
        .expect("write");
}

#[test]
fn first_use_creates_private_folder_and_file() {
    let (_dir, path) = temp_db();
    let opened = Store::open(&path).expect("open");
    assert_eq!(opened.notice, None);
    assert!(path.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(path.parent().expect("parent")), 0o700);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&sibling(&path, "-wal")), 0o600);
    }
    assert_eq!(opened.store.path(), path.as_path());
}

#[test]
fn connection_is_configured_for_durability() {
    let (_dir, store) = fresh();
    assert_eq!(pragma(&store, "journal_mode"), "wal");
    assert_eq!(pragma(&store, "synchronous"), "2"); // FULL
    assert_eq!(pragma(&store, "foreign_keys"), "1");
    let timeout: i64 = pragma(&store, "busy_timeout").parse().expect("number");
    assert!(timeout >= 5000);
    assert_eq!(pragma(&store, "user_version"), SCHEMA_VERSION.to_string());
}

#[test]
fn reopening_keeps_data() {
    let (_dir, path) = temp_db();
    populated(&path);
    let opened = Store::open(&path).expect("reopen");
    assert_eq!(opened.notice, None);
    assert_eq!(
        opened.store.sections_read("ada", "ch1").expect("read"),
        ["s1"]
    );
}

#[test]
fn newer_schema_is_refused_byte_for_byte() {
    let (_dir, path) = temp_db();
    populated(&path);
    let conn = Connection::open(&path).expect("raw open");
    conn.execute_batch("PRAGMA user_version = 99")
        .expect("bump");
    drop(conn);
    let before = fs::read(&path).expect("read");
    let err = Store::open(&path).expect_err("must refuse");
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err:?}"
    );
    let expected = format!(
        "database '{}' was written by a newer mlsys-learn (schema 99, this one knows {SCHEMA_VERSION}); upgrade mlsys-learn",
        path.display()
    );
    assert_eq!(err.to_string(), expected);
    assert_eq!(fs::read(&path).expect("read"), before);
    let leftovers = fs::read_dir(path.parent().expect("parent"))
        .expect("list")
        .count();
    assert_eq!(leftovers, 1, "no backup or aside file may be made");
}

#[test]
fn garbage_is_moved_aside_with_its_wal_and_shm() {
    let (_dir, path) = temp_db();
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, b"this is not a database, it is a shopping list").expect("write");
    fs::write(sibling(&path, "-wal"), b"wal bytes").expect("write");
    fs::write(sibling(&path, "-shm"), b"shm bytes").expect("write");

    let opened = Store::open(&path).expect("open replaces garbage");
    let notice = opened.notice.expect("a notice");
    let aside: Vec<_> = fs::read_dir(path.parent().expect("parent"))
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 3, "{aside:?}");
    let main = aside
        .iter()
        .find(|p| !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm"))
        .expect("main aside");
    let name = main
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(name.starts_with("progress.sqlite3.corrupt-"), "{name}");
    let stamp = &name["progress.sqlite3.corrupt-".len()..];
    assert_eq!(stamp.len(), 15, "YYYYmmddTHHMMSS: {stamp}");
    assert_eq!(&stamp[8..9], "T");
    assert!(
        notice.contains(&format!("'{}'", main.display())),
        "{notice}"
    );
    assert!(
        notice.starts_with("moved the unreadable database aside to"),
        "{notice}"
    );
    assert_eq!(
        fs::read(main).expect("read"),
        b"this is not a database, it is a shopping list"
    );
    assert_eq!(fs::read(sibling(main, "-wal")).expect("read"), b"wal bytes");
    assert_eq!(fs::read(sibling(main, "-shm")).expect("read"), b"shm bytes");

    let mut store = opened.store;
    store
        .mark_section_read("ada", "ch1", "s1", T0)
        .expect("fresh db works");
    assert_eq!(store.sections_read("ada", "ch1").expect("read"), ["s1"]);
}

#[test]
fn damaged_database_is_moved_aside() {
    let (_dir, path) = temp_db();
    populated(&path);
    let mut bytes = fs::read(&path).expect("read");
    assert!(bytes.len() >= 3 * 4096, "need a few pages");
    for b in &mut bytes[4096..8192] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).expect("write");
    let opened = Store::open(&path).expect("open");
    let notice = opened.notice.expect("a notice");
    assert!(notice.contains(".corrupt-"), "{notice}");
    assert_eq!(opened.store.list_users().expect("list"), []);
    let kept = fs::read_dir(path.parent().expect("parent"))
        .expect("list")
        .filter_map(|e| e.ok())
        .any(|e| fs::read(e.path()).map(|b| b == bytes).unwrap_or(false));
    assert!(kept, "the damaged file must be kept intact");
}

#[test]
fn orphan_wal_is_kept() {
    let (_dir, path) = temp_db();
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(sibling(&path, "-wal"), b"frames of a lost database").expect("write");
    let opened = Store::open(&path).expect("open");
    let notice = opened.notice.expect("a notice");
    assert!(notice.contains("write-ahead log"), "{notice}");
    let kept = fs::read_dir(path.parent().expect("parent"))
        .expect("list")
        .filter_map(|e| e.ok())
        .any(|e| {
            e.file_name().to_string_lossy().ends_with("-wal")
                && e.file_name().to_string_lossy().contains(".corrupt-")
        });
    assert!(kept);
}

#[test]
fn foreign_database_is_refused_untouched() {
    let (_dir, path) = temp_db();
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let conn = Connection::open(&path).expect("raw open");
    conn.execute_batch(
        "CREATE TABLE recipes (name TEXT, minutes INTEGER);
         INSERT INTO recipes VALUES ('bread', 240);",
    )
    .expect("foreign schema");
    drop(conn);
    let before = fs::read(&path).expect("read");
    let err = Store::open(&path).expect_err("must refuse");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert_message(
        &err,
        &format!("database '{}' is not an mlsys-learn", path.display()),
    );
    assert_message(&err, "recipes");
    assert_eq!(fs::read(&path).expect("read"), before);
    let entries = fs::read_dir(path.parent().expect("parent"))
        .expect("list")
        .count();
    assert_eq!(entries, 1);
}

#[test]
fn foreign_wal_database_is_refused_without_leaving_files() {
    let (_dir, path) = temp_db();
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let conn = Connection::open(&path).expect("raw open");
    conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE ledger (amount INTEGER);")
        .expect("foreign schema");
    drop(conn);
    let before = fs::read(&path).expect("read");
    let err = Store::open(&path).expect_err("must refuse");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert_eq!(fs::read(&path).expect("read"), before);
    let entries = fs::read_dir(path.parent().expect("parent"))
        .expect("list")
        .count();
    assert_eq!(entries, 1, "no -wal or -shm may be left behind");
}

#[test]
fn newer_schema_in_use_is_refused() {
    let (_dir, path) = temp_db();
    populated(&path);
    let newer = Connection::open(&path).expect("raw open");
    newer
        .execute_batch("PRAGMA user_version = 9")
        .expect("bump");
    let err = Store::open(&path).expect_err("must refuse");
    assert!(
        matches!(err, StoreError::NewerSchema { found: 9, .. }),
        "{err:?}"
    );
    drop(newer);
}

#[test]
fn foreign_application_id_is_refused() {
    let (_dir, path) = temp_db();
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let conn = Connection::open(&path).expect("raw open");
    conn.execute_batch("PRAGMA application_id = 42; CREATE TABLE users (x);")
        .expect("schema");
    drop(conn);
    let before = fs::read(&path).expect("read");
    let err = Store::open(&path).expect_err("must refuse");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert_eq!(fs::read(&path).expect("read"), before);
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn read_only_folder_is_an_error() {
    let (_dir, path) = temp_db();
    let folder = path.parent().expect("parent");
    fs::create_dir_all(folder).expect("mkdir");
    set_mode(folder, 0o500);
    let result = Store::open(&path);
    set_mode(folder, 0o700);
    let err = result.expect_err("read-only folder");
    assert!(matches!(err, StoreError::ReadOnlyFolder { .. }), "{err:?}");
    assert_message(&err, &format!("folder '{}' is read-only", folder.display()));
}

#[cfg(unix)]
#[test]
fn read_only_file_is_an_error() {
    let (_dir, path) = temp_db();
    populated(&path);
    set_mode(&path, 0o400);
    let result = Store::open(&path);
    set_mode(&path, 0o600);
    let err = result.expect_err("read-only file");
    assert!(
        matches!(err, StoreError::ReadOnlyDatabase { .. }),
        "{err:?}"
    );
    assert_message(&err, &format!("database '{}' is read-only", path.display()));
}

#[test]
fn folder_that_is_a_file_is_an_error() {
    let (dir, _) = temp_db();
    let blocker = dir.path().join("data");
    fs::write(&blocker, b"x").expect("write");
    let err = Store::open(&blocker.join("progress.sqlite3")).expect_err("not a folder");
    assert!(matches!(err, StoreError::NotAFolder { .. }), "{err:?}");
    assert_message(&err, &format!("'{}' is not a folder", blocker.display()));
}

#[test]
fn uncreatable_folder_is_an_error() {
    let err = Store::open(Path::new("/proc/mlsys-learn-test/progress.sqlite3"))
        .expect_err("cannot create in /proc");
    assert_message(&err, "'/proc/mlsys-learn-test'");
}

#[test]
fn database_path_is_in_the_data_folder() {
    let path = crate::store::database_path(Path::new("/x/y"));
    assert_eq!(path, Path::new("/x/y/progress.sqlite3"));
    if let Some(dir) = crate::store::default_data_dir() {
        assert!(dir.ends_with("mlsys-learn"), "{}", dir.display());
    }
}

#[test]
fn files_copied_mid_session_open_with_everything() {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open").store;
    let attempt = store
        .start_attempt("ada", "ch1", "h1", crate::store::AttemptMode::Full, T0)
        .expect("start");
    store
        .record_answer(attempt.id, &super::answer("q1", true, T0 + 1))
        .expect("answer");
    // What a crash right now would leave on disk (without the -shm index).
    let crashed = crate::store::database_path(&dir.path().join("crashed"));
    fs::create_dir_all(crashed.parent().expect("parent")).expect("mkdir");
    for suffix in ["", "-wal"] {
        fs::copy(sibling(&path, suffix), sibling(&crashed, suffix)).expect("copy");
    }
    assert!(fs::metadata(sibling(&crashed, "-wal")).expect("wal").len() > 0);
    let recovered = Store::open(&crashed).expect("open the copy");
    assert_eq!(recovered.notice, None);
    let resumed = recovered
        .store
        .unfinished_attempt("ada", "ch1")
        .expect("read")
        .expect("attempt survived");
    assert_eq!(recovered.store.answers(resumed.id).expect("read").len(), 1);
    drop(store);
}
