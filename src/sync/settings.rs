//! Where the LRS is and who we are to it: the `[lrs]` table of config.toml, overridden by
//! `MLSYS_LEARN_LRS_URL` and `MLSYS_LEARN_LRS_USER`. The password comes only from
//! `MLSYS_LEARN_LRS_PASSWORD` or from a `password_file` that no one else may read: never
//! from the command line (other users see it in `ps`), never printed, never stored.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::statement::{DEFAULT_ACTIVITY_BASE, Naming};

pub const ENV_URL: &str = "MLSYS_LEARN_LRS_URL";
pub const ENV_USER: &str = "MLSYS_LEARN_LRS_USER";
pub const ENV_PASSWORD: &str = "MLSYS_LEARN_LRS_PASSWORD";

/// The actor's `homePage` when neither the config nor the endpoint gives one.
const DEFAULT_HOMEPAGE: &str = "https://mlsys-learn.invalid";

/// The `[lrs]` table as written in config.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LrsFile {
    /// The xAPI endpoint; statements go to `<endpoint>/statements`.
    pub endpoint: Option<String>,
    pub username: Option<String>,
    /// A file holding the password (mode 0600 or stricter).
    pub password_file: Option<PathBuf>,
    /// The actor account's `homePage` [default: the endpoint].
    pub homepage: Option<String>,
    /// The start of activity ids [default: a name under mlsys-learn.invalid].
    pub activity_base: Option<String>,
    /// Send the outbox in the background at the end of each quiz and review.
    #[serde(default)]
    pub auto: bool,
}

/// A password that never shows in `Debug` output or messages.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(hidden)")
    }
}

/// Everything needed to talk to the LRS.
#[derive(Debug, Clone)]
pub struct Lrs {
    /// Without a trailing slash.
    pub endpoint: String,
    pub username: String,
    pub password: Password,
}

/// Reads a variable of the environment (a function, so tests need not touch the real one).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, empty values counting as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// How statements name people and activities: needs no endpoint (for `--dry-run`).
pub fn naming(file: &LrsFile, env: Env<'_>) -> Naming {
    let endpoint = endpoint(file, env);
    let homepage = file
        .homepage
        .clone()
        .or(endpoint)
        .unwrap_or_else(|| DEFAULT_HOMEPAGE.to_string());
    let activity_base = file
        .activity_base
        .as_deref()
        .unwrap_or(DEFAULT_ACTIVITY_BASE)
        .trim_end_matches('/')
        .to_string();
    Naming {
        homepage,
        activity_base,
    }
}

fn endpoint(file: &LrsFile, env: Env<'_>) -> Option<String> {
    env(ENV_URL)
        .or_else(|| file.endpoint.clone())
        .map(|e| e.trim_end_matches('/').to_string())
}

/// The endpoint and credentials, or a one-line message saying what is missing.
pub fn lrs(file: &LrsFile, env: Env<'_>) -> Result<Lrs, String> {
    let endpoint = endpoint(file, env).ok_or_else(|| {
        format!("no LRS configured: set {ENV_URL} or 'endpoint' in the [lrs] table of config.toml")
    })?;
    if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
        return Err(format!(
            "the LRS endpoint '{endpoint}' is not an http:// or https:// address"
        ));
    }
    let username = env(ENV_USER)
        .or_else(|| file.username.clone())
        .ok_or_else(|| format!("no LRS user: set {ENV_USER} or 'username' in [lrs]"))?;
    let password = match (env(ENV_PASSWORD), &file.password_file) {
        (Some(password), _) => password,
        (None, Some(path)) => read_password_file(path)?,
        (None, None) => {
            return Err(format!(
                "no LRS password: set {ENV_PASSWORD} or 'password_file' in [lrs]"
            ));
        }
    };
    Ok(Lrs {
        endpoint,
        username,
        password: Password(password),
    })
}

/// The first line of a password file that only its owner can read.
fn read_password_file(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read '{shown}': {e}"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(format!(
                "the password file '{shown}' can be read by others (mode {mode:o}); run 'chmod 600 {shown}'"
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{shown}': {e}"))?;
    let password = text.lines().next().unwrap_or("").to_string();
    if password.is_empty() {
        return Err(format!("the password file '{shown}' is empty"));
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn the_environment_overrides_the_file_and_the_password_never_shows() {
        let file = LrsFile {
            endpoint: Some("https://file.example/xapi".into()),
            username: Some("file-user".into()),
            ..LrsFile::default()
        };
        let env = env_of(&[
            (ENV_URL, "http://127.0.0.1:9/xAPI/"),
            (ENV_PASSWORD, "s3cret"),
        ]);
        let lrs = lrs(&file, &env).expect("configured");
        assert_eq!(lrs.endpoint, "http://127.0.0.1:9/xAPI");
        assert_eq!(lrs.username, "file-user");
        assert_eq!(lrs.password.reveal(), "s3cret");
        assert!(!format!("{lrs:?}").contains("s3cret"));
        let naming = naming(&file, &env);
        assert_eq!(naming.homepage, "http://127.0.0.1:9/xAPI");
        assert_eq!(naming.activity_base, DEFAULT_ACTIVITY_BASE);
    }

    #[test]
    fn what_is_missing_is_named() {
        let none = env_of(&[]);
        let err = lrs(&LrsFile::default(), &none).expect_err("no endpoint");
        assert!(err.contains(ENV_URL), "{err}");
        let env = env_of(&[(ENV_URL, "http://x"), (ENV_USER, "u")]);
        let err = lrs(&LrsFile::default(), &env).expect_err("no password");
        assert!(err.contains(ENV_PASSWORD), "{err}");
        let env = env_of(&[(ENV_URL, "ftp://x"), (ENV_USER, "u"), (ENV_PASSWORD, "p")]);
        let err = lrs(&LrsFile::default(), &env).expect_err("bad scheme");
        assert!(err.contains("'ftp://x'"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("pw");
        std::fs::write(&path, "from-file\n").expect("write");
        let file = LrsFile {
            password_file: Some(path.clone()),
            ..LrsFile::default()
        };
        let env = env_of(&[(ENV_URL, "http://x"), (ENV_USER, "u")]);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let err = lrs(&file, &env).expect_err("readable by others");
        assert!(err.contains("chmod 600"), "{err}");
        assert!(!err.contains("from-file"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(lrs(&file, &env).expect("ok").password.reveal(), "from-file");
    }
}
