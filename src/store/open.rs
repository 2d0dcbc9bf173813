//! Opening the database without ever losing a student's data: create the
//! folder (0700) and file (0600) on first use, look at an existing file
//! (reading only) before writing to it, refuse foreign or newer
//! files untouched, move an unreadable file aside (with its `-wal` and `-shm`)
//! instead of deleting it, then configure the connection (WAL,
//! `synchronous=FULL`, foreign keys, busy timeout) and run migrations.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::clock::{compact_stamp, now_ms};
use super::error::is_corruption;
use super::schema::{self, Verdict};
use super::{Store, StoreError};

/// How long a statement waits for another writer before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_millis(10_000);

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A freshly opened store, with a message for the user when opening it did
/// something they should know about (an unreadable file moved aside, an
/// upgrade with its backup).
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub notice: Option<String>,
}

/// What is at the database path before we open it for writing.
enum Health {
    /// Nothing, or an empty file: a new database will be created.
    New,
    /// A database of ours (possibly needing a migration).
    Ours,
    /// Not SQLite, or damaged: to be moved aside.
    Unreadable(String),
    Foreign(String),
    Newer(i64),
}

impl Store {
    /// Opens (creating if needed) the database at `path`, normally
    /// `database_path(&default_data_dir()?)`.
    pub fn open(path: &Path) -> Result<Opened, StoreError> {
        prepare_folder(&folder_of(path))?;
        let mut notice = None;
        match inspect(path)? {
            Health::New | Health::Ours => {}
            Health::Unreadable(reason) => notice = Some(move_aside(path, &reason)?),
            Health::Foreign(detail) => {
                let path = path.to_path_buf();
                return Err(StoreError::Foreign { path, detail });
            }
            Health::Newer(found) => {
                let path = path.to_path_buf();
                let known = schema::SCHEMA_VERSION;
                return Err(StoreError::NewerSchema { path, found, known });
            }
        }
        create_file(path)?;
        let mut conn = connect(path)?;
        let upgraded = schema::migrate(&mut conn, path)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let notice = notice.or(upgraded);
        Ok(Opened { store, notice })
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates the folder (0700 on unix) if missing; refuses a read-only one.
fn prepare_folder(dir: &Path) -> Result<(), StoreError> {
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(StoreError::NotAFolder {
            path: dir.to_path_buf(),
        }),
        Ok(meta) if meta.permissions().readonly() => Err(StoreError::ReadOnlyFolder {
            path: dir.to_path_buf(),
        }),
        Ok(_) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => create_folder(dir),
        Err(err) => Err(StoreError::io(dir, err)),
    }
}

fn create_folder(dir: &Path) -> Result<(), StoreError> {
    let failed = |err| StoreError::CreateFolder {
        path: dir.to_path_buf(),
        err,
    };
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir).map_err(failed)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(failed)
    }
    #[cfg(not(unix))]
    builder.create(dir).map_err(failed)
}

/// Creates the database file (0600 on unix) if it does not exist yet.
fn create_file(path: &Path) -> Result<(), StoreError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) if denied(&err) => Err(StoreError::ReadOnlyFolder {
            path: folder_of(path),
        }),
        Err(err) => Err(StoreError::io(path, err)),
    }
}

fn denied(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Looks at what is at `path` without changing it.
fn inspect(path: &Path) -> Result<Health, StoreError> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(orphan_log(path)),
        Err(err) => return Err(StoreError::io(path, err)),
    };
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.permissions().readonly() {
        return Err(StoreError::ReadOnlyDatabase {
            path: path.to_path_buf(),
        });
    }
    if meta.len() == 0 {
        return Ok(orphan_log(path));
    }
    if !has_sqlite_header(path)? {
        return Ok(Health::Unreadable("it is not a sqlite database".into()));
    }
    match examine(path) {
        Ok(health) => Ok(health),
        Err(err) if is_corruption(&err) => Ok(Health::Unreadable(err.to_string().to_lowercase())),
        Err(err) => Err(StoreError::sqlite(path, err)),
    }
}

/// A `-wal` left without its database would be deleted by SQLite when a new
/// database is created, so it counts as unreadable data to move aside.
fn orphan_log(path: &Path) -> Health {
    match fs::metadata(sibling(path, "-wal")) {
        Ok(meta) if meta.len() > 0 => {
            Health::Unreadable("its write-ahead log was left without a database".into())
        }
        _ => Health::New,
    }
}

fn has_sqlite_header(path: &Path) -> Result<bool, StoreError> {
    let mut header = [0u8; 16];
    let mut file = fs::File::open(path).map_err(|err| StoreError::io(path, err))?;
    match file.read_exact(&mut header) {
        Ok(()) => Ok(&header == SQLITE_HEADER),
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
        Err(err) => Err(StoreError::io(path, err)),
    }
}

/// Reads the identifying pragmas and table names (only reads: nothing is
/// written), then checks a file of ours with `PRAGMA quick_check`.
///
/// One exception to "only reads": a hot rollback journal, left when a writer
/// was killed while it created the file (before the switch to WAL was
/// committed), must be rolled back before anyone can read the file, and a
/// read-only connection cannot do that (`SQLITE_READONLY_ROLLBACK`): every
/// later start failed with "database is read-only". A read-write connection
/// rolls it back, restoring the file as it was before that transaction, which
/// is what SQLite does for any connection that opens it.
fn examine(path: &Path) -> rusqlite::Result<Health> {
    match examine_with(path, inspection_flags(path)) {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK =>
        {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            examine_with(path, flags)
        }
        other => other,
    }
}

fn examine_with(path: &Path, flags: OpenFlags) -> rusqlite::Result<Health> {
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    let version = schema::user_version(&conn)?;
    let tables = schema::table_names(&conn)?;
    match schema::classify(app_id, version, &tables) {
        Verdict::Foreign(detail) => return Ok(Health::Foreign(detail)),
        Verdict::Newer(found) => return Ok(Health::Newer(found)),
        Verdict::Blank | Verdict::Ours(_) => {}
    }
    let problems = quick_check(&conn)?;
    Ok(match problems.as_slice() {
        [only] if only == "ok" => Health::Ours,
        _ => Health::Unreadable(format!("quick_check found: {}", problems.join("; "))),
    })
}

/// A read-only connection to a WAL database leaves an empty `-wal` and a
/// `-shm` behind, which a file we refuse should not get. So when no `-wal` or
/// `-journal` exists (the file was closed cleanly) we read through a
/// read-write connection: it writes nothing to the database, and as the last
/// connection it removes the empty `-wal`/`-shm` it made. When they exist
/// (the file is in use, or its writer crashed), a read-only connection is
/// used so that we never replay or checkpoint someone else's log.
fn inspection_flags(path: &Path) -> OpenFlags {
    let in_use = ["-wal", "-journal"]
        .iter()
        .any(|suffix| fs::symlink_metadata(sibling(path, suffix)).is_ok());
    let access = if in_use {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    };
    access | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA quick_check(20)")?;
    let rows = stmt.query_map([], |row| row.get(0))?;
    rows.collect()
}

/// Renames the file and its `-wal`/`-shm` to `<file>.corrupt-<stamp>[-wal|-shm]`
/// and returns the notice for the user.
fn move_aside(path: &Path, reason: &str) -> Result<String, StoreError> {
    let target = free_aside_name(path)?;
    for suffix in ["", "-wal", "-shm"] {
        let (from, to) = (sibling(path, suffix), sibling(&target, suffix));
        match fs::rename(&from, &to) {
            Ok(()) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(StoreError::MoveAside {
                    path: from,
                    to,
                    err,
                });
            }
        }
    }
    Ok(format!(
        "moved the unreadable database aside to '{}' ({reason}); started a fresh one",
        target.display()
    ))
}

/// A `.corrupt-<stamp>` name not used by any file, nor by its `-wal`/`-shm`.
fn free_aside_name(path: &Path) -> Result<PathBuf, StoreError> {
    let stem = format!(".corrupt-{}", compact_stamp(now_ms()));
    for n in 1..1000 {
        let candidate = numbered(path, &stem, n);
        let mut used = false;
        for suffix in ["", "-wal", "-shm"] {
            match fs::symlink_metadata(sibling(&candidate, suffix)) {
                Ok(_) => used = true,
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(StoreError::io(&candidate, err)),
            }
        }
        if !used {
            return Ok(candidate);
        }
    }
    let err = io::Error::new(io::ErrorKind::AlreadyExists, "no free name");
    Err(StoreError::io(&sibling(path, &stem), err))
}

/// Creates an empty 0600 file `<path><stem>` (or `<path><stem>-2`, ...) that
/// did not exist before, and returns its name.
pub(crate) fn reserve_file(path: &Path, stem: &str) -> Result<PathBuf, StoreError> {
    for n in 1..1000 {
        let candidate = numbered(path, stem, n);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
            Err(err) => return Err(StoreError::io(&candidate, err)),
        }
    }
    let err = io::Error::new(io::ErrorKind::AlreadyExists, "no free name");
    Err(StoreError::io(&sibling(path, stem), err))
}

fn numbered(path: &Path, stem: &str, n: u32) -> PathBuf {
    match n {
        1 => sibling(path, stem),
        _ => sibling(path, &format!("{stem}-{n}")),
    }
}

/// `path` with `suffix` appended to its file name (`x.sqlite3` → `x.sqlite3-wal`).
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Switches to WAL and returns the mode SQLite reports. Switching a new file is a write
/// that SQLite does not retry through the busy handler, so two processes opening a fresh
/// database at once would see an instant "busy": retry it ourselves, within the timeout.
fn wal_mode(conn: &Connection) -> rusqlite::Result<String> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
            row.get::<_, String>(0)
        }) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

/// Opens the read-write connection and applies the durability settings.
fn connect(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let sql = |err| StoreError::sqlite(path, err);
    let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
    if conn.is_readonly("main").map_err(sql)? {
        return Err(StoreError::ReadOnlyDatabase {
            path: path.to_path_buf(),
        });
    }
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    let mode = wal_mode(&conn).map_err(sql)?;
    if !mode.eq_ignore_ascii_case("wal") {
        let path = path.to_path_buf();
        return Err(StoreError::NotWal { path, mode });
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA trusted_schema = OFF;",
    )
    .map_err(sql)?;
    Ok(conn)
}
