//! A student's own annotations: one free-text note per section, and
//! bookmarked sections. Added in schema version 2 (see `schema.rs`).

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// A user's note on one section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub chapter: String,
    pub section: String,
    pub text: String,
    pub updated_at: i64,
}

/// A bookmarked section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub chapter: String,
    pub section: String,
    pub created_at: i64,
}

impl Store {
    /// The note on a section, if any.
    pub fn note(
        &self,
        user: &str,
        chapter: &str,
        section: &str,
    ) -> Result<Option<Note>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            conn.query_row(
                "SELECT n.chapter, n.section, n.body, n.updated_at
                 FROM notes n JOIN users u ON u.id = n.user_id
                 WHERE u.name = ?1 AND n.chapter = ?2 AND n.section = ?3",
                params![user, chapter, section],
                note_row,
            )
            .optional()
        })
    }

    /// All notes of `user`, by chapter and section.
    pub fn notes(&self, user: &str) -> Result<Vec<Note>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT n.chapter, n.section, n.body, n.updated_at
                 FROM notes n JOIN users u ON u.id = n.user_id
                 WHERE u.name = ?1 ORDER BY n.chapter, n.section",
            )?;
            let rows = stmt.query_map([user], note_row)?;
            rows.collect()
        })
    }

    /// Saves the note on a section; text that is empty (or only whitespace)
    /// deletes the note.
    pub fn save_note(
        &mut self,
        user: &str,
        chapter: &str,
        section: &str,
        text: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.write_for_section(user, chapter, section, now, |tx, id| {
            if text.trim().is_empty() {
                tx.execute(
                    "DELETE FROM notes WHERE user_id = ?1 AND chapter = ?2 AND section = ?3",
                    params![id, chapter, section],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO notes (user_id, chapter, section, body, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                    params![id, chapter, section, text, now],
                )?;
            }
            Ok(())
        })
    }

    /// Bookmarks a section (already bookmarked: keeps the original time).
    pub fn add_bookmark(
        &mut self,
        user: &str,
        chapter: &str,
        section: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let bookmark = Bookmark {
            chapter: chapter.to_string(),
            section: section.to_string(),
            created_at: now,
        };
        self.write_for_section(user, chapter, section, now, |tx, id| {
            merge_bookmark(tx, id, &bookmark).map(|_| ())
        })
    }

    /// Removes a bookmark; false if there was none.
    pub fn remove_bookmark(
        &mut self,
        user: &str,
        chapter: &str,
        section: &str,
    ) -> Result<bool, StoreError> {
        super::validate_user_name(user)?;
        self.write(|tx| {
            let removed = tx.execute(
                "DELETE FROM bookmarks
                 WHERE user_id = (SELECT id FROM users WHERE name = ?1)
                   AND chapter = ?2 AND section = ?3",
                params![user, chapter, section],
            )?;
            Ok(removed > 0)
        })
    }

    /// The bookmarks of `user`, oldest first.
    pub fn bookmarks(&self, user: &str) -> Result<Vec<Bookmark>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT b.chapter, b.section, b.created_at
                 FROM bookmarks b JOIN users u ON u.id = b.user_id
                 WHERE u.name = ?1 ORDER BY b.created_at, b.chapter, b.section",
            )?;
            let rows = stmt.query_map([user], bookmark_row)?;
            rows.collect()
        })
    }
}

fn note_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        chapter: row.get(0)?,
        section: row.get(1)?,
        text: row.get(2)?,
        updated_at: row.get(3)?,
    })
}

fn bookmark_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Bookmark> {
    Ok(Bookmark {
        chapter: row.get(0)?,
        section: row.get(1)?,
        created_at: row.get(2)?,
    })
}

/// Every note of user `id`, by chapter and section (for export).
pub(crate) fn all_notes(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Note>> {
    let mut stmt = conn.prepare(
        "SELECT chapter, section, body, updated_at FROM notes WHERE user_id = ?1
         ORDER BY chapter, section",
    )?;
    let rows = stmt.query_map([id], note_row)?;
    rows.collect()
}

/// Every bookmark of user `id`, by chapter and section (for export).
pub(crate) fn all_bookmarks(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Bookmark>> {
    let mut stmt = conn.prepare(
        "SELECT chapter, section, created_at FROM bookmarks WHERE user_id = ?1
         ORDER BY chapter, section",
    )?;
    let rows = stmt.query_map([id], bookmark_row)?;
    rows.collect()
}

/// Merges an imported note: kept if newer than ours. Returns rows changed.
pub(crate) fn merge_note(conn: &Connection, id: i64, note: &Note) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO notes (user_id, chapter, section, body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
         WHERE excluded.updated_at > notes.updated_at",
        params![id, note.chapter, note.section, note.text, note.updated_at],
    )
}

/// Adds a bookmark, keeping the earlier creation time. Returns rows changed.
pub(crate) fn merge_bookmark(
    conn: &Connection,
    id: i64,
    bookmark: &Bookmark,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO bookmarks (user_id, chapter, section, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO UPDATE SET created_at = excluded.created_at
         WHERE excluded.created_at < bookmarks.created_at",
        params![id, bookmark.chapter, bookmark.section, bookmark.created_at],
    )
}
