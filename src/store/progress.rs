//! Reading progress: which sections of a chapter a user has read, and where
//! they stopped reading in each chapter (section id plus line offset), so the
//! reader can show ticks and reopen a chapter where the student left it.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// A section marked as read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRead {
    pub chapter: String,
    pub section: String,
    pub read_at: i64,
}

/// Where a user stopped reading a chapter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub chapter: String,
    pub section: String,
    /// Line offset within the section.
    pub line: u32,
    pub updated_at: i64,
}

impl Store {
    /// Records that `user` read a section (re-reading moves `read_at` forward).
    pub fn mark_section_read(
        &mut self,
        user: &str,
        chapter: &str,
        section: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.write_for_section(user, chapter, section, now, |tx, id| {
            tx.execute(
                "INSERT INTO sections_read (user_id, chapter, section, read_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO UPDATE SET read_at = max(read_at, excluded.read_at)",
                params![id, chapter, section, now],
            )?;
            super::outbox::enqueue_read(tx, id, chapter, section, now)
        })
    }

    /// The section ids of `chapter` that `user` has read, in reading order.
    pub fn sections_read(&self, user: &str, chapter: &str) -> Result<Vec<String>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT s.section FROM sections_read s JOIN users u ON u.id = s.user_id
                 WHERE u.name = ?1 AND s.chapter = ?2 ORDER BY s.read_at, s.section",
            )?;
            let rows = stmt.query_map(params![user, chapter], |row| row.get(0))?;
            rows.collect()
        })
    }

    /// Remembers where `user` is reading `chapter`.
    pub fn save_position(
        &mut self,
        user: &str,
        chapter: &str,
        section: &str,
        line: u32,
        now: i64,
    ) -> Result<(), StoreError> {
        self.write_for_section(user, chapter, section, now, |tx, id| {
            tx.execute(
                "INSERT INTO positions (user_id, chapter, section, line, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT DO UPDATE
                 SET section = excluded.section, line = excluded.line,
                     updated_at = excluded.updated_at",
                params![id, chapter, section, line, now],
            )?;
            Ok(())
        })
    }

    /// Where `user` stopped reading `chapter`, if anywhere.
    pub fn position(&self, user: &str, chapter: &str) -> Result<Option<Position>, StoreError> {
        super::validate_user_name(user)?;
        self.read(|conn| {
            conn.query_row(
                "SELECT p.chapter, p.section, p.line, p.updated_at
                 FROM positions p JOIN users u ON u.id = p.user_id
                 WHERE u.name = ?1 AND p.chapter = ?2",
                params![user, chapter],
                position_row,
            )
            .optional()
        })
    }
}

fn position_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Position> {
    Ok(Position {
        chapter: row.get(0)?,
        section: row.get(1)?,
        line: row.get(2)?,
        updated_at: row.get(3)?,
    })
}

/// Every section read by user `id`, by chapter and section (for export).
pub(crate) fn all_sections(conn: &Connection, id: i64) -> rusqlite::Result<Vec<SectionRead>> {
    let mut stmt = conn.prepare(
        "SELECT chapter, section, read_at FROM sections_read WHERE user_id = ?1
         ORDER BY chapter, section",
    )?;
    let rows = stmt.query_map([id], |row| {
        Ok(SectionRead {
            chapter: row.get(0)?,
            section: row.get(1)?,
            read_at: row.get(2)?,
        })
    })?;
    rows.collect()
}

/// Every reading position of user `id`, by chapter (for export).
pub(crate) fn all_positions(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Position>> {
    let mut stmt = conn.prepare(
        "SELECT chapter, section, line, updated_at FROM positions WHERE user_id = ?1
         ORDER BY chapter",
    )?;
    let rows = stmt.query_map([id], position_row)?;
    rows.collect()
}

/// Merges an imported section: inserted, or `read_at` moved to the newer.
pub(crate) fn merge_section(
    conn: &Connection,
    id: i64,
    s: &SectionRead,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO sections_read (user_id, chapter, section, read_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO UPDATE SET read_at = excluded.read_at
         WHERE excluded.read_at > sections_read.read_at",
        params![id, s.chapter, s.section, s.read_at],
    )
}

/// Merges an imported position: kept if it is newer than ours.
pub(crate) fn merge_position(conn: &Connection, id: i64, p: &Position) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO positions (user_id, chapter, section, line, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO UPDATE
         SET section = excluded.section, line = excluded.line, updated_at = excluded.updated_at
         WHERE excluded.updated_at > positions.updated_at",
        params![id, p.chapter, p.section, p.line, p.updated_at],
    )
}
