//! `[lrs] auto = true`: at the end of each quiz and review the outbox is sent in the
//! background, so a class's results reach the LRS without anyone running `sync`. It must
//! never delay or break the quiz, so the send runs on a thread of its own, with its own
//! store connection and a bounded time, and nothing ever waits for it: what it did comes
//! back as one line for the end screen's footer. A program that quits while it runs just
//! ends: rows are marked sent in one transaction after the LRS stored them, so a send cut
//! short loses nothing, and statements sent twice keep their ids (the LRS keeps one copy).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::client::Client;
use super::send::{Patience, Sender, SyncError, statements_of};
use super::settings::{self, LrsFile};
use crate::content::{Course, Scope, load_scoped};
use crate::store::Store;

/// How long one request may take before it counts as unanswered.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long an LRS that does not answer is tried, failed requests included.
pub const MAX_WAIT: Duration = Duration::from_secs(5);

/// What a background send did (or is doing), for the end screen's footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Sending,
    Sent {
        statements: u64,
    },
    /// No answer within the bounded wait (down, unreachable, or failing with 5xx).
    Unreachable {
        queued: u64,
    },
    /// 401/403: the user or password is wrong.
    Refused {
        queued: u64,
    },
    /// Sent what the LRS took; it rejected the statements of some events (another 4xx),
    /// which are set aside (`sync --status` lists them).
    Rejected {
        statements: u64,
        set_aside: u64,
    },
    /// No endpoint, user or password configured.
    NotSetUp,
    /// The store or the course could not be read.
    Failed,
}

impl Report {
    /// One line saying what happened and, when something stays queued, what sends it.
    pub fn line(self) -> String {
        let retry = "'mlsys-learn sync' retries";
        match self {
            Self::Sending => "sending your progress to the LRS…".to_string(),
            Self::Sent { statements: 0 } => "the LRS already has all your progress".to_string(),
            Self::Sent { statements } => format!("sent {statements} statement(s) to the LRS"),
            Self::Unreachable { queued } => {
                format!("LRS unreachable: {queued} statement(s) stay queued; {retry}")
            }
            Self::Refused { queued } => format!(
                "the LRS refused the user or password: {queued} statement(s) stay queued; {retry}"
            ),
            Self::Rejected {
                statements,
                set_aside,
            } => format!(
                "sent {statements} statement(s); {set_aside} event(s) set aside as rejected: 'mlsys-learn sync --status' says why"
            ),
            Self::NotSetUp => {
                "LRS not set up: progress stays queued; 'mlsys-learn sync' says what is missing"
                    .to_string()
            }
            Self::Failed => format!("could not send to the LRS: progress stays queued; {retry}"),
        }
    }
}

/// Where a background send finds everything it needs (owned: the thread outlives the quiz).
#[derive(Debug, Clone)]
pub struct Job {
    /// The progress database.
    pub database: PathBuf,
    /// The course folder (`None`: the embedded course), to describe the questions.
    pub content: Option<PathBuf>,
    pub lrs: LrsFile,
    /// The environment's LRS variables (the process's, in the program).
    pub env: fn(&str) -> Option<String>,
}

/// State shared between the quiz and its background send.
#[derive(Debug, Default)]
struct Shared {
    report: Mutex<Option<Report>>,
    /// Raised at each new report, so a watcher sees what is new.
    version: AtomicU64,
    running: AtomicBool,
    /// A quiz ended while a send was running: that send goes round once more.
    again: AtomicBool,
}

impl Shared {
    fn publish(&self, report: Report) {
        *self.report.lock().unwrap_or_else(PoisonError::into_inner) = Some(report);
        self.version.fetch_add(1, Ordering::SeqCst);
    }

    fn report(&self) -> Option<Report> {
        *self.report.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Background sends for one quiz run: at most one at a time, never waited for.
pub struct AutoSync {
    job: Arc<Job>,
    shared: Arc<Shared>,
}

impl AutoSync {
    pub fn new(job: Job) -> Self {
        Self {
            job: Arc::new(job),
            shared: Arc::default(),
        }
    }

    /// Starts sending in the background and returns at once. When a send is already
    /// running it goes round once more instead, so two never send the same rows.
    pub fn start(&self) {
        self.shared.publish(Report::Sending);
        if self.shared.running.swap(true, Ordering::SeqCst) {
            self.shared.again.store(true, Ordering::SeqCst);
            return;
        }
        let (job, shared) = (Arc::clone(&self.job), Arc::clone(&self.shared));
        let spawned = std::thread::Builder::new()
            .name("lrs auto sync".into())
            .spawn(move || send_in_rounds(&job, &shared));
        if spawned.is_err() {
            self.shared.running.store(false, Ordering::SeqCst);
            self.shared.publish(Report::Failed);
        }
    }

    /// A view of the reports for the screen.
    pub fn watch(&self) -> Watch {
        Watch {
            shared: Arc::clone(&self.shared),
            seen: 0,
        }
    }
}

/// What a screen holds to learn of new reports.
#[derive(Debug)]
pub struct Watch {
    shared: Arc<Shared>,
    seen: u64,
}

impl Watch {
    /// The footer line of a report the watcher has not seen yet.
    pub fn news(&mut self) -> Option<String> {
        let version = self.shared.version.load(Ordering::SeqCst);
        if version == self.seen {
            return None;
        }
        self.seen = version;
        self.shared.report().map(Report::line)
    }
}

/// Sends until no quiz ended during the last round, then publishes what happened.
fn send_in_rounds(job: &Job, shared: &Shared) {
    let mut sent_before = 0;
    loop {
        shared.again.store(false, Ordering::SeqCst);
        let report = send_once(job);
        let report = match report {
            Report::Sent { statements } => Report::Sent {
                statements: statements + sent_before,
            },
            other => other,
        };
        if let Report::Sent { statements } = report
            && shared.again.load(Ordering::SeqCst)
        {
            sent_before = statements;
            continue;
        }
        shared.publish(report);
        shared.running.store(false, Ordering::SeqCst);
        // A quiz that ended just now found this send running and left its rows to it.
        let left_to_us = shared.again.load(Ordering::SeqCst);
        if !left_to_us || shared.running.swap(true, Ordering::SeqCst) {
            return;
        }
        shared.publish(Report::Sending);
        sent_before = 0;
    }
}

/// One send of the whole outbox, as `mlsys-learn sync` does it, but bounded and silent.
fn send_once(job: &Job) -> Report {
    let Ok(lrs) = settings::lrs(&job.lrs, &job.env) else {
        return Report::NotSetUp;
    };
    let Ok(opened) = Store::open(&job.database) else {
        return Report::Failed;
    };
    let mut store = opened.store;
    // Problems in the course are the quiz's business: a question it cannot find is sent
    // as an `other` interaction, as `sync` would.
    let Ok(loaded) = load_scoped(job.content.as_deref(), Scope::Whole) else {
        return Report::Failed;
    };
    let course = loaded.course;
    let naming = settings::naming(&job.lrs, &job.env);
    let client = Client::with_timeout(lrs, REQUEST_TIMEOUT);
    let sender = Sender {
        client: &client,
        course: &course,
        naming: &naming,
        patience: Patience::new(MAX_WAIT),
        sleep: &std::thread::sleep,
    };
    match sender.send_all(&mut store, &mut |_, _| {}) {
        Ok(sent) if sent.set_aside > 0 => Report::Rejected {
            statements: sent.statements,
            set_aside: sent.set_aside,
        },
        Ok(sent) => Report::Sent {
            statements: sent.statements,
        },
        Err(error) => {
            let queued = queued_statements(&store, &course, &naming);
            match error {
                SyncError::Unavailable(_) => Report::Unreachable { queued },
                SyncError::Refused(_) => Report::Refused { queued },
                SyncError::Store(_) => Report::Failed,
            }
        }
    }
}

/// How many statements the outbox still holds.
fn queued_statements(store: &Store, course: &Course, naming: &super::statement::Naming) -> u64 {
    store.pending(None).map_or(0, |pending| {
        statements_of(&pending, course, naming).len() as u64
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn wait_for_news(watch: &mut Watch, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(line) = watch.news()
                && done(&line)
            {
                return line;
            }
            assert!(Instant::now() < deadline, "no final report");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn the_footer_lines_say_what_happened_and_what_retries() {
        assert_eq!(
            Report::Sent { statements: 12 }.line(),
            "sent 12 statement(s) to the LRS"
        );
        assert_eq!(
            Report::Unreachable { queued: 12 }.line(),
            "LRS unreachable: 12 statement(s) stay queued; 'mlsys-learn sync' retries"
        );
        assert!(
            Report::Refused { queued: 3 }
                .line()
                .contains("3 statement(s) stay queued")
        );
        assert_eq!(
            Report::Rejected {
                statements: 5,
                set_aside: 2
            }
            .line(),
            "sent 5 statement(s); 2 event(s) set aside as rejected: 'mlsys-learn sync --status' says why"
        );
        assert!(Report::NotSetUp.line().contains("says what is missing"));
        assert!(Report::Sending.line().starts_with("sending"));
    }

    #[test]
    fn a_send_without_an_lrs_configured_says_so_and_a_second_start_is_answered_too() {
        let dir = tempfile::tempdir().expect("tempdir");
        let auto = AutoSync::new(Job {
            database: crate::store::database_path(dir.path()),
            content: None,
            lrs: LrsFile {
                auto: true,
                ..LrsFile::default()
            },
            env: no_env,
        });
        let mut watch = auto.watch();
        assert_eq!(watch.news(), None, "nothing before the first start");
        auto.start();
        auto.start();
        let line = wait_for_news(&mut watch, |l| !l.starts_with("sending"));
        assert_eq!(line, Report::NotSetUp.line());
        let deadline = Instant::now() + Duration::from_secs(20);
        while auto.shared.running.load(Ordering::SeqCst) {
            assert!(Instant::now() < deadline, "the send never ended");
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(auto.shared.report(), Some(Report::NotSetUp));
    }
}
