//! Sending the outbox: batches of statements, oldest first; a batch is marked sent only
//! after the LRS answered 200/204 (or 409: it holds them already). Network errors and 5xx
//! are retried with doubling pauses within a bounded total wait; 401/403 stop at once.
//! Another 4xx rejects what was sent: the batch is split by event until each event the LRS
//! will not take is found and set aside in the store, so one bad statement cannot block
//! the rest of a class's data; the others are sent and marked as usual.
//! Whatever stops a sync, the unsent rows stay queued, so the process can be killed at any
//! moment and run again: a batch sent but not yet marked is sent again under the same
//! statement ids, and the LRS keeps one copy.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::client::{Client, Posted, refused_message};
use super::settings::Lrs;
use super::statement::{Naming, Statement, statements};
use crate::content::Course;
use crate::store::{OutboxEntry, Store, StoreError, now_ms, one_line};

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
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    pub events: u64,
    pub statements: u64,
    /// Events set aside in this run: the LRS rejected their statements on their own.
    pub set_aside: u64,
    /// Why the first of them was rejected (`HTTP 400: <detail>`).
    pub first_reason: Option<String>,
}

/// A 4xx other than 401/403/409: the LRS will not take the statements it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rejection {
    status: u16,
    detail: String,
}

impl Rejection {
    /// One clean line: the status and the LRS's detail.
    fn reason(&self) -> String {
        one_line(&format!("HTTP {}: {}", self.status, self.detail))
    }
}

/// What sending needs of an LRS: a POST of a batch, and where it is for messages. The
/// HTTP client is one; the tests give a fake one.
pub trait Post {
    fn post(&self, body: &str) -> Posted;
    fn lrs(&self) -> &Lrs;
}

impl Post for Client {
    fn post(&self, body: &str) -> Posted {
        Client::post(self, body)
    }

    fn lrs(&self) -> &Lrs {
        Client::lrs(self)
    }
}

/// Everything a sync needs besides the store.
pub struct Sender<'a> {
    pub client: &'a dyn Post,
    pub course: &'a Course,
    pub naming: &'a Naming,
    pub patience: Patience,
    /// Pauses between tries (a parameter so tests need not wait).
    pub sleep: &'a dyn Fn(Duration),
}

impl Sender<'_> {
    /// Sends every queued event; `progress(done, total)` after each batch. An event the LRS
    /// rejects on its own is set aside, and the rest are sent all the same.
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
            if let Err(error) = self.send_events(store, &batch, &mut sent, &mut waited) {
                if !matches!(error, SyncError::Store(_)) {
                    store.record_sync_error(&error.to_string(), now_ms())?;
                }
                return Err(error);
            }
            progress(sent.events + sent.set_aside, total);
        }
    }

    /// Sends the statements of `entries`, marking them sent once stored. When the LRS
    /// rejects those of several events, each half is sent on its own (split by event,
    /// never inside one event's statements), so the events it takes are stored and each
    /// one it rejects alone is found and set aside, in a few requests per bad event.
    fn send_events(
        &self,
        store: &mut Store,
        entries: &[OutboxEntry],
        sent: &mut Sent,
        waited: &mut Duration,
    ) -> Result<(), SyncError> {
        let statements = statements_of(entries, self.course, self.naming);
        let Some(rejection) = self.deliver(&statements, waited)? else {
            let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
            store.mark_sent(&ids, now_ms())?;
            sent.events += ids.len() as u64;
            sent.statements += statements.len() as u64;
            return Ok(());
        };
        match entries {
            [] => Ok(()),
            [bad] => {
                let reason = rejection.reason();
                store.mark_rejected(bad.id, &reason, now_ms())?;
                sent.set_aside += 1;
                sent.first_reason.get_or_insert(reason);
                Ok(())
            }
            several => {
                let (first, second) = several.split_at(several.len() / 2);
                self.send_events(store, first, sent, waited)?;
                self.send_events(store, second, sent, waited)
            }
        }
    }

    /// POSTs statements until stored (`None`) or rejected. A 409 for several statements
    /// may hide new ones among old ones, so they are then sent one by one; a 409 for one
    /// means stored.
    fn deliver(
        &self,
        statements: &[Statement],
        waited: &mut Duration,
    ) -> Result<Option<Rejection>, SyncError> {
        match self.post_patiently(statements, waited)? {
            Ok(Posted::AlreadyStored) if statements.len() > 1 => {
                for one in statements {
                    if let Err(rejection) =
                        self.post_patiently(std::slice::from_ref(one), waited)?
                    {
                        return Ok(Some(rejection));
                    }
                }
                Ok(None)
            }
            Ok(_) => Ok(None),
            Err(rejection) => Ok(Some(rejection)),
        }
    }

    /// One POST, tried again while the LRS is unavailable and the budget lasts: what it
    /// made of the statements (stored, already stored, or rejected).
    fn post_patiently(
        &self,
        statements: &[Statement],
        waited: &mut Duration,
    ) -> Result<Result<Posted, Rejection>, SyncError> {
        let body = json_array(statements);
        let mut tries = 0;
        loop {
            let tried = Instant::now();
            match self.client.post(&body) {
                done @ (Posted::Stored | Posted::AlreadyStored) => return Ok(Ok(done)),
                Posted::Rejected(status, detail) => return Ok(Err(Rejection { status, detail })),
                Posted::Refused(status) => {
                    let message = refused_message(self.client.lrs(), status);
                    return Err(SyncError::Refused(format!(
                        "{message}; nothing more was sent, the outbox keeps every unsent event"
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
#[path = "send_tests.rs"]
mod tests;
