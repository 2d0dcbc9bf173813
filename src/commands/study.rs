//! Who is studying and where their progress lives: the user name (flag, environment,
//! login name, or "default") and the store in the data folder. Commands that read or
//! write progress start here, so every one of them validates and reports the same way.

use std::path::PathBuf;

use crate::cli::{Cli, Failure};
use crate::store::{Store, database_path, default_data_dir, validate_user_name};

/// The user and their open store.
pub struct Study {
    pub user: String,
    pub store: Store,
}

/// A user name given on the command line: a bad one is a bad argument (exit 2), not a
/// store failure.
pub fn given_user_name(name: &str) -> Result<(), Failure> {
    validate_user_name(name).map_err(|e| Failure::usage(e.to_string()))
}

/// The user to record for: `--user`/MLSYS_LEARN_USER, else the login name, else "default".
pub fn user_name(cli: &Cli) -> Result<String, Failure> {
    if let Some(name) = &cli.user {
        given_user_name(name)?;
        return Ok(name.clone());
    }
    let login = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|name| validate_user_name(name).is_ok());
    Ok(login.unwrap_or_else(|| "default".to_string()))
}

/// The data folder: `--data-dir`/MLSYS_LEARN_DATA_DIR, else the platform's.
pub fn data_dir(cli: &Cli) -> Result<PathBuf, Failure> {
    match &cli.data_dir {
        Some(dir) if dir.as_os_str().is_empty() => {
            Err(Failure::usage("invalid data folder '': give a path"))
        }
        Some(dir) => Ok(dir.clone()),
        None => default_data_dir().ok_or_else(|| {
            Failure::failed("cannot find a data folder for this user; pass --data-dir DIR")
        }),
    }
}

impl Study {
    /// Opens the store for the chosen user, telling them if an unreadable database was moved aside.
    pub fn open(cli: &Cli) -> Result<Self, Failure> {
        let user = user_name(cli)?;
        let path = database_path(&data_dir(cli)?);
        let opened = Store::open(&path)?;
        if let Some(notice) = opened.notice {
            eprintln!("note: {notice}");
        }
        Ok(Self {
            user,
            store: opened.store,
        })
    }
}
