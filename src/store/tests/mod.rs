//! Tests of the store, each on its own temporary folder, with shared helpers.

mod concurrency;
mod migrate;
mod open_checks;
mod outbox;
mod records;
mod tallies;
mod transfer;

use std::path::PathBuf;

use tempfile::TempDir;

use super::{Answer, Store, StoreError, database_path};

/// 2023-11-14T22:13:20Z: a fixed "now" for deterministic tests.
pub(super) const T0: i64 = 1_700_000_000_000;
pub(super) const MINUTE: i64 = 60_000;
pub(super) const DAY: i64 = 86_400_000;

/// A temporary data folder and the database path inside it.
pub(super) fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = database_path(&dir.path().join("data"));
    (dir, path)
}

/// A fresh store in a temporary folder.
pub(super) fn fresh() -> (TempDir, Store) {
    let (dir, path) = temp_db();
    let opened = Store::open(&path).expect("open fresh store");
    assert_eq!(opened.notice, None);
    (dir, opened.store)
}

pub(super) fn answer(question: &str, correct: bool, at: i64) -> Answer {
    Answer {
        question: question.to_string(),
        response: format!("{{\"choice\":\"{question}\",\"text\":\"a, \\\"b\\\"\"}}"),
        correct,
        hint_used: !correct,
        elapsed_ms: 1500,
        answered_at: at,
    }
}

/// Checks the rule that every error is one lowercase line naming the path.
pub(super) fn assert_message(err: &StoreError, needle: &str) {
    let text = err.to_string();
    assert!(!text.contains('\n'), "multi-line error: {text}");
    assert!(
        text.starts_with(|c: char| !c.is_uppercase()),
        "error not lowercase: {text}"
    );
    assert!(text.contains(needle), "error {text:?} lacks {needle:?}");
}

#[test]
fn types_can_cross_threads_and_errors_suit_anyhow() {
    fn send<T: Send + 'static>() {}
    fn error<T: std::error::Error + Send + Sync + 'static>() {}
    send::<Store>();
    send::<super::Opened>();
    error::<StoreError>();
}
