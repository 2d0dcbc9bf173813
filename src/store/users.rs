//! Users (several students can share one machine): name rules, creation on
//! first use, the summary list for a "who are you?" screen, and removal of a
//! user together with all their rows (`ON DELETE CASCADE`).
//!
//! Names are compared case-insensitively ("Ada" and "ada" are one user); the
//! spelling used first is kept.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError, unsigned};

/// One line of [`Store::list_users`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSummary {
    pub name: String,
    pub created_at: i64,
    pub last_active_at: i64,
    pub attempts: u64,
    pub answers: u64,
    pub sections_read: u64,
}

/// Accepts 1 to 64 ASCII letters, digits, `.`, `_` or `-`.
pub fn validate_user_name(name: &str) -> Result<(), StoreError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if (1..=64).contains(&name.len()) && name.chars().all(allowed) {
        Ok(())
    } else {
        Err(StoreError::InvalidUserName {
            name: name.to_string(),
        })
    }
}

/// Creates the user if needed and records activity at `now`; returns its id.
pub(crate) fn touch_user(conn: &Connection, name: &str, now: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "INSERT INTO users (name, created_at, last_active_at) VALUES (?1, ?2, ?2)
         ON CONFLICT (name) DO UPDATE
         SET last_active_at = max(last_active_at, excluded.last_active_at)
         RETURNING id",
        params![name, now],
        |row| row.get(0),
    )
}

/// Records activity at `now` for the user owning a quiz attempt.
pub(crate) fn touch_attempt_owner(
    conn: &Connection,
    attempt: i64,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE users SET last_active_at = max(last_active_at, ?2)
         WHERE id = (SELECT user_id FROM attempts WHERE id = ?1)",
        params![attempt, now],
    )?;
    Ok(())
}

/// The id of an existing user.
pub(crate) fn find_user(conn: &Connection, name: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM users WHERE name = ?1", [name], |row| {
        row.get(0)
    })
    .optional()
}

impl Store {
    /// Creates `name` if it does not exist and marks it active at `now`.
    /// Every write that names a user does this too.
    pub fn touch_user(&mut self, name: &str, now: i64) -> Result<(), StoreError> {
        validate_user_name(name)?;
        self.write(|tx| touch_user(tx, name, now).map(|_| ()))
    }

    /// All users with their activity counts, by name.
    pub fn list_users(&self) -> Result<Vec<UserSummary>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT u.name, u.created_at, u.last_active_at,
                    (SELECT count(*) FROM attempts a WHERE a.user_id = u.id),
                    (SELECT count(*) FROM answers n JOIN attempts a ON a.id = n.attempt_id
                     WHERE a.user_id = u.id),
                    (SELECT count(*) FROM sections_read s WHERE s.user_id = u.id)
                 FROM users u ORDER BY u.name",
            )?;
            let rows = stmt.query_map([], |row| {
                Ok(UserSummary {
                    name: row.get(0)?,
                    created_at: row.get(1)?,
                    last_active_at: row.get(2)?,
                    attempts: unsigned(row.get(3)?),
                    answers: unsigned(row.get(4)?),
                    sections_read: unsigned(row.get(5)?),
                })
            })?;
            rows.collect()
        })
    }

    /// Deletes the user and every row of theirs; false if there was no such user.
    pub fn remove_user(&mut self, name: &str) -> Result<bool, StoreError> {
        validate_user_name(name)?;
        self.write(|tx| Ok(tx.execute("DELETE FROM users WHERE name = ?1", [name])? > 0))
    }
}
