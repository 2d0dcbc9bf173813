//! The outbox of events to report to a learning record store (xAPI). Each answer, finished
//! attempt and section read queues one row in the same transaction that records it, so an
//! event can never be saved without also being queued, nor queued without being saved.
//! A row names what it describes by keys that survive export and import (attempt uid and
//! question id, chapter and section), so two machines of one student describe one answer
//! alike. `sync` reads the unsent rows with the data they describe ([`Store::pending`]) and
//! marks them sent only once the LRS has stored them ([`Store::mark_sent`]). A row whose
//! statements the LRS rejects on their own is set aside ([`Store::mark_rejected`]): no
//! longer queued, kept with the LRS's reason until `sync --retry-rejected` queues it again.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::attempts::{Attempt, attempt_row};
use super::{Answer, SectionRead, Store, StoreError, unsigned};

/// One event waiting in (or sent from) the outbox, with the data it describes.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxEntry {
    /// The outbox row's id, to mark it sent.
    pub id: i64,
    /// The user the event belongs to.
    pub user: String,
    pub event: Event,
}

/// What an outbox row describes.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// An answer given in an attempt.
    Answered {
        attempt_uid: String,
        chapter: String,
        answer: Answer,
    },
    /// A finished attempt, with its score.
    Finished(Attempt),
    /// A section marked read.
    Read(SectionRead),
}

/// How far sending has got: for `sync --status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutboxStatus {
    /// Waiting to be sent (neither sent nor set aside).
    pub queued: u64,
    pub sent: u64,
    /// Set aside: the LRS rejected their statements.
    pub rejected: u64,
    pub last_try_at: Option<i64>,
    pub last_sent_at: Option<i64>,
    pub last_error: Option<String>,
}

/// An event the LRS rejected, set aside, as `sync --status` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    pub user: String,
    /// `answered`, `finished` or `read`.
    pub kind: String,
    /// The attempt uid, or the chapter of a section read.
    pub subject: String,
    /// The question, or the section read (empty for a finished attempt).
    pub detail: String,
    pub rejected_at: i64,
    /// The LRS's status and detail, one line without control characters.
    pub reason: String,
}

/// The longest reason kept, in characters.
const REASON_CHARS: usize = 300;

/// `text` made safe to keep and print: its first line, without control characters or
/// the bidirectional overrides that could reorder what a terminal shows, shortened.
pub fn one_line(text: &str) -> String {
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|&c| !c.is_control() && !bidi(c))
        .take(REASON_CHARS)
        .collect()
}

/// Queues the answer to `question` in attempt `attempt_id` (nothing if already queued).
pub(crate) fn enqueue_answer(
    tx: &Transaction<'_>,
    attempt_id: i64,
    question: &str,
    now: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO outbox (user_id, kind, subject, detail, queued_at)
         SELECT user_id, 'answered', uid, ?2, ?3 FROM attempts WHERE id = ?1",
        params![attempt_id, question, now],
    )?;
    Ok(())
}

/// Queues the end of attempt `attempt_id` (nothing if already queued).
pub(crate) fn enqueue_finish(
    tx: &Transaction<'_>,
    attempt_id: i64,
    now: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO outbox (user_id, kind, subject, detail, queued_at)
         SELECT user_id, 'finished', uid, '', ?2 FROM attempts WHERE id = ?1",
        params![attempt_id, now],
    )?;
    Ok(())
}

/// Queues the reading of a section by user `user_id` (nothing if already queued).
pub(crate) fn enqueue_read(
    tx: &Transaction<'_>,
    user_id: i64,
    chapter: &str,
    section: &str,
    now: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO outbox (user_id, kind, subject, detail, queued_at)
         VALUES (?1, 'read', ?2, ?3, ?4)",
        params![user_id, chapter, section, now],
    )?;
    Ok(())
}

/// Queues every event of user `user_id` not queued yet (what an import brought in), each
/// dated by when it happened.
pub(crate) fn enqueue_history(conn: &Connection, user_id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO outbox (user_id, kind, subject, detail, queued_at)
         SELECT a.user_id, 'answered', a.uid, n.question, n.answered_at
         FROM answers n JOIN attempts a ON a.id = n.attempt_id WHERE a.user_id = ?1
         UNION ALL
         SELECT user_id, 'finished', uid, '', finished_at FROM attempts
         WHERE user_id = ?1 AND finished_at IS NOT NULL
         UNION ALL
         SELECT user_id, 'read', chapter, section, read_at FROM sections_read WHERE user_id = ?1",
        [user_id],
    )?;
    Ok(())
}

impl Store {
    /// Up to `limit` unsent events, oldest first (`None`: all of them). A row whose
    /// answer or attempt is gone is passed over, so it cannot block those after it.
    pub fn pending(&self, limit: Option<u32>) -> Result<Vec<OutboxEntry>, StoreError> {
        self.read_snapshot(|tx| {
            let mut stmt = tx.prepare(
                "SELECT o.id, u.name, o.kind, o.subject, o.detail
                 FROM outbox o JOIN users u ON u.id = o.user_id
                 WHERE o.sent_at IS NULL AND o.rejected_at IS NULL ORDER BY o.id",
            )?;
            let limit = limit.map_or(usize::MAX, |n| n as usize);
            let rows = stmt.query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?;
            let mut entries = Vec::new();
            for row in rows {
                if entries.len() >= limit {
                    break;
                }
                let (id, user, kind, subject, detail) = row?;
                if let Some(event) = describe(tx, &user, &kind, &subject, &detail)? {
                    entries.push(OutboxEntry { id, user, event });
                }
            }
            Ok(entries)
        })
    }

    /// Marks outbox rows sent: the LRS has stored their statements.
    pub fn mark_sent(&mut self, ids: &[i64], now: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            for id in ids {
                tx.execute(
                    "UPDATE outbox SET sent_at = ?2 WHERE id = ?1 AND sent_at IS NULL",
                    params![id, now],
                )?;
            }
            tx.execute(
                "INSERT INTO lrs_sync (id, last_try_at, last_sent_at, last_error)
                 VALUES (1, ?1, ?1, NULL)
                 ON CONFLICT DO UPDATE SET last_try_at = ?1, last_sent_at = ?1, last_error = NULL",
                [now],
            )?;
            Ok(())
        })
    }

    /// Sets outbox row `id` aside: the LRS rejected its statements for `reason` (kept as
    /// one clean line). One transaction, with the time of this try.
    pub fn mark_rejected(&mut self, id: i64, reason: &str, now: i64) -> Result<(), StoreError> {
        let reason = one_line(reason);
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET rejected_at = ?2, rejected_reason = ?3
                 WHERE id = ?1 AND sent_at IS NULL",
                params![id, now, reason],
            )?;
            tx.execute(
                "INSERT INTO lrs_sync (id, last_try_at) VALUES (1, ?1)
                 ON CONFLICT DO UPDATE SET last_try_at = ?1",
                [now],
            )?;
            Ok(())
        })
    }

    /// The first `limit` set-aside events, oldest first.
    pub fn set_aside(&self, limit: u32) -> Result<Vec<SetAside>, StoreError> {
        self.read_snapshot(|tx| {
            let mut stmt = tx.prepare(
                "SELECT u.name, o.kind, o.subject, o.detail, o.rejected_at,
                        coalesce(o.rejected_reason, '')
                 FROM outbox o JOIN users u ON u.id = o.user_id
                 WHERE o.sent_at IS NULL AND o.rejected_at IS NOT NULL ORDER BY o.id LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |row| {
                Ok(SetAside {
                    user: row.get(0)?,
                    kind: row.get(1)?,
                    subject: row.get(2)?,
                    detail: row.get(3)?,
                    rejected_at: row.get(4)?,
                    reason: row.get(5)?,
                })
            })?;
            rows.collect()
        })
    }

    /// Queues every set-aside event again; how many there were.
    pub fn retry_rejected(&mut self) -> Result<u64, StoreError> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE outbox SET rejected_at = NULL, rejected_reason = NULL
                 WHERE sent_at IS NULL AND rejected_at IS NOT NULL",
                [],
            )?;
            Ok(changed as u64)
        })
    }

    /// Remembers why the last sync stopped (one line, never a password).
    pub fn record_sync_error(&mut self, message: &str, now: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO lrs_sync (id, last_try_at, last_error) VALUES (1, ?1, ?2)
                 ON CONFLICT DO UPDATE SET last_try_at = ?1, last_error = ?2",
                params![now, message],
            )?;
            Ok(())
        })
    }

    /// Queued and sent counts, and how the last sync went.
    pub fn outbox_status(&self) -> Result<OutboxStatus, StoreError> {
        self.read_snapshot(|tx| {
            let (queued, sent, rejected) = tx.query_row(
                "SELECT count(*) FILTER (WHERE sent_at IS NULL AND rejected_at IS NULL),
                        count(*) FILTER (WHERE sent_at IS NOT NULL),
                        count(*) FILTER (WHERE sent_at IS NULL AND rejected_at IS NOT NULL)
                 FROM outbox",
                [],
                |row| {
                    Ok((
                        unsigned(row.get(0)?),
                        unsigned(row.get(1)?),
                        unsigned(row.get(2)?),
                    ))
                },
            )?;
            let last = tx
                .query_row(
                    "SELECT last_try_at, last_sent_at, last_error FROM lrs_sync WHERE id = 1",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )
                .optional()?;
            let (last_try_at, last_sent_at, last_error) = last.unwrap_or((None, None, None));
            Ok(OutboxStatus {
                queued,
                sent,
                rejected,
                last_try_at,
                last_sent_at,
                last_error,
            })
        })
    }
}

/// The data an outbox row describes; `None` if it is gone (it cannot be sent then).
fn describe(
    conn: &Connection,
    user: &str,
    kind: &str,
    subject: &str,
    detail: &str,
) -> rusqlite::Result<Option<Event>> {
    let attempt = |uid: &str| {
        conn.query_row(
            "SELECT a.id, a.uid, a.chapter, a.quiz_hash, a.mode, a.started_at, a.finished_at,
                    a.score, a.max
             FROM attempts a JOIN users u ON u.id = a.user_id WHERE u.name = ?1 AND a.uid = ?2",
            params![user, uid],
            attempt_row,
        )
        .optional()
    };
    match kind {
        "answered" => {
            let Some(found) = attempt(subject)? else {
                return Ok(None);
            };
            let answer = super::attempts::answer_to(conn, found.id.0, detail)?;
            Ok(answer.map(|answer| Event::Answered {
                attempt_uid: found.uid,
                chapter: found.chapter,
                answer,
            }))
        }
        "finished" => Ok(attempt(subject)?
            .filter(|a| a.finished_at.is_some())
            .map(Event::Finished)),
        _ => {
            let read_at = conn
                .query_row(
                    "SELECT s.read_at FROM sections_read s JOIN users u ON u.id = s.user_id
                     WHERE u.name = ?1 AND s.chapter = ?2 AND s.section = ?3",
                    params![user, subject, detail],
                    |row| row.get(0),
                )
                .optional()?;
            Ok(read_at.map(|read_at| {
                Event::Read(SectionRead {
                    chapter: subject.to_string(),
                    section: detail.to_string(),
                    read_at,
                })
            }))
        }
    }
}
