//! `mlsys-learn sync`: sends the outbox of every user on this machine to the configured
//! learning record store (`--dry-run` prints the statements instead, `--status` says how
//! far sending has got). Progress goes to stderr on a terminal and nowhere when piped.

use std::io::IsTerminal;
use std::time::Duration;

use super::emit;
use super::study::data_dir;
use crate::cli::{Cli, Failure};
use crate::store::{OutboxStatus, Store, database_path, iso_stamp};
use crate::sync::client::Client;
use crate::sync::send::{Patience, Sender, SyncError, statements_of};
use crate::sync::settings::{self, LrsFile, process_env};

/// What `sync` was asked to do.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    Send { max_wait: Duration },
    DryRun,
    Status,
}

pub fn sync(cli: &Cli, mode: Mode) -> Result<(), Failure> {
    let file = lrs_file()?;
    let mut store = open_store(cli)?;
    match mode {
        Mode::Status => {
            let status = store.outbox_status()?;
            emit(|out| write!(out, "{}", status_text(&status)))
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
        Mode::Send { max_wait } => send(cli, &file, &mut store, max_wait),
    }
}

fn send(cli: &Cli, file: &LrsFile, store: &mut Store, max_wait: Duration) -> Result<(), Failure> {
    let lrs = settings::lrs(file, &process_env).map_err(Failure::usage)?;
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
    let result = sender.send_all(store, &mut progress);
    if show {
        eprint!("\r\x1b[K");
    }
    let sent = result.map_err(|error| match error {
        SyncError::Store(e) => Failure::from(e),
        other => Failure::failed(other.to_string()),
    })?;
    let summary = if sent.events == 0 {
        "nothing to send: every event is already in the LRS".to_string()
    } else {
        format!(
            "sent {} statement(s) for {} event(s) to '{}'",
            sent.statements,
            sent.events,
            client.lrs().endpoint
        )
    };
    emit(|out| writeln!(out, "{summary}"))
}

fn status_text(status: &OutboxStatus) -> String {
    let when = |at: Option<i64>| at.map_or_else(|| "never".to_string(), iso_stamp);
    let error = status.last_error.as_deref().unwrap_or("none");
    format!(
        "queued: {}\nsent: {}\nlast try: {}\nlast success: {}\nlast error: {}\n",
        status.queued,
        status.sent,
        when(status.last_try_at),
        when(status.last_sent_at),
        error
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
    )
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
