//! `mlsys-learn sync`: sends the outbox of every user on this machine to the configured
//! learning record store (`--dry-run` prints the statements instead, `--status` says how
//! far sending has got and lists the events set aside because the LRS rejected them,
//! `--retry-rejected` queues those again first). Progress goes to stderr on a terminal and
//! nowhere when piped. Setting events aside fails the run (exit 1) once, when it happens.

use std::io::IsTerminal;
use std::time::Duration;

use super::emit;
use super::study::data_dir;
use crate::cli::{Cli, Failure};
use crate::store::{OutboxStatus, SetAside, Store, database_path, iso_stamp, one_line};
use crate::sync::client::Client;
use crate::sync::send::{Patience, Sender, Sent, SyncError, statements_of};
use crate::sync::settings::{self, LrsFile, process_env};

/// What `sync` was asked to do.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    Send {
        max_wait: Duration,
        /// Queue the set-aside events again before sending.
        retry_rejected: bool,
    },
    DryRun,
    Status,
}

pub fn sync(cli: &Cli, mode: Mode) -> Result<(), Failure> {
    let file = lrs_file()?;
    let mut store = open_store(cli)?;
    match mode {
        Mode::Status => {
            let status = store.outbox_status()?;
            let set_aside = store.set_aside(LISTED)?;
            emit(|out| write!(out, "{}", status_text(&status, &set_aside)))
        }
        Mode::DryRun => {
            let course = super::course(cli)?;
            let naming = settings::naming(&file, &process_env);
            let pending = store.pending(None)?;
            let statements = statements_of(&pending, &course, &naming);
            emit(|out| {
                for statement in &statements {
                    writeln!(out, "{}", statement.json)?;
                }
                Ok(())
            })
        }
        Mode::Send {
            max_wait,
            retry_rejected,
        } => send(cli, &file, &mut store, max_wait, retry_rejected),
    }
}

/// How many set-aside events `--status` lists before "and N more".
const LISTED: u32 = 20;

fn send(
    cli: &Cli,
    file: &LrsFile,
    store: &mut Store,
    max_wait: Duration,
    retry_rejected: bool,
) -> Result<(), Failure> {
    let lrs = settings::lrs(file, &process_env).map_err(Failure::usage)?;
    let requeued = if retry_rejected {
        store.retry_rejected()?
    } else {
        0
    };
    let course = super::course(cli)?;
    let naming = settings::naming(file, &process_env);
    let client = Client::new(lrs);
    let sender = Sender {
        client: &client,
        course: &course,
        naming: &naming,
        patience: Patience::new(max_wait),
        sleep: &std::thread::sleep,
    };
    let show = std::io::stderr().is_terminal();
    let mut progress = |done: u64, total: u64| {
        if show {
            eprint!("\rsent {done} of {total} event(s)");
        }
    };
    let aside_before = store.outbox_status()?.rejected;
    let result = sender.send_all(store, &mut progress);
    if show {
        eprint!("\r\x1b[K");
    }
    let sent = match result {
        Ok(sent) => sent,
        Err(SyncError::Store(e)) => return Err(Failure::from(e)),
        Err(other) => {
            let newly = store.outbox_status()?.rejected.saturating_sub(aside_before);
            return Err(Failure::failed(stopped_message(&other.to_string(), newly)));
        }
    };
    let still_aside = store.outbox_status()?.rejected;
    let summary = summary(&sent, requeued, still_aside, &client.lrs().endpoint);
    emit(|out| writeln!(out, "{summary}"))?;
    match sent.first_reason {
        Some(first) if sent.set_aside > 0 => Err(Failure::failed(format!(
            "{} event(s) the LRS rejected are set aside (first: {first}); 'mlsys-learn sync --status' lists them",
            sent.set_aside
        ))),
        _ => Ok(()),
    }
}

/// Why a sync stopped, and, when it had set events aside before stopping, that too (they
/// stay set aside whatever stopped it).
fn stopped_message(error: &str, newly_set_aside: u64) -> String {
    if newly_set_aside == 0 {
        return error.to_string();
    }
    format!(
        "{error}; before that, {newly_set_aside} event(s) the LRS rejected were set aside ('mlsys-learn sync --status' lists them)"
    )
}

/// What a send did, in a line or two: events queued again, what was sent, and the
/// set-aside events of earlier runs when nothing else happened.
fn summary(sent: &Sent, requeued: u64, still_aside: u64, endpoint: &str) -> String {
    let mut lines = Vec::new();
    if requeued > 0 {
        lines.push(format!(
            "queued again {requeued} event(s) the LRS had rejected"
        ));
    }
    if sent.events > 0 || sent.set_aside > 0 {
        lines.push(format!(
            "sent {} statement(s) for {} event(s) to '{endpoint}'",
            sent.statements, sent.events
        ));
    } else if still_aside > 0 {
        lines.push(format!(
            "nothing to send; {still_aside} event(s) the LRS rejected stay set aside ('mlsys-learn sync --status' lists them, --retry-rejected sends them again)"
        ));
    } else {
        lines.push("nothing to send: every event is already in the LRS".to_string());
    }
    lines.join("\n")
}

fn status_text(status: &OutboxStatus, set_aside: &[SetAside]) -> String {
    let when = |at: Option<i64>| at.map_or_else(|| "never".to_string(), iso_stamp);
    let error = status.last_error.as_deref().unwrap_or("none");
    let mut text = format!(
        "queued: {}\nsent: {}\nset aside: {}\nlast try: {}\nlast success: {}\nlast error: {}\n",
        status.queued,
        status.sent,
        status.rejected,
        when(status.last_try_at),
        when(status.last_sent_at),
        one_line(error)
    );
    if !set_aside.is_empty() {
        text.push_str(
            "set aside (the LRS rejected them; 'mlsys-learn sync --retry-rejected' sends them again):\n",
        );
    }
    for event in set_aside {
        text.push_str(&format!(
            "  {}  {}: {}\n",
            iso_stamp(event.rejected_at),
            one_line(&described(event)),
            one_line(&event.reason)
        ));
    }
    let unlisted = status.rejected.saturating_sub(set_aside.len() as u64);
    if unlisted > 0 {
        text.push_str(&format!("  and {unlisted} more\n"));
    }
    text
}

/// A set-aside event as a student knows it: who, what kind, and what it was about.
fn described(event: &SetAside) -> String {
    let SetAside {
        user,
        kind,
        subject,
        detail,
        ..
    } = event;
    match kind.as_str() {
        "answered" => format!("{user} answered {detail} (attempt {subject})"),
        "finished" => format!("{user} finished attempt {subject}"),
        _ => format!("{user} read {subject}/{detail}"),
    }
}

/// The `[lrs]` table of the config file (empty when there is no file).
pub(crate) fn lrs_file() -> Result<LrsFile, Failure> {
    match crate::config::config_path() {
        Some(path) => crate::config::load(&path)
            .map(|c| c.lrs)
            .map_err(|e| Failure::usage(e.to_string())),
        None => Ok(LrsFile::default()),
    }
}

fn open_store(cli: &Cli) -> Result<Store, Failure> {
    let path = database_path(&data_dir(cli)?);
    let opened = Store::open(&path)?;
    if let Some(notice) = opened.notice {
        eprintln!("note: {notice}");
    }
    Ok(opened.store)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aside(i: u32) -> SetAside {
        SetAside {
            user: "ann".to_string(),
            kind: "read".to_string(),
            subject: "ch1".to_string(),
            detail: format!("s{i}\u{1b}[2J"),
            rejected_at: 1_700_000_000_000,
            reason: "HTTP 400: no".to_string(),
        }
    }

    #[test]
    fn a_sync_stopped_after_setting_events_aside_says_both() {
        let error = "the LRS refused the user or password";
        assert_eq!(stopped_message(error, 0), error);
        let both = stopped_message(error, 2);
        assert!(both.starts_with(error), "{both}");
        assert!(
            both.contains("2 event(s) the LRS rejected were set aside")
                && both.contains("sync --status"),
            "{both}"
        );
    }

    #[test]
    fn the_status_lists_at_most_twenty_set_aside_events_then_how_many_more() {
        let status = OutboxStatus {
            queued: 1,
            sent: 2,
            rejected: 25,
            ..OutboxStatus::default()
        };
        let listed: Vec<SetAside> = (0..LISTED).map(aside).collect();
        let text = status_text(&status, &listed);
        assert!(
            text.starts_with("queued: 1\nsent: 2\nset aside: 25\n"),
            "{text}"
        );
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("  ")).collect();
        assert_eq!(lines.len(), 21, "{text}");
        assert_eq!(
            lines[0],
            "  2023-11-14T22:13:20.000Z  ann read ch1/s0[2J: HTTP 400: no"
        );
        assert_eq!(lines[20], "  and 5 more");
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn nothing_set_aside_lists_nothing() {
        let text = status_text(&OutboxStatus::default(), &[]);
        assert_eq!(
            text,
            "queued: 0\nsent: 0\nset aside: 0\nlast try: never\nlast success: never\nlast error: none\n"
        );
    }
}
