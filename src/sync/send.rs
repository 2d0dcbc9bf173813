//! Sending the outbox: batches of statements, oldest first; a batch is marked sent only
//! after the LRS answered 200/204 (or 409: it holds them already). Network errors and 5xx
//! are retried with doubling pauses within a bounded total wait; 401/403 stop at once.
//! Whatever stops a sync, the unsent rows stay queued, so the process can be killed at any
//! moment and run again: a batch sent but not yet marked is sent again under the same
//! statement ids, and the LRS keeps one copy.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::client::{Client, Posted, refused_message};
use super::statement::{Naming, Statement, statements};
use crate::content::Course;
use crate::store::{OutboxEntry, Store, StoreError, now_ms};

/// Events per POST (a finished attempt makes two statements).
pub const BATCH_EVENTS: u32 = 50;

/// How long to keep trying an LRS that does not answer.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// The most time spent on an LRS that does not answer, in all: the tries that failed
    /// (a silent LRS takes a whole request timeout each) and the pauses between them.
    pub max_wait: Duration,
    pub first_pause: Duration,
    pub longest_pause: Duration,
}

impl Patience {
    pub fn new(max_wait: Duration) -> Self {
        Self {
            max_wait,
            first_pause: Duration::from_millis(500),
            longest_pause: Duration::from_secs(8),
        }
    }

    /// The pause before try `n` (1 = the first retry), or `None` once the budget is spent.
    pub fn pause(&self, waited: Duration, n: u32) -> Option<Duration> {
        let doubled = self
            .first_pause
            .saturating_mul(2u32.saturating_pow(n.saturating_sub(1)));
        let pause = doubled.min(self.longest_pause);
        let left = self.max_wait.checked_sub(waited)?;
        (!left.is_zero()).then(|| pause.min(left))
    }
}

/// Why a sync stopped before the outbox was empty.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// 401/403: wrong credentials; nothing will work until they are fixed.
    #[error("{0}")]
    Refused(String),
    /// The LRS could not be reached, or kept failing, for the whole allowed wait.
    #[error("{0}")]
    Unavailable(String),
    /// The LRS refused a statement (4xx other than 401/403/409).
    #[error("{0}")]
    Rejected(String),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// What a sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    pub events: u64,
    pub statements: u64,
}

/// Everything a sync needs besides the store.
pub struct Sender<'a> {
    pub client: &'a Client,
    pub course: &'a Course,
    pub naming: &'a Naming,
    pub patience: Patience,
    /// Pauses between tries (a parameter so tests need not wait).
    pub sleep: &'a dyn Fn(Duration),
}

impl Sender<'_> {
    /// Sends every queued event; `progress(done, total)` after each batch.
    pub fn send_all(
        &self,
        store: &mut Store,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Sent, SyncError> {
        let total = store.outbox_status()?.queued;
        let mut sent = Sent::default();
        let mut waited = Duration::ZERO;
        loop {
            let batch = store.pending(Some(BATCH_EVENTS))?;
            if batch.is_empty() {
                return Ok(sent);
            }
            let statements = statements_of(&batch, self.course, self.naming);
            if let Err(error) = self.deliver(&statements, &mut waited) {
                store.record_sync_error(&error.to_string(), now_ms())?;
                return Err(error);
            }
            let ids: Vec<i64> = batch.iter().map(|e| e.id).collect();
            store.mark_sent(&ids, now_ms())?;
            sent.events += ids.len() as u64;
            sent.statements += statements.len() as u64;
            progress(sent.events, total);
        }
    }

    /// POSTs statements until stored. A 409 for several statements may hide new ones
    /// among old ones, so they are then sent one by one; a 409 for one means stored.
    fn deliver(&self, statements: &[Statement], waited: &mut Duration) -> Result<(), SyncError> {
        match self.post_patiently(statements, waited)? {
            Posted::AlreadyStored if statements.len() > 1 => {
                for one in statements {
                    self.post_patiently(std::slice::from_ref(one), waited)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// One POST, tried again while the LRS is unavailable and the budget lasts.
    fn post_patiently(
        &self,
        statements: &[Statement],
        waited: &mut Duration,
    ) -> Result<Posted, SyncError> {
        let body = json_array(statements);
        let mut tries = 0;
        loop {
            let tried = Instant::now();
            match self.client.post(&body) {
                done @ (Posted::Stored | Posted::AlreadyStored) => return Ok(done),
                Posted::Refused(status) => {
                    let message = refused_message(self.client.lrs(), status);
                    return Err(SyncError::Refused(format!(
                        "{message}; nothing more was sent, the outbox keeps every unsent event"
                    )));
                }
                Posted::Rejected(status, detail) => {
                    let first = statements
                        .first()
                        .map(|s| s.id.to_string())
                        .unwrap_or_default();
                    return Err(SyncError::Rejected(format!(
                        "the LRS rejected statement(s) from {first} (HTTP {status}: {detail}); they stay queued"
                    )));
                }
                Posted::Unavailable(reason) => {
                    tries += 1;
                    *waited += tried.elapsed();
                    let Some(pause) = self.patience.pause(*waited, tries) else {
                        return Err(SyncError::Unavailable(format!(
                            "{reason} at '{}'; gave up after waiting {}s, the outbox keeps every unsent event",
                            self.client.lrs().endpoint,
                            waited.as_secs()
                        )));
                    };
                    (self.sleep)(pause);
                    *waited += pause;
                }
            }
        }
    }
}

/// The statements of outbox entries, in order.
pub fn statements_of(entries: &[OutboxEntry], course: &Course, naming: &Naming) -> Vec<Statement> {
    entries
        .iter()
        .flat_map(|entry| statements(entry, course, naming))
        .collect()
}

fn json_array(statements: &[Statement]) -> String {
    let list: Vec<&Value> = statements.iter().map(|s| &s.json).collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_a_cap_and_stop_when_the_budget_is_spent() {
        let p = Patience::new(Duration::from_secs(10));
        let ms = |n| Duration::from_millis(n);
        assert_eq!(p.pause(Duration::ZERO, 1), Some(ms(500)));
        assert_eq!(p.pause(ms(500), 2), Some(ms(1000)));
        assert_eq!(p.pause(ms(1500), 5), Some(ms(8000)));
        assert_eq!(p.pause(ms(9500), 6), Some(ms(500)));
        assert_eq!(p.pause(ms(10_000), 7), None);
        assert_eq!(p.pause(ms(12_000), 40), None);
        assert_eq!(Patience::new(Duration::ZERO).pause(Duration::ZERO, 1), None);
    }
}
