//! The one error type of the store, so that the UI can show any failure as a
//! single lowercase line that names the file or folder involved.

use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("invalid user name '{}': use 1 to 64 letters, digits, '.', '_' or '-'", one_line(.name))]
    InvalidUserName { name: String },

    #[error("invalid {what} '{}': use 1 to {max} bytes", one_line(.value), max = super::MAX_KEY_BYTES)]
    InvalidKey { what: &'static str, value: String },

    #[error("invalid score {score} out of {max}: the score cannot exceed the maximum")]
    InvalidScore { score: u32, max: u32 },

    #[error(
        "invalid review state for question '{}': stability and difficulty must be positive numbers",
        one_line(.question)
    )]
    InvalidReview { question: String },

    #[error("cannot create folder '{}': {}", .path.display(), lower(.err))]
    CreateFolder { path: PathBuf, err: io::Error },

    #[error("'{}' is not a folder: mlsys-learn keeps its progress database in a folder", .path.display())]
    NotAFolder { path: PathBuf },

    #[error("'{}' is not a regular file: mlsys-learn cannot use it as its progress database", .path.display())]
    NotAFile { path: PathBuf },

    #[error("folder '{}' is read-only: mlsys-learn needs to write its progress database there", .path.display())]
    ReadOnlyFolder { path: PathBuf },

    #[error("database '{}' is read-only: mlsys-learn needs to write to it to save progress", .path.display())]
    ReadOnlyDatabase { path: PathBuf },

    #[error("cannot open database '{}': check that it and its folder can be read and written ({})", .path.display(), .err)]
    CannotOpen { path: PathBuf, err: rusqlite::Error },

    #[error("cannot access '{}': {}", .path.display(), lower(.err))]
    Io { path: PathBuf, err: io::Error },

    #[error("cannot move the unreadable database '{}' aside to '{}': {}", .path.display(), .to.display(), lower(.err))]
    MoveAside {
        path: PathBuf,
        to: PathBuf,
        err: io::Error,
    },

    #[error("database '{}' was written by a newer mlsys-learn (schema {found}, this one knows {known}); upgrade mlsys-learn", .path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: u32,
    },

    #[error("database '{}' is not an mlsys-learn progress database ({detail}); it was left untouched: move it away or use another data folder", .path.display())]
    Foreign { path: PathBuf, detail: String },

    #[error("database '{}' cannot use write-ahead logging (journal mode is '{mode}'); put it on a local disk", .path.display())]
    NotWal { path: PathBuf, mode: String },

    #[error("database '{}' is busy: another mlsys-learn kept it locked for too long; try again", .path.display())]
    Busy { path: PathBuf },

    #[error("cannot write database '{}': the disk is full; free some space and try again (what was saved before is kept)", .path.display())]
    DiskFull { path: PathBuf },

    #[error("cannot use database '{}': the disk reported an input/output error (is it full, or over a file-size limit?); what was saved before is kept", .path.display())]
    DiskIo { path: PathBuf, err: rusqlite::Error },

    #[error("database '{}': {}", .path.display(), .err)]
    Database { path: PathBuf, err: rusqlite::Error },

    #[error("database '{}' has no quiz attempt {id}", .path.display())]
    NoSuchAttempt { path: PathBuf, id: i64 },

    #[error("database '{}' has no user '{}'", .path.display(), one_line(.name))]
    NoSuchUser { path: PathBuf, name: String },

    #[error("cannot read progress history: {reason}")]
    History { reason: String },
}

impl StoreError {
    /// Wraps a SQLite error, naming the database it happened in.
    pub(crate) fn sqlite(path: &Path, err: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnlyDatabase { path },
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                StoreError::CannotOpen { path, err }
            }
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            Some(ErrorCode::SystemIoFailure) => StoreError::DiskIo { path, err },
            _ => StoreError::Database { path, err },
        }
    }

    pub(crate) fn io(path: &Path, err: io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            err,
        }
    }
}

/// True when SQLite says the file is damaged or is not a database at all.
pub(crate) fn is_corruption(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

fn lower(err: &io::Error) -> String {
    err.to_string().to_lowercase()
}

/// Shows user-supplied text on one line: control characters escaped, long
/// text cut short.
fn one_line(text: &str) -> String {
    const LIMIT: usize = 80;
    let mut shown: String = text
        .chars()
        .take(LIMIT)
        .flat_map(|c| -> Vec<char> {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            }
        })
        .collect();
    if text.chars().count() > LIMIT {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_on_one_line() {
        let err = StoreError::InvalidUserName {
            name: "a\nb".into(),
        };
        assert_eq!(
            err.to_string(),
            "invalid user name 'a\\nb': use 1 to 64 letters, digits, '.', '_' or '-'"
        );
        let err = StoreError::InvalidKey {
            what: "section id",
            value: "x".repeat(100),
        };
        assert!(err.to_string().contains(&format!("'{}…'", "x".repeat(80))));
        let err = StoreError::io(
            Path::new("/a b"),
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        assert_eq!(err.to_string(), "cannot access '/a b': permission denied");
    }
}
