//! The progress store: everything a student does in mlsys-learn (sections
//! read, reading positions, quiz attempts and every answer, spaced-repetition
//! state, notes, bookmarks), kept per user in one SQLite file so that months
//! of study are never lost.
//!
//! Durability rules, relied on by every submodule:
//! - the file is opened in WAL mode with `synchronous=FULL`, so a write that
//!   returned is on disk, even if the program or the machine dies right after;
//! - every write is one short `BEGIN IMMEDIATE` transaction (`Store::write`),
//!   so concurrent writers queue (up to the busy timeout) instead of failing;
//! - nothing is ever deleted on our own initiative: unreadable files are moved
//!   aside, foreign or newer files are refused untouched, migrations first make
//!   a backup (see `open.rs` and `schema.rs`);
//! - all SQL is static text with bound parameters.
//!
//! Timestamps are unix milliseconds passed in by the caller (`now` parameters,
//! see [`now_ms`]) so that tests are deterministic.

mod attempts;
mod clock;
mod csv;
mod error;
mod figures;
mod notes;
mod open;
mod outbox;
mod progress;
mod reviews;
mod schema;
mod stats;
mod transfer;
mod users;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use attempts::{Answer, Attempt, AttemptId, AttemptMode, QuestionKey, Score};
pub(crate) use clock::iso_stamp;
pub use clock::now_ms;
pub use error::StoreError;
pub use notes::{Bookmark, Note};
pub use open::Opened;
pub use outbox::{Event, OutboxEntry, OutboxStatus, SetAside, one_line};
pub use progress::{Position, SectionRead};
pub use reviews::ReviewItem;
pub use schema::SCHEMA_VERSION;
pub use stats::{
    AnswerEvent, AnswerTallies, DAY_MS, FinishedAttempt, History as StudyHistory, QUARTER_MS,
    QuarterTally, QuestionDay, ReadEvent, ReviewSnapshot,
};
pub use transfer::{AttemptRecord, HISTORY_FORMAT, HISTORY_VERSION, ImportReport, UserHistory};
pub use users::{UserSummary, validate_user_name};

/// The database's file name inside the data folder.
pub const DATABASE_FILE: &str = "progress.sqlite3";

/// Longest chapter slug, section id, question id or quiz hash accepted.
pub const MAX_KEY_BYTES: usize = 512;

/// The per-user data folder, e.g. `~/.local/share/mlsys-learn` on Linux.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "mlsys-learn").map(|dirs| dirs.data_dir().to_path_buf())
}

/// Where the database lives inside a data folder.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DATABASE_FILE)
}

/// An open progress database. One per thread: it is `Send` but not `Sync`;
/// several `Store`s (threads or processes) may share one file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// The database file this store writes to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one short `BEGIN IMMEDIATE` transaction and commits it;
    /// when this returns `Ok`, the change is durable.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let path = &self.path;
        let wrap = |err: rusqlite::Error| StoreError::sqlite(path, err);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(wrap)?;
        let value = f(&tx).map_err(wrap)?;
        tx.commit().map_err(wrap)?;
        Ok(value)
    }

    /// One write about a section, on behalf of `user`: checks the user name, chapter slug
    /// and section id, creates the user on first use, and passes its id to `f`.
    pub(crate) fn write_for_section<T>(
        &mut self,
        user: &str,
        chapter: &str,
        section: &str,
        now: i64,
        f: impl FnOnce(&Transaction<'_>, i64) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        validate_user_name(user)?;
        check_key("chapter slug", chapter)?;
        check_key("section id", section)?;
        self.write(|tx| {
            let id = users::touch_user(tx, user, now)?;
            f(tx, id)
        })
    }

    /// Runs read-only queries; each statement sees a consistent snapshot.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        f(&self.conn).map_err(|err| StoreError::sqlite(&self.path, err))
    }

    /// Runs several reads that must agree with each other (one snapshot).
    pub(crate) fn read_snapshot<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let wrap = |err: rusqlite::Error| StoreError::sqlite(&self.path, err);
        let tx = self.conn.unchecked_transaction().map_err(wrap)?;
        let value = f(&tx).map_err(wrap)?;
        tx.finish().map_err(wrap)?;
        Ok(value)
    }
}

/// Rejects empty or oversized chapter slugs, section ids, question ids, ...
pub(crate) fn check_key(what: &'static str, value: &str) -> Result<(), StoreError> {
    if value.is_empty() || value.len() > MAX_KEY_BYTES {
        return Err(StoreError::InvalidKey {
            what,
            value: value.to_string(),
        });
    }
    Ok(())
}

/// Converts a count or duration that SQLite keeps as i64 to an unsigned one.
pub(crate) fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// Converts an unsigned duration to SQLite's i64, saturating.
pub(crate) fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
